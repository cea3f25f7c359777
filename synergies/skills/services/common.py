"""What every write to a referential shares: the draft guard, the reason, the change log."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.decisions.models import Proposal
from synergies.poles.services import check_writable
from synergies.skills.models import Change, Concept, FrameworkVersion, ImmutableVersion, Node

CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,63}$")
# Every status from which a proposal can still lead to an adoption: a proposal not adopted or postponed can be put
# to a new round, which must decide on the very content it was first given. Only a withdrawal frees the draft.
PENDING = (Proposal.Status.DRAFT, Proposal.Status.OPEN, Proposal.Status.NOT_ADOPTED, Proposal.Status.POSTPONED)

# Internal referentials are four levels deep: the kind of a node's parent (None: a root).
PARENT_KIND: dict[str | None, str | None] = {
    Node.Kind.FAMILY: None,
    Node.Kind.DOMAIN: Node.Kind.FAMILY,
    Node.Kind.COMPETENCE: Node.Kind.DOMAIN,
    Node.Kind.DESCRIPTOR: Node.Kind.COMPETENCE,
}
CHILD_KIND: dict[str | None, str] = {parent: str(child) for child, parent in PARENT_KIND.items()}


def user_of(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def pending_proposal(version: FrameworkVersion) -> Proposal | None:
    """The proposal to adopt `version` that is prepared, being decided, or may still be decided, if any."""
    return (
        Proposal.objects.filter(
            subject_type=ContentType.objects.get_for_model(FrameworkVersion),
            subject_id=str(version.pk),
            status__in=PENDING,
        )
        .order_by("-created_at")
        .first()
    )


def check_editable(version: FrameworkVersion) -> None:
    """A draft of a pôle that is not read-only, and not on the table of the committee: members decide on a text
    that no longer moves."""
    if not version.is_draft:
        raise ImmutableVersion(version)
    framework = version.framework
    if framework.pole is not None:
        check_writable(framework.pole)
    proposal = pending_proposal(version)
    if proposal is not None:
        raise ValidationError(
            _(
                "La version %(number)s est soumise à la décision du comité (« %(title)s », %(status)s) : elle ne "
                "peut plus changer. Retirez la proposition pour la modifier à nouveau."
            )
            % {"number": version.number, "title": proposal.title, "status": proposal.get_status_display()},
            code="pending",
        )


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Indiquez le motif de la modification : il figure au journal de la version.")}
        )
    return reason


def normalise_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise ValidationError(
            {
                "code": _(
                    "Un code se compose de lettres sans accents, de chiffres, de points et de tirets, sans espace "
                    "(par exemple CB-LIT-07)."
                )
            }
        )
    return code


def check_new_code(version: FrameworkVersion, code: str) -> None:
    """A code names one concept for ever: refused when a node of this version has it, or when an earlier version
    gave it to a concept since retired."""
    concept = Concept.objects.filter(framework_id=version.framework_id, code=code).first()
    if concept is None:
        return
    here = Node.objects.filter(version=version, concept=concept).first()
    if here is not None:
        raise ValidationError(
            {
                "code": _("Le code %(code)s est déjà celui de « %(label)s » dans cette version.")
                % {"code": code, "label": here.label}
            }
        )
    label, number = _last_known(concept, version)
    raise ValidationError(
        {
            "code": _(
                "Le code %(code)s a désigné « %(label)s » (version %(number)s) : un code retiré n’est jamais "
                "réattribué. Choisissez-en un autre."
            )
            % {"code": code, "label": label, "number": number}
        }
    )


def _last_known(concept: Concept, version: FrameworkVersion) -> tuple[str, str]:
    """The label a retired concept last had, and the version where it had it: a node of an earlier version, or the
    change log of a draft it was retired from before any release."""
    earlier = (
        Node.objects.filter(concept=concept)
        .select_related("version")
        .order_by("-version__created_at", "-version__pk")
        .first()
    )
    if earlier is not None:
        return earlier.label, earlier.version.number
    change = Change.objects.filter(concept=concept).select_related("version").order_by("-at", "-pk").first()
    if change is not None:
        return str(change.details.get("label") or concept.code), change.version.number
    return concept.code, version.number


def log_change(
    version: FrameworkVersion,
    operation: str,
    *,
    summary: str,
    reason: str,
    by: Any,
    concept: Concept | None = None,
    details: dict[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> Change:
    return Change.objects.create(
        version=version,
        operation=operation,
        concept=concept,
        summary=summary[:500],
        details=details or {},
        reason=reason,
        by=user_of(by),
        at=now or timezone.now(),
    )
