"""Writing a checked plan, in one transaction: new records in bulk, changed ones through the update service.

New records are many and alike, so they are written the way `create_practice` would write them — the same fields,
relations, first revision (with the same snapshot) and search document — but a thousand at a time. Existing records
that differ go through `update_practice`, which saves a revision only when something changed; those the importer
publishes move to « publiée » as the workflow's `publish` would move them, without the e-mails (an import may touch
thousands of records: their editors are not written to one by one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from synergies.directory import services as directory_services
from synergies.directory.models import Organisation
from synergies.lib import audit, search
from synergies.lib.csvio import Problem
from synergies.poles.models import Pole
from synergies.poles.services import check_writable
from synergies.practices.interchange.bulk import NewRecords
from synergies.practices.interchange.columns import HEADER
from synergies.practices.interchange.lookups import chunked
from synergies.practices.interchange.planning import NewOrganisation, OrganisationRef, Plan, Progress, RowPlan
from synergies.practices.models import Practice, Status
from synergies.practices.services import indexing
from synergies.practices.services.records import (
    RESERVED_SLUGS,
    PartnerRole,
    Relations,
    SkillTag,
    save_revision,
    update_practice,
    user_of,
)
from synergies.practices.services.workflow import REVIEW_PERIOD

BATCH = 1000
# Unknown organisations are created with the type that weighs nothing in a pôle's composition (no R3 category, no
# R4 component) until the secretariat checks them and sets their real type.
NEW_ORGANISATION_TYPE = "expert"


class RowRefused(Exception):
    """The update service refused a row the checks let through: the transaction is rolled back."""

    def __init__(self, line: int, error: ValidationError):
        super().__init__(f"line {line}")
        self.problems = [
            Problem(line, field if field in HEADER else "", message)
            for field, messages in (
                error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            ).items()
            for message in messages
        ]


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organisations_created: int = 0


def allocate_slugs(titles: Sequence[str]) -> list[str]:
    """Slugs for new records as `unique_slug` makes them (« atelier », « atelier-2 »…), in a few queries."""
    bases = [slugify(title)[:100] or "pratique" for title in titles]
    counts = Counter(bases)
    taken = set(RESERVED_SLUGS)
    for chunk in chunked(list(counts)):
        taken |= set(Practice.objects.filter(slug__in=chunk).values_list("slug", flat=True))
    crowded = [base for base in counts if counts[base] > 1 or base in taken]
    if len(crowded) > 20:
        taken |= set(Practice.objects.values_list("slug", flat=True))
    else:
        for base in crowded:
            taken |= set(Practice.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def create_organisations(plan: Plan, pole: Pole, *, by: Any) -> dict[str, Organisation]:
    """The organisations the file names and the basin did not know, marked unverified for the secretariat."""
    created: dict[str, Organisation] = {}
    for key, new in plan.new_organisations.items():
        organisation = directory_services.create_organisation(
            {"basin": pole.basin, "name": new.name, "type": NEW_ORGANISATION_TYPE, "is_verified": False}, by=by
        )
        created[key] = organisation
    return created


class Writer:
    def __init__(self, plan: Plan, pole: Pole, *, by: Any, progress: Progress | None = None):
        self.plan, self.pole, self.by, self.progress = plan, pole, by, progress
        self.user = user_of(by)
        self.outcome = Outcome()
        self.organisations: dict[str, Organisation] = {}
        self.done = 0
        self.new_records = NewRecords(pole, user=self.user)

    def resolve(self, ref: OrganisationRef) -> Organisation:
        return self.organisations[ref.key] if isinstance(ref, NewOrganisation) else ref

    def partners_of(self, row: RowPlan, holder: Organisation) -> list[Organisation]:
        partners = {o.pk: o for o in map(self.resolve, row.partners) if o.pk != holder.pk}
        return list(partners.values())

    def step(self, count: int) -> None:
        self.done = min(self.done + count, len(self.plan.rows))
        if self.progress is not None:
            self.progress("written", self.done, len(self.plan.rows))

    def create_batch(self, rows: Sequence[RowPlan], slugs: Sequence[str]) -> None:
        holders = [self.resolve(row.holder) for row in rows]
        partners = [self.partners_of(row, holder) for row, holder in zip(rows, holders, strict=True)]
        pks = self.new_records.write(rows, slugs, holders, partners)
        published = [pk for pk, row in zip(pks, rows, strict=True) if row.publish]
        if published:
            search.index_documents(indexing.INDEX, indexing.documents(Practice.objects.filter(pk__in=published)))
        self.outcome.created += len(rows)
        self.step(len(rows))

    def update(self, row: RowPlan) -> None:
        assert row.existing is not None
        practice = Practice.objects.select_related("pole__basin", "holder").get(pk=row.existing.pk)
        revision = practice.revision
        if row.changed:
            try:
                self.update_record(row, practice)
            except ValidationError as refused:
                raise RowRefused(row.line, refused) from refused
        if row.publish:
            self.publish(practice)
        if practice.revision > revision:
            self.outcome.updated += 1
        else:
            self.outcome.unchanged += 1

    def update_record(self, row: RowPlan, practice: Practice) -> None:
        holder = self.resolve(row.holder)
        main = {tag.concept_id: tag.is_main for tag in practice.skills.all()}
        roles = {partner.organisation_id: partner.role for partner in practice.partners.all()}
        update_practice(
            practice,
            by=self.by,
            fields={**row.fields, "holder": holder},
            relations=Relations(
                skills=[SkillTag(concept, is_main=main.get(concept.pk, True)) for concept in row.concepts],
                communes=row.communes,
                partners=[PartnerRole(o, role=roles.get(o.pk, "")) for o in self.partners_of(row, holder)],
            ),
            note=_("Mise à jour par import"),
        )

    def publish(self, practice: Practice) -> None:
        """The workflow's « publier », which only a moderator's import reaches, from whatever state it stands in."""
        before = practice.status
        practice.status = Status.PUBLISHED
        practice.published_at = practice.published_at or timezone.now()
        practice.review_due = timezone.localdate() + REVIEW_PERIOD
        practice.save(update_fields=["status", "published_at", "review_due", "updated_at"])
        save_revision(practice, by=self.by, note=_("Publiée par import"))
        audit.record(
            actor=self.user, verb="practices.publish", target=practice, changes={"status": [before, practice.status]}
        )
        indexing.refresh(practice)

    def write(self) -> Outcome:
        with transaction.atomic():
            check_writable(self.pole)
            self.organisations = create_organisations(self.plan, self.pole, by=self.by)
            self.outcome.organisations_created = len(self.organisations)
            creates = [row for row in self.plan.rows if row.action == "create"]
            slugs = allocate_slugs([row.fields["title"] for row in creates])
            for start in range(0, len(creates), BATCH):
                self.create_batch(creates[start : start + BATCH], slugs[start : start + BATCH])
            self.outcome.unchanged = self.plan.count("unchanged")
            self.step(self.outcome.unchanged)
            for number, row in enumerate((r for r in self.plan.rows if r.action == "update"), start=1):
                self.update(row)
                if number % 100 == 0:
                    self.step(100)
            self.step(len(self.plan.rows))
            audit.record(
                actor=self.user,
                verb="practices.import",
                target=self.pole,
                changes={
                    "created": self.outcome.created,
                    "updated": self.outcome.updated,
                    "unchanged": self.outcome.unchanged,
                    "organisations_created": self.outcome.organisations_created,
                },
            )
        return self.outcome
