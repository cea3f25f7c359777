"""Editing a draft of a pôle's referential: add, rename or redefine, move, split, merge and retire concepts.

Each operation runs in a transaction, checks that the version is still an editable draft, refuses what would break
the tree (a cycle, a competence outside a domain, a code given twice) with a French message naming the field, and
writes one line of the version's change log with its author and reason, plus an audit entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.skills.levels import palier_codes
from synergies.skills.models import Change, Concept, FrameworkVersion, LevelDescriptor, Node
from synergies.skills.models import Mapping as Crosswalk
from synergies.skills.services.common import (
    CHILD_KIND,
    PARENT_KIND,
    check_editable,
    check_new_code,
    log_change,
    normalise_code,
    require_reason,
)

__all__ = [
    "TEXT_FIELDS",
    "add_concept",
    "ancestors_of",
    "merge_concepts",
    "move_concept",
    "retire_concept",
    "split_concept",
    "suggest_code",
    "update_concept",
]

TEXT_FIELDS = ("label", "label_en", "definition", "definition_en", "examples", "alt_labels")


def _locked(node: Node) -> Node:
    node = (
        Node.objects.select_for_update(of=("self",))
        .select_related("version__framework__pole", "concept")
        .get(pk=node.pk)
    )
    check_editable(node.version)
    return node


def ancestors_of(node: Node) -> list[Node]:
    """From the parent up to the root; stops with a French error on a cycle (which no operation here creates, but an
    import gone wrong could)."""
    chain: list[Node] = []
    seen = {node.pk}
    current = node.parent
    while current is not None:
        if current.pk in seen:
            raise ValidationError(
                _("Le référentiel contient un cycle : « %(label)s » est son propre ancêtre.")
                % {"label": current.label},
                code="cycle",
            )
        seen.add(current.pk)
        chain.append(current)
        current = current.parent
    return chain


def _check_kind(version: FrameworkVersion, kind: str, parent: Node | None) -> None:
    if not version.framework.is_internal:
        return
    if kind not in PARENT_KIND:
        raise ValidationError(
            {"kind": _("Choisissez la nature du concept : famille, domaine, compétence ou descripteur.")}
        )
    expected = PARENT_KIND[kind]
    actual = parent.kind if parent is not None else None
    if expected != actual:
        places: dict[str | None, str] = {
            None: _("à la racine du référentiel"),
            Node.Kind.FAMILY: _("dans une famille"),
            Node.Kind.DOMAIN: _("dans un domaine"),
            Node.Kind.COMPETENCE: _("dans une compétence"),
        }
        where = places[expected]
        raise ValidationError(
            {
                "parent": _("Un concept de nature « %(kind)s » se place %(where)s.")
                % {"kind": Node.Kind(kind).label, "where": where}
            }
        )


def _check_parent(version: FrameworkVersion, parent: Node | None) -> None:
    if parent is not None and parent.version_id != version.pk:
        raise ValidationError({"parent": _("Le concept parent appartient à une autre version du référentiel.")})


def _next_position(version: FrameworkVersion, parent: Node | None) -> int:
    top = Node.objects.filter(version=version, parent=parent).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _insert_at(
    version: FrameworkVersion, parent: Node | None, position: int | None, *, moving: Node | None = None
) -> int:
    """Make room at `position` among the children of `parent` (appended when None) and return the position to use."""
    siblings = list(
        Node.objects.filter(version=version, parent=parent)
        .exclude(pk=getattr(moving, "pk", None))
        .order_by("position", "pk")
    )
    if position is None or position >= len(siblings):
        position = len(siblings)
    position = max(position, 0)
    for index, sibling in enumerate(siblings):
        wanted = index if index < position else index + 1
        if sibling.position != wanted:
            Node.objects.filter(pk=sibling.pk).update(position=wanted)
    return position


def suggest_code(version: FrameworkVersion, parent: Node | None) -> str:
    """The next free code under `parent`: CB-LIT-07 after CB-LIT-06, CB-LIT-03.2 under CB-LIT-03; "" at the top,
    where codes are named, not numbered. Retired codes count as taken."""
    if parent is None or parent.kind == Node.Kind.FAMILY:
        return ""
    prefix = parent.concept.code
    separator = "." if parent.kind == Node.Kind.COMPETENCE else "-"
    numbers = []
    for code in Concept.objects.filter(
        framework_id=version.framework_id, code__startswith=prefix + separator
    ).values_list("code", flat=True):
        tail = code[len(prefix) + 1 :]
        if tail.isdigit():
            numbers.append(int(tail))
    following = max(numbers, default=0) + 1
    return f"{prefix}{separator}{following:02d}" if separator == "-" else f"{prefix}{separator}{following}"


def _lines(value: Any) -> str:
    """Browsers send text areas with CRLF line ends: stored text uses LF, so an untouched field compares equal."""
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _clean_text(data: Mapping[str, Any]) -> dict[str, str]:
    values = {name: _lines(data.get(name)) for name in TEXT_FIELDS if name in data}
    if "label" in values and not values["label"]:
        raise ValidationError({"label": _("L’intitulé en français est obligatoire.")})
    for name, limit in (("label", 300), ("label_en", 300)):
        if len(values.get(name, "")) > limit:
            raise ValidationError({name: _("%(limit)s caractères au plus.") % {"limit": limit}})
    return values


def _save_levels(node: Node, levels: Mapping[str, Any]) -> dict[str, list[str]]:
    """Replace the descriptors given (code → (fr, en) or {"fr", "en"}); an empty French text removes the palier."""
    known = palier_codes()
    changed: dict[str, list[str]] = {}
    current = {level.level: level for level in node.levels.all()}
    for code, value in levels.items():
        if code not in known:
            raise ValidationError({"levels": _("Palier inconnu : %(code)s.") % {"code": code}})
        text, text_en = (value.get("fr", ""), value.get("en", "")) if isinstance(value, Mapping) else value
        text, text_en = _lines(text), _lines(text_en)
        existing = current.get(code)
        before = [existing.text, existing.text_en] if existing else ["", ""]
        if [text, text_en] == before:
            continue
        if existing is not None and not text:
            existing.delete()
        elif existing is not None:
            existing.text, existing.text_en = text, text_en
            existing.save()
        elif text:
            LevelDescriptor.objects.create(node=node, level=code, text=text, text_en=text_en)
        changed[code] = [before[0], text]
    return changed


@transaction.atomic
def add_concept(
    version: FrameworkVersion,
    data: Mapping[str, Any],
    *,
    parent: Node | None,
    reason: str,
    by: Any,
    position: int | None = None,
    now: datetime.datetime | None = None,
) -> Node:
    """A new concept under `parent` (at the end, or at `position`); its kind follows from the parent's unless given."""
    version = (
        FrameworkVersion.objects.select_for_update(of=("self",)).select_related("framework__pole").get(pk=version.pk)
    )
    check_editable(version)
    reason = require_reason(reason)
    _check_parent(version, parent)
    kind = str(data.get("kind") or CHILD_KIND.get(parent.kind if parent else None, ""))
    _check_kind(version, kind, parent)
    code = normalise_code(str(data.get("code") or suggest_code(version, parent)))
    check_new_code(version, code)
    values = _clean_text({"label": "", **data})
    if position is not None:
        position = _insert_at(version, parent, position)
    concept = Concept.objects.create(framework_id=version.framework_id, code=code)
    node = Node(version=version, concept=concept, parent=parent, kind=kind, **values)
    node.position = _next_position(version, parent) if position is None else position
    node.save()
    if data.get("levels"):
        _save_levels(node, data["levels"])
    where = parent.concept.code if parent else _("la racine")
    log_change(
        version, Change.Operation.ADD, concept=concept, reason=reason, by=by, now=now,
        summary=_("%(code)s « %(label)s » ajouté dans %(where)s") % {"code": code, "label": node.label, "where": where},
        details={"parent": parent.concept.code if parent else None, "label": node.label},
    )  # fmt: skip
    audit.record_creation(actor=by, verb="skills.concept.add", target=node, fields=("label", "kind"))
    return node


@transaction.atomic
def update_concept(
    node: Node, data: Mapping[str, Any], *, reason: str, by: Any, now: datetime.datetime | None = None
) -> Node:
    """New labels, definitions, examples or paliers. A new French label is logged as a renaming."""
    node = _locked(node)
    reason = require_reason(reason)
    values = _clean_text(data)
    before = {name: getattr(node, name) for name in values}
    changes = {name: [before[name], value] for name, value in values.items() if before[name] != value}
    for name, (_old, new) in changes.items():
        setattr(node, name, new)
    if changes:
        node.save()
    level_changes = _save_levels(node, data["levels"]) if data.get("levels") else {}
    if not changes and not level_changes:
        raise ValidationError(_("Rien n’a changé : la version reste telle quelle."), code="unchanged")
    code = node.concept.code
    if "label" in changes:
        operation = Change.Operation.RENAME
        summary = _("%(code)s renommé : « %(old)s » → « %(new)s »") % {
            "code": code,
            "old": changes["label"][0],
            "new": changes["label"][1],
        }
    else:
        operation = Change.Operation.EDIT
        names = [str(getattr(Node._meta.get_field(name), "verbose_name", name)) for name in changes] + [
            _("palier %(code)s") % {"code": level} for level in level_changes
        ]
        summary = _("%(code)s modifié : %(what)s") % {"code": code, "what": ", ".join(names)}
    log_change(
        node.version, operation, concept=node.concept, summary=summary, reason=reason, by=by, now=now,
        details={**changes, **({"levels": level_changes} if level_changes else {})},
    )  # fmt: skip
    audit.record(actor=by, verb="skills.concept.update", target=node, changes=changes)
    return node


@transaction.atomic
def move_concept(
    node: Node,
    *,
    parent: Node | None,
    reason: str,
    by: Any,
    position: int | None = None,
    now: datetime.datetime | None = None,
) -> Node:
    """Put `node` (and its subtree) under `parent`, at `position` among its children (at the end when None)."""
    node = _locked(node)
    reason = require_reason(reason)
    version = node.version
    _check_parent(version, parent)
    if parent is not None:
        if parent.pk == node.pk:
            raise ValidationError({"parent": _("Un concept ne peut pas être placé dans lui-même.")})
        if node.pk in {ancestor.pk for ancestor in ancestors_of(parent)}:
            raise ValidationError(
                {
                    "parent": _(
                        "« %(label)s » ne peut pas être placé dans « %(parent)s », qui est l’un de ses propres "
                        "sous-concepts : le référentiel deviendrait circulaire."
                    )
                    % {"label": node.label, "parent": parent.label}
                }
            )
    _check_kind(version, node.kind, parent)
    old_parent = node.parent
    same_place = (old_parent.pk if old_parent else None) == (parent.pk if parent else None)
    if same_place and (position is None or position == node.position):
        raise ValidationError({"parent": _("Le concept est déjà à cet endroit.")})
    node.position = _insert_at(version, parent, position, moving=node)
    node.parent = parent
    node.save(update_fields=["parent", "position"])
    if old_parent is not None and not same_place:
        _insert_at(version, old_parent, None)  # close the gap it left
    old_where = old_parent.concept.code if old_parent else _("la racine")
    new_where = parent.concept.code if parent else _("la racine")
    summary = (
        _("%(code)s déplacé de %(old)s vers %(new)s") % {"code": node.concept.code, "old": old_where, "new": new_where}
        if not same_place
        else _("%(code)s déplacé au rang %(rank)s dans %(where)s")
        % {"code": node.concept.code, "rank": node.position + 1, "where": new_where}
    )
    log_change(
        version, Change.Operation.MOVE, concept=node.concept, summary=summary, reason=reason, by=by, now=now,
        details={"parent": [old_parent.concept.code if old_parent else None, parent.concept.code if parent else None],
                 "position": node.position},
    )  # fmt: skip
    audit.record(actor=by, verb="skills.concept.move", target=node, changes={"parent": [str(old_parent), str(parent)]})
    return node


@transaction.atomic
def split_concept(
    node: Node,
    parts: Sequence[Mapping[str, Any]],
    *,
    reason: str,
    by: Any,
    now: datetime.datetime | None = None,
) -> list[Node]:
    """New concepts carved out of `node`, placed right after it, each recording that it comes from it. The
    original stays (usually narrowed by a new label or definition: `update_concept`); retire it if nothing remains."""
    node = _locked(node)
    reason = require_reason(reason)
    if not parts:
        raise ValidationError(_("Indiquez au moins un nouveau concept issu de la scission."))
    created = []
    for offset, part in enumerate(parts, start=1):
        child = add_concept(
            node.version,
            {**part, "kind": node.kind},
            parent=node.parent,
            position=node.position + offset,
            reason=reason,
            by=by,
            now=now,
        )
        child.derived_from.add(node.concept)
        created.append(child)
    codes = ", ".join(c.concept.code for c in created)
    log_change(
        node.version, Change.Operation.SPLIT, concept=node.concept, reason=reason, by=by, now=now,
        summary=_("%(code)s scindé : %(codes)s en est issu") % {"code": node.concept.code, "codes": codes},
        details={"into": [c.concept.code for c in created]},
    )  # fmt: skip
    return created


@transaction.atomic
def merge_concepts(
    sources: Iterable[Node],
    *,
    into: Node,
    reason: str,
    by: Any,
    now: datetime.datetime | None = None,
) -> Node:
    """Fold `sources` into `into`: their sub-concepts and crosswalks move to it, it records where it comes from,
    and the sources leave the version (their codes stay reserved)."""
    into = _locked(into)
    reason = require_reason(reason)
    nodes = [_locked(source) for source in sources]
    if not nodes:
        raise ValidationError({"sources": _("Choisissez au moins un concept à fusionner.")})
    lineage = {a.pk for a in ancestors_of(into)}
    for source in nodes:
        if source.pk == into.pk:
            raise ValidationError({"sources": _("Un concept ne peut pas être fusionné avec lui-même.")})
        if source.version_id != into.version_id:
            raise ValidationError({"sources": _("On ne fusionne que des concepts de la même version.")})
        if source.kind != into.kind:
            raise ValidationError(
                {"sources": _("« %(label)s » n’est pas de même nature que « %(into)s » : on ne fusionne que des concepts de même nature.")
                 % {"label": source.label, "into": into.label}}
            )  # fmt: skip
        if source.pk in lineage:
            raise ValidationError({"sources": _("On ne fusionne pas un concept avec l’un de ses sous-concepts.")})
    targets = set(into.mappings.values_list("target_id", flat=True))
    for source in nodes:
        for child in source.children.order_by("position", "pk"):
            child.parent = into
            child.position = _next_position(into.version, into)
            child.save(update_fields=["parent", "position"])
        for mapping in source.mappings.all():
            if mapping.target_id in targets:
                continue
            Crosswalk.objects.filter(pk=mapping.pk).update(source=into)
            targets.add(mapping.target_id)
        into.derived_from.add(source.concept)
    codes = [source.concept.code for source in nodes]
    parents = {source.parent_id: source.parent for source in nodes}
    for source in nodes:
        source.delete()
    for parent in parents.values():  # close the gaps they left
        _insert_at(into.version, parent, None)
    log_change(
        into.version, Change.Operation.MERGE, concept=into.concept, reason=reason, by=by, now=now,
        summary=_("%(codes)s fusionné dans %(into)s") % {"codes": ", ".join(codes), "into": into.concept.code},
        details={"sources": codes},
    )  # fmt: skip
    audit.record(actor=by, verb="skills.concept.merge", target=into, changes={"sources": [codes, None]})
    return into


@transaction.atomic
def retire_concept(node: Node, *, reason: str, by: Any, now: datetime.datetime | None = None) -> None:
    """Take `node` out of the draft. Its code stays reserved; earlier versions keep it."""
    node = _locked(node)
    reason = require_reason(reason)
    count = node.children.count()
    if count:
        raise ValidationError(
            _("« %(label)s » a %(count)s sous-concept(s) : déplacez-les, fusionnez-les ou retirez-les d’abord.")
            % {"label": node.label, "count": count},
            code="has_children",
        )
    version, parent, concept, label = node.version, node.parent, node.concept, node.label
    node.delete()
    _insert_at(version, parent, None)
    log_change(
        version, Change.Operation.RETIRE, concept=concept, reason=reason, by=by, now=now,
        summary=_("%(code)s « %(label)s » retiré") % {"code": concept.code, "label": label},
        details={"label": label, "parent": parent.concept.code if parent else None},
    )  # fmt: skip
    audit.record(actor=by, verb="skills.concept.retire", target=version, changes={"concept": [concept.code, None]})
