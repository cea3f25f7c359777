"""axe-core finds no violation of the WCAG 2.0/2.1 A and AA rules on the meetings', decisions' and transmissions'
pages, public and staff, nor on their forms showing errors; their main actions are reached with the Tab key."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from synergies.accounts.models import User
from synergies.decisions import services as decisions
from synergies.decisions.models import Decision, Method
from synergies.directory.demo import DEMO_DOMAIN
from synergies.portal.tests.browser.governance_helpers import (
    POLE,
    approved_minutes_meeting,
    assert_accessible,
    assert_no_violation,
    closed_round_proposal,
    demo_pole,
    field,
    latest_held_committee_meeting,
    meeting_path,
    open_written_proposal,
    planned_committee_meeting,
    tab_to,
)
from synergies.portal.tests.browser.helpers import enrol_second_factor, log_in
from synergies.transmissions.models import Transmission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def public_decision() -> Decision:
    decision = Decision.objects.filter(pole=demo_pole(), is_public=True).order_by("-sequence").first()
    assert decision is not None
    return decision


def awaited_transmission() -> Transmission:
    """The latest transmission, acknowledged by the Instance, whose answer is awaited."""
    transmission = (
        Transmission.objects.filter(pole=demo_pole(), status=Transmission.Status.ACKNOWLEDGED)
        .order_by("-year", "-number")
        .first()
    )
    assert transmission is not None
    return transmission


def answered_transmission() -> Transmission:
    transmission = (
        Transmission.objects.filter(pole=demo_pole(), status=Transmission.Status.ANSWERED, is_public=True)
        .order_by("-year", "-number")
        .first()
    )
    assert transmission is not None
    return transmission


def test_public_governance_pages_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    for path in [
        "/agenda/",
        "/en/agenda/",
        POLE + "reunions/",
        POLE + "reunions/?page=2",
        meeting_path(approved_minutes_meeting()),
        meeting_path(planned_committee_meeting()),
        POLE + "registre/",
        POLE + "registre/?q=r%C3%A9f%C3%A9rentiel",
        POLE + "registre/?q=aucun-resultat-possible",
        public_decision().get_absolute_url(),
        POLE + "transmissions/",
        answered_transmission().get_absolute_url(),
    ]:
        assert_accessible(tab, path)


def test_a_member_s_governance_pages_and_forms_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    log_in(tab, f"membre@{DEMO_DOMAIN}")
    expect(tab.locator(".account-name")).to_be_visible()
    written = open_written_proposal()
    held = latest_held_committee_meeting()
    for path in [
        POLE + "reunions/",
        meeting_path(planned_committee_meeting()),
        POLE + "registre/",
        POLE + "propositions/",
        POLE + "propositions/?statut=open",
        written.get_absolute_url(),
        closed_round_proposal().get_absolute_url(),
        POLE + "transmissions/",
        POLE + "transmissions/?statut=acknowledged",
        awaited_transmission().get_absolute_url(),
    ]:
        assert_accessible(tab, path)

    assert_accessible(tab, "/agenda/prive/")
    tab.get_by_role("button", name="Créer mon adresse d’agenda").click()
    expect(tab.get_by_label("Adresse de votre agenda (iCalendar)")).to_have_value(re.compile(r"/agenda/prive/.+\.ics$"))
    assert_no_violation(tab, "calendar token page with its address")

    assert_accessible(tab, written.get_absolute_url() + "position/")
    tab_to(tab, "Enregistrer ma position")
    tab.keyboard.press("Enter")
    expect(tab.locator(".form-errors")).to_be_visible()
    assert_no_violation(tab, "position form with errors")

    assert_accessible(tab, meeting_path(held))
    tab_to(tab, "Envoyer ma remarque")
    tab.keyboard.press("Enter")
    expect(tab.locator(".message-error")).to_have_text("La remarque est vide.")
    assert_no_violation(tab, "meeting page after an empty remark")


def test_the_secretariat_s_governance_pages_and_forms_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    secretary = User.objects.get(email=f"secretariat@{DEMO_DOMAIN}")
    pole = demo_pole()
    planned = planned_committee_meeting()
    held = latest_held_committee_meeting()
    item = planned.agenda_items.order_by("position").first()
    assert item is not None
    draft = decisions.create_proposal(
        pole, {"kind": "decision", "title": "Charte des ateliers", "text": "Le pôle adopte la charte."}, by=secretary
    )
    in_meeting = decisions.create_proposal(
        pole, {"kind": "decision", "title": "Atelier numératie", "text": "Le pôle organise l’atelier."}, by=secretary
    )
    decisions.open_round(in_meeting, method=Method.MEETING, meeting=held, by=secretary)

    log_in(tab, f"secretariat@{DEMO_DOMAIN}")
    enrol_second_factor(tab)
    for path in [
        POLE + "reunions/",
        POLE + "reunions/cadence/",
        POLE + f"reunions/cadence/?annee={timezone.localdate().year + 1}",
        POLE + "reunions/nouvelle/",
        POLE + "reunions/reglages/",
        meeting_path(planned),
        meeting_path(planned, "modifier/"),
        meeting_path(planned, "ordre-du-jour/"),
        meeting_path(planned, f"ordre-du-jour/{item.pk}/"),
        meeting_path(planned, "convoquer/"),
        meeting_path(planned, "annuler/"),
        meeting_path(held),
        meeting_path(held, "presences/"),
        meeting_path(held, "proces-verbal/"),
        meeting_path(held, "proces-verbal/approuver/"),
        meeting_path(approved_minutes_meeting()),
        POLE + "propositions/",
        POLE + "propositions/nouvelle/",
        POLE + "propositions/reglages/",
        draft.get_absolute_url(),
        draft.get_absolute_url() + "modifier/",
        draft.get_absolute_url() + "tour/",
        in_meeting.get_absolute_url(),
        in_meeting.get_absolute_url() + "positions-seance/",
        in_meeting.get_absolute_url() + "consensus/",
        open_written_proposal().get_absolute_url(),
        closed_round_proposal().get_absolute_url(),
        POLE + "registre/",
        public_decision().get_absolute_url(),
        public_decision().get_absolute_url() + "corriger/",
        POLE + "transmissions/",
        POLE + "transmissions/reglages/",
        awaited_transmission().get_absolute_url(),
        awaited_transmission().get_absolute_url() + "reponse/",
    ]:
        assert_accessible(tab, path)

    for path, button in [
        (POLE + "reunions/nouvelle/", "Enregistrer"),
        (meeting_path(planned, "ordre-du-jour/"), "Ajouter le point"),
        (meeting_path(planned, "annuler/"), "Annuler la réunion"),
        (POLE + "propositions/nouvelle/", "Enregistrer"),
        (draft.get_absolute_url() + "tour/", "Enregistrer"),
        (public_decision().get_absolute_url() + "corriger/", "Enregistrer"),
        (awaited_transmission().get_absolute_url() + "reponse/", "Enregistrer la réponse"),
        (POLE + "transmissions/preparer/", "Préparer la transmission"),
    ]:
        tab.go(path)
        tab.locator("main form:not([role=search])").last.get_by_role("button", name=button, exact=True).click()
        expect(tab.locator(".form-errors").first).to_be_visible()
        assert_no_violation(tab, f"{path} with errors")

    tab.go(meeting_path(planned, "modifier/"))
    field(tab, "Date").fill("")
    tab.get_by_role("button", name="Enregistrer").click()
    expect(tab.locator(".form-errors").first).to_be_visible()
    assert_no_violation(tab, "meeting edit form with errors")

    tab.go(POLE + "transmissions/preparer/")
    field(tab, "Objet à transmettre").select_option(index=1)
    tab.get_by_role("button", name="Préparer la transmission").click()
    expect(tab.locator(".message-success")).to_contain_text("préparée")
    assert_no_violation(tab, "a prepared transmission")
    tab.locator("main p.actions").get_by_role("link", name="Modifier", exact=True).click()
    assert_no_violation(tab, "transmission edit form")
    tab.go_back()
    tab.get_by_role("link", name="Envoyer à l’Instance").click()
    assert_no_violation(tab, "transmission send page")
    tab_to(tab, "Envoyer à l’Instance")
    tab.keyboard.press("Enter")
    expect(tab.locator(".message-success")).to_contain_text("envoyée à")
    assert_no_violation(tab, "a sent transmission")
    tab.get_by_role("link", name="Enregistrer l’accusé de réception").click()
    assert_no_violation(tab, "acknowledgement form")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    field(tab, "Accusé de réception reçu le").fill(tomorrow.isoformat())
    tab.get_by_role("button", name="Enregistrer l’accusé de réception").click()
    expect(tab.locator(".form-errors").first).to_be_visible()
    assert_no_violation(tab, "acknowledgement form with errors")
    field(tab, "Accusé de réception reçu le").fill(timezone.localdate().isoformat())
    tab.get_by_role("button", name="Enregistrer l’accusé de réception").click()
    expect(tab.locator(".message-success")).to_have_text("Accusé de réception enregistré.")
    assert_no_violation(tab, "an acknowledged transmission")
