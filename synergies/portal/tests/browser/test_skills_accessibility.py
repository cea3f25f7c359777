"""axe-core finds no violation of the WCAG 2.0/2.1 A and AA rules on the referentials' pages: the public ones (index,
trees, searches, concepts, comparisons, change log), the secretariat's editor and its forms (one of them showing
errors), and a draft as a member of the pôle reads it. Each page is loaded once."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from synergies.accounts.models import User
from synergies.directory.demo import DEMO_DOMAIN
from synergies.portal.tests.browser.governance_helpers import POLE, assert_accessible, assert_no_violation, field
from synergies.portal.tests.browser.helpers import enrol_second_factor, log_in
from synergies.portal.tests.browser.skills_helpers import (
    REFERENTIAL,
    assert_pages_accessible,
    editor_path,
    esco_target_of_current_version,
    referential,
    version_path,
)
from synergies.skills import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_REFERENTIAL = "/poles/hainaut-centre/CO/referentiel/"
"""The construction pôle has not created its referential: its section offers to."""


def start_draft() -> None:
    """Draft 1.2 as the secretariat would open it, without spending a browser round trip on it."""
    secretary = User.objects.get(email=f"secretariat@{DEMO_DOMAIN}")
    services.start_version(referential(), number="1.2", reason="Révision annuelle.", by=secretary)


def test_the_public_referential_pages_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    esco_concept = esco_target_of_current_version()
    assert_pages_accessible(
        tab,
        [
            "/referentiels/",
            REFERENTIAL,
            version_path("1.1", "?q=lire"),
            "/referentiels/esco/",
            REFERENTIAL + "concepts/CB-LIT-03/",
            esco_concept.get_absolute_url(),
            REFERENTIAL + "comparer/?de=1.0&a=1.1",
            version_path("1.1", "journal/"),
            NO_REFERENTIAL,
            "/en" + REFERENTIAL,
        ],
    )
    assert_accessible(tab, version_path("1.1", "?q=aucun-resultat-possible"))
    expect(tab.locator(".search-status")).to_contain_text("Aucun concept ne correspond à « aucun-resultat-possible »")


def test_the_secretariat_s_editor_and_its_forms_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    log_in(tab, f"secretariat@{DEMO_DOMAIN}")
    enrol_second_factor(tab)
    assert_pages_accessible(tab, [REFERENTIAL + "nouvelle-version/", NO_REFERENTIAL])
    expect(tab.get_by_role("button", name="Créer le référentiel à partir de la proposition de départ")).to_be_visible()
    assert_accessible(tab, version_path("1.1"))
    expect(tab.get_by_role("button", name="Préparer une nouvelle version")).to_be_visible()

    start_draft()
    assert_pages_accessible(
        tab,
        [
            version_path("1.2"),
            editor_path("1.2"),
            editor_path("1.2", "ajouter/"),
            editor_path("1.2", "CB-LIT-03/"),
            editor_path("1.2", "CB-LIT-03/scinder/"),
            editor_path("1.2", "CB-LIT-03/fusionner/"),
            editor_path("1.2", "CB-LIT-03/retirer/"),
            editor_path("1.2", "CB-LIT-03/correspondances/"),
            version_path("1.2", "proposer/"),
            version_path("1.2", "abandonner/"),
        ],
    )

    assert_accessible(tab, editor_path("1.2", "CB-LIT-03/deplacer/"))
    field(tab, "Nouvel emplacement").select_option(value="CB-NUM")
    tab.get_by_role("button", name="Déplacer", exact=True).click()
    expect(tab.locator(".form-errors").first).to_be_visible()
    assert_no_violation(tab, "move form without a reason")


def test_a_member_reads_the_draft_without_editing_it_and_its_pages_have_no_accessibility_violation(
    tab: Any, demo: None
) -> None:
    start_draft()
    log_in(tab, f"membre@{DEMO_DOMAIN}")
    expect(tab.locator(".account-name")).to_be_visible()
    assert_pages_accessible(
        tab,
        [
            version_path("1.2", "concepts/CB-LIT-03/"),
            REFERENTIAL + "comparer/",
            version_path("1.2", "journal/"),
            version_path("1.2"),
        ],
    )
    expect(tab.locator(".version-facts .version-status")).to_have_text("Brouillon")
    expect(tab.get_by_role("link", name="Modifier le brouillon")).to_have_count(0)
    expect(tab.get_by_role("link", name="Proposer l’adoption au comité")).to_have_count(0)
    response = tab.go(editor_path("1.2"))
    assert response is not None and response.status == 403
    tab.go(POLE)
    expect(
        tab.get_by_role("navigation", name="Sections du pôle").get_by_role("link", name="Référentiel")
    ).to_be_visible()
