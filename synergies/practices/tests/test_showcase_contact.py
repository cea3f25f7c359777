"""The contact form of a practice: the message reaches its contact (whose address stays hidden) with the visitor as
Reply-To; bad input, robots and floods are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from synergies.practices import notifications
from synergies.practices.models import Practice, Status
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_showcase import text_of
from synergies.practices.views.showcase.contact import CONTACT_LIMIT

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Jeanne Coach",
    "email": "jeanne@example.org",
    "message": "Bonjour, je voudrais reprendre votre atelier au Forem de La Louvière.",
    "consent": "on",
    "site_web": "",
}


@pytest.fixture
def reachable(pole: Any, contributor_organisation: Any) -> Practice:
    return make_practice(pole, holder=contributor_organisation, contact_email="contact-cache@example.org")


def contact_url(practice: Practice) -> str:
    return reverse("practices:contact", kwargs={"slug": practice.slug})


def test_a_message_reaches_the_contact_with_the_visitor_as_reply_to(client: Client, reachable: Practice) -> None:
    response = client.post(contact_url(reachable), GOOD)
    assert response.status_code == 302 and response["Location"].startswith(reachable.get_absolute_url())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["contact-cache@example.org"]
    assert message.reply_to == ["jeanne@example.org"]
    assert "reprendre votre atelier" in message.body and "Jeanne Coach" in message.body
    page = client.get(reachable.get_absolute_url())
    assert "Votre message a été transmis." in text_of(page)
    assert "contact-cache@example.org" not in page.content.decode()


def test_without_a_contact_address_the_message_goes_to_the_holder_s_staff(
    client: Client, practice: Practice, contributor: Any
) -> None:
    client.post(contact_url(practice), GOOD)
    assert [m.to for m in mail.outbox] == [[contributor.email]]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"consent": ""}, "Sans votre accord, le message ne peut pas être transmis."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide."),
        ({"name": ""}, "Ce champ est obligatoire."),
        ({"message": "Court"}, "au moins 10 caractères"),
        ({"message": "x" * 4001}, "au plus 4000 caractères"),
    ],
)
def test_bad_input_is_refused_with_a_french_message_and_nothing_sent(
    client: Client, reachable: Practice, change: dict[str, str], error: str
) -> None:
    response = client.post(contact_url(reachable), {**GOOD, **change})
    assert response.status_code == 400
    assert error in text_of(response)
    assert mail.outbox == []


def test_a_name_cannot_smuggle_header_lines(client: Client, reachable: Practice) -> None:
    client.post(contact_url(reachable), {**GOOD, "name": "Jeanne\r\nBcc: victime@example.org"})
    assert len(mail.outbox) == 1 and mail.outbox[0].bcc == []
    assert "Jeanne Bcc: victime@example.org" in mail.outbox[0].body


def test_a_robot_filling_the_trap_is_told_it_was_sent_but_nothing_leaves(client: Client, reachable: Practice) -> None:
    response = client.post(contact_url(reachable), {**GOOD, "site_web": "https://spam.example"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_flood_is_stopped_after_a_few_messages_an_hour(client: Client, reachable: Practice) -> None:
    for _ in range(CONTACT_LIMIT):
        assert client.post(contact_url(reachable), GOOD).status_code == 302
    response = client.post(contact_url(reachable), GOOD)
    assert response.status_code == 429
    assert "Vous avez déjà envoyé plusieurs messages depuis une heure" in text_of(response)
    assert len(mail.outbox) == CONTACT_LIMIT


def test_the_limit_follows_the_address_even_without_cookies(reachable: Practice) -> None:
    for _ in range(CONTACT_LIMIT):
        Client().post(contact_url(reachable), GOOD, REMOTE_ADDR="203.0.113.7")
    assert Client().post(contact_url(reachable), GOOD, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert Client().post(contact_url(reachable), GOOD, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_the_limit_follows_the_session_across_addresses(client: Client, reachable: Practice) -> None:
    for n in range(CONTACT_LIMIT):
        client.post(contact_url(reachable), GOOD, REMOTE_ADDR=f"198.51.100.{n}")
    assert client.post(contact_url(reachable), GOOD, REMOTE_ADDR="198.51.100.99").status_code == 429


def test_no_one_writes_through_a_record_that_is_not_published(
    client: Client, secretary_client: Client, pole: Any
) -> None:
    draft = make_practice(pole, status=Status.DRAFT, contact_email="x@example.org")
    assert client.post(contact_url(draft), GOOD).status_code == 404
    assert secretary_client.post(contact_url(draft), GOOD).status_code == 404
    assert mail.outbox == []


def test_the_form_only_accepts_posts(client: Client, reachable: Practice) -> None:
    assert client.get(contact_url(reachable)).status_code == 405


class BrokenMailServer:
    """An e-mail backend whose server refuses every connection."""

    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("no mail server")


def test_the_message_is_queued_so_that_a_failing_mail_server_does_not_fail_the_visitor(
    client: Client, reachable: Practice, settings: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    response = client.post(contact_url(reachable), GOOD)
    assert response.status_code == 302
    assert "Votre message a été transmis." in text_of(client.get(reachable.get_absolute_url()))


def test_a_queued_message_is_dropped_when_its_record_was_unpublished_meanwhile(reachable: Practice) -> None:
    assert notifications.relay_contact_message(reachable.pk, name="Jeanne", email="j@example.org", message="Bonjour")
    Practice.objects.filter(pk=reachable.pk).update(status=Status.ARCHIVED)
    mail.outbox.clear()
    sent = notifications.relay_contact_message(reachable.pk, name="Jeanne", email="j@example.org", message="Bonjour")
    assert (sent, mail.outbox) == (0, [])
    assert notifications.relay_contact_message(0, name="Jeanne", email="j@example.org", message="Bonjour") == 0
