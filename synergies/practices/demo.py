"""The demo catalogue of the pôle « Compétences de base »: some sixty practices and tools of Hainaut-Centre's
operators (data/demo-practices.json), in every state of their life, three of them labelled « pratique inspirante »
by decisions of the demo register.

Every record goes through the catalogue's own services (creation, submission, review, publication, archiving), so
its revisions, audit entries and search document are those a real secretariat would leave; only the dates are then
moved back to when it happened (2023–2026). The practices the register labels are made on the day of their decision
by `subjects(pole, by=)`, which the decisions demo calls; `load_demo` then writes the others. Idempotent: a practice
is matched on its slug.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from synergies.basins.models import Commune
from synergies.directory import demo as directory_demo
from synergies.directory import services as directory_services
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.poles.models import Pole
from synergies.practices.models import Comment, Moderator, Practice, Revision, Status
from synergies.practices.services import moderators, workflow
from synergies.practices.services.records import PartnerRole, Relations, SkillTag, create_practice
from synergies.skills.models import Concept

DATA = Path(__file__).resolve().parent / "data" / "demo-practices.json"
D = datetime.date

# The register's decisions granting the label, for the decisions demo's DECISIONS (the decisions app, a lower layer,
# cannot import this module: the entries are copied there as they are written here).
LABEL_RATIONALE = (
    "Critères du label adoptés le 16 octobre 2025 : pratique décrite complètement, évaluée et transférable."
)
LABEL_DECISIONS: list[tuple[Any, ...]] = [
    (
        D(2025, 12, 11),
        "decision",
        "Label « pratique inspirante » pour « Lire la ville : l’alphabétisation en balade à La Louvière »",
        "Le comité de pilotage reconnaît « Lire la ville : l’alphabétisation en balade à La Louvière », portée "
        "par Les Mots Partagés, comme pratique inspirante du pôle et la met en valeur dans le catalogue.",
        LABEL_RATIONALE + " Évaluée par un tiers sur trois sessions.",
        {"subject": "practice:lire-la-ville-alphabetisation-la-louviere"},
    ),
    (
        D(2026, 3, 19),
        "decision",
        "Label « pratique inspirante » pour « Maths en cuisine : la numératie au menu du CISP »",
        "Le comité de pilotage reconnaît « Maths en cuisine : la numératie au menu du CISP », portée par Tremplin "
        "Formation (CISP), comme pratique inspirante du pôle et la met en valeur dans le catalogue.",
        LABEL_RATIONALE + " Déjà reprise par un autre CISP du bassin.",
        {"subject": "practice:maths-en-cuisine-numeratie-cisp"},
    ),
    (
        D(2026, 10, 15),
        "decision",
        "Label « pratique inspirante » pour « Le café numérique des seniors »",
        "Le comité de pilotage reconnaît « Le café numérique des seniors », portée par l’Espace public numérique de "
        "Soignies, comme pratique inspirante du pôle et la met en valeur dans le catalogue.",
        LABEL_RATIONALE + " Proposée par le groupe de travail « Outils numériques ».",
        {"subject": "practice:cafe-numerique-des-seniors-soignies"},
    ),
]

# How long before its publication a record was first written, and when the states after it were reached.
WRITTEN_BEFORE = datetime.timedelta(days=30)
ARCHIVED_ON = D(2025, 2, 4)
RECENT = datetime.timedelta(days=75)  # records not yet published were written over the last weeks


def read_catalogue() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class Context:
    """What writing the records needs, read once: the people who act, the organisations, concepts and communes."""

    pole: Pole
    by: Any
    entries: dict[str, dict[str, Any]]
    extra_organisations: list[dict[str, Any]]

    @cached_property
    def users(self) -> dict[str, Any]:
        accounts = directory_demo.ACCOUNTS
        found = {u.email: u for u in get_user_model().objects.filter(email__in=[a.email for a in accounts])}
        return {"secretariat": self.by, "contributor": found[accounts[3].email], "member": found[accounts[4].email]}

    @cached_property
    def organisations(self) -> dict[str, Organisation]:
        basin = self.pole.basin
        known = {o.name: o for o in Organisation.objects.filter(basin=basin)}
        for item in self.extra_organisations:
            if item["name"] not in known:
                known[item["name"]] = directory_services.create_organisation(
                    {
                        "basin": basin,
                        "name": item["name"],
                        "acronym": item["acronym"],
                        "type": item["type"],
                        "description": f"{item['name']} est une organisation fictive des données de démonstration "
                        f"de Synergies, active à {item['communes'][0]}.",
                    },
                    by=self.by,
                    communes=[self.communes[name] for name in item["communes"]],
                )
        return known

    @cached_property
    def concepts(self) -> dict[str, Concept]:
        return {c.code: c for c in Concept.objects.filter(framework__pole=self.pole)}

    @cached_property
    def communes(self) -> dict[str, Commune]:
        return {c.name: c for c in Commune.objects.filter(basin=self.pole.basin)}

    @cached_property
    def contacts(self) -> dict[int, Person]:
        """A consenting person working for each organisation, when the directory demo has one."""
        found: dict[int, Person] = {}
        current = Affiliation.objects.current().filter(person__public_consent=True).select_related("person")
        for affiliation in current.order_by("person_id", "pk"):
            found.setdefault(affiliation.organisation_id, affiliation.person)
        return found


def _fields(entry: dict[str, Any], ctx: Context) -> dict[str, Any]:
    holder = ctx.organisations[entry["holder"]]
    group = entry.get("group") or [None, None]
    duration = entry.get("duration_hours")
    fields = {
        name: entry[name]
        for name in (
            "title", "summary", "description", "easy_read_summary", "kind", "publics", "levels", "modality", "cost",
            "access_conditions", "objectives", "results", "evidence_level", "success_factors", "pitfalls",
            "transferability", "licence", "url", "erasmus_id", "epale_id", "open_to_visits", "seeks_partners",
        )
        if name in entry
    }  # fmt: skip
    fields.update(
        holder=holder,
        contact_person=ctx.contacts.get(holder.pk),
        contact_email=f"pratiques.{holder.pk}@{directory_demo.DEMO_DOMAIN}",
        duration_hours=None if duration is None else Decimal(str(duration)),
        group_size_min=group[0],
        group_size_max=group[1],
    )
    return fields


def _relations(entry: dict[str, Any], ctx: Context) -> Relations:
    return Relations(
        skills=[SkillTag(ctx.concepts[c]) for c in entry["skills"]]
        + [SkillTag(ctx.concepts[c], is_main=False) for c in entry.get("secondary", [])],
        communes=[ctx.communes[name] for name in entry["communes"]],
        partners=[PartnerRole(ctx.organisations[name], role) for name, role in entry.get("partners", [])],
        links=[(url, label) for url, label in entry.get("links", [])],
    )


def _walk(practice: Practice, entry: dict[str, Any], ctx: Context) -> Practice:
    """Take the new draft through the workflow to the state the catalogue shows it in."""
    status = entry["status"]
    author, moderator = ctx.users[entry.get("author", "secretariat")], ctx.users["secretariat"]
    if status == Status.DRAFT:
        return practice
    workflow.submit_practice(practice, by=author)
    if status == Status.SUBMITTED:
        return practice
    if status in (Status.IN_REVIEW, Status.CHANGES_REQUESTED):
        workflow.start_review(practice, by=moderator)
        for who, body in entry.get("comments", []):
            workflow.comment_practice(practice, by=ctx.users[who], body=body)
        if status == Status.CHANGES_REQUESTED:
            workflow.request_changes(practice, by=moderator, message=entry["changes"])
        return practice
    # Published on the day the data gives: the workflow keeps a publication date already set, and indexes it.
    practice.published_at = _at(D.fromisoformat(entry["published"]))
    workflow.publish_practice(practice, by=moderator)
    if status == Status.TO_REVISE:
        workflow.ask_for_review(practice)
    elif status == Status.ARCHIVED:
        workflow.archive_practice(practice, by=moderator, note=entry.get("archive_note", ""))
    return practice


def _next_anniversary(day: datetime.date, after: datetime.date) -> datetime.date:
    """The first anniversary of `day` after `after`: a published record confirmed every year since."""
    years = max(1, after.year - day.year)
    while True:
        try:
            candidate = day.replace(year=day.year + years)
        except ValueError:  # 29 February
            candidate = day.replace(year=day.year + years, day=28)
        if candidate > after:
            return candidate
        years += 1


def _backdate(practice: Practice, entry: dict[str, Any], index: int) -> None:
    """Move the record's dates back to its story: written, reviewed and published on the days the data gives."""
    today = timezone.localdate()
    published = D.fromisoformat(entry["published"]) if entry.get("published") else None
    if published is not None:
        start, end = published - WRITTEN_BEFORE, published
    else:
        end = today - datetime.timedelta(days=3 + index % 20)
        start = end - RECENT / 2
    revisions = list(practice.revisions.order_by("number"))
    published_number = next((r.number for r in revisions if r.status == Status.PUBLISHED), None)
    steps = [r for r in revisions if published_number is None or r.number <= published_number]
    span = (end - start) / max(1, len(steps) - 1)
    for position, revision in enumerate(steps):
        revision.created_at = _at(start) + span * position
    if published is not None:
        # After publication: the yearly review asked for a year later, or the archiving.
        after = _next_anniversary(published, published) if entry["status"] == Status.TO_REVISE else ARCHIVED_ON
        for revision in revisions[len(steps) :]:
            revision.created_at = _at(after)
    Revision.objects.bulk_update(revisions, ["created_at"])
    comments = list(practice.comments.order_by("pk"))
    for position, comment in enumerate(comments, start=1):
        comment.created_at = _at(start) + (end - start) * position / (len(comments) + 1)
    Comment.objects.bulk_update(comments, ["created_at"])
    changes: dict[str, Any] = {"created_at": _at(start), "updated_at": revisions[-1].created_at}
    if published is not None:
        changes["review_due"] = (
            _next_anniversary(published, published)
            if entry["status"] == Status.TO_REVISE
            else _next_anniversary(published, today)
        )
    Practice.objects.filter(pk=practice.pk).update(**changes)
    for name, value in changes.items():
        setattr(practice, name, value)


@transaction.atomic
def ensure_practice(slug: str, ctx: Context) -> Practice:
    """The demo practice `slug`, written and taken to its state if it does not exist yet."""
    found = Practice.objects.filter(slug=slug).first()
    if found is not None:
        return found
    entry = ctx.entries[slug]
    author = ctx.users[entry.get("author", "secretariat")]
    practice = create_practice(
        ctx.pole,
        by=author,
        fields=_fields(entry, ctx),
        relations=_relations(entry, ctx),
        note="Fiche issue du recensement des pratiques du bassin",
        slug=slug,
    )
    _walk(practice, entry, ctx)
    _backdate(practice, entry, list(ctx.entries).index(slug))
    return practice


def _context(pole: Pole, by: Any) -> Context:
    data = read_catalogue()
    return Context(pole, by, {e["slug"]: e for e in data["practices"]}, data["organisations"])


def subjects(pole: Pole, *, by: Any) -> dict[str, Callable[[datetime.date], Practice]]:
    """What the decisions demo labels on the days of the label decisions: each practice, published before."""
    ctx = _context(pole, by)

    def labelled(slug: str) -> Callable[[datetime.date], Practice]:
        def make(day: datetime.date) -> Practice:
            entry = ctx.entries[slug]
            if D.fromisoformat(entry["published"]) >= day:
                raise ValueError(f"the demo practice {slug} must be published before its label decision ({day})")
            return ensure_practice(slug, ctx)

        return make

    return {f"practice:{slug}": labelled(slug) for slug, entry in ctx.entries.items() if entry.get("label")}


def load_demo(pole: Pole, *, by: Any) -> list[Practice]:
    """The pôle's demo catalogue, its moderator delegated to the committee's member and the shipped synonyms."""
    from synergies.practices.services import synonyms

    ctx = _context(pole, by)
    synonyms.seed_synonyms()
    member = ctx.users["member"]
    if not Moderator.objects.filter(pole=pole, user=member).exists():
        moderators.delegate_moderation(pole, member, by=by)
    return [ensure_practice(slug, ctx) for slug in ctx.entries]
