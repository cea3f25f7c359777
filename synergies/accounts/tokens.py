"""The one-time link of an invitation: a signed (invitation id, nonce) pair, so no token is stored in clear."""

from __future__ import annotations

from django.core import signing

from synergies.accounts.models import Invitation

INVITATION_SALT = "synergies.accounts.invitation"


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=INVITATION_SALT, compress=True)


def get_invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link designates, whatever its state, or None when the link was forged or replaced."""
    try:
        pk, nonce = signing.loads(token, salt=INVITATION_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Invitation.objects.select_related("user").filter(pk=pk, nonce=nonce).first()
