"""The journeys people make, in a real browser (Chromium) against a live server."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from synergies.directory.demo import DEMO_DOMAIN
from synergies.directory.models import Organisation, Person
from synergies.portal.tests.browser.helpers import enrol_second_factor, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_goes_from_home_to_the_directory_filters_it_and_opens_an_organisation(tab: Any, demo: None) -> None:
    tab.go("/")
    expect(tab.locator("h1")).to_contain_text("Instance Bassin EFE Hainaut-Centre")
    tab.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Annuaire").click()
    expect(tab.page).to_have_url(re.compile(r"/annuaire/$"))
    tab.get_by_label("Monde").select_option(label="Formation")
    tab.get_by_label("Commune").select_option(label="La Louvière")
    tab.get_by_role("button", name="Filtrer").click()

    expected = Organisation.objects.of_world("training").filter(sites__commune__slug="la-louviere").distinct()
    names = sorted(expected.values_list("name", flat=True))
    assert names, "the demo has training organisations in La Louvière"
    expect(tab.locator("#resultats")).to_have_text(re.compile(rf"^{len(names)} organisations?$"))
    result_links = tab.locator("ul.results h3 a")
    assert sorted(result_links.all_inner_texts()) == names
    result_links.first.click()
    expect(tab.locator("h1")).to_contain_text(names[0] if len(names) == 1 else re.compile("."))
    expect(tab.get_by_text("Implantations")).to_be_visible()
    assert "La Louvière" in tab.locator("main").inner_text()


def test_the_secretariat_invites_a_person_who_sets_a_password_and_logs_in(
    tab: Any, demo: None, mailoutbox: list
) -> None:
    person = Person.objects.filter(user__isnull=True).exclude(email="").order_by("pk").first()
    assert person is not None

    log_in(tab, f"secretariat@{DEMO_DOMAIN}")
    expect(tab.locator("h1")).to_have_text("Activer la double authentification")
    codes = enrol_second_factor(tab)
    assert len(codes) == 10

    tab.go(f"/annuaire/personnes/{person.pk}/")
    expect(tab.locator("h1")).to_have_text(person.full_name)
    tab.get_by_role("button", name="Inviter").click()
    expect(tab.locator(".message-success")).to_contain_text(f"Invitation envoyée à {person.email}")
    log_out(tab)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [person.email]
    link = re.search(r"https?://\S+/compte/invitation/\S+/", message.body)
    assert link is not None
    tab.go("/" + link.group(0).split("/", 3)[3])
    expect(tab.locator("h1")).to_have_text("Activer votre compte")
    tab.get_by_label(re.compile(r"^Nouveau mot de passe")).fill("un-mot-de-passe-solide-2026")
    tab.get_by_label("Confirmation du nouveau mot de passe").fill("un-mot-de-passe-solide-2026")
    tab.get_by_role("button", name="Activer mon compte").click()
    expect(tab.locator(".message-success")).to_contain_text("Votre compte est activé")

    log_in(tab, person.email, "un-mot-de-passe-solide-2026")
    expect(tab.locator(".account-name")).to_have_text(person.first_name)
    person.refresh_from_db()
    assert person.user is not None and person.user.is_active


def test_the_main_menu_and_a_form_work_with_the_keyboard_alone(tab: Any, demo: None) -> None:
    tab.go("/")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu principal"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "contenu"

    tab.go("/")
    visited = []
    for _ in range(8):
        tab.keyboard.press("Tab")
        visited.append(tab.evaluate("document.activeElement.textContent.trim()"))
        outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"no visible focus on {visited[-1]!r}"
    assert [v for v in visited if v in ("Accueil", "Bassins", "Annuaire")] == ["Accueil", "Bassins", "Annuaire"]
    while tab.evaluate("document.activeElement.textContent.trim()") != "Annuaire":
        tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Enter")
    expect(tab.page).to_have_url(re.compile(r"/annuaire/$"))

    tab.go("/compte/connexion/")
    # autofocus is applied by the browser after load: wait for it rather than read it at once
    expect(tab.locator("input[name=username]")).to_be_focused()
    tab.keyboard.type(f"visiteur@{DEMO_DOMAIN}")
    tab.keyboard.press("Tab")
    expect(tab.locator("input[name=password]")).to_be_focused()
    tab.keyboard.type("demo-synergies-2026")
    tab.keyboard.press("Enter")
    expect(tab.locator(".account-name")).to_have_text("Victor")


def test_the_language_switch_serves_the_same_page_in_english_and_back(tab: Any, demo: None) -> None:
    tab.go("/annuaire/")
    assert tab.locator("html").get_attribute("lang") == "fr-BE"
    tab.get_by_role("link", name="English").click()
    expect(tab.page).to_have_url(re.compile(r"/en/annuaire/$"))
    assert tab.locator("html").get_attribute("lang") == "en"
    expect(tab.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Directory")).to_be_visible()
    tab.get_by_role("link", name="Français").click()
    expect(tab.page).to_have_url(re.compile(r"/annuaire/$"))
    assert tab.locator("html").get_attribute("lang") == "fr-BE"
    assert tab.context.cookies() == []
