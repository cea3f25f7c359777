"""The interchange file's sixteen columns and how each cell is read and written.

A cell parser turns text into a value or raises a French ValidationError; what needs the database (skill codes,
communes, organisations) is only split here and resolved later, in one query per kind for the whole file. The
record's own rules (lengths, choices, e-mail and URL syntax) are the model's, checked in `planning`.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from synergies.lib import csvio
from synergies.practices.forms.record import LANGUAGES
from synergies.practices.models import Kind, Licence, Modality, Practice, Public
from synergies.practices.services.records import clean_codes

HEADER = (
    "external_id",
    "title",
    "summary",
    "description",
    "kind",
    "organisations",
    "publics",
    "skills",
    "communes",
    "modality",
    "duration_hours",
    "evidence_level",
    "url",
    "contact_email",
    "licence",
    "language",
)
ORGANISATION_SEPARATOR = " | "
CODE_SEPARATOR = "|"
DEFAULT_LICENCE = Licence.CC_BY.value
DEFAULT_LANGUAGE = "fr"
DEFAULT_MODALITY = Modality.ON_SITE.value
MAX_DESCRIPTION = 50_000
MAX_ORGANISATION_NAME = 200


def split(raw: str) -> list[str]:
    """Values separated by « | » (spaces around it allowed), without empty ones or repeats, in their order."""
    return list(dict.fromkeys(part.strip() for part in raw.split(CODE_SEPARATOR) if part.strip()))


def _one_code(choices: Any, column: str) -> Any:
    @functools.lru_cache(maxsize=64)  # a file repeats the same few words: check each once
    def parse(raw: str) -> str:
        try:
            return clean_codes([raw.lower()], choices, field=column)[0]
        except ValidationError:
            raise ValidationError(
                _("« %(value)s » inconnu ; valeurs possibles : %(known)s.")
                % {"value": raw, "known": ", ".join(c.value for c in choices)}
            ) from None

    return parse


def _licence(raw: str) -> str:
    known = {c.value.lower(): c.value for c in Licence}
    value = known.get(raw.lower().replace(" ", "-"))
    if value is None:
        raise ValidationError(
            _("licence « %(value)s » inconnue ; valeurs possibles : %(known)s.")
            % {"value": raw, "known": ", ".join(known.values())}
        )
    return value


def _publics(raw: str) -> list[str]:
    return list(_known_publics(raw))


@functools.lru_cache(maxsize=1024)
def _known_publics(raw: str) -> tuple[str, ...]:
    codes = [code.upper() for code in split(raw)]
    try:
        return tuple(clean_codes(codes, Public, field="publics"))
    except ValidationError as exc:
        raise ValidationError(
            _("%(problem)s Codes possibles : %(known)s.")
            % {"problem": exc.messages[0], "known": ", ".join(c.value for c in Public)}
        ) from None


def _organisations(raw: str) -> list[str]:
    names = split(raw)
    too_long = [name for name in names if len(name) > MAX_ORGANISATION_NAME]
    if too_long:
        raise ValidationError(
            _("nom d’organisation trop long (%(n)s caractères, maximum %(limit)s).")
            % {"n": len(too_long[0]), "limit": MAX_ORGANISATION_NAME}
        )
    return names


DECIMAL = re.compile(r"^\d{1,6}(?:[.,]\d)?$")


def _duration(raw: str) -> Decimal:
    text = raw.replace("\u00a0", "").replace(" ", "")
    if not DECIMAL.match(text):
        raise ValidationError(
            _("durée « %(value)s » invalide : un nombre d’heures positif, au plus une décimale (p. ex. 12,5).")
            % {"value": raw}
        )
    return Decimal(text.replace(",", ".")).quantize(Decimal("0.1"))  # as the database gives it back


def _evidence(raw: str) -> int:
    if raw not in ("1", "2", "3", "4"):
        raise ValidationError(_("niveau de preuve « %(value)s » invalide : 1, 2, 3 ou 4.") % {"value": raw})
    return int(raw)


def _language(raw: str) -> str:
    known = [code for code, _label in LANGUAGES]
    if raw.lower() not in known:
        raise ValidationError(
            _("langue « %(value)s » inconnue ; valeurs possibles : %(known)s.")
            % {"value": raw, "known": ", ".join(known)}
        )
    return raw.lower()


def _text(limit: int) -> Any:
    def parse(raw: str) -> str:
        if len(raw) > limit:
            raise ValidationError(
                _("texte trop long (%(n)s caractères, maximum %(limit)s).") % {"n": len(raw), "limit": limit}
            )
        return raw

    return parse


def _limit(field: str) -> int:
    """The model's own maximum length, so that the file and the editor refuse the same texts."""
    model_field = Practice._meta.get_field(field)
    assert isinstance(model_field, models.Field)
    return int(model_field.max_length or 0)


def _validated(field: str) -> Any:
    """The model field's own validators (URL, e-mail syntax) on the cell."""
    check_length = _text(_limit(field))
    model_field = Practice._meta.get_field(field)
    assert isinstance(model_field, models.Field)

    def parse(raw: str) -> str:
        value = check_length(raw)
        try:
            model_field.run_validators(value)
        except ValidationError as exc:
            raise ValidationError(
                _("« %(value)s » : %(problem)s") % {"value": raw, "problem": " ".join(exc.messages)}
            ) from None
        return value

    return parse


COLUMNS = [
    csvio.Column("external_id", "external_id", parse=_text(_limit("external_id"))),
    csvio.Column("title", "title", required=True, parse=_text(_limit("title"))),
    csvio.Column("summary", "summary", required=True, parse=_text(_limit("summary"))),
    csvio.Column("description", "description", parse=_text(MAX_DESCRIPTION)),
    csvio.Column("kind", "kind", required=True, parse=_one_code(Kind, "kind")),
    csvio.Column("organisations", "organisations", required=True, parse=_organisations),
    csvio.Column("publics", "publics", parse=_publics),
    csvio.Column("skills", "skills", parse=lambda raw: [code.upper() for code in split(raw)]),
    csvio.Column("communes", "communes", parse=split),
    csvio.Column("modality", "modality", parse=_one_code(Modality, "modality")),
    csvio.Column("duration_hours", "duration_hours", parse=_duration),
    csvio.Column("evidence_level", "evidence_level", parse=_evidence),
    csvio.Column("url", "url", parse=_validated("url")),
    csvio.Column("contact_email", "contact_email", parse=_validated("contact_email")),
    csvio.Column("licence", "licence", parse=_licence),
    csvio.Column("language", "language", parse=_language),
]


def format_duration(value: Decimal | None) -> str:
    """« 12,5 » or « 3 »: a decimal comma, which Excel in a Belgian or French locale reads as a number."""
    return "" if value is None else format(value.normalize(), "f").replace(".", ",")
