"""The road of a transmission, step by step and both ways: prepared → sent → acknowledged → answered, every step out
of order or with bad input refused in French with nothing saved; the PDF and the e-mails (DESIGN §2 R6, R8, R9)."""

from __future__ import annotations

import datetime
import email.message
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from synergies.basins.models import Basin
from synergies.decisions.models import Decision
from synergies.lib.models import AuditEntry
from synergies.lib.pdf import sha256
from synergies.poles.models import Pole, Seat
from synergies.transmissions import services
from synergies.transmissions.models import Response, Transmission, TransmissionSettings
from synergies.transmissions.tests.conftest import INSTANCE_EMAIL, MakeDecision
from synergies.transmissions.tests.factories import TODAY

pytestmark = pytest.mark.django_db


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def events(transmission: Transmission) -> list[str]:
    return list(transmission.events.order_by("at", "pk").values_list("kind", flat=True))


def verbs(transmission: Transmission) -> list[str]:
    return list(AuditEntry.objects.for_object(transmission).order_by("pk").values_list("verb", flat=True))


# --- prepared -----------------------------------------------------------------------------------------------------


def test_a_decision_is_prepared_for_the_instance_of_its_basin(decision: Decision, secretary: Any) -> None:
    transmission = services.prepare_transmission(decision, by=secretary)
    assert transmission.status == Transmission.Status.PREPARED
    assert transmission.reference == "CB-T-2026-001"
    assert transmission.kind == Transmission.Kind.DECISION
    assert transmission.subject == decision
    assert transmission.title == decision.title
    assert transmission.recipient_name == "Instance Bassin EFE Hainaut-Centre"
    assert transmission.recipient_email == INSTANCE_EMAIL
    assert transmission.is_public is True
    assert transmission.prepared_by == secretary
    assert events(transmission) == ["prepared"]
    assert verbs(transmission) == ["transmission.prepare"]


def test_transmissions_are_numbered_per_pole_and_year(make_decision: MakeDecision, secretary: Any) -> None:
    first = services.prepare_transmission(make_decision(), by=secretary)
    second = services.prepare_transmission(make_decision(), by=secretary)
    of_2025 = services.prepare_transmission(
        make_decision(decided_on=datetime.date(2025, 6, 1)),
        by=secretary,
        at=timezone.make_aware(datetime.datetime(2025, 6, 10, 9, 0)),
    )
    assert [first.reference, second.reference, of_2025.reference] == ["CB-T-2026-001", "CB-T-2026-002", "CB-T-2025-001"]


def test_an_orientation_travels_as_an_orientation(make_decision: MakeDecision, secretary: Any) -> None:
    orientation = make_decision(kind="orientation")
    assert services.prepare_transmission(orientation, by=secretary).kind == Transmission.Kind.ORIENTATION


def test_the_pole_may_send_to_another_address_than_the_basin_s(pole: Pole, decision: Decision, secretary: Any) -> None:
    TransmissionSettings.objects.create(pole=pole, recipient_email="bureau@instance.example")
    assert services.prepare_transmission(decision, by=secretary).recipient_email == "bureau@instance.example"


def test_a_basin_without_an_address_needs_one_typed(decision: Decision, instance_basin: Basin, secretary: Any) -> None:
    instance_basin.contact_email = ""
    instance_basin.save()
    with pytest.raises(ValidationError) as exc:
        services.prepare_transmission(decision, by=secretary)
    assert "adresse de contact" in field_errors(exc)["recipient_email"][0]
    assert not Transmission.objects.exists()
    typed = services.prepare_transmission(decision, by=secretary, recipient_email="ib@example.org")
    assert typed.recipient_email == "ib@example.org"


def test_a_subject_of_no_registered_kind_is_refused(pole: Pole, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.prepare_transmission(pole, by=secretary)
    assert "ne peut pas être transmis" in messages_of(exc)
    assert not Transmission.objects.exists()


def test_a_subject_of_a_read_only_pole_is_refused(pole: Pole, decision: Decision, secretary: Any) -> None:
    Pole.objects.filter(pk=pole.pk).update(closed_on=TODAY - datetime.timedelta(days=1), closing_reference="IB-X")
    with pytest.raises(ValidationError) as exc:
        services.prepare_transmission(decision, by=secretary)
    assert "clôturé" in messages_of(exc) and "R7" in messages_of(exc)
    assert not Transmission.objects.exists()


def test_a_decision_not_written_in_the_register_is_refused(pole: Pole, committee: Any, secretary: Any) -> None:
    draft = Decision(pole=pole, body=committee, kind="decision", title="Pas adoptée", text="…", hash="")
    with pytest.raises(ValidationError) as exc:
        services.prepare_transmission(draft, by=secretary)
    assert "adoptée et inscrite au registre" in messages_of(exc)


def test_a_corrected_decision_is_refused_in_favour_of_its_correction(
    make_decision: MakeDecision, decision: Decision, secretary: Any
) -> None:
    correction = make_decision(corrects=decision, title="Correction")
    with pytest.raises(ValidationError) as exc:
        services.prepare_transmission(decision, by=secretary)
    assert correction.reference in messages_of(exc)
    assert services.prepare_transmission(correction, by=secretary).subject == correction


def test_a_subject_already_on_the_road_is_refused(prepared: Transmission, decision: Decision, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.prepare_transmission(decision, by=secretary)
    assert prepared.reference in messages_of(exc)
    assert Transmission.objects.count() == 1


def test_a_subject_answered_may_travel_again(sent: Transmission, decision: Decision, secretary: Any) -> None:
    services.record_response(sent, verdict="refused", received_on=TODAY, by=secretary)
    again = services.prepare_transmission(decision, by=secretary)
    assert again.reference == "CB-T-2026-002"


def test_a_private_decision_travels_privately_and_never_publicly(make_decision: MakeDecision, secretary: Any) -> None:
    private = make_decision(is_public=False)
    with pytest.raises(ValidationError) as exc:
        services.prepare_transmission(private, by=secretary, is_public=True)
    assert "n’est pas public" in field_errors(exc)["is_public"][0]
    assert services.prepare_transmission(private, by=secretary).is_public is False


def test_a_public_decision_may_be_transmitted_privately(decision: Decision, secretary: Any) -> None:
    assert services.prepare_transmission(decision, by=secretary, is_public=False).is_public is False


def test_a_step_dated_in_the_future_is_refused(decision: Decision, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.prepare_transmission(decision, by=secretary, at=timezone.now() + datetime.timedelta(hours=1))
    assert "futur" in messages_of(exc)


def test_a_prepared_transmission_can_be_changed(prepared: Transmission, secretary: Any) -> None:
    services.update_prepared(prepared, by=secretary, title="Nouveau titre", message="Avec nos remerciements.")
    prepared.refresh_from_db()
    assert (prepared.title, prepared.message) == ("Nouveau titre", "Avec nos remerciements.")
    assert verbs(prepared) == ["transmission.prepare", "transmission.update"]


def test_a_sent_transmission_can_no_longer_be_changed(sent: Transmission, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.update_prepared(sent, by=secretary, title="Trop tard")
    assert "ne se modifie plus" in messages_of(exc)
    sent.refresh_from_db()
    assert sent.title != "Trop tard"


def test_changing_a_private_subject_s_transmission_to_public_is_refused(
    make_decision: MakeDecision, secretary: Any
) -> None:
    transmission = services.prepare_transmission(make_decision(is_public=False), by=secretary)
    with pytest.raises(ValidationError):
        services.update_prepared(transmission, by=secretary, is_public=True, title="Changé")
    transmission.refresh_from_db()
    assert (transmission.is_public, transmission.title == "Changé") == (False, False)


# --- sent ---------------------------------------------------------------------------------------------------------


def test_sending_keeps_the_pdf_and_mails_it_with_the_secretariat_in_copy(
    prepared: Transmission, secretary: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.send_transmission(prepared, by=secretary)
    prepared.refresh_from_db()
    assert prepared.status == Transmission.Status.SENT
    assert prepared.sent_by == secretary
    stored = prepared.pdf.read()
    assert stored.startswith(b"%PDF-")
    assert prepared.pdf_sha256 == sha256(stored)
    [mail] = mailoutbox
    assert mail.to == [INSTANCE_EMAIL]
    assert mail.cc == [secretary.email]
    assert "CB-T-2026-001" in mail.subject and "Compétences de base" in mail.subject
    [(filename, content, mimetype)] = mail.attachments
    assert (filename, mimetype) == ("CB-T-2026-001.pdf", "application/pdf")
    assert sha256(content) == prepared.pdf_sha256
    assert prepared.pdf_sha256 in mail.body
    assert "Pour approbation." in mail.body
    assert events(prepared) == ["prepared", "sent"]


def test_the_pdf_holds_the_cover_letter_and_the_decision_with_its_register_hash(
    prepared: Transmission, decision: Decision, secretary: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.template.loader import render_to_string

    monkeypatch.setattr(services, "render_pdf", lambda name, context: render_to_string(name, context).encode())
    services.send_transmission(prepared, by=secretary)
    prepared.refresh_from_db()
    page = prepared.pdf.read().decode()
    assert (
        "Le pôle de synergies «\u00a0Compétences de base\u00a0» transmet à l’Instance Bassin EFE Hainaut-Centre" in page
    )
    for expected in (decision.reference, decision.hash, decision.previous_hash, "14 février 2026", "En réunion"):
        assert expected in page
    assert "<strong>adopte</strong>" in page
    assert "Après trois réunions de travail." in page


def test_the_answer_is_expected_response_days_after_sending(pole: Pole, prepared: Transmission, secretary: Any) -> None:
    TransmissionSettings.objects.create(pole=pole, response_days=30)
    services.send_transmission(prepared, by=secretary)
    prepared.refresh_from_db()
    assert prepared.response_due == TODAY + datetime.timedelta(days=30)


def test_a_transmission_is_sent_only_once(
    sent: Transmission, secretary: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    digest = sent.pdf_sha256
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        services.send_transmission(sent, by=secretary)
    assert "ne s’envoie qu’une fois" in messages_of(exc)
    sent.refresh_from_db()
    assert sent.pdf_sha256 == digest
    assert mailoutbox == []
    assert events(sent) == ["prepared", "sent"]


def test_history_is_sent_in_the_past_without_mail(
    make_decision: MakeDecision, secretary: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    old = make_decision(decided_on=datetime.date(2019, 5, 2))
    prepared_at = timezone.make_aware(datetime.datetime(2019, 5, 6, 9, 0))
    sent_at = timezone.make_aware(datetime.datetime(2019, 5, 8, 14, 0))
    with django_capture_on_commit_callbacks(execute=True):
        transmission = services.prepare_transmission(old, by=secretary, at=prepared_at)
        services.send_transmission(transmission, by=secretary, at=sent_at, notify=False)
        services.record_acknowledgement(transmission, on=datetime.date(2019, 5, 10), by=secretary)
        services.record_response(
            transmission, verdict="approved", received_on=datetime.date(2019, 6, 20), by=secretary, notify=False
        )
    transmission.refresh_from_db()
    assert transmission.reference == "CB-T-2019-001"
    assert (transmission.prepared_at, transmission.sent_at) == (prepared_at, sent_at)
    assert transmission.response_due == datetime.date(2019, 7, 7)
    assert mailoutbox == []
    assert [e.at.date() for e in transmission.events.order_by("at")] == [
        datetime.date(2019, 5, 6),
        datetime.date(2019, 5, 8),
        datetime.date(2019, 5, 10),
        datetime.date(2019, 6, 20),
    ]


def test_a_transmission_is_not_sent_before_it_was_prepared(prepared: Transmission, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.send_transmission(prepared, by=secretary, at=prepared.prepared_at - datetime.timedelta(days=1))
    assert "avant d’avoir été préparée" in messages_of(exc)
    prepared.refresh_from_db()
    assert prepared.status == Transmission.Status.PREPARED


def test_a_read_only_pole_sends_nothing(pole: Pole, prepared: Transmission, secretary: Any) -> None:
    Pole.objects.filter(pk=pole.pk).update(closed_on=TODAY, closing_reference="IB-X")
    with pytest.raises(ValidationError):
        services.send_transmission(prepared, by=secretary)
    prepared.refresh_from_db()
    assert (prepared.status, prepared.pdf_sha256) == (Transmission.Status.PREPARED, "")


# --- acknowledged -------------------------------------------------------------------------------------------------


def test_the_acknowledgement_is_recorded_with_its_date(sent: Transmission, secretary: Any) -> None:
    services.record_acknowledgement(sent, on=TODAY, by=secretary, note="Par courriel du bureau.")
    sent.refresh_from_db()
    assert (sent.status, sent.acknowledged_on) == (Transmission.Status.ACKNOWLEDGED, TODAY)
    assert events(sent) == ["prepared", "sent", "acknowledged"]
    assert verbs(sent)[-1] == "transmission.acknowledge"


def test_a_prepared_transmission_cannot_be_acknowledged(prepared: Transmission, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_acknowledgement(prepared, on=TODAY, by=secretary)
    assert "pas encore été envoyée" in messages_of(exc)


def test_an_acknowledgement_is_recorded_once(acknowledged: Transmission, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_acknowledgement(acknowledged, on=TODAY, by=secretary)
    assert "déjà enregistré" in messages_of(exc)
    assert events(acknowledged).count("acknowledged") == 1


def test_an_answered_transmission_is_not_acknowledged_afterwards(sent: Transmission, secretary: Any) -> None:
    services.record_response(sent, verdict="approved", received_on=TODAY, by=secretary)
    with pytest.raises(ValidationError) as exc:
        services.record_acknowledgement(sent, on=TODAY, by=secretary)
    assert "réponse" in messages_of(exc)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(TODAY + datetime.timedelta(days=1), "futur"), (TODAY - datetime.timedelta(days=1), "précéder l’envoi")],
)
def test_an_acknowledgement_is_dated_between_sending_and_today(
    sent: Transmission, secretary: Any, day: datetime.date, expected: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_acknowledgement(sent, on=day, by=secretary)
    assert expected in field_errors(exc)["on"][0]
    sent.refresh_from_db()
    assert sent.status == Transmission.Status.SENT


# --- answered -----------------------------------------------------------------------------------------------------

VALID_ANSWERS = [
    {"verdict": "approved"},
    {"verdict": "approved_with_conditions", "conditions": "Présenter un budget au bureau."},
    {"verdict": "refused", "text": "Hors des moyens de l’Instance cette année."},
    {"verdict": "relayed", "authority": "Gouvernement wallon"},
]


@pytest.mark.parametrize("answer", VALID_ANSWERS, ids=lambda a: a["verdict"])
def test_each_verdict_of_the_instance_is_recorded_and_members_told(
    acknowledged: Transmission,
    member_seat: Seat,
    secretary: Any,
    member: Any,
    answer: dict[str, str],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = services.record_response(
            acknowledged,
            received_on=TODAY,
            by=secretary,
            reference="IB-2026-12",
            verdict=answer["verdict"],
            conditions=answer.get("conditions", ""),
            authority=answer.get("authority", ""),
            text=answer.get("text", ""),
        )
    acknowledged.refresh_from_db()
    assert acknowledged.status == Transmission.Status.ANSWERED
    assert (response.verdict, response.reference, response.recorded_by) == (answer["verdict"], "IB-2026-12", secretary)
    assert events(acknowledged) == ["prepared", "sent", "acknowledged", "answered"]
    [mail] = mailoutbox
    assert sorted(mail.bcc) == sorted([member.email, "suppleante@example.org"])
    assert mail.to == []
    assert response.get_verdict_display() in mail.subject
    for value in answer.values():
        if value != answer["verdict"]:
            assert value in mail.body


def test_an_answer_to_a_transmission_never_acknowledged_stands_for_its_acknowledgement(
    sent: Transmission, secretary: Any
) -> None:
    services.record_response(sent, verdict="approved", received_on=TODAY, by=secretary)
    sent.refresh_from_db()
    assert sent.acknowledged_on == TODAY
    assert events(sent) == ["prepared", "sent", "acknowledged", "answered"]
    assert "Implicite" in sent.events.get(kind="acknowledged").note


@pytest.mark.parametrize(
    ("answer", "field", "expected"),
    [
        ({"verdict": "relayed"}, "authority", "Nommez l’autorité"),
        ({"verdict": "approved_with_conditions"}, "conditions", "Indiquez les conditions"),
        ({"verdict": "approved", "conditions": "Une condition"}, "conditions", "qu’une approbation sous conditions"),
        ({"verdict": "refused", "authority": "Le Forem"}, "authority", "relaie"),
        ({"verdict": "maybe"}, "verdict", "Choisissez"),
        ({"verdict": "approved", "received_on": TODAY + datetime.timedelta(days=2)}, "received_on", "futur"),
        ({"verdict": "approved", "received_on": TODAY - datetime.timedelta(days=3)}, "received_on", "précéder"),
    ],
)
def test_a_bad_answer_is_refused_next_to_its_field_and_nothing_saved(
    sent: Transmission, secretary: Any, answer: dict[str, Any], field: str, expected: str
) -> None:
    answer = {"received_on": TODAY, **answer}
    with pytest.raises(ValidationError) as exc:
        services.record_response(sent, by=secretary, **answer)
    assert expected in " ".join(field_errors(exc)[field])
    sent.refresh_from_db()
    assert sent.status == Transmission.Status.SENT
    assert not Response.objects.exists()
    assert events(sent) == ["prepared", "sent"]


def test_an_answer_does_not_precede_the_acknowledgement(sent: Transmission, secretary: Any, frozen: Any) -> None:
    frozen.tick(datetime.timedelta(days=5))
    services.record_acknowledgement(sent, on=TODAY + datetime.timedelta(days=4), by=secretary)
    with pytest.raises(ValidationError) as exc:
        services.record_response(sent, verdict="approved", received_on=TODAY + datetime.timedelta(days=2), by=secretary)
    assert "accusé de réception" in field_errors(exc)["received_on"][0]


def test_a_prepared_transmission_cannot_be_answered(prepared: Transmission, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_response(prepared, verdict="approved", received_on=TODAY, by=secretary)
    assert "pas encore été envoyée" in messages_of(exc)
    assert not Response.objects.exists()


def test_an_answer_is_recorded_once(sent: Transmission, secretary: Any) -> None:
    services.record_response(sent, verdict="approved", received_on=TODAY, by=secretary)
    with pytest.raises(ValidationError) as exc:
        services.record_response(sent, verdict="refused", received_on=TODAY, by=secretary)
    assert "déjà enregistrée" in messages_of(exc)
    assert Response.objects.get().verdict == "approved"


def test_each_step_is_in_the_audit_log_of_the_basin(acknowledged: Transmission, secretary: Any, basin: Basin) -> None:
    services.record_response(acknowledged, verdict="approved", received_on=TODAY, by=secretary)
    entries = AuditEntry.objects.for_object(acknowledged)
    assert list(entries.order_by("pk").values_list("verb", flat=True)) == [
        "transmission.prepare",
        "transmission.send",
        "transmission.acknowledge",
        "transmission.answer",
    ]
    assert {e.scope_object_id for e in entries} == {str(basin.pk)}
    assert {e.actor for e in entries} == {secretary}


# --- reminders ----------------------------------------------------------------------------------------------------


def _remind(frozen: Any, day: datetime.date) -> int:
    frozen.move_to(datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=datetime.UTC))
    return services.send_due_reminders()


def test_the_secretariat_is_reminded_once_before_the_deadline_and_once_when_overdue(
    sent: Transmission,
    secretary: Any,
    frozen: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    due = sent.response_due
    assert due == TODAY + datetime.timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        assert _remind(frozen, due - datetime.timedelta(days=15)) == 0
        assert _remind(frozen, due - datetime.timedelta(days=14)) == 1
        assert _remind(frozen, due - datetime.timedelta(days=13)) == 0
        assert _remind(frozen, due) == 0
        assert _remind(frozen, due + datetime.timedelta(days=1)) == 1
        assert _remind(frozen, due + datetime.timedelta(days=2)) == 0
        assert _remind(frozen, due + datetime.timedelta(days=30)) == 0
    assert [m.to for m in mailoutbox] == [[secretary.email], [secretary.email]]
    assert "pour le" in mailoutbox[0].subject and "depuis le" in mailoutbox[1].subject
    assert events(sent).count("reminded") == 2


def test_a_missed_reminder_window_still_gives_a_single_overdue_reminder(sent: Transmission, frozen: Any) -> None:
    due = sent.response_due
    assert due is not None
    assert _remind(frozen, due + datetime.timedelta(days=3)) == 1
    assert _remind(frozen, due + datetime.timedelta(days=4)) == 0
    sent.refresh_from_db()
    assert sent.reminded_at is None and sent.overdue_reminded_at is not None


def test_the_reminder_lead_is_set_per_pole(pole: Pole, sent: Transmission, frozen: Any) -> None:
    TransmissionSettings.objects.create(pole=pole, reminder_days=3)
    due = sent.response_due
    assert due is not None
    assert _remind(frozen, due - datetime.timedelta(days=4)) == 0
    assert _remind(frozen, due - datetime.timedelta(days=3)) == 1


def test_answered_and_prepared_transmissions_are_never_reminded(
    sent: Transmission, make_decision: MakeDecision, secretary: Any, frozen: Any
) -> None:
    services.prepare_transmission(make_decision(), by=secretary)
    services.record_response(sent, verdict="approved", received_on=TODAY, by=secretary)
    assert _remind(frozen, TODAY + datetime.timedelta(days=100)) == 0


def test_the_daily_command_reports_the_reminders_sent(sent: Transmission, frozen: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    due = sent.response_due
    assert due is not None
    frozen.move_to(datetime.datetime.combine(due, datetime.time(7, 0), tzinfo=datetime.UTC))
    out = StringIO()
    call_command("send_transmission_reminders", stdout=out)
    call_command("send_transmission_reminders", stdout=out)
    assert out.getvalue().splitlines() == ["1 rappel(s) envoyé(s).", "0 rappel(s) envoyé(s)."]


def test_the_e_mail_to_the_instance_is_french_with_typographic_spaces(
    prepared: Transmission, secretary: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.send_transmission(prepared, by=secretary)
    [mail] = mailoutbox
    assert "«\u00a0Compétences de base\u00a0»" in mail.subject
    assert "".join([" ", ":"]) not in mail.body and "".join(["«", " "]) not in mail.body
    assert isinstance(mail.message(), email.message.Message)
