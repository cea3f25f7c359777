"""Exporting a pôle's catalogue in the interchange format, as CSV or as an Excel workbook.

The CSV is `lib.csvio`'s: UTF-8 with a byte-order mark and semicolons, which Excel in a Belgian or French locale
opens as columns without a wizard, with formula-looking text neutralised; durations have a decimal comma for the
same reason. Re-importing an export changes nothing. Contact addresses are never public (DESIGN §8): the column
is filled only for the pôle's moderators.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch

from synergies.lib import csvio, xlsxio
from synergies.practices.interchange.columns import CODE_SEPARATOR, HEADER, ORGANISATION_SEPARATOR, format_duration
from synergies.practices.models import Partner, Practice, PracticeSkill, Status

ALL_STATES = "tous"


def for_export(queryset: Any) -> Any:
    return (
        queryset.select_related("holder")
        .prefetch_related(
            "communes",
            Prefetch("skills", queryset=PracticeSkill.objects.select_related("concept")),
            Prefetch("partners", queryset=Partner.objects.select_related("organisation").order_by("position")),
        )
        .order_by("pk")
    )


def practices_to_export(pole: Any, user: Any, state: str = "") -> Any:
    """Published records for everyone; any state (`state`: a status or « tous ») for the pôle's moderators."""
    records = Practice.objects.of_pole(pole)
    if state and user.has_perm("practices.moderate_practice", pole):
        if state == ALL_STATES:
            return records.visible_to(user)
        if state in Status.values:
            return records.visible_to(user).filter(status=state)
    return records.published()


def row_of(practice: Practice, *, with_contact: bool) -> list[Any]:
    skills = sorted(practice.skills.all(), key=lambda tag: (not tag.is_main, tag.concept.code))
    organisations = [practice.holder.name, *(p.organisation.name for p in practice.partners.all())]
    return [
        practice.external_id,
        practice.title,
        practice.summary,
        practice.description,
        practice.kind,
        ORGANISATION_SEPARATOR.join(organisations),
        CODE_SEPARATOR.join(practice.publics),
        CODE_SEPARATOR.join(tag.concept.code for tag in skills),
        CODE_SEPARATOR.join(sorted(c.nis_code for c in practice.communes.all())),
        practice.modality,
        format_duration(practice.duration_hours),
        practice.evidence_level,
        practice.url,
        practice.contact_email if with_contact else "",
        practice.licence,
        practice.language,
    ]


def rows(queryset: Any, *, with_contact: bool) -> Iterator[list[Any]]:
    for practice in for_export(queryset).iterator(chunk_size=500):
        yield row_of(practice, with_contact=with_contact)


def csv_chunks(queryset: Any, *, with_contact: bool) -> Iterable[bytes]:
    return csvio.write(HEADER, rows(queryset, with_contact=with_contact))


def xlsx_bytes(queryset: Any, *, with_contact: bool, title: str = "") -> bytes:
    """The same columns in a workbook; durations are real numbers there."""

    def cells() -> Iterator[list[Any]]:
        for row in rows(queryset, with_contact=with_contact):
            duration = row[10]
            row[10] = float(duration.replace(",", ".")) if duration else None
            yield row

    return xlsxio.write(HEADER, cells(), title=title)


def template_csv() -> bytes:
    """The empty file: just the header, ready to be filled in a spreadsheet."""
    return b"".join(csvio.write(HEADER, []))
