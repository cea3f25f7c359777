"""The transmissions' pages, each both ways: the public follows the public ones once sent, the members follow them
all, only the secretariat drives them; bad input answered in French next to its field with nothing saved."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from synergies.decisions.models import Decision
from synergies.lib.pdf import sha256
from synergies.poles.models import Pole, Seat
from synergies.testing.auth import log_in
from synergies.transmissions.models import Response, Transmission
from synergies.transmissions.tests.conftest import INSTANCE_EMAIL, MakeDecision
from synergies.transmissions.tests.factories import TODAY, make_transmission

pytestmark = pytest.mark.django_db


def url(name: str, transmission: Transmission | None = None, pole: Pole | None = None) -> str:
    target = transmission.pole if transmission is not None else pole
    assert target is not None
    kwargs = {"basin": target.basin.code, "code": target.code}
    if transmission is not None:
        kwargs["reference"] = transmission.reference
    return reverse(f"transmissions:{name}", kwargs=kwargs)


@pytest.fixture
def member_client(member: Any, member_seat: Seat) -> Client:
    return log_in(Client(), member)


@pytest.fixture
def private(make_decision: MakeDecision) -> Transmission:
    return make_transmission(make_decision(is_public=False), is_public=False, title="Transmission confidentielle")


@pytest.fixture
def drafted(make_decision: MakeDecision) -> Transmission:
    return make_transmission(make_decision(), status=Transmission.Status.PREPARED, title="Transmission en préparation")


@pytest.fixture
def public(decision: Decision) -> Transmission:
    return make_transmission(decision, title="Transmission publique")


# --- following them -------------------------------------------------------------------------------------------------


def test_the_public_sees_only_public_transmissions_once_sent(
    client: Client, pole: Pole, public: Transmission, private: Transmission, drafted: Transmission
) -> None:
    page = client.get(url("list", pole=pole)).content.decode()
    assert "Transmission publique" in page
    assert "Transmission confidentielle" not in page and "Transmission en préparation" not in page
    assert 'name="statut"' not in page


def test_members_follow_every_transmission_of_their_pole(
    member_client: Client, pole: Pole, public: Transmission, private: Transmission, drafted: Transmission
) -> None:
    page = member_client.get(url("list", pole=pole)).content.decode()
    for title in ("Transmission publique", "Transmission confidentielle", "Transmission en préparation"):
        assert title in page
    assert "non publique" in page
    assert "Préparer une transmission" not in page


def test_members_filter_transmissions_by_status(
    member_client: Client, pole: Pole, public: Transmission, drafted: Transmission
) -> None:
    page = member_client.get(url("list", pole=pole), {"statut": "prepared"}).content.decode()
    assert "Transmission en préparation" in page and "Transmission publique" not in page


def test_a_status_filter_does_not_show_the_public_what_it_may_not_see(
    client: Client, pole: Pole, drafted: Transmission
) -> None:
    assert (
        "Transmission en préparation" not in client.get(url("list", pole=pole), {"statut": "prepared"}).content.decode()
    )


def test_the_pole_navigation_has_a_transmissions_section(client: Client, pole: Pole) -> None:
    page = client.get(pole.get_absolute_url()).content.decode()
    assert f'href="{url("list", pole=pole)}"' in page


def test_the_list_marks_itself_current_in_the_pole_navigation(client: Client, pole: Pole) -> None:
    page = client.get(url("list", pole=pole)).content.decode()
    assert f'<a href="{url("list", pole=pole)}" aria-current="page">' in page


def test_a_private_transmission_is_not_found_by_the_public_but_shown_to_members(
    client: Client, outsider_client: Client, member_client: Client, private: Transmission
) -> None:
    for name in ("detail", "pdf"):
        assert client.get(url(name, private)).status_code == 404
        assert outsider_client.get(url(name, private)).status_code == 404
        assert member_client.get(url(name, private)).status_code == 200


def test_a_prepared_transmission_is_not_found_by_the_public(client: Client, drafted: Transmission) -> None:
    assert client.get(url("detail", drafted)).status_code == 404


def test_the_detail_shows_the_timeline_the_subject_and_the_answer(
    client: Client, decision: Decision, make_decision: MakeDecision
) -> None:
    transmission = make_transmission(make_decision(title="Projet de formation"), status=Transmission.Status.ANSWERED)
    Response.objects.filter(transmission=transmission).update(
        verdict=Response.Verdict.RELAYED, authority="Gouvernement wallon", reference="IB-2026-12"
    )
    page = client.get(url("detail", transmission)).content.decode()
    for expected in ("Projet de formation", "relayé à une autorité", "Gouvernement wallon", "IB-2026-12", "Envoyée"):
        assert expected in page
    assert url("pdf", transmission) in page
    assert "<time" in page


def test_the_public_downloads_the_pdf_of_a_public_transmission(client: Client, public: Transmission) -> None:
    response = client.get(url("pdf", public))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="CB-T-2026-001.pdf"' in response["Content-Disposition"]
    assert sha256(b"".join(response.streaming_content)) == public.pdf_sha256  # type: ignore[attr-defined]


def test_a_transmission_without_pdf_has_nothing_to_download(secretary_client: Client, drafted: Transmission) -> None:
    assert secretary_client.get(url("pdf", drafted)).status_code == 404


# --- driving them ---------------------------------------------------------------------------------------------------


def test_the_secretariat_prepares_from_the_decisions_not_yet_transmitted(
    secretary_client: Client, pole: Pole, public: Transmission, make_decision: MakeDecision
) -> None:
    waiting = make_decision(title="Décision qui attend")
    page = secretary_client.get(url("prepare", pole=pole)).content.decode()
    assert "Décision qui attend" in page
    assert public.subject.reference not in page  # type: ignore[union-attr]
    response = secretary_client.post(
        url("prepare", pole=pole),
        {"subject": f"decisions.decision:{waiting.pk}", "title": "", "message": "Pour accord."},
    )
    created = Transmission.objects.get(subject_id=str(waiting.pk))
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert (created.status, created.title, created.message) == ("prepared", "Décision qui attend", "Pour accord.")


def test_preparing_a_subject_not_offered_is_refused_next_to_the_field(
    secretary_client: Client, pole: Pole, public: Transmission
) -> None:
    response = secretary_client.post(url("prepare", pole=pole), {"subject": f"decisions.decision:{public.subject_id}"})
    assert response.status_code == 400
    assert "Choisissez" in response.content.decode()
    assert Transmission.objects.count() == 1


@pytest.mark.parametrize("who", ["member_client", "outsider_client", "other_secretary_client", "contributor_client"])
def test_only_the_secretariat_prepares(
    request: pytest.FixtureRequest, who: str, pole: Pole, decision: Decision
) -> None:
    client = request.getfixturevalue(who)
    assert client.get(url("prepare", pole=pole)).status_code == 403
    assert client.post(url("prepare", pole=pole), {"subject": f"decisions.decision:{decision.pk}"}).status_code == 403
    assert not Transmission.objects.exists()


def test_the_secretariat_edits_a_prepared_transmission(secretary_client: Client, prepared: Transmission) -> None:
    response = secretary_client.post(
        url("edit", prepared),
        {
            "title": "Titre revu",
            "message": "Message revu",
            "is_public": "on",
            "recipient_name": "Bureau de l’Instance",
            "recipient_email": "bureau@example.org",
        },
    )
    assert response.status_code == 302
    prepared.refresh_from_db()
    assert (prepared.title, prepared.recipient_email) == ("Titre revu", "bureau@example.org")


def test_a_member_cannot_edit(member_client: Client, prepared: Transmission) -> None:
    assert member_client.post(url("edit", prepared), {"title": "Pirate"}).status_code == 403
    prepared.refresh_from_db()
    assert prepared.title != "Pirate"


def test_sending_is_confirmed_on_a_page_showing_the_recipient(
    secretary_client: Client,
    prepared: Transmission,
    secretary: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = secretary_client.get(url("send", prepared)).content.decode()
    assert INSTANCE_EMAIL in page and secretary.email in page and "60 jours" in page
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(url("send", prepared))
    assert response.status_code == 302
    prepared.refresh_from_db()
    assert prepared.status == Transmission.Status.SENT
    assert [m.to for m in mailoutbox] == [[INSTANCE_EMAIL]]


@pytest.mark.parametrize("who", ["member_client", "outsider_client", "other_secretary_client"])
def test_only_the_secretariat_sends(
    request: pytest.FixtureRequest, who: str, prepared: Transmission, mailoutbox: list[Any]
) -> None:
    client = request.getfixturevalue(who)
    assert client.post(url("send", prepared)).status_code in (403, 404)
    prepared.refresh_from_db()
    assert prepared.status == Transmission.Status.PREPARED
    assert mailoutbox == []


def test_a_sent_transmission_is_not_offered_for_sending_again(secretary_client: Client, public: Transmission) -> None:
    response = secretary_client.post(url("send", public))
    assert response.status_code == 302 and response["Location"] == public.get_absolute_url()
    assert Transmission.objects.get(pk=public.pk).pdf_sha256 == public.pdf_sha256


def test_the_secretariat_records_the_acknowledgement(secretary_client: Client, public: Transmission) -> None:
    response = secretary_client.post(url("acknowledge", public), {"on": TODAY.isoformat(), "note": ""})
    assert response.status_code == 302
    public.refresh_from_db()
    assert (public.status, public.acknowledged_on) == ("acknowledged", TODAY)


def test_an_acknowledgement_in_the_future_is_refused_next_to_its_field(
    secretary_client: Client, public: Transmission
) -> None:
    response = secretary_client.post(
        url("acknowledge", public), {"on": (TODAY + datetime.timedelta(days=3)).isoformat()}
    )
    assert response.status_code == 400
    assert "Cette date est dans le futur." in response.content.decode()
    public.refresh_from_db()
    assert public.status == Transmission.Status.SENT


def test_the_secretariat_records_the_answer_and_members_are_told(
    secretary_client: Client,
    public: Transmission,
    member_seat: Seat,
    member: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(
            url("respond", public),
            {"verdict": "approved_with_conditions", "received_on": TODAY.isoformat(), "conditions": "Un budget."},
        )
    assert response.status_code == 302
    public.refresh_from_db()
    assert public.status == Transmission.Status.ANSWERED
    assert public.response.conditions == "Un budget."
    assert member.email in mailoutbox[0].bcc


def test_a_relayed_answer_without_authority_is_refused_next_to_its_field(
    secretary_client: Client, public: Transmission
) -> None:
    response = secretary_client.post(url("respond", public), {"verdict": "relayed", "received_on": TODAY.isoformat()})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nommez l’autorité à laquelle l’Instance a relayé la transmission." in page
    assert not Response.objects.exists()


@pytest.mark.parametrize("name", ["acknowledge", "respond", "edit", "send"])
def test_a_member_drives_nothing(member_client: Client, public: Transmission, name: str) -> None:
    assert member_client.post(url(name, public), {"on": TODAY.isoformat(), "verdict": "approved"}).status_code == 403
    public.refresh_from_db()
    assert public.status == Transmission.Status.SENT


def test_a_step_out_of_order_is_explained_rather_than_offered(secretary_client: Client, drafted: Transmission) -> None:
    response = secretary_client.get(url("respond", drafted), follow=True)
    assert "ne s’enregistre que pour une transmission envoyée" in response.content.decode()
