"""Reading a framework's data file and checking it as a whole, before anything is written: every problem is reported
with the file and the JSON path of the faulty value."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from synergies.skills.levels import palier_codes
from synergies.skills.models import Mapping, Node

MAX_PROBLEMS = 20

FRAMEWORK_FIELDS = {
    "slug": 80,
    "code": 20,
    "name": 200,
    "name_en": 200,
    "publisher": 200,
    "homepage": 200,
    "licence": 300,
    "description": None,
}
FRAMEWORK_REQUIRED = ("code", "name")  # and the slug, for an external framework (a pôle's is derived from the pôle)
VERSION_FIELDS = {"number": 20, "released_on": None, "notes": None}
CONCEPT_TEXT_FIELDS = {
    "code": 64,
    "kind": 12,
    "label": 300,
    "label_en": 300,
    "definition": None,
    "definition_en": None,
    "uri": 255,
}
CONCEPT_FIELDS = {*CONCEPT_TEXT_FIELDS, "alt_labels", "examples", "levels", "extra", "children", "mappings"}
MAPPING_FIELDS = {"framework", "code", "uri", "relation", "rationale", "confidence"}
SLUG = re.compile(r"^[-a-z0-9]+$")
is_url = URLValidator(schemes=["http", "https"])


# --- reading and checking a file ----------------------------------------------------------------------------------


class _Problems:
    """Every problem of a file, each with its JSON path, to be raised at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.messages.append(f"{path} : {message}" if path else message)

    def raise_for(self, name: str) -> None:
        if not self.messages:
            return
        shown = self.messages[:MAX_PROBLEMS]
        if len(self.messages) > MAX_PROBLEMS:
            shown.append(_("… et %(count)s autres problèmes.") % {"count": len(self.messages) - MAX_PROBLEMS})
        raise ValidationError([f"{name} : {message}" for message in shown], code="invalid_data_file")


def _check_text(problems: _Problems, path: str, value: Any, *, limit: int | None, required: bool) -> None:
    if value is None or value == "":
        if required:
            problems.add(path, _("valeur manquante."))
        return
    if not isinstance(value, str):
        problems.add(path, _("une chaîne de caractères est attendue."))
    elif limit is not None and len(value) > limit:
        problems.add(path, _("%(length)s caractères, au plus %(limit)s.") % {"length": len(value), "limit": limit})


def _check_url(problems: _Problems, path: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        return
    try:
        is_url(value)
    except ValidationError:
        problems.add(path, _("« %(value)s » n’est pas une adresse web valide.") % {"value": value})


def _check_unknown_keys(problems: _Problems, path: str, data: dict[str, Any], known: Iterable[str]) -> None:
    for key in sorted(set(data) - set(known)):
        problems.add(f"{path}.{key}" if path else key, _("clé inconnue."))


def _check_lines(problems: _Problems, path: str, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(path, _("une liste de chaînes de caractères est attendue."))
    elif any("\n" in item for item in value):
        problems.add(path, _("une entrée de la liste ne peut contenir de saut de ligne."))


def _check_levels(problems: _Problems, path: str, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        problems.add(path, _("un objet {palier : {fr, en}} est attendu."))
        return
    known = palier_codes()
    for level, texts in value.items():
        here = f"{path}.{level}"
        if level not in known:
            problems.add(here, _("palier inconnu (paliers possibles : %(known)s).") % {"known": ", ".join(known)})
        if not isinstance(texts, dict):
            problems.add(here, _("un objet {fr, en} est attendu."))
            continue
        _check_unknown_keys(problems, here, texts, ("fr", "en"))
        _check_text(problems, f"{here}.fr", texts.get("fr"), limit=None, required=True)
        _check_text(problems, f"{here}.en", texts.get("en"), limit=None, required=False)


def _check_mappings(problems: _Problems, path: str, value: Any) -> None:
    """The crosswalks a seed referential proposes (written by the services once its nodes exist)."""
    if value is None:
        return
    if not isinstance(value, list):
        problems.add(path, _("une liste de correspondances est attendue."))
        return
    relations = set(Mapping.Relation.values)
    for index, mapping in enumerate(value):
        here = f"{path}[{index}]"
        if not isinstance(mapping, dict):
            problems.add(here, _("un objet est attendu."))
            continue
        _check_unknown_keys(problems, here, mapping, MAPPING_FIELDS)
        _check_text(problems, f"{here}.framework", mapping.get("framework"), limit=80, required=True)
        _check_text(problems, f"{here}.rationale", mapping.get("rationale"), limit=None, required=True)
        if not mapping.get("code") and not mapping.get("uri"):
            problems.add(here, _("code ou URI de la cible manquant."))
        if mapping.get("relation") not in relations:
            problems.add(
                f"{here}.relation",
                _("relation « %(relation)s » inconnue (relations possibles : %(known)s).")
                % {"relation": mapping.get("relation"), "known": ", ".join(sorted(relations))},
            )
        confidence = mapping.get("confidence")
        if confidence is not None and (not isinstance(confidence, int) or not 0 <= confidence <= 100):
            problems.add(f"{here}.confidence", _("un entier de 0 à 100 est attendu."))


def _check_concepts(problems: _Problems, path: str, concepts: Any, seen: dict[str, str]) -> None:
    if not isinstance(concepts, list):
        problems.add(path, _("une liste de concepts est attendue."))
        return
    kinds = set(Node.Kind.values)
    for index, concept in enumerate(concepts):
        here = f"{path}[{index}]"
        if not isinstance(concept, dict):
            problems.add(here, _("un objet est attendu."))
            continue
        _check_unknown_keys(problems, here, concept, CONCEPT_FIELDS)
        code = concept.get("code")
        if not isinstance(code, str) or not code.strip():
            problems.add(here, _("code manquant."))
        elif code != code.strip() or any(c.isspace() for c in code):
            problems.add(f"{here}.code", _("« %(code)s » : un code ne contient pas d’espace.") % {"code": code})
        elif code in seen:
            problems.add(
                f"{here}.code",
                _("le code « %(code)s » est déjà celui de %(other)s.") % {"code": code, "other": seen[code]},
            )
        else:
            seen[code] = here
        kind = concept.get("kind")
        if not kind:
            problems.add(here, _("nature (kind) manquante."))
        elif kind not in kinds:
            problems.add(
                f"{here}.kind",
                _("nature « %(kind)s » inconnue (natures possibles : %(known)s).")
                % {"kind": kind, "known": ", ".join(sorted(kinds))},
            )
        for name, limit in CONCEPT_TEXT_FIELDS.items():
            if name not in ("code", "kind"):
                _check_text(problems, f"{here}.{name}", concept.get(name), limit=limit, required=name == "label")
        _check_url(problems, f"{here}.uri", concept.get("uri"))
        _check_lines(problems, f"{here}.alt_labels", concept.get("alt_labels"))
        _check_lines(problems, f"{here}.examples", concept.get("examples"))
        _check_levels(problems, f"{here}.levels", concept.get("levels"))
        _check_mappings(problems, f"{here}.mappings", concept.get("mappings"))
        if concept.get("extra") is not None and not isinstance(concept["extra"], dict):
            problems.add(f"{here}.extra", _("un objet est attendu."))
        if concept.get("children") is not None:
            _check_concepts(problems, f"{here}.children", concept["children"], seen)


def read_data_file(path: str | Path) -> dict[str, Any]:
    """The file's content once its whole structure is valid; a French ValidationError listing every problem
    otherwise (file name, then the JSON path of each faulty value)."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ValidationError(
            _("%(file)s : fichier illisible (%(error)s).") % {"file": name, "error": exc.strerror or exc},
            code="unreadable",
        ) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("%(file)s : le fichier n’est pas encodé en UTF-8.") % {"file": name}, code="encoding"
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("%(file)s, ligne %(line)s, colonne %(column)s : JSON invalide (%(error)s).")
            % {"file": name, "line": exc.lineno, "column": exc.colno, "error": exc.msg},
            code="invalid_json",
        ) from exc

    problems = _Problems()
    if not isinstance(data, dict):
        problems.add("", _("un objet JSON avec les clés framework, version et concepts est attendu."))
        problems.raise_for(name)
    _check_unknown_keys(problems, "", data, ("framework", "version", "concepts"))

    framework = data.get("framework")
    if not isinstance(framework, dict):
        problems.add("framework", _("objet manquant."))
    else:
        _check_unknown_keys(problems, "framework", framework, FRAMEWORK_FIELDS)
        for field, limit in FRAMEWORK_FIELDS.items():
            _check_text(
                problems, f"framework.{field}", framework.get(field), limit=limit, required=field in FRAMEWORK_REQUIRED
            )
        slug = framework.get("slug")
        if isinstance(slug, str) and slug and not SLUG.match(slug):
            problems.add(
                "framework.slug", _("« %(slug)s » : lettres minuscules, chiffres et tirets seulement.") % {"slug": slug}
            )
        _check_url(problems, "framework.homepage", framework.get("homepage"))

    version = data.get("version")
    if not isinstance(version, dict):
        problems.add("version", _("objet manquant."))
    else:
        _check_unknown_keys(problems, "version", version, VERSION_FIELDS)
        _check_text(problems, "version.number", version.get("number"), limit=20, required=True)
        _check_text(problems, "version.notes", version.get("notes"), limit=None, required=False)
        released_on = version.get("released_on")
        if released_on not in (None, ""):
            try:
                datetime.date.fromisoformat(str(released_on))
            except ValueError:
                problems.add(
                    "version.released_on",
                    _("« %(value)s » n’est pas une date AAAA-MM-JJ.") % {"value": released_on},
                )

    concepts = data.get("concepts")
    if not concepts:
        problems.add("concepts", _("aucun concept."))
    else:
        _check_concepts(problems, "concepts", concepts, {})
    problems.raise_for(name)
    return data
