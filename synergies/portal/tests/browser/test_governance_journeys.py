"""The pôle's governance in a real browser: the secretariat convenes and notes a consensus; a member takes a position
in a written procedure and remarks on draft minutes."""

from __future__ import annotations

import re
from email.mime.base import MIMEBase
from typing import Any

import pytest
from playwright.sync_api import expect

from synergies.decisions.models import Decision, Position, Proposal
from synergies.directory.demo import DEMO_DOMAIN
from synergies.meetings.models import Meeting, MinutesRemark, Notice
from synergies.poles.models import Seat
from synergies.portal.tests.browser.governance_helpers import (
    POLE,
    field,
    latest_held_committee_meeting,
    meeting_path,
    open_written_proposal,
    planned_committee_meeting,
    tab_to,
)
from synergies.portal.tests.browser.helpers import enrol_second_factor, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def calendar_parts(message: Any) -> list[MIMEBase]:
    return [
        part
        for part in message.attachments
        if isinstance(part, MIMEBase) and part.get_content_type() == "text/calendar"
    ]


def test_the_secretariat_convenes_the_next_meeting_and_notes_a_consensus_that_enters_the_register(
    tab: Any, demo: None, mailoutbox: list
) -> None:
    planned = planned_committee_meeting()
    held = latest_held_committee_meeting()
    log_in(tab, f"secretariat@{DEMO_DOMAIN}")
    enrol_second_factor(tab)

    tab.go(POLE)
    tab.get_by_role("navigation", name="Sections du pôle").get_by_role("link", name="Réunions").click()
    expect(tab.locator("h1")).to_have_text("Réunions")
    tab.locator(f'a[href="{meeting_path(planned)}"]').click()
    expect(tab.locator("h1")).to_have_text(planned.display_title)
    expect(tab.locator(".status-badge").first).to_have_text("Prévue")
    tab.get_by_role("navigation", name="Actions du secrétariat").get_by_role("link", name="Convoquer").click()
    expect(tab.get_by_role("heading", name="Convoquer les membres")).to_be_visible()
    for item in planned.agenda_items.order_by("position"):
        expect(tab.locator("main ol").first).to_contain_text(item.title)
    tab_to(tab, "Envoyer la convocation")
    tab.keyboard.press("Enter")

    expect(tab.locator(".message-success")).to_contain_text(re.compile(r"Convocation envoyée à \d+ membre"))
    expect(tab.locator(".status-badge").first).to_have_text("Convoquée")
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.CONVENED
    notice = Notice.objects.get(meeting=planned, kind=Notice.Kind.CONVOCATION)
    assert notice.recipients > 0
    assert f"Convocation envoyée à {notice.recipients} membre" in tab.locator(".message-success").inner_text()
    convocations = [m for m in mailoutbox if calendar_parts(m)]
    assert len(convocations) == notice.recipients
    invitation = calendar_parts(convocations[0])[0]
    assert invitation.get_filename() == "invitation.ics"
    payload = invitation.get_payload(decode=True)
    assert isinstance(payload, bytes)
    ics = payload.decode()
    assert "BEGIN:VEVENT" in ics and f"DTSTART;TZID=Europe/Brussels:{planned.day:%Y%m%d}" in ics

    tab.go(POLE + "propositions/")
    tab.get_by_role("link", name="Nouvelle proposition").click()
    field(tab, "Organe").select_option(label=held.body.name)
    tab.get_by_role("radio", name="décision").check()
    field(tab, "Intitulé").fill("Atelier numératie 2027 à l’IFAPME")
    field(tab, "Texte proposé").fill("Le pôle organise en 2027 un atelier numératie, accueilli par l’IFAPME.")
    tab.get_by_role("button", name="Enregistrer").click()
    expect(tab.locator(".message-success")).to_have_text("Proposition enregistrée en préparation.")
    expect(tab.locator("h1")).to_have_text("Atelier numératie 2027 à l’IFAPME")
    proposal = Proposal.objects.get(title="Atelier numératie 2027 à l’IFAPME")
    assert proposal.status == Proposal.Status.DRAFT and proposal.body == held.body

    tab.get_by_role("link", name="Soumettre aux membres").click()
    tab.get_by_role("radio", name="en réunion").check()
    field(tab, "Réunion (décision en réunion)").select_option(value=str(held.pk))
    tab.get_by_role("button", name="Enregistrer").click()
    expect(tab.locator(".message-success")).to_have_text("Tour 1 ouvert.")

    tab.get_by_role("link", name="Constater le consensus").click()
    seats_at_table = tab.locator("main table tbody tr")
    expect(seats_at_table.first).to_be_visible()
    assert seats_at_table.count() > 0
    tab.get_by_role("button", name="Constater le consensus et clôturer").click()
    expect(tab.locator(".message-success")).to_be_visible()

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ADOPTED
    decision = Decision.objects.get(proposal=proposal)
    assert decision.round is not None
    assert decision.round.meeting == held and decision.round.consensus_noted
    expect(tab.locator("main")).to_contain_text("consensus constaté")
    tab.get_by_role("link", name=decision.reference).click()
    expect(tab.locator("h1")).to_contain_text(decision.reference)

    tab.go(POLE + "registre/?q=numératie+IFAPME")
    row = tab.locator("main table tbody tr", has_text="Atelier numératie 2027 à l’IFAPME")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link")).to_have_text(decision.reference)
    assert re.fullmatch(r"CB-\d{4}-\d{3}", decision.reference), decision.reference


def test_a_member_takes_a_position_in_a_written_procedure_changes_it_and_remarks_on_draft_minutes(
    tab: Any, demo: None
) -> None:
    proposal = open_written_proposal()
    round = proposal.rounds.get(closed_at__isnull=True)
    member_seat = Seat.objects.get(
        body=proposal.body, role="chair", representative__user__email=f"membre@{DEMO_DOMAIN}"
    )
    before = Position.objects.filter(round=round, seat=member_seat).count()

    log_in(tab, f"membre@{DEMO_DOMAIN}")
    expect(tab.locator(".account-name")).to_be_visible()
    tab.go(POLE)
    tab.get_by_role("navigation", name="Sections du pôle").get_by_role("link", name="Décisions").click()
    tab.get_by_role("link", name="Propositions en cours").click()
    tab.get_by_role("link", name=proposal.title).click()
    expect(tab.locator("h1")).to_have_text(proposal.title)
    tab.get_by_role("link", name="Prendre position").click()
    expect(tab.locator("h1")).to_contain_text("Ma position")
    tab.get_by_role("radio", name="d’accord avec réserve").check()
    field(tab, "Réserve ou motif de l’objection").fill("Prévoir une date de repli en juin pour les écoles.")
    tab.get_by_role("button", name="Enregistrer ma position").click()

    expect(tab.locator(".message-success")).to_have_text("Votre position est enregistrée.")
    first_row = tab.locator("main table tbody tr", has_text="Prévoir une date de repli en juin")
    expect(first_row).to_contain_text("D’accord avec réserve")

    tab.get_by_role("link", name="Prendre position").click()
    expect(tab.get_by_role("heading", name="Position actuelle")).to_be_visible()
    expect(tab.locator("h2:text-is('Position actuelle') + ul")).to_contain_text("Prévoir une date de repli en juin")
    tab.get_by_role("radio", name="d’accord", exact=True).check()
    field(tab, "Réserve ou motif de l’objection").fill("")
    tab.get_by_role("button", name="Enregistrer ma position").click()
    expect(tab.locator(".message-success")).to_have_text("Votre position est enregistrée.")
    expect(tab.locator("main table tbody tr", has_text="Prévoir une date de repli en juin")).to_contain_text(
        "remplacée le"
    )

    positions = list(Position.objects.filter(round=round, seat=member_seat).order_by("created_at", "pk"))
    assert len(positions) == before + 2
    reserved, agreed = positions[-2], positions[-1]
    assert reserved.stance == "reservation" and reserved.text == "Prévoir une date de repli en juin pour les écoles."
    assert reserved.superseded_at is not None
    assert agreed.stance == "agree" and agreed.superseded_at is None
    assert Position.objects.filter(round=round, seat=member_seat).current().get() == agreed

    meeting = latest_held_committee_meeting()
    tab.go(POLE)
    tab.get_by_role("navigation", name="Sections du pôle").get_by_role("link", name="Réunions").click()
    tab.locator(f'a[href="{meeting_path(meeting)}"]').click()
    expect(tab.locator("h1")).to_have_text(meeting.display_title)
    minutes = tab.get_by_role("region", name=re.compile("^Procès-verbal"))
    expect(minutes).to_contain_text("soumis aux remarques")
    expect(minutes.locator(".minutes-text h2").first).to_be_visible()
    existing = MinutesRemark.objects.filter(minutes__meeting=meeting).count()
    assert existing >= 1
    expect(minutes.locator("article.card")).to_have_count(existing)
    field(tab, "Votre remarque").fill("Au point 2, ajouter que le CEFA de La Louvière rejoint le groupe numératie.")
    tab.get_by_role("button", name="Envoyer ma remarque").click()

    expect(tab.locator(".message-success")).to_have_text("Votre remarque est transmise au secrétariat.")
    expect(tab.page).to_have_url(re.compile(r"#remarques$"))
    expect(minutes.locator("article.card")).to_have_count(existing + 1)
    remark = MinutesRemark.objects.filter(minutes__meeting=meeting).order_by("-pk").first()
    assert remark is not None and remark.author is not None
    assert remark.author.email == f"membre@{DEMO_DOMAIN}"
    listed = minutes.locator("article.card", has_text="le CEFA de La Louvière rejoint le groupe numératie")
    expect(listed).to_contain_text(f"{remark.author.full_name}, ")
    assert remark.text == "Au point 2, ajouter que le CEFA de La Louvière rejoint le groupe numératie."
