"""Writing a practice: one service creates it, one updates it, and each saves a revision of what it wrote."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from synergies.basins.models import Commune
from synergies.directory.models import Organisation
from synergies.lib import audit
from synergies.poles.models import Pole
from synergies.poles.services import check_writable
from synergies.practices.models import Link, Palier, Partner, Practice, PracticeSkill, Public, Revision
from synergies.practices.services import indexing
from synergies.skills.models import Concept

# The record's own fields a form or a file may set; the rest (status, label, dates) belong to the workflow.
EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "easy_read_summary",
    "kind",
    "language",
    "holder",
    "contact_person",
    "contact_email",
    "publics",
    "levels",
    "modality",
    "duration_hours",
    "group_size_min",
    "group_size_max",
    "cost",
    "access_conditions",
    "objectives",
    "results",
    "evidence_level",
    "success_factors",
    "pitfalls",
    "transferability",
    "licence",
    "url",
    "erasmus_id",
    "epale_id",
    "external_id",
    "open_to_visits",
    "seeks_partners",
)


@dataclass(frozen=True)
class SkillTag:
    concept: Concept
    is_main: bool = True


@dataclass(frozen=True)
class PartnerRole:
    organisation: Organisation
    role: str = ""


@dataclass(frozen=True)
class Relations:
    """The practice's many-valued parts; None leaves a part as it is."""

    skills: Sequence[SkillTag] | None = None
    communes: Iterable[Commune] | None = None
    partners: Sequence[PartnerRole] | None = None
    links: Sequence[tuple[str, str]] | None = None  # (url, label)


def user_of(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


# The catalogue's own pages live beside the practices' addresses (/pratiques/<slug>/): no practice may take their names.
RESERVED_SLUGS = frozenset(
    {"recherche", "nouvelle", "mes-pratiques", "moderation", "synonymes", "territoire", "import", "export", "pole"}
)


def unique_slug(title: str, *, exclude: int | None = None) -> str:
    base = slugify(title)[:100] or "pratique"
    others = Practice.objects.filter(slug__startswith=base)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    taken = set(others.values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def clean_codes(values: Iterable[str], choices: Any, *, field: str) -> list[str]:
    """Known codes in their canonical order, or a French error naming the unknown ones."""
    values = [v.strip() for v in values if v and v.strip()]
    known = {c.value for c in choices}
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValidationError(
            {field: _("Code inconnu : %(codes)s.") % {"codes": ", ".join(unknown)}}, code="unknown_code"
        )
    return [c.value for c in choices if c.value in set(values)]


def snapshot(practice: Practice) -> dict[str, Any]:
    """Everything a reader of the history wants to compare, as plain JSON (names, not ids)."""
    data = audit.snapshot(practice, [f for f in EDITABLE_FIELDS if f not in ("holder", "contact_person")])
    if practice.duration_hours is not None:  # 20, "20" and 20.0 are one duration
        data["duration_hours"] = str(Decimal(str(practice.duration_hours)).quantize(Decimal("0.1")))
    data["holder"] = practice.holder.name
    data["contact_person"] = str(practice.contact_person) if practice.contact_person_id else ""
    data["skills"] = [
        f"{tag.concept.code}{'' if tag.is_main else ' (secondaire)'}"
        for tag in practice.skills.select_related("concept").order_by("-is_main", "concept__code")
    ]
    data["communes"] = sorted(practice.communes.values_list("name", flat=True))
    data["partners"] = [
        f"{p.organisation.name} — {p.role}" if p.role else p.organisation.name
        for p in practice.partners.select_related("organisation")
    ]
    data["links"] = [link.url for link in practice.links.all()]
    return data


def save_revision(practice: Practice, *, by: Any, note: str = "") -> Revision:
    practice.revision += 1
    Practice.objects.filter(pk=practice.pk).update(revision=practice.revision)
    return Revision.objects.create(
        practice=practice,
        number=practice.revision,
        status=practice.status,
        snapshot=snapshot(practice),
        author=user_of(by),
        note=note[:300],
    )


def _check(practice: Practice) -> None:
    practice.publics = clean_codes(practice.publics or [], Public, field="publics")
    practice.levels = clean_codes(practice.levels or [], Palier, field="levels")
    if practice.group_size_min and practice.group_size_max and practice.group_size_min > practice.group_size_max:
        raise ValidationError(
            {"group_size_max": _("La taille maximale du groupe est plus petite que la minimale.")}, code="group_size"
        )
    practice.full_clean(exclude=["pole", "slug"], validate_unique=False, validate_constraints=False)
    if practice.external_id:
        twin = Practice.objects.filter(pole_id=practice.pole_id, external_id=practice.external_id)
        if twin.exclude(pk=practice.pk).exists():
            raise ValidationError(
                {"external_id": _("Une autre pratique de ce catalogue porte déjà cet identifiant externe.")},
                code="external_id_taken",
            )


def _write_relations(practice: Practice, relations: Relations) -> None:
    if relations.skills is not None:
        practice.skills.all().delete()
        seen: set[int] = set()
        rows = []
        for tag in relations.skills:
            if tag.concept.pk not in seen:
                seen.add(tag.concept.pk)
                rows.append(PracticeSkill(practice=practice, concept=tag.concept, is_main=tag.is_main))
        PracticeSkill.objects.bulk_create(rows)
    if relations.communes is not None:
        practice.communes.set(list(relations.communes))
    if relations.partners is not None:
        practice.partners.all().delete()
        partners = [p for p in relations.partners if p.organisation.pk != practice.holder_id]
        unique = {p.organisation.pk: p for p in partners}
        Partner.objects.bulk_create(
            Partner(practice=practice, organisation=p.organisation, role=p.role[:200], position=i)
            for i, p in enumerate(unique.values())
        )
    if relations.links is not None:
        kept = {link.url: link for link in practice.links.all()}
        wanted = list(dict.fromkeys(url for url, _label in relations.links if url))
        practice.links.exclude(url__in=wanted).delete()
        labels = dict(relations.links)
        for position, url in enumerate(wanted):
            link = kept.get(url) or Link(practice=practice, url=url)
            link.label, link.position = labels.get(url, "")[:200], position
            link.save()


@transaction.atomic
def create_practice(
    pole: Pole,
    *,
    by: Any,
    fields: Mapping[str, Any],
    relations: Relations = Relations(),
    note: str = "",
    slug: str | None = None,
) -> Practice:
    """A new draft in the pôle's catalogue, with its first revision."""
    check_writable(pole)
    practice = Practice(pole=pole, created_by=user_of(by), **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    _check(practice)
    practice.slug = slug or unique_slug(practice.title)
    practice.save()
    _write_relations(practice, relations)
    save_revision(practice, by=by, note=note or _("Création de la fiche"))
    audit.record_creation(actor=user_of(by), verb="practices.create", target=practice, fields=["title", "status"])
    indexing.refresh(practice)
    return practice


@transaction.atomic
def update_practice(
    practice: Practice,
    *,
    by: Any,
    fields: Mapping[str, Any],
    relations: Relations = Relations(),
    note: str = "",
) -> Practice:
    """Change what the record says; a revision is saved only when something changed."""
    check_writable(practice.pole)
    if practice.status == Practice.Status.ARCHIVED:
        raise ValidationError(
            _("Une fiche archivée ne se modifie plus : sortez-la d’abord des archives."), code="archived"
        )
    before = snapshot(practice)
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(practice, name, value)
    _check(practice)
    practice.save()
    _write_relations(practice, relations)
    after = snapshot(practice)
    changes = audit.diff(before, after)
    if changes:
        save_revision(practice, by=by, note=note)
        audit.record(actor=user_of(by), verb="practices.update", target=practice, changes=changes, message=note)
        indexing.refresh(practice)
    return practice
