"""E-mails to the secretariat: reminders as a mandate's end and its evaluation approach, alerts on broken compliance."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from synergies.accounts.models import Role
from synergies.accounts.services import grant_role, revoke_role
from synergies.basins.models import Basin
from synergies.poles import services, tasks
from synergies.poles.models import Evaluation, Mandate, Pole, Seat
from synergies.poles.notifications import (
    REMINDER_DAYS,
    alert_compliance_broken,
    due_reminders,
    secretariat_emails,
    send_reminders,
)
from synergies.poles.tests.conftest import MANDATE_END, TODAY
from synergies.testing.factories import MandateFactory, PoleFactory, UserFactory

pytestmark = pytest.mark.django_db

EVALUATION_DUE = datetime.date(2027, 9, 1)


def plain(text: str) -> str:
    return " ".join(text.split())


def reminders_on(day: datetime.date) -> list[tuple[str, str, int]]:
    return [(mandate.pole.code, kind, left) for mandate, kind, left in due_reminders(day)]


# --- which reminders are due ------------------------------------------------------------------------------------


def test_the_reminder_days() -> None:
    assert REMINDER_DAYS == (180, 90, 30, 7)


@pytest.mark.parametrize("left", REMINDER_DAYS)
def test_the_end_of_a_mandate_is_recalled_on_each_reminder_day(mandate: Mandate, left: int) -> None:
    assert reminders_on(MANDATE_END - datetime.timedelta(days=left)) == [("CB", "end", left)]


@pytest.mark.parametrize("left", REMINDER_DAYS)
def test_the_evaluation_is_recalled_on_each_reminder_day_before_it_is_due(mandate: Mandate, left: int) -> None:
    assert mandate.evaluation_due == EVALUATION_DUE
    assert reminders_on(EVALUATION_DUE - datetime.timedelta(days=left)) == [("CB", "evaluation", left)]


@pytest.mark.parametrize("left", [181, 179, 91, 89, 31, 29, 8, 6, 1])
def test_no_reminder_on_the_other_days(mandate: Mandate, left: int) -> None:
    assert reminders_on(MANDATE_END - datetime.timedelta(days=left)) == []
    assert reminders_on(EVALUATION_DUE - datetime.timedelta(days=left)) == []


def test_no_reminder_on_the_last_day_nor_after(mandate: Mandate) -> None:
    assert reminders_on(MANDATE_END) == []
    assert reminders_on(MANDATE_END + datetime.timedelta(days=1)) == []


def test_over_the_whole_mandate_exactly_eight_reminders_are_due(mandate: Mandate) -> None:
    day, found = datetime.date(2025, 2, 1), []
    while day <= datetime.date(2028, 3, 31):
        found += [(day, kind, left) for _code, kind, left in reminders_on(day)]
        day += datetime.timedelta(days=1)
    assert found == [
        (datetime.date(2027, 3, 5), "evaluation", 180),
        (datetime.date(2027, 6, 3), "evaluation", 90),
        (datetime.date(2027, 8, 2), "evaluation", 30),
        (datetime.date(2027, 8, 25), "evaluation", 7),
        (datetime.date(2027, 9, 1), "end", 180),
        (datetime.date(2027, 11, 30), "end", 90),
        (datetime.date(2028, 1, 29), "end", 30),
        (datetime.date(2028, 2, 21), "end", 7),
    ]


def test_the_evaluation_lead_of_the_pole_moves_its_reminders(pole: Pole, mandate: Mandate) -> None:
    Pole.objects.filter(pk=pole.pk).update(evaluation_lead_days=90)
    due = MANDATE_END - datetime.timedelta(days=90)
    assert reminders_on(due - datetime.timedelta(days=30)) == [("CB", "evaluation", 30)]
    assert reminders_on(EVALUATION_DUE - datetime.timedelta(days=30)) == []


def test_an_evaluation_file_handed_in_is_not_asked_for_again(mandate: Mandate, secretary: Any) -> None:
    services.record_evaluation(mandate, summary="Bilan.", submitted_on=datetime.date(2027, 5, 1), by=secretary)
    assert reminders_on(EVALUATION_DUE - datetime.timedelta(days=30)) == []
    assert reminders_on(MANDATE_END - datetime.timedelta(days=30)) == [("CB", "end", 30)]


def test_an_incomplete_evaluation_file_is_still_asked_for(mandate: Mandate, secretary: Any) -> None:
    services.record_evaluation(mandate, summary="Bilan en cours.", submitted_on=None, by=secretary)
    assert reminders_on(EVALUATION_DUE - datetime.timedelta(days=30)) == [("CB", "evaluation", 30)]


def test_a_mandate_without_evaluation_record_is_still_recalled(pole: Pole) -> None:
    MandateFactory.create(pole=pole, start=datetime.date(2025, 3, 1), end=MANDATE_END)
    assert reminders_on(EVALUATION_DUE - datetime.timedelta(days=7)) == [("CB", "evaluation", 7)]


def test_a_closed_pole_gets_no_reminder(pole: Pole, mandate: Mandate, secretary: Any) -> None:
    services.close_pole(pole, on=datetime.date(2026, 6, 30), reference="IB-2026-06", by=secretary)
    assert reminders_on(MANDATE_END - datetime.timedelta(days=30)) == []


def test_a_past_mandate_gets_no_reminder_but_its_renewal_does(mandate: Mandate, secretary: Any) -> None:
    services.record_evaluation(mandate, summary="Bilan.", submitted_on=datetime.date(2027, 8, 1), by=secretary)
    services.record_verdict(
        mandate,
        verdict=Evaluation.Verdict.RENEWED,
        reference="IB-2027-11",
        date=datetime.date(2027, 11, 20),
        by=secretary,
    )
    following = services.renew_mandate(
        mandate,
        end=datetime.date(2031, 2, 28),
        decision_reference="IB-2027-12",
        decision_date=datetime.date(2027, 12, 10),
        by=secretary,
    )
    due = [(m, kind, left) for m, kind, left in due_reminders(datetime.date(2031, 2, 21))]
    assert due == [(following, "end", 7)]
    assert due_reminders(datetime.date(2028, 3, 1) - datetime.timedelta(days=7)) == []


def test_the_reminders_of_today(mandate: Mandate) -> None:
    with freeze_time(MANDATE_END - datetime.timedelta(days=90)):
        assert reminders_on_today() == [("CB", "end", 90)]


def reminders_on_today() -> list[tuple[str, str, int]]:
    return [(mandate.pole.code, kind, left) for mandate, kind, left in due_reminders()]


# --- who is told -------------------------------------------------------------------------------------------------


def test_the_secretariat_of_a_basin_is_its_active_secretaries(
    basin: Basin, other_basin: Basin, secretary: Any, other_secretary: Any, platform_admin: Any
) -> None:
    colleague = UserFactory.create(email="adjoint@example.org")
    grant_role(colleague, Role.SECRETARIAT, basin, by=platform_admin)
    retired = UserFactory.create(email="ancien@example.org", is_active=False)
    grant_role(retired, Role.SECRETARIAT, basin, by=platform_admin)
    grant_role(other_secretary, Role.SECRETARIAT, other_basin, by=platform_admin)
    assert secretariat_emails(basin) == ["adjoint@example.org", "secretariat@example.org"]
    assert secretariat_emails(other_basin) == ["namur@example.org"]


def test_the_end_reminder_is_sent_to_the_secretariat_of_the_poles_basin(
    mandate: Mandate, secretary: Any, other_secretary: Any, mailoutbox: list[Any]
) -> None:
    assert send_reminders(MANDATE_END - datetime.timedelta(days=30)) == 1
    [mail] = mailoutbox
    assert mail.to == ["secretariat@example.org"]
    assert plain(mail.subject) == "[Synergies] Le mandat du pôle « Compétences de base » se termine dans 30 jours"
    body = plain(mail.body)
    assert "Le mandat en cours du pôle « Compétences de base » se termine le 28 février 2028." in body
    assert "L’Instance ne s’est pas encore prononcée sur l’évaluation de ce mandat." in body
    assert "/poles/hainaut-centre/CB/" in body


def test_the_end_reminder_does_not_say_the_verdict_is_pending_once_given(
    mandate: Mandate, secretary: Any, mailoutbox: list[Any]
) -> None:
    services.record_evaluation(mandate, summary="Bilan.", submitted_on=datetime.date(2027, 8, 1), by=secretary)
    services.record_verdict(
        mandate, verdict=Evaluation.Verdict.NOT_RENEWED, reference="IB-2027-11", date=TODAY, by=secretary
    )
    send_reminders(MANDATE_END - datetime.timedelta(days=7))
    [mail] = mailoutbox
    assert "ne s’est pas encore prononcée" not in mail.body
    assert plain(mail.subject).endswith("se termine dans 7 jours")


def test_the_evaluation_reminder_gives_the_due_date(mandate: Mandate, secretary: Any, mailoutbox: list[Any]) -> None:
    assert send_reminders(EVALUATION_DUE - datetime.timedelta(days=90)) == 1
    [mail] = mailoutbox
    assert plain(mail.subject) == "[Synergies] Évaluation du pôle « Compétences de base » attendue dans 90 jours"
    assert (
        "Le dossier d’évaluation du pôle « Compétences de base » est attendu pour le 1 septembre 2027, "
        "avant la fin du mandat le 28 février 2028." in plain(mail.body)
    )


def test_each_basin_hears_of_its_own_poles(
    mandate: Mandate, other_basin: Basin, secretary: Any, other_secretary: Any, mailoutbox: list[Any]
) -> None:
    namur_pole = PoleFactory.create(basin=other_basin, name="Construction", code="CO")
    MandateFactory.create(pole=namur_pole, start=mandate.start, end=mandate.end)
    assert send_reminders(MANDATE_END - datetime.timedelta(days=180)) == 2
    recipients = {plain(mail.subject): mail.to for mail in mailoutbox}
    assert recipients == {
        "[Synergies] Le mandat du pôle « Compétences de base » se termine dans 180 jours": ["secretariat@example.org"],
        "[Synergies] Le mandat du pôle « Construction » se termine dans 180 jours": ["namur@example.org"],
    }


def test_nothing_is_sent_on_a_day_without_reminder(mandate: Mandate, secretary: Any, mailoutbox: list[Any]) -> None:
    assert send_reminders(MANDATE_END - datetime.timedelta(days=31)) == 0
    assert mailoutbox == []


def test_a_basin_without_secretariat_gets_nothing(
    basin: Basin, mandate: Mandate, secretary: Any, mailoutbox: list[Any]
) -> None:
    revoke_role(secretary, Role.SECRETARIAT, basin, by=None)
    assert send_reminders(MANDATE_END - datetime.timedelta(days=30)) == 0
    assert mailoutbox == []


def test_the_daily_command_sends_todays_reminders(mandate: Mandate, secretary: Any, mailoutbox: list[Any]) -> None:
    out = StringIO()
    with freeze_time(MANDATE_END - datetime.timedelta(days=7)):
        call_command("send_pole_reminders", stdout=out)
    assert out.getvalue() == "1 rappel(s) envoyé(s).\n"
    assert len(mailoutbox) == 1


# --- the compliance alert ------------------------------------------------------------------------------------------


def test_the_alert_describes_each_failing_rule(
    pole: Pole, compliant_pole: dict[str, Seat], secretary: Any, other_secretary: Any, mailoutbox: list[Any]
) -> None:
    Seat.objects.filter(pk=compliant_pole["company"].pk).delete()
    assert alert_compliance_broken(pole.pk, TODAY) == 1
    [mail] = mailoutbox
    assert mail.to == ["secretariat@example.org"]
    body = plain(mail.body)
    assert "Une modification de la composition du pôle « Compétences de base » le rend non conforme" in body
    assert "- R3a — Entreprises, intercommunales de développement économique ou partenaires sociaux locaux" in body
    assert "Il manque une entreprise locale" in body
    assert "R3b" not in body


def test_no_alert_for_a_compliant_pole_or_a_deleted_one(
    pole: Pole, compliant_pole: dict[str, Seat], secretary: Any, mailoutbox: list[Any]
) -> None:
    assert alert_compliance_broken(pole.pk, TODAY) == 0
    assert alert_compliance_broken(0) == 0
    assert mailoutbox == []


def test_the_alert_reads_the_day_the_change_breaks_compliance(
    pole: Pole, compliant_pole: dict[str, Seat], secretary: Any, mailoutbox: list[Any]
) -> None:
    """A seat ending on its last day, 31 January: the pôle is compliant until then, not from 1 February."""
    Seat.objects.filter(pk=compliant_pole["cpas"].pk).update(end=datetime.date(2026, 1, 31))
    with freeze_time(TODAY):
        assert alert_compliance_broken(pole.pk) == 0
        tasks.alert_compliance_broken.call(pole.pk, "2026-02-01")
    [mail] = mailoutbox
    assert "R4-employment" in mail.body


def test_confirming_the_end_of_a_seat_today_alerts_the_secretariat(
    pole: Pole,
    compliant_pole: dict[str, Seat],
    secretary: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with freeze_time(TODAY), django_capture_on_commit_callbacks(execute=True):
        services.end_seat(compliant_pole["cpas"], by=secretary, confirm=True)
    [mail] = mailoutbox
    assert mail.to == ["secretariat@example.org"]
    assert "R4-employment" in mail.body
