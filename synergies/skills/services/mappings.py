"""Crosswalks: SKOS mappings from a concept of a draft to a concept of another framework (ESCO, DigComp…)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.lib import audit
from synergies.skills.models import Change, Framework, FrameworkVersion, Mapping, Node
from synergies.skills.services.common import check_editable, log_change, require_reason, user_of

__all__ = ["add_mapping", "add_mappings", "remove_mapping", "resolve_target", "resolve_targets", "validate_mapping"]


def resolve_target(framework: str | Framework, reference: str) -> Node:
    """The concept `reference` (a code, or a URI for frameworks that have them, such as ESCO) in the version of
    `framework` in force. A reference that the imported data does not hold is refused: a crosswalk must lead
    somewhere."""
    if isinstance(framework, str):
        found = Framework.objects.filter(slug=framework).first()
        if found is None:
            raise ValidationError({"target": _("Le référentiel « %(slug)s » n’est pas chargé.") % {"slug": framework}})
        framework = found
    version = FrameworkVersion.objects.filter(framework=framework).current().first()
    if version is None:
        raise ValidationError(
            {
                "target": _("« %(name)s » n’a pas de version en vigueur à laquelle se référer.")
                % {"name": framework.name}
            }
        )
    reference = (reference or "").strip()
    nodes = Node.objects.filter(version=version).select_related("concept", "version__framework")
    if reference.startswith(("http://", "https://")):
        node = nodes.filter(concept__uri=reference).first()
    else:
        node = nodes.filter(concept__code=reference).first() or nodes.filter(concept__code=reference.upper()).first()
    if node is None:
        raise ValidationError(
            {
                "target": _(
                    "« %(reference)s » n’existe pas dans %(framework)s %(number)s tel qu’il est importé : vérifiez "
                    "l’adresse ou le code, ou importez la version qui le contient."
                )
                % {"reference": reference, "framework": framework.code, "number": version.number}
            }
        )
    return node


def resolve_targets(references: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Node]:
    """Many (framework slug, code or URI) at once, in two queries per framework: what `resolve_target` finds for
    each, leaving out the ones it would refuse."""
    wanted: dict[str, set[str]] = {}
    for slug, reference in references:
        wanted.setdefault(slug, set()).add(reference.strip())
    versions = {
        v.framework.slug: v
        for v in FrameworkVersion.objects.current().filter(framework__slug__in=wanted).select_related("framework")
    }
    found: dict[tuple[str, str], Node] = {}
    for slug, refs in wanted.items():
        if slug not in versions:
            continue
        uris = {r for r in refs if r.startswith(("http://", "https://"))}
        nodes = Node.objects.filter(version=versions[slug]).select_related("concept", "version__framework")
        for node in nodes.filter(Q(concept__uri__in=uris) | Q(concept__code__in=refs - uris)):
            key = node.concept.uri if node.concept.uri in uris else node.concept.code
            found[(slug, key)] = node
    return found


def _clean(relation: str, rationale: str, confidence: Any) -> tuple[str, str, int]:
    errors: dict[str, str] = {}
    if relation not in Mapping.Relation.values:
        errors["relation"] = _("Choisissez une relation SKOS : exacte, proche, plus large, plus étroite ou associée.")
    rationale = (rationale or "").strip()
    if not rationale:
        errors["rationale"] = _("Justifiez la correspondance en une phrase.")
    try:
        value = int(confidence)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= 100:
        errors["confidence"] = _("La confiance est un pourcentage entre 0 et 100.")
    if errors:
        raise ValidationError(errors)
    return relation, rationale, value


@transaction.atomic
def add_mapping(
    node: Node,
    target: Node,
    *,
    relation: str,
    rationale: str,
    confidence: Any = 80,
    by: Any,
    validated: bool = False,
    now: datetime.datetime | None = None,
    log: bool = True,
) -> Mapping:
    """`log` False for the crosswalks of a referential's first version, which its creation line sums up."""
    node = Node.objects.select_related("version__framework__pole", "concept").get(pk=node.pk)
    check_editable(node.version)
    relation, rationale, confidence = _clean(relation, rationale, confidence)
    target = Node.objects.select_related("version__framework", "concept").get(pk=target.pk)
    if target.version.framework_id == node.version.framework_id:
        raise ValidationError({"target": _("Une correspondance relie deux référentiels différents.")})
    if target.version.is_draft:
        raise ValidationError(
            {"target": _("On ne se réfère qu’à une version publiée ou adoptée d’un autre référentiel.")}
        )
    existing = Mapping.objects.filter(source=node, target=target).first()
    if existing is not None:
        raise ValidationError(
            {
                "target": _("%(code)s a déjà une correspondance vers ce concept (%(relation)s).")
                % {"code": node.concept.code, "relation": existing.get_relation_display()}
            }
        )
    now = now or timezone.now()
    mapping = Mapping.objects.create(
        source=node,
        target=target,
        relation=relation,
        rationale=rationale,
        confidence=confidence,
        created_by=user_of(by),
        validated_by=user_of(by) if validated else None,
        validated_at=now if validated else None,
    )
    if not log:
        return mapping
    log_change(
        node.version, Change.Operation.MAP, concept=node.concept, reason=rationale, by=by, now=now,
        summary=_("%(code)s → %(framework)s %(target)s (%(relation)s)") % {
            "code": node.concept.code, "framework": target.version.framework.code, "target": target.concept.code,
            "relation": mapping.get_relation_display(),
        },
        details={"target": target.concept.resolved_uri, "relation": relation, "confidence": confidence},
    )  # fmt: skip
    return mapping


@transaction.atomic
def add_mappings(
    version: FrameworkVersion,
    rows: Sequence[tuple[Node, Node, dict[str, Any]]],
    *,
    by: Any,
    now: datetime.datetime | None = None,
    log: bool = True,
) -> list[Mapping]:
    """Many validated crosswalks of one draft at once (a referential's seed): the checks of `add_mapping`, in a
    constant number of queries. `rows` are (source node, target node, {relation, rationale, confidence})."""
    check_editable(version)
    now = now or timezone.now()
    user = user_of(by)
    taken = set(Mapping.objects.filter(source__version=version).values_list("source_id", "target_id"))
    created: list[Mapping] = []
    for source, target, about in rows:
        relation, rationale, confidence = _clean(
            about.get("relation", ""), about.get("rationale", ""), about.get("confidence", 80)
        )
        if source.version_id != version.pk or target.version.framework_id == version.framework_id:
            raise ValidationError({"target": _("Une correspondance relie deux référentiels différents.")})
        if (source.pk, target.pk) in taken:
            continue
        taken.add((source.pk, target.pk))
        created.append(
            Mapping(
                source=source, target=target, relation=relation, rationale=rationale, confidence=confidence,
                created_by=user, validated_by=user, validated_at=now,
            )
        )  # fmt: skip
    Mapping.objects.bulk_create(created)
    if log:
        Change.objects.bulk_create(
            Change(
                version=version, operation=Change.Operation.MAP, concept=m.source.concept, reason=m.rationale,
                by=user, at=now,
                summary=(_("%(code)s → %(framework)s %(target)s (%(relation)s)") % {
                    "code": m.source.concept.code, "framework": m.target.version.framework.code,
                    "target": m.target.concept.code, "relation": m.get_relation_display(),
                })[:500],
                details={"target": m.target.concept.resolved_uri, "relation": m.relation, "confidence": m.confidence},
            )
            for m in created
        )  # fmt: skip
    return created


@transaction.atomic
def validate_mapping(mapping: Mapping, *, by: Any, now: datetime.datetime | None = None) -> Mapping:
    """The secretariat vouches for a crosswalk: who, and when."""
    mapping = Mapping.objects.select_related(
        "source__version__framework__pole", "source__concept", "target__concept"
    ).get(pk=mapping.pk)
    check_editable(mapping.source.version)
    if mapping.is_validated:
        raise ValidationError(_("Cette correspondance est déjà validée."))
    mapping.validated_by = user_of(by)
    mapping.validated_at = now or timezone.now()
    mapping.save(update_fields=["validated_by", "validated_at"])
    log_change(
        mapping.source.version, Change.Operation.VALIDATE, concept=mapping.source.concept, by=by, now=now,
        reason=_("Validation"),
        summary=_("%(code)s → %(target)s validée") % {"code": mapping.source.concept.code, "target": mapping.target.concept.code},
    )  # fmt: skip
    audit.record(
        actor=by, verb="skills.mapping.validate", target=mapping.source, changes={"mapping": [None, mapping.pk]}
    )
    return mapping


@transaction.atomic
def remove_mapping(mapping: Mapping, *, reason: str, by: Any, now: datetime.datetime | None = None) -> None:
    mapping = Mapping.objects.select_related(
        "source__version__framework__pole", "source__concept", "target__concept", "target__version__framework"
    ).get(pk=mapping.pk)
    check_editable(mapping.source.version)
    reason = require_reason(reason)
    source, target = mapping.source, mapping.target
    mapping.delete()
    log_change(
        source.version, Change.Operation.UNMAP, concept=source.concept, reason=reason, by=by, now=now,
        summary=_("%(code)s ↛ %(framework)s %(target)s") % {
            "code": source.concept.code, "framework": target.version.framework.code, "target": target.concept.code,
        },
        details={"target": target.concept.resolved_uri},
    )  # fmt: skip
