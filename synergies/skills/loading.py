"""Frameworks as data: a JSON file describes a framework, one of its versions and its tree of concepts.

The external frameworks the pôle maps its referential to (DigComp, CléA, CECR…) ship as such files in
`data/frameworks/`, and the pôle's seed referential is built from the same structure: one format, one validator,
one way of writing a tree of nodes. `build_nodes` is also what the ESCO import writes its ~14,000 concepts with,
hence bulk inserts level by level of the tree rather than one save per node.

A file is checked as a whole before anything is written, and every problem is reported with the file and the JSON
path of the faulty value (« concepts[2].children[0] : code manquant »), so that whoever edits a file by hand finds
the mistake without reading code.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.skills import exports
from synergies.skills.levels import palier_codes
from synergies.skills.models import Change, Concept, Framework, FrameworkVersion, LevelDescriptor, Mapping, Node
from synergies.skills.services.common import log_change, user_of

__all__ = [
    "DATA_DIR",
    "FRAMEWORKS_DIR",
    "build_nodes",
    "external_framework",
    "load_external_frameworks",
    "load_framework_file",
    "read_data_file",
    "release",
    "supersede_current",
]

DATA_DIR = Path(__file__).parent / "data"
FRAMEWORKS_DIR = DATA_DIR / "frameworks"
BATCH_SIZE = 500
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


# --- writing a tree of nodes --------------------------------------------------------------------------------------


@dataclass
class _Pending:
    data: dict[str, Any]
    parent: _Pending | None
    position: int
    node: Node | None = None


def _flatten(concepts: Sequence[dict[str, Any]]) -> list[list[_Pending]]:
    """The tree's concepts by depth, each knowing its parent, so that a level is inserted once the one above has
    its primary keys."""
    levels: list[list[_Pending]] = []
    current = [_Pending(data, None, position) for position, data in enumerate(concepts)]
    while current:
        levels.append(current)
        current = [
            _Pending(child, pending, position)
            for pending in current
            for position, child in enumerate(pending.data.get("children") or [])
        ]
    return levels


def _lines(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return "\n".join(str(item).strip() for item in value if str(item).strip())


def _concepts_by_code(framework: Framework, wanted: dict[str, str]) -> dict[str, Concept]:
    """The framework's concepts for these codes ({code: uri}), created when missing (a code is the identity of a
    concept across versions), their URI set when one is given."""
    existing = {concept.code: concept for concept in Concept.objects.filter(framework=framework)}
    missing = [Concept(framework=framework, code=code, uri=uri) for code, uri in wanted.items() if code not in existing]
    if missing:
        Concept.objects.bulk_create(missing, batch_size=BATCH_SIZE)
        if any(concept.pk is None for concept in missing):  # a backend that does not return primary keys
            existing = {concept.code: concept for concept in Concept.objects.filter(framework=framework)}
        else:
            existing.update({concept.code: concept for concept in missing})
    changed = []
    for code, uri in wanted.items():
        concept = existing[code]
        if uri and concept.uri != uri:
            concept.uri = uri
            changed.append(concept)
    if changed:
        Concept.objects.bulk_update(changed, ["uri"], batch_size=BATCH_SIZE)
    return existing


def build_nodes(version: FrameworkVersion, concepts: Sequence[dict[str, Any]], *, framework: Framework) -> int:
    """Write the tree `concepts` (the JSON format of this module, already checked) as the nodes of the draft
    `version`; return the number of nodes.

    A few queries whatever the size: the framework's concepts are read once and the missing ones bulk-created, then
    each depth of the tree is bulk-inserted after its parents. bulk_create skips Node.save, so the search text is
    computed here the same way."""
    if version.framework_id != framework.pk:
        raise ValueError("the version belongs to another framework")
    levels = _flatten(concepts)
    wanted = {pending.data["code"]: pending.data.get("uri") or "" for level in levels for pending in level}
    by_code = _concepts_by_code(framework, wanted)
    count = 0
    descriptors: list[LevelDescriptor] = []
    for level in levels:
        nodes = []
        for pending in level:
            data = pending.data
            node = Node(
                version=version,
                concept=by_code[data["code"]],
                parent=pending.parent.node if pending.parent else None,
                position=pending.position,
                kind=data["kind"],
                label=data.get("label") or "",
                label_en=data.get("label_en") or "",
                definition=data.get("definition") or "",
                definition_en=data.get("definition_en") or "",
                alt_labels=_lines(data.get("alt_labels")),
                examples=_lines(data.get("examples")),
                extra=data.get("extra") or {},
            )
            node.search_text = node.compute_search_text()
            pending.node = node
            nodes.append(node)
        Node.objects.bulk_create(nodes, batch_size=BATCH_SIZE)
        count += len(nodes)
        if any(node.pk is None for node in nodes):
            raise RuntimeError("the database backend returned no primary keys from bulk_create")
        for pending in level:
            for code, texts in sorted((pending.data.get("levels") or {}).items()):
                descriptors.append(
                    LevelDescriptor(node=pending.node, level=code, text=texts["fr"], text_en=texts.get("en") or "")
                )
    if descriptors:
        LevelDescriptor.objects.bulk_create(descriptors, batch_size=BATCH_SIZE)
    return count


# --- external frameworks ------------------------------------------------------------------------------------------


def external_framework(data: dict[str, Any]) -> Framework:
    """The external framework the data describe, created or brought up to date (name, publisher, licence…)."""
    slug = data["slug"]
    values = {
        field: data.get(field) or ""
        for field in ("code", "name", "name_en", "publisher", "homepage", "licence", "description")
    }
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        return Framework.objects.create(slug=slug, kind=Framework.Kind.EXTERNAL, pole=None, **values)
    if framework.kind != Framework.Kind.EXTERNAL:
        raise ValidationError(
            _("L’identifiant « %(slug)s » est déjà celui du référentiel d’un pôle (« %(name)s »).")
            % {"slug": slug, "name": framework.name},
            code="slug_taken",
        )
    changed = [field for field, value in values.items() if getattr(framework, field) != value]
    if changed:
        for field in changed:
            setattr(framework, field, values[field])
        framework.save(update_fields=changed)
    return framework


def supersede_current(framework: Framework, *, on: datetime.date | None = None) -> FrameworkVersion | None:
    """Mark the framework's version in force as superseded, before another one is adopted: one version in force per
    framework (a unique constraint)."""
    current = framework.versions.current().first()
    if current is not None:
        current.status = FrameworkVersion.Status.SUPERSEDED
        current.superseded_on = on or timezone.localdate()
        current.save(update_fields=["status", "superseded_on", "updated_at"])
    return current


def release(version: FrameworkVersion, *, released_on: datetime.date | None) -> FrameworkVersion:
    """Put the draft of an external framework in force, frozen with the fingerprint of its content (as a pôle's
    adopted version is), in place of the version in force."""
    supersede_current(version.framework)
    version.content_hash = exports.content_hash(version)
    version.status = FrameworkVersion.Status.ADOPTED
    version.released_on = released_on
    version.save()
    return version


def load_framework_file(path: str | Path, *, by: Any = None) -> FrameworkVersion:
    """The external framework version a data file describes, loaded if it is not yet (idempotent).

    The version is written as a draft, then adopted, superseding the version in force: the same path as a pôle's
    referential, so that the guards on released versions hold for external frameworks too."""
    path = Path(path)
    data = read_data_file(path)
    if not data["framework"].get("slug"):
        raise ValidationError(
            _("%(file)s : framework.slug : valeur manquante (l’identifiant d’un cadre externe).") % {"file": path.name},
            code="invalid_data_file",
        )
    with transaction.atomic():
        framework = external_framework(data["framework"])
        number = data["version"]["number"]
        existing = framework.versions.filter(number=number).first()
        if existing is not None and not existing.is_draft:
            return existing
        if existing is not None:
            raise ValidationError(
                _(
                    "La version %(number)s de « %(framework)s » existe à l’état de brouillon : supprimez-la avant de "
                    "charger le fichier %(file)s."
                )
                % {"number": number, "framework": framework.name, "file": path.name},
                code="draft_exists",
            )
        previous = framework.versions.current().first()
        released = data["version"].get("released_on")
        version = FrameworkVersion.objects.create(
            framework=framework,
            number=number,
            notes=data["version"].get("notes") or "",
            based_on=previous,
            created_by=user_of(by),
        )
        count = build_nodes(version, data["concepts"], framework=framework)
        log_change(
            version,
            Change.Operation.IMPORT,
            summary=_("Chargement de %(count)s concepts depuis %(file)s") % {"count": count, "file": path.name},
            reason=_("Version publiée par %(publisher)s.") % {"publisher": framework.publisher or framework.name},
            by=by,
            details={"file": path.name, "nodes": count},
        )
        release(version, released_on=datetime.date.fromisoformat(released) if released else None)
        audit.record(
            actor=by,
            verb="skills.framework.load",
            action=AuditEntry.Action.IMPORT,
            target=version,
            changes={"nodes": [None, count], "superseded": [None, str(previous) if previous else None]},
            message=path.name,
        )
    return version


def load_external_frameworks(*, by: Any = None) -> list[FrameworkVersion]:
    """Every data file of data/frameworks/, in one transaction: a faulty file loads none of them."""
    with transaction.atomic():
        return [load_framework_file(path, by=by) for path in sorted(FRAMEWORKS_DIR.glob("*.json"))]
