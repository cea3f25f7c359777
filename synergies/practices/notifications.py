"""E-mails of the catalogue: to moderators when a record is submitted, to its editors when it moves or a link broke,
and a visitor's message relayed to the contact of a practice (whose address is never shown)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from synergies.accounts.models import User
from synergies.directory.models import Affiliation
from synergies.lib.text import one_line
from synergies.poles.notifications import secretariat_emails
from synergies.practices.models import Link, Practice


def editor_emails(practice: Practice) -> list[str]:
    """Everyone with an account working today for the holder, and whoever created the record."""
    working = Affiliation.objects.current().filter(organisation=practice.holder_id).values("person_id")
    users = User.objects.filter(is_active=True, person__in=working)
    emails = set(users.values_list("email", flat=True))
    if practice.created_by is not None and practice.created_by.is_active:
        emails.add(practice.created_by.email)
    return sorted(emails)


def moderator_emails(practice: Practice) -> list[str]:
    delegated = User.objects.filter(is_active=True, moderations__pole=practice.pole_id)
    return sorted({*secretariat_emails(practice.pole.basin), *delegated.values_list("email", flat=True)})


def _send(recipients: Iterable[str], template: str, context: dict[str, Any], *, reply_to: str = "") -> int:
    recipients = sorted(set(recipients))
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = one_line(render_to_string(f"practices/email/{template}_subject.txt", context))
        body = render_to_string(f"practices/email/{template}_body.txt", context)
    message = EmailMessage(
        settings.EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        reply_to=[reply_to] if reply_to else None,
    )
    return message.send()


def _practice(practice_id: int) -> Practice | None:
    return Practice.objects.select_related("pole__basin", "holder", "created_by").filter(pk=practice_id).first()


def notify_moderators(practice_id: int) -> int:
    practice = _practice(practice_id)
    return _send(moderator_emails(practice), "submitted", {"practice": practice}) if practice else 0


def notify_editors(practice_id: int, event: str) -> int:
    practice = _practice(practice_id)
    if practice is None:
        return 0
    comment = practice.comments.filter(kind="changes_requested").order_by("-created_at").first()
    return _send(editor_emails(practice), event, {"practice": practice, "comment": comment})


def notify_broken_links(practice: Practice, links: list[Link]) -> int:
    return _send(editor_emails(practice), "broken_links", {"practice": practice, "links": links})


def relay_contact_message(practice_id: int, *, name: str, email: str, message: str) -> int:
    """A visitor writes to the practice's contact; the answer goes straight back to the visitor (Reply-To). Nothing
    leaves for a record that visitors may no longer see."""
    practice = _practice(practice_id)
    if practice is None or not practice.is_public:
        return 0
    recipients = [practice.contact_email] if practice.contact_email else editor_emails(practice)
    context = {"practice": practice, "name": name, "email": email, "message": message}
    return _send(recipients, "contact", context, reply_to=email)
