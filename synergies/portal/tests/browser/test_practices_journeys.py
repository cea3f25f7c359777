"""The catalogue in a real browser: a contributor describes a practice and submits it, a moderator asks for a
change, the contributor makes it, the moderator publishes, and a visitor finds it with a search and two facets.

The moderator is the member the demo's secretariat delegated (the secretariat's own pages need a second factor, which the
referential's journeys already walk through)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from synergies.directory.demo import DEMO_DOMAIN
from synergies.poles.models import Pole
from synergies.portal.tests.browser.helpers import log_in, log_out
from synergies.practices.models import Moderator, Practice, Status
from synergies.skills.models import Concept

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Écrire au lavoir : ateliers d’écriture en plein air"


def demo_pole() -> Pole:
    return Pole.objects.select_related("basin").get(basin__code="hainaut-centre", code="CB")


def concept_id(code: str) -> str:
    return str(Concept.objects.get(framework__pole=demo_pole(), code=code).pk)


def test_a_contributor_s_practice_is_sent_back_fixed_published_and_found_by_a_visitor(tab: Any, demo: None) -> None:
    pole = demo_pole()
    assert Moderator.objects.filter(pole=pole, user__email=f"membre@{DEMO_DOMAIN}").exists()

    # The contributor describes the practice and submits it.
    log_in(tab, f"contributeur@{DEMO_DOMAIN}")
    tab.go(f"/pratiques/nouvelle/{pole.basin.code}/{pole.code}/")
    tab.locator('[name="title"]').fill(TITLE)
    tab.locator('[name="summary"]').fill("Des ateliers d’écriture au lavoir communal, pour reprendre confiance.")
    tab.locator('[name="kind"]').select_option(value="methode")
    if tab.locator('select[name="holder"] option:checked').get_attribute("value") in ("", None):
        tab.locator('select[name="holder"]').select_option(index=1)
    tab.locator(f'input[name="main_skills"][value="{concept_id("CB-LIT-04")}"]').check()
    tab.locator('input[name="publics"][value="ALPHA"]').check()
    tab.locator('input[name="communes"][value="58001"]').check()
    tab.get_by_role("button", name="Enregistrer le brouillon").click()
    assert tab.locator(".errorlist").all_inner_texts() == []
    expect(tab.locator("h1")).to_contain_text(TITLE)
    tab.get_by_role("button", name="Soumettre à la modération").click()
    practice = Practice.objects.get(title=TITLE)
    assert practice.status == Status.SUBMITTED
    log_out(tab)

    # The moderator asks for a change.
    log_in(tab, f"membre@{DEMO_DOMAIN}")
    tab.go(f"/pratiques/moderation/{pole.basin.code}/{pole.code}/")
    tab.get_by_role("link", name=TITLE).click()
    tab.get_by_label("Ce qu’il faut modifier").fill("Ajoutez les résultats observés après un an.")
    tab.get_by_role("button", name="Demander des modifications").click()
    practice.refresh_from_db()
    assert practice.status == Status.CHANGES_REQUESTED
    log_out(tab)

    # The contributor sees what is asked, fixes the record and submits it again.
    log_in(tab, f"contributeur@{DEMO_DOMAIN}")
    tab.go("/pratiques/mes-pratiques/")
    expect(tab.locator("main")).to_contain_text("modifications demandées")
    tab.get_by_role("link", name=TITLE).click()
    expect(tab.locator("main")).to_contain_text("Ajoutez les résultats observés après un an.")
    tab.get_by_role("link", name="Modifier la fiche").click()
    tab.locator('[name="results"]').fill("Huit participantes sur dix écrivent une lettre seules.")
    tab.get_by_role("button", name="Enregistrer les modifications").click()
    tab.get_by_role("button", name="Soumettre à la modération").click()
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    log_out(tab)

    # The moderator publishes it.
    log_in(tab, f"membre@{DEMO_DOMAIN}")
    tab.go(f"/pratiques/{practice.slug}/suivi/")
    tab.get_by_role("button", name="Publier").click()
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    log_out(tab)

    # A visitor finds it, in her own words, narrowing by public and commune.
    tab.go("/pratiques/recherche/?q=atelier+ecriture")
    for name, value in (("public", "ALPHA"), ("commune", "58001")):
        box = tab.locator(f'input[name="{name}"][value="{value}"]')
        if not box.is_visible():  # a long facet list is folded: open it as a visitor would
            tab.locator(f'details:has(input[name="{name}"][value="{value}"]) > summary').first.click()
        box.check()
    tab.get_by_role("button", name="Appliquer les filtres").click()
    expect(tab.page).to_have_url(re.compile(r"public=ALPHA"))
    first = tab.locator("main article h3, main article h2").first
    expect(first).to_contain_text(TITLE)
    expect(tab.locator("main mark").first).to_be_visible()
    tab.locator("main article").first.get_by_role("link", name=TITLE).click()
    expect(tab.locator("h1")).to_have_text(TITLE)
    expect(tab.locator("main")).to_contain_text("Huit participantes sur dix")
