"""The life of a pôle's referential: created from the seed, drafted, proposed, adopted by a decision, superseded.

Adoption has one road only: a proposal of the pôle's register about the draft (`propose_adoption`), decided by
consensus like any other; when the decision is written into the register, the decisions app calls
`adopt_version` through the subject hook (hooks.py), inside the same transaction. Nothing else turns a draft into
the version in force, so every adopted version names the decision that adopted it.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.decisions import services as decisions
from synergies.decisions.models import Decision, Proposal
from synergies.lib import audit
from synergies.poles.models import Pole
from synergies.poles.services import check_writable
from synergies.skills import exports
from synergies.skills.models import Change, Framework, FrameworkVersion, LevelDescriptor, Lineage, Mapping, Node
from synergies.skills.services.common import check_editable, log_change, pending_proposal, user_of
from synergies.skills.services.mappings import add_mappings, resolve_target, resolve_targets

__all__ = [
    "SEED",
    "adopt_version",
    "check_proposable",
    "create_referential",
    "discard_draft",
    "next_number",
    "propose_adoption",
    "start_version",
]

SEED = Path(__file__).resolve().parents[1] / "data" / "cb-seed.json"
NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}$")


def referential_slug(pole: Pole) -> str:
    return f"{pole.basin.code}-{pole.code.lower()}"


def read_seed() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8"))


def load_seed_mappings(
    version: FrameworkVersion,
    concepts: list[dict[str, Any]],
    *,
    by: Any,
    strict: bool = True,
    now: datetime.datetime | None = None,
    log: bool = True,
) -> int:
    """The crosswalks the seed file proposes, validated, in a few queries; with `strict` False, those towards
    frameworks or concepts not loaded here are skipped (an installation without ESCO still gets its referential)."""
    nodes = {node.concept.code: node for node in version.nodes.select_related("concept")}
    wanted: list[tuple[str, tuple[str, str], dict[str, Any]]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            for mapping in item.get("mappings", []):
                reference = (mapping["framework"], (mapping.get("uri") or mapping.get("code", "")).strip())
                wanted.append((item["code"], reference, mapping))
            walk(item.get("children", []))

    walk(concepts)
    targets = resolve_targets(reference for _code, reference, _m in wanted)
    rows = []
    for code, reference, mapping in wanted:
        if reference not in targets:
            if strict:
                resolve_target(*reference)  # raises the French message naming what is missing
            continue
        rows.append((nodes[code], targets[reference], mapping))
    return len(add_mappings(version, rows, by=by, now=now, log=log))


@transaction.atomic
def create_referential(
    pole: Pole,
    *,
    by: Any,
    number: str = "1.0",
    data: dict[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> FrameworkVersion:
    """The pôle's referential, with a first draft holding the seed proposal (DESIGN §5) and its crosswalks."""
    check_writable(pole)
    if Framework.objects.filter(pole=pole).exists():
        raise ValidationError(_("Ce pôle a déjà son référentiel : créez-en plutôt une nouvelle version."))
    data = data or read_seed()
    about = data["framework"]
    framework = Framework.objects.create(
        slug=referential_slug(pole),
        code=about.get("code", pole.code),
        name=about["name"],
        name_en=about.get("name_en", ""),
        description=about.get("description", ""),
        kind=Framework.Kind.INTERNAL,
        pole=pole,
        publisher=pole.basin.name,
    )
    version = FrameworkVersion.objects.create(
        framework=framework, number=number, notes=data.get("version", {}).get("notes", ""), created_by=user_of(by)
    )
    from synergies.skills import loading  # imports the data files' reader only when a referential is created

    count = loading.build_nodes(version, data["concepts"], framework=framework)
    mapped = load_seed_mappings(version, data["concepts"], by=by, strict=False, now=now, log=False)
    log_change(
        version, Change.Operation.CREATE, by=by, now=now, reason=_("Proposition de départ du référentiel (cahier des charges)."),
        summary=_("Version %(number)s créée : %(count)s concepts, %(mapped)s correspondances") % {
            "number": number, "count": count, "mapped": mapped,
        },
    )  # fmt: skip
    audit.record_creation(actor=by, verb="skills.framework.create", target=framework, fields=("slug", "name"))
    return version


def next_number(framework: Framework) -> str:
    """One more than the highest minor number: 1.1 after 1.0, 2.1 after 2.0."""
    numbers = []
    for number in FrameworkVersion.objects.filter(framework=framework).values_list("number", flat=True):
        if NUMBER.match(number):
            numbers.append(tuple(int(part) for part in number.split(".")))
    if not numbers:
        return "1.0"
    major, minor = (*max(numbers), 0)[:2]
    return f"{major}.{minor + 1}"


def _copy_content(source: FrameworkVersion, target: FrameworkVersion) -> int:
    """Every node, palier and crosswalk of `source` into the empty draft `target`, in a few bulk queries."""
    nodes = list(source.nodes.select_related("concept").order_by("pk"))
    copies: dict[int, Node] = {}
    for node in nodes:
        copy = Node(
            version=target,
            concept=node.concept,
            position=node.position,
            kind=node.kind,
            label=node.label,
            label_en=node.label_en,
            definition=node.definition,
            definition_en=node.definition_en,
            examples=node.examples,
            alt_labels=node.alt_labels,
            extra=node.extra,
            search_text=node.search_text,
        )
        copies[node.pk] = copy
    Node.objects.bulk_create(copies.values())
    for node in nodes:
        if node.parent_id is not None:
            copies[node.pk].parent = copies[node.parent_id]
    Node.objects.bulk_update([c for c in copies.values() if c.parent is not None], ["parent"])
    Lineage.objects.bulk_create(
        Lineage(node=copies[line.node_id], concept_id=line.concept_id)
        for line in Lineage.objects.filter(node__version=source)
    )
    LevelDescriptor.objects.bulk_create(
        LevelDescriptor(node=copies[level.node_id], level=level.level, text=level.text, text_en=level.text_en)
        for level in LevelDescriptor.objects.filter(node__version=source)
    )
    Mapping.objects.bulk_create(
        Mapping(
            source=copies[m.source_id],
            target_id=m.target_id,
            relation=m.relation,
            rationale=m.rationale,
            confidence=m.confidence,
            validated_by_id=m.validated_by_id,
            validated_at=m.validated_at,
            created_by_id=m.created_by_id,
        )
        for m in Mapping.objects.filter(source__version=source)
    )
    return len(copies)


@transaction.atomic
def start_version(
    framework: Framework,
    *,
    by: Any,
    number: str = "",
    reason: str = "",
    now: datetime.datetime | None = None,
) -> FrameworkVersion:
    """A new draft holding a copy of the version in force, to be amended then proposed for adoption."""
    framework = Framework.objects.select_for_update(of=("self",)).select_related("pole__basin").get(pk=framework.pk)
    if not framework.is_internal:
        raise ValidationError(_("Un référentiel externe ne se modifie pas ici : importez sa nouvelle version."))
    assert framework.pole is not None
    check_writable(framework.pole)
    draft = FrameworkVersion.objects.filter(framework=framework).drafts().first()
    if draft is not None:
        raise ValidationError(
            _("La version %(number)s est déjà en préparation : modifiez-la, ou abandonnez-la d’abord.")
            % {"number": draft.number},
            code="draft_exists",
        )
    base = FrameworkVersion.objects.filter(framework=framework).current().first()
    if base is None:
        raise ValidationError(_("Aucune version n’est encore en vigueur : complétez le brouillon existant."))
    number = (number or "").strip() or next_number(framework)
    if not NUMBER.match(number):
        raise ValidationError(
            {"number": _("Un numéro de version s’écrit 1.2 ou 2.0 (chiffres séparés par des points).")}
        )
    if FrameworkVersion.objects.filter(framework=framework, number=number).exists():
        raise ValidationError({"number": _("La version %(number)s existe déjà.") % {"number": number}})
    version = FrameworkVersion.objects.create(framework=framework, number=number, based_on=base, created_by=user_of(by))
    count = _copy_content(base, version)
    log_change(
        version, Change.Operation.CREATE, by=by, now=now,
        reason=(reason or "").strip() or _("Nouvelle version du référentiel."),
        summary=_("Version %(number)s établie à partir de la version %(base)s (%(count)s concepts)") % {
            "number": number, "base": base.number, "count": count,
        },
    )  # fmt: skip
    audit.record_creation(actor=by, verb="skills.version.start", target=version, fields=("number",))
    return version


@transaction.atomic
def discard_draft(version: FrameworkVersion, *, by: Any) -> None:
    version = (
        FrameworkVersion.objects.select_for_update(of=("self",)).select_related("framework__pole").get(pk=version.pk)
    )
    check_editable(version)
    about = ContentType.objects.get_for_model(FrameworkVersion)
    if Proposal.objects.filter(subject_type=about, subject_id=str(version.pk)).exists():
        raise ValidationError(_("Une proposition du registre se rapporte à cette version : elle est conservée."))
    audit.record(actor=by, verb="skills.version.discard", target=version, changes={"number": [version.number, None]})
    version.delete()


def check_proposable(version: FrameworkVersion) -> None:
    """What must hold before a draft goes to the committee (also the decisions app's check on the subject)."""
    if not version.framework.is_internal:
        raise ValidationError(_("Seul le référentiel d’un pôle s’adopte par une décision de son registre."))
    if not version.is_draft:
        raise ValidationError(
            _("La version %(number)s est %(status)s : seul un brouillon peut être proposé à l’adoption.")
            % {"number": version.number, "status": version.get_status_display()},
            code="not_draft",
        )
    proposal = pending_proposal(version)
    if proposal is not None:
        raise ValidationError(
            _("Une proposition d’adoption de cette version est déjà en cours : « %(title)s ».")
            % {"title": proposal.title},
            code="pending",
        )
    if not version.nodes.exists():
        raise ValidationError(_("La version est vide : ajoutez des concepts avant de la proposer."), code="empty")


def adoption_text(version: FrameworkVersion) -> str:
    from synergies.skills.diff import diff_versions

    lines = [
        _("Le comité de pilotage adopte la version %(number)s du référentiel « %(name)s ».")
        % {"number": version.number, "name": version.framework.name}
    ]
    if version.based_on is not None:
        lines.append(diff_versions(version.based_on, version).summary())
    lines.append(_("Empreinte du contenu proposé (SHA-256) : %(hash)s") % {"hash": exports.content_hash(version)})
    return "\n\n".join(lines)


@transaction.atomic
def propose_adoption(version: FrameworkVersion, *, by: Any, rationale: str = "") -> Proposal:
    """The proposal of the pôle's register that, once adopted, puts `version` in force. From then on the draft is
    frozen until the proposal is decided or withdrawn (check_editable)."""
    version = FrameworkVersion.objects.select_related("framework__pole__basin", "based_on").get(pk=version.pk)
    check_proposable(version)
    pole = version.framework.pole
    assert pole is not None
    reasons = list(version.changes.exclude(operation=Change.Operation.CREATE).values_list("reason", flat=True))
    return decisions.create_proposal(
        pole,
        {
            "title": _("Adoption de la version %(number)s du référentiel « %(name)s »")
            % {"number": version.number, "name": version.framework.name},
            "text": adoption_text(version),
            "rationale": (rationale or "").strip() or "\n".join(dict.fromkeys(reasons)),
            "kind": "decision",
            "is_public": True,
        },
        by=by,
        subject=version,
    )


def put_in_force(
    version: FrameworkVersion, *, on: datetime.date | None, decision: Decision | None = None
) -> FrameworkVersion:
    """The one way a draft comes into force, a pôle's (through its decision) or an external framework's (through its
    import): frozen with the fingerprint of its content, in place of the version in force, superseded that day (one
    version in force per framework: a unique constraint)."""
    for previous in FrameworkVersion.objects.filter(framework=version.framework).current():
        previous.status = FrameworkVersion.Status.SUPERSEDED
        previous.superseded_on = on or timezone.localdate()
        previous.save(update_fields=["status", "superseded_on", "updated_at"])
    version.content_hash = exports.content_hash(version)
    version.status = FrameworkVersion.Status.ADOPTED
    version.released_on = on
    version.decision = decision
    version.save()
    return version


def adopt_version(version: FrameworkVersion, decision: Decision) -> FrameworkVersion:
    """Put `version` in force as `decision` says (called by the decisions app inside the inscription transaction):
    freeze it with the fingerprint of its content, and supersede the version it replaces."""
    version = FrameworkVersion.objects.select_for_update(of=("self",)).select_related("framework").get(pk=version.pk)
    if not version.is_draft:
        return version  # a correcting decision cites the same subject: the version stays as first adopted
    put_in_force(version, on=decision.decided_on, decision=decision)
    audit.record(
        actor=None,
        verb="skills.version.adopt",
        target=version,
        changes={
            "status": ["draft", "adopted"],
            "decision": [None, decision.reference],
            "hash": [None, version.content_hash],
        },
    )
    return version
