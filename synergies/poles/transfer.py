"""Import and export of a pôle's composition, as CSV or Excel: the Instance keeps its lists in Excel.

The import is all or nothing. Every row is read and resolved first (body, organisation, people, chamber); the seats
then go through `services.save_seat` in one transaction, so that the service's refusals are reported on their line
too. If anything is wrong, nothing is saved and CsvError lists every problem. The export writes the same columns
with values the import reads back, so an exported file imports again without changing anything.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergies.basins.models import Chamber
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.directory.validators import (
    format_enterprise_number,
    normalise_enterprise_number,
    validate_enterprise_number,
)
from synergies.lib import audit, csvio, xlsxio
from synergies.lib.models import AuditEntry
from synergies.lib.text import fold
from synergies.poles import services
from synergies.poles.models import Body, Pole, Seat

# The file's words are a data format shared with Excel, not interface text: they stay French whatever the language.
ORIGIN_WORDS: dict[str, str] = {
    Seat.Origin.INSTANCE: "Instance",
    Seat.Origin.CHAMBER_EDUCATION: "Chambre Enseignement",
    Seat.Origin.CHAMBER_EMPLOYMENT_TRAINING: "Chambre Emploi-Formation",
    Seat.Origin.RESOURCE_PERSON: "Personne ressource",
}
ROLE_WORDS: dict[str, str] = {
    Seat.Role.CHAIR: "président·e",
    Seat.Role.VICE_CHAIR: "vice-président·e",
    Seat.Role.SECRETARY: "secrétaire",
    Seat.Role.MEMBER: "membre",
    Seat.Role.RESOURCE_PERSON: "personne ressource",
    Seat.Role.OBSERVER: "observateur·rice",
}
YES, NO = "oui", "non"
DATE_PATTERNS = {
    re.compile(r"\d{1,2}/\d{1,2}/\d{4}"): "%d/%m/%Y",
    re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}"): "%d.%m.%Y",
    re.compile(r"\d{1,2}-\d{1,2}-\d{4}"): "%d-%m-%Y",
    re.compile(r"\d{4}-\d{1,2}-\d{1,2}"): "%Y-%m-%d",
}
CHAMBER_KINDS: dict[str, str] = {
    Seat.Origin.CHAMBER_EDUCATION: Chamber.Kind.EDUCATION,
    Seat.Origin.CHAMBER_EMPLOYMENT_TRAINING: Chamber.Kind.EMPLOYMENT_TRAINING,
}
SPREADSHEET_EXTENSIONS = {"xlsx", "xlsm", "xls", "ods"}


def _key(text: str) -> str:
    """Letters and digits only, without accents or case: « Emploi-Formation » and « emploi formation » meet."""
    return "".join(c for c in fold(text) if c.isalnum())


def _words(mapping: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {_key(word): code for code, words in mapping.items() for word in words}


ORIGINS = _words(
    {
        Seat.Origin.INSTANCE: ["Instance", "Instance bassin", "Instance Bassin EFE", "membre de l’Instance bassin"],
        Seat.Origin.CHAMBER_EDUCATION: [
            "Chambre Enseignement",
            "Chambre de l’enseignement",
            "membre de la Chambre Enseignement",
            "CE",
        ],
        Seat.Origin.CHAMBER_EMPLOYMENT_TRAINING: [
            "Chambre Emploi-Formation",
            "Chambre Emploi Formation",
            "membre d’une Chambre Emploi-Formation",
            "CEF",
        ],
        Seat.Origin.RESOURCE_PERSON: ["Personne ressource", "Personne-ressource", "expert", "experte"],
    }
)
ROLES = _words(
    {
        Seat.Role.CHAIR: ["président·e", "président", "présidente", "présidence"],
        Seat.Role.VICE_CHAIR: ["vice-président·e", "vice-président", "vice-présidente", "vice-présidence"],
        Seat.Role.SECRETARY: ["secrétaire"],
        Seat.Role.MEMBER: ["membre", "membre effectif", "membre effective"],
        Seat.Role.RESOURCE_PERSON: ["personne ressource", "personne-ressource", "expert", "experte"],
        Seat.Role.OBSERVER: ["observateur·rice", "observateur", "observatrice", "observateur·trice"],
    }
)
STEERING_COMMITTEE_KEYS = {_key(word) for word in ("Comité de pilotage", "CoPil", "Comité de pilotage du pôle")}
ROLE_ORDER: dict[str, int] = {code: n for n, code in enumerate(ROLE_WORDS)}
YES_WORDS = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
NO_WORDS = {"non", "n", "no", "faux", "false", "0"}


def _parse_origin(raw: str) -> str:
    try:
        return ORIGINS[_key(raw)]
    except KeyError:
        raise ValidationError(
            _("origine « %(value)s » inconnue : écrivez %(choices)s.")
            % {"value": raw, "choices": ", ".join(f"« {w} »" for w in ORIGIN_WORDS.values())}
        ) from None


def _parse_role(raw: str) -> str:
    try:
        return ROLES[_key(raw)]
    except KeyError:
        raise ValidationError(
            _("rôle « %(value)s » inconnu : écrivez %(choices)s.")
            % {"value": raw, "choices": ", ".join(f"« {w} »" for w in ROLE_WORDS.values())}
        ) from None


def _parse_date(raw: str) -> datetime.date:
    for pattern, date_format in DATE_PATTERNS.items():
        if pattern.fullmatch(raw):
            try:
                return datetime.datetime.strptime(raw, date_format).date()
            except ValueError:
                break
    raise ValidationError(
        _("date « %(value)s » invalide : écrivez-la JJ/MM/AAAA (p. ex. 01/03/2025) ou AAAA-MM-JJ.") % {"value": raw}
    )


def _parse_yes_no(raw: str) -> bool:
    word = fold(raw)
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValidationError(_("« %(value)s » : répondez « oui » ou « non ».") % {"value": raw})


def _text(limit: int) -> Any:
    def parse(raw: str) -> str:
        if len(raw) > limit:
            raise ValidationError(
                _("texte trop long (%(n)s caractères, maximum %(limit)s).") % {"n": len(raw), "limit": limit}
            )
        return raw

    return parse


COLUMNS = [
    csvio.Column("body", "Organe", aliases=("comité", "groupe de travail", "groupe"), required=True),
    csvio.Column(
        "organisation",
        "Organisation",
        aliases=("organisme", "institution", "opérateur", "nom de l'organisation"),
    ),
    csvio.Column(
        "representative",
        "Représentant·e",
        aliases=("représentant", "représentante", "représentant(e)", "titulaire", "effectif", "membre effectif"),
    ),
    csvio.Column("substitute", "Suppléant·e", aliases=("suppléant", "suppléante", "suppléant(e)", "membre suppléant")),
    csvio.Column(
        "origin", "Origine", aliases=("issu de", "issu·e de", "provenance"), required=True, parse=_parse_origin
    ),
    csvio.Column("chamber", "Chambre", aliases=("chambre d'origine",), parse=_text(150)),
    csvio.Column("role", "Rôle", aliases=("fonction", "qualité"), parse=_parse_role),
    csvio.Column("start", "Début", aliases=("date de début", "depuis le", "du"), required=True, parse=_parse_date),
    csvio.Column("end", "Fin", aliases=("date de fin", "jusqu'au", "au"), parse=_parse_date),
    csvio.Column(
        "designation_reference",
        "Désignation",
        aliases=("référence", "référence de la désignation", "désignation (référence)", "décision"),
        parse=_text(100),
    ),
    csvio.Column(
        "designation_date",
        "Date de désignation",
        aliases=("date de la désignation", "désigné le", "désignée le", "désigné·e le"),
        parse=_parse_date,
    ),
    csvio.Column(
        "competent_in_theme",
        "Compétent",
        aliases=("compétente", "compétent·e", "compétent dans la thématique", "compétent·e dans la thématique"),
        parse=_parse_yes_no,
    ),
    csvio.Column("names_public", "Noms publiés", aliases=("nom publié", "noms public", "publié"), parse=_parse_yes_no),
]
HEADER = [column.label for column in COLUMNS]
LABELS = {column.name: column.label for column in COLUMNS}
DEFAULTS: dict[str, Any] = {
    "organisation": None,
    "representative": None,
    "substitute": None,
    "chamber": None,
    "role": Seat.Role.MEMBER,
    "end": None,
    "designation_reference": "",
    "designation_date": None,
    "competent_in_theme": True,
    "names_public": False,
}
PLAIN_FIELDS = [
    "origin",
    "role",
    "start",
    "end",
    "designation_reference",
    "designation_date",
    "competent_in_theme",
    "names_public",
]
COMPARED = [f.attname for f in Seat._meta.concrete_fields if f.name in services.SEAT_FIELDS]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    file_format: str = "csv"
    seats: list[Seat] = field(default_factory=list)


def _choices(names: Iterable[str]) -> str:
    return ", ".join(f"« {name} »" for name in sorted(names, key=fold)) or "—"


class Resolver:
    """Finds what the file names — bodies of the pôle, organisations, people and chambers of its basin — once each."""

    def __init__(self, pole: Pole) -> None:
        self.bodies = list(pole.bodies.all())
        self.steering = next((b for b in self.bodies if b.is_steering_committee), None)
        self.bodies_by_key: dict[str, list[Body]] = defaultdict(list)
        for body in self.bodies:
            for key in {_key(body.name), _key(body.slug)}:
                self.bodies_by_key[key].append(body)
        organisations = Organisation.objects.in_basin(pole.basin).only("pk", "name", "acronym", "enterprise_number")
        self.organisations_by_number: dict[str, Organisation] = {}
        self.organisations_by_name: dict[str, list[Organisation]] = defaultdict(list)
        self.organisations_by_acronym: dict[str, list[Organisation]] = defaultdict(list)
        for organisation in organisations:
            if organisation.enterprise_number:
                self.organisations_by_number[organisation.enterprise_number] = organisation
            self.organisations_by_name[_key(organisation.name)].append(organisation)
            if organisation.acronym:
                self.organisations_by_acronym[_key(organisation.acronym)].append(organisation)
        self.people_by_name: dict[str, dict[int, Person]] = defaultdict(dict)
        self.people_by_email: dict[str, dict[int, Person]] = defaultdict(dict)
        for person in Person.objects.filter(basin=pole.basin).only("pk", "first_name", "last_name", "email"):
            self.people_by_name[_key(f"{person.first_name} {person.last_name}")][person.pk] = person
            self.people_by_name[_key(f"{person.last_name} {person.first_name}")][person.pk] = person
            if person.email:
                self.people_by_email[person.email.strip().lower()][person.pk] = person
        self.chambers = list(Chamber.objects.filter(basin=pole.basin))
        self.affiliations: dict[int, set[int]] = {}

    def body(self, text: str) -> Body:
        key = _key(text)
        if key in STEERING_COMMITTEE_KEYS:
            if self.steering is None:
                raise ValidationError(_("ce pôle n’a pas de comité de pilotage."))
            return self.steering
        found = self.bodies_by_key.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValidationError(
                _("plusieurs organes s’appellent « %(value)s » : indiquez leur identifiant (%(slugs)s).")
                % {"value": text, "slugs": _choices(b.slug for b in found)}
            )
        raise ValidationError(
            _(
                "organe « %(value)s » inconnu : un groupe de travail doit être créé dans le pôle avant l’import "
                "(organes existants : %(names)s)."
            )
            % {"value": text, "names": _choices(b.name for b in self.bodies)}
        )

    def organisation(self, text: str) -> Organisation:
        digits = normalise_enterprise_number(text)
        if re.fullmatch(r"[01]\d{9}", digits):
            validate_enterprise_number(text)
            found = self.organisations_by_number.get(digits)
            if found is None:
                raise ValidationError(
                    _("aucune organisation du bassin n’a le numéro d’entreprise « %(value)s ».") % {"value": text}
                )
            return found
        candidates = self.organisations_by_name.get(_key(text)) or self.organisations_by_acronym.get(_key(text), [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise ValidationError(
                _("plusieurs organisations du bassin s’appellent « %(value)s » : indiquez son numéro d’entreprise.")
                % {"value": text}
            )
        raise ValidationError(
            _("organisation « %(value)s » introuvable dans l’annuaire du bassin : ajoutez-la d’abord.")
            % {"value": text}
        )

    def person(self, text: str, organisation: Organisation | None) -> Person:
        by_email = "@" in text
        found = self.people_by_email.get(text.lower()) if by_email else self.people_by_name.get(_key(text))
        candidates = list((found or {}).values())
        if len(candidates) > 1 and organisation is not None:
            affiliated = [p for p in candidates if p.pk in self._affiliated_with(organisation)]
            if len(affiliated) == 1:
                return affiliated[0]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            if by_email:
                raise ValidationError(_("plusieurs personnes du bassin ont l’adresse « %(value)s ».") % {"value": text})
            raise ValidationError(
                _("plusieurs personnes du bassin s’appellent « %(value)s » : indiquez plutôt son adresse e-mail.")
                % {"value": text}
            )
        raise ValidationError(
            _("personne « %(value)s » introuvable dans l’annuaire du bassin (écrivez « Prénom Nom » ou son e-mail).")
            % {"value": text}
        )

    def _affiliated_with(self, organisation: Organisation) -> set[int]:
        if organisation.pk not in self.affiliations:
            self.affiliations[organisation.pk] = set(
                Affiliation.objects.filter(organisation=organisation).values_list("person_id", flat=True)
            )
        return self.affiliations[organisation.pk]

    def chamber(self, text: str | None, origin: str | None) -> Chamber | None:
        """The chamber named; when none is, the only chamber of the basin that fits a chamber origin."""
        kind = CHAMBER_KINDS.get(origin or "")
        if not text:
            fitting = [c for c in self.chambers if c.kind == kind]
            return fitting[0] if len(fitting) == 1 else None
        key = _key(text)
        found = [c for c in self.chambers if _key(c.name) == key]
        found = found or [c for c in self.chambers if c.sub_area and _key(c.sub_area) == key and c.kind == kind]
        if len(found) == 1:
            return found[0]
        raise ValidationError(
            _("chambre « %(value)s » inconnue dans ce bassin (chambres : %(names)s).")
            % {"value": text, "names": _choices(c.name for c in self.chambers)}
        )


@dataclass
class _Plan:
    line: int
    target: Seat | None
    fields: dict[str, Any]


def _read(data: bytes, filename: str) -> tuple[csvio.ParseResult, str]:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if xlsxio.looks_like_spreadsheet(data) or extension in SPREADSHEET_EXTENSIONS:
        return xlsxio.parse(data, COLUMNS), "xlsx"
    return csvio.parse(data, COLUMNS), "csv"


def _lookup(
    values: Mapping[str, Any], name: str, line: int, problems: list[csvio.Problem], find: Any, *args: Any
) -> Any:
    text = values.get(name)
    if not text:
        return None
    try:
        return find(text, *args)
    except ValidationError as exc:
        problems.extend(csvio.Problem(line, LABELS[name], message) for message in exc.messages)
        return None


def _resolve(parsed: csvio.ParseResult, pole: Pole, problems: list[csvio.Problem]) -> list[_Plan]:
    """What each row asks for; a row that cannot be resolved adds its problems instead of a plan."""
    resolve = Resolver(pole)
    existing: dict[tuple[Any, ...], Seat] = {}
    for seat in Seat.objects.of_pole(pole).order_by("-pk"):
        existing[(seat.body_id, seat.organisation_id, seat.representative_id, seat.start)] = seat
    seen: dict[tuple[Any, ...], int] = {}
    bad_lines = {p.line for p in problems}
    plans: list[_Plan] = []
    for row in parsed.rows:
        values, line = row.values, row.line
        found: list[csvio.Problem] = []
        body = _lookup(values, "body", line, found, resolve.body)
        organisation = _lookup(values, "organisation", line, found, resolve.organisation)
        representative = _lookup(values, "representative", line, found, resolve.person, organisation)
        fields: dict[str, Any] = {"body": body, "organisation": organisation, "representative": representative}
        if "substitute" in values:
            fields["substitute"] = _lookup(values, "substitute", line, found, resolve.person, organisation)
        chamber = None
        try:
            chamber = resolve.chamber(values.get("chamber"), values.get("origin"))
        except ValidationError as exc:
            found.extend(csvio.Problem(line, LABELS["chamber"], message) for message in exc.messages)
        fields.update({name: values[name] for name in PLAIN_FIELDS if name in values})
        problems.extend(found)
        if found or line in bad_lines:
            continue
        key = (body.pk, getattr(organisation, "pk", None), getattr(representative, "pk", None), fields["start"])
        if key in seen:
            problems.append(csvio.Problem(line, "", _("même siège qu’à la ligne %(line)s.") % {"line": seen[key]}))
            continue
        seen[key] = line
        if "chamber" in values or key not in existing:
            fields["chamber"] = chamber  # without the column, an existing seat keeps its chamber
        plans.append(_Plan(line, existing.get(key), fields))
    return plans


def _problems_of(line: int, error: ValidationError) -> list[csvio.Problem]:
    if hasattr(error, "error_dict"):
        return [
            csvio.Problem(line, LABELS.get(name, ""), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [csvio.Problem(line, "", message) for message in error.messages]


def _apply(plan: _Plan, by: Any, report: ImportReport) -> None:
    """Create or update the seat of one row through the service, which raises ValidationError to refuse it."""
    if plan.target is None:
        seat = Seat(**{**DEFAULTS, **{k: v for k, v in plan.fields.items() if v is not None}})
        services.save_seat(seat, by=by, confirm=True)
        report.created += 1
    else:
        seat = plan.target
        before = [getattr(seat, name) for name in COMPARED]
        for name, value in plan.fields.items():
            setattr(seat, name, DEFAULTS[name] if value is None and name in DEFAULTS else value)
        if [getattr(seat, name) for name in COMPARED] == before:
            report.unchanged += 1
        else:
            services.save_seat(seat, by=by, confirm=True)
            report.updated += 1
    report.seats.append(seat)


def import_composition(data: bytes, *, pole: Pole, by: Any, filename: str | None = None) -> ImportReport:
    """Create or update the seats a CSV or Excel file lists, all or nothing; raise CsvError with every problem.

    A row matching an existing seat (same body, organisation, representative and start) updates it. A column the
    file lacks leaves the existing seats' values alone; an empty cell clears the value (or restores the default).
    """
    if pole.is_read_only():
        raise csvio.CsvError(
            [
                csvio.Problem(
                    1,
                    "",
                    _("le pôle « %(name)s » est %(status)s : sa composition ne peut plus être modifiée (R7).")
                    % {"name": pole.name, "status": pole.status.label},
                )
            ]
        )
    filename = filename or ""
    parsed, kind = _read(data, filename)
    problems = list(parsed.problems)
    if not parsed.rows and not problems:
        raise csvio.CsvError([csvio.Problem(2, "", _("aucune ligne à importer sous l’en-tête."))])
    plans = _resolve(parsed, pole, problems)
    report = ImportReport(file_format=kind)
    with transaction.atomic():
        for plan in plans:
            try:
                _apply(plan, by, report)
            except ValidationError as exc:
                problems.extend(_problems_of(plan.line, exc))
        if problems:
            transaction.set_rollback(True)
        else:
            audit.record(
                actor=by,
                verb="pole.composition.import",
                action=AuditEntry.Action.IMPORT,
                target=pole,
                message=_(
                    "%(created)s siège(s) ajouté(s), %(updated)s mis à jour, %(unchanged)s inchangé(s) (%(file)s)"
                )
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "file": filename or kind.upper(),
                },
            )
    if problems:
        raise csvio.CsvError(sorted(problems, key=lambda p: p.line))
    return report


def _ambiguous(keys: Iterable[str]) -> set[str]:
    return {key for key, n in Counter(keys).items() if n > 1}


def export_rows(pole: Pole, day: datetime.date | None = None) -> list[list[Any]]:
    """The seats (in force on `day`, or all of them) in the import's columns, dates as dates.

    Names are written as people read them; where a name is shared in the basin, the e-mail address or enterprise
    number is written instead, so that the file imports back to the same seats.
    """
    seats = Seat.objects.of_pole(pole).select_related("body", "organisation", "representative", "substitute", "chamber")
    if day is not None:
        seats = seats.in_force(day)
    people = Person.objects.filter(basin=pole.basin).values_list("first_name", "last_name")
    same_person_name = _ambiguous(
        key for first, last in people for key in {_key(f"{first} {last}"), _key(f"{last} {first}")}
    )
    same_organisation_name = _ambiguous(
        map(_key, Organisation.objects.in_basin(pole.basin).values_list("name", flat=True))
    )
    same_body_name = _ambiguous(map(_key, pole.bodies.values_list("name", flat=True)))

    def person(p: Person | None) -> str:
        if p is None:
            return ""
        return p.email if _key(p.full_name) in same_person_name and p.email else p.full_name

    def organisation(o: Organisation | None) -> str:
        if o is None:
            return ""
        if _key(o.name) in same_organisation_name and o.enterprise_number:
            return format_enterprise_number(o.enterprise_number)
        return o.name

    def order(seat: Seat) -> tuple[Any, ...]:
        holder = (
            seat.organisation.name
            if seat.organisation
            else (seat.representative.full_name if seat.representative else "")
        )
        return (
            not seat.body.is_steering_committee,
            fold(seat.body.name),
            ROLE_ORDER.get(seat.role, 99),
            fold(holder),
            seat.start,
            seat.pk,
        )

    return [
        [
            seat.body.slug if _key(seat.body.name) in same_body_name else seat.body.name,
            organisation(seat.organisation),
            person(seat.representative),
            person(seat.substitute),
            ORIGIN_WORDS.get(seat.origin, seat.origin),
            seat.chamber.name if seat.chamber else "",
            ROLE_WORDS.get(seat.role, seat.role),
            seat.start,
            seat.end,
            seat.designation_reference,
            seat.designation_date,
            YES if seat.competent_in_theme else NO,
            YES if seat.names_public else NO,
        ]
        for seat in sorted(seats, key=order)
    ]


def export_csv(pole: Pole, day: datetime.date | None = None) -> Iterable[bytes]:
    """The composition as a CSV Excel opens in a Belgian locale (UTF-8 with BOM, semicolons, dates DD/MM/YYYY)."""
    rows = (
        [v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v for v in row] for row in export_rows(pole, day)
    )
    return csvio.write(HEADER, rows)


def export_xlsx(pole: Pole, day: datetime.date | None = None) -> bytes:
    """The composition as an Excel workbook, with real dates."""
    return xlsxio.write(HEADER, export_rows(pole, day), title=f"Composition {pole.code}")
