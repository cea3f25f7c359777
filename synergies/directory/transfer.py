"""CSV import and export of organisations, in the shape Belgian offices produce them (see lib.csvio).

The import is all or nothing: every row is read and checked first, each problem is reported with its line and
column, and only a clean file is written, in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from synergies.basins.models import Basin, Commune
from synergies.directory import services
from synergies.directory.models import Organisation
from synergies.directory.types import TYPES
from synergies.directory.validators import format_enterprise_number, validate_enterprise_number
from synergies.lib import audit, csvio
from synergies.lib.models import AuditEntry
from synergies.lib.text import fold

HEADER = ["Nom", "Sigle", "Type", "Numéro d'entreprise", "Site web", "E-mail", "Téléphone", "Communes", "Description"]


def _type_names() -> dict[str, str]:
    """Every way to write a type: its code and its label in each language, so an export made in English re-imports."""
    names: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.update({fold(str(t.label)): t.code for t in TYPES.values()})
    names.update({t.code: t.code for t in TYPES.values()})
    return names


def _parse_type(raw: str) -> str:
    code = _type_names().get(fold(raw))
    if code is not None:
        return code
    raise ValidationError(_("type « %(value)s » inconnu.") % {"value": raw})


def _parse_url(raw: str) -> str:
    url = raw if re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.I) else f"https://{raw}"
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(_("adresse web « %(value)s » invalide.") % {"value": raw}) from None
    return url


def _parse_email(raw: str) -> str:
    try:
        validate_email(raw)
    except ValidationError:
        raise ValidationError(_("adresse e-mail « %(value)s » invalide.") % {"value": raw}) from None
    return raw.lower()


def _parse_communes(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;|/]", raw) if part.strip()]


def _text(limit: int) -> Any:
    def parse(raw: str) -> str:
        if len(raw) > limit:
            raise ValidationError(
                _("texte trop long (%(n)s caractères, maximum %(limit)s).") % {"n": len(raw), "limit": limit}
            )
        return raw

    return parse


COLUMNS = [
    csvio.Column(
        "name",
        "Nom",
        aliases=("nom de l'organisation", "organisation", "raison sociale"),
        required=True,
        parse=_text(200),
    ),
    csvio.Column("acronym", "Sigle", aliases=("acronyme", "abreviation"), parse=_text(30)),
    csvio.Column("type", "Type", aliases=("type d'organisation", "categorie"), required=True, parse=_parse_type),
    csvio.Column(
        "enterprise_number",
        "Numéro d'entreprise",
        aliases=("bce", "numero bce", "kbo", "tva", "numero tva"),
        parse=validate_enterprise_number,
    ),
    csvio.Column("website", "Site web", aliases=("site", "site internet", "url", "web"), parse=_parse_url),
    csvio.Column("email", "E-mail", aliases=("email", "courriel", "adresse e-mail", "mail"), parse=_parse_email),
    csvio.Column("phone", "Téléphone", aliases=("tel", "telephone"), parse=_text(30)),
    csvio.Column(
        "communes", "Communes", aliases=("commune", "localite", "code postal", "implantations"), parse=_parse_communes
    ),
    csvio.Column("description", "Description", parse=str.strip),
]


class CommuneResolver:
    """Finds a commune by name (accents and case ignored), current or former NIS code, or main postal code."""

    def __init__(self) -> None:
        self.index: dict[str, Commune] = {}
        for commune in Commune.objects.prefetch_related("aliases"):
            self.index[fold(commune.name)] = commune
            self.index[commune.nis_code] = commune
            self.index[commune.postal_code] = commune
            for alias in commune.aliases.all():
                self.index[alias.nis_code] = commune

    def __call__(self, text: str) -> Commune | None:
        return self.index.get(fold(text))


@dataclass
class ImportReport:
    created: list[Organisation] = field(default_factory=list)
    updated: list[Organisation] = field(default_factory=list)


def import_organisations(data: bytes, *, basin: Basin, by: Any) -> ImportReport:
    """Create or update the organisations of a CSV file (matched on enterprise number, then name), or raise CsvError."""
    parsed = csvio.parse(data, COLUMNS)
    problems = list(parsed.problems)
    resolve = CommuneResolver()
    existing = list(Organisation.objects.in_basin(basin).only("pk", "name", "enterprise_number", "slug"))
    by_number = {o.enterprise_number: o for o in existing if o.enterprise_number}
    by_name = {fold(o.name): o for o in existing}
    seen_numbers: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    plan: list[tuple[Organisation | None, dict[str, Any], list[Commune]]] = []
    for row in parsed.rows:
        values = row.values
        number, name = values.get("enterprise_number"), values.get("name")
        if number:
            if number in seen_numbers:
                problems.append(
                    csvio.Problem(
                        row.line,
                        "Numéro d'entreprise",
                        _("même numéro qu’à la ligne %(line)s.") % {"line": seen_numbers[number]},
                    )
                )
            seen_numbers[number] = row.line
        if name:
            if fold(name) in seen_names:
                problems.append(
                    csvio.Problem(
                        row.line, "Nom", _("même nom qu’à la ligne %(line)s.") % {"line": seen_names[fold(name)]}
                    )
                )
            seen_names[fold(name)] = row.line
        communes: list[Commune] = []
        for text in values.get("communes") or []:
            commune = resolve(text)
            if commune is None:
                problems.append(
                    csvio.Problem(row.line, "Communes", _("commune « %(value)s » inconnue.") % {"value": text})
                )
            else:
                communes.append(commune)
        target = (by_number.get(number) if number else None) or (by_name.get(fold(name)) if name else None)
        fields = {k: (v if v is not None else "") for k, v in values.items() if k != "communes"}
        fields["enterprise_number"] = number or None
        plan.append((target, fields, communes))
    elsewhere = Organisation.objects.exclude(basin=basin).filter(enterprise_number__in=seen_numbers)
    for other in elsewhere.only("name", "enterprise_number"):
        problems.append(
            csvio.Problem(
                seen_numbers[other.enterprise_number or ""],
                "Numéro d'entreprise",
                _("numéro déjà utilisé par « %(name)s » dans un autre bassin.") % {"name": other.name},
            )
        )
    if problems:
        raise csvio.CsvError(sorted(problems, key=lambda p: p.line))

    report = ImportReport()
    with transaction.atomic():
        for (target, fields, communes), row in zip(plan, parsed.rows, strict=True):
            try:
                if target is None:
                    report.created.append(
                        services.create_organisation({**fields, "basin": basin}, by=by, communes=communes)
                    )
                else:
                    report.updated.append(
                        services.update_organisation(target, fields, by=by, communes=communes if communes else None)
                    )
            except ValidationError as exc:
                problems.extend(
                    csvio.Problem(row.line, field_name if field_name != "__all__" else "", message)
                    for field_name, messages in exc.message_dict.items()
                    for message in messages
                )
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise csvio.CsvError(problems)
    audit.record(
        actor=by,
        verb="organisation.import",
        action=AuditEntry.Action.IMPORT,
        target=basin,
        message=_("%(created)s créée(s), %(updated)s mise(s) à jour")
        % {"created": len(report.created), "updated": len(report.updated)},
    )
    return report


def export_rows(organisations: Iterable[Organisation]) -> Iterable[list[Any]]:
    """One row per organisation, in the columns the import reads back. Expects `for_listing()` prefetching."""
    for o in organisations:
        yield [
            o.name,
            o.acronym,
            str(o.type_info.label),
            format_enterprise_number(o.enterprise_number or ""),
            o.website,
            o.email,
            o.phone,
            ", ".join(c.name for c in o.communes()),
            o.description,
        ]
