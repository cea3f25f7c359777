"""The secretariat creates a pôle, opens its mandate and adds seats until its composition is « conforme »."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from synergies.directory.demo import DEMO_DOMAIN
from synergies.directory.models import Affiliation
from synergies.poles.models import Pole
from synergies.portal.tests.browser.axe import describe, violations
from synergies.portal.tests.browser.helpers import enrol_second_factor, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def affiliated(type_code: str) -> Affiliation:
    """A current affiliation of a demo person to an organisation of this type, to name as representative."""
    affiliation = (
        Affiliation.objects.filter(organisation__type=type_code, end_date__isnull=True, person__user__isnull=True)
        .select_related("person", "organisation")
        .order_by("pk")
        .first()
    )
    assert affiliation is not None, type_code
    return affiliation


def field(tab: Any, label: str) -> Any:
    """The form control labelled `label`, whatever suffix (« : ») Django adds to the label."""
    return tab.get_by_label(re.compile(rf"^{re.escape(label)}\s*:?$"))


def assert_accessible(tab: Any, what: str) -> None:
    found = violations(tab.page)
    assert not found, f"{what}\n{describe(found)}"


def add_seat(tab: Any, affiliation: Affiliation, role: str, origin: str) -> None:
    tab.get_by_role("link", name="Ajouter un siège").click()
    field(tab, "Organisation").select_option(label=affiliation.organisation.name)
    tab.get_by_label(re.compile("^Représentant")).select_option(value=str(affiliation.person.pk))
    field(tab, "Origine").select_option(label=origin)
    field(tab, "Rôle").select_option(label=role)
    tab.get_by_label(re.compile(r"^Désignation par l’Instance")).fill("IB-HC/2026/11")
    field(tab, "Date de la désignation").fill("2026-11-20")
    tab.get_by_role("button", name="Enregistrer le siège").click()
    expect(tab.locator(".message-success")).to_have_text("Siège enregistré.")


def test_the_secretariat_builds_a_pole_until_its_composition_is_compliant(tab: Any, demo: None) -> None:
    log_in(tab, f"secretariat@{DEMO_DOMAIN}")
    enrol_second_factor(tab)

    tab.go("/poles/gestion/")
    assert_accessible(tab, "overview")
    tab.get_by_role("link", name="Créer un pôle").click()
    assert_accessible(tab, "pole form")
    field(tab, "Nom").fill("Transport et logistique")
    field(tab, "Code").fill("TL")
    tab.get_by_label("thématique commune du rapport analytique et prospectif").check()
    field(tab, "Thématique commune").select_option(label="Transport et logistique (2023)")
    tab.get_by_role("button", name="Enregistrer").click()

    expect(tab.locator("h1")).to_contain_text("Mandats et évaluation")
    assert_accessible(tab, "mandates")
    field(tab, "Décision de l’Instance").fill("IB-HC/2026/11")
    field(tab, "Date de la décision").fill("2026-11-20")
    tab.get_by_role("button", name="Ouvrir le mandat").click()
    expect(tab.locator(".message-success")).to_be_visible()

    pole = Pole.objects.get(code="TL")
    tab.go(f"/poles/{pole.basin.code}/TL/organes/comite-de-pilotage/")
    assert_accessible(tab, "body page")
    expect(tab.locator(".badge")).to_have_text(re.compile("non conforme"))

    add_seat(tab, affiliated("secondary_school"), "président·e", "membre de l’Instance bassin")
    add_seat(tab, affiliated("forem_training"), "membre", "membre de l’Instance bassin")
    add_seat(tab, affiliated("mire"), "membre", "membre de l’Instance bassin")
    expect(tab.locator(".badge").first).to_have_text(re.compile("non conforme"))
    add_seat(tab, affiliated("company"), "membre", "membre de l’Instance bassin")
    expect(tab.locator(".badge").first).to_have_text(re.compile("^✓ conforme$"))

    tab.go(f"/poles/{pole.basin.code}/TL/")
    assert_accessible(tab, "pole page")
    expect(tab.locator(".badge").first).to_have_text(re.compile("^✓ conforme$"))
