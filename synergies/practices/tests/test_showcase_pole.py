"""The catalogue in a pôle's navigation, and on each referential concept's page the practices that work on it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from synergies.practices.models import Status
from synergies.practices.services.moderators import delegate_moderation
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_showcase import label, many_practices, text_of
from synergies.skills.models import Concept
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db

POLE_URL = reverse("practices:pole", kwargs={"basin": "hainaut-centre", "code": "CB"})


def exists(name: str, **kwargs: str) -> bool:
    try:
        reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return False
    return True


def test_visitors_see_the_pole_s_latest_and_inspiring_practices(client: Client, pole: Any) -> None:
    practices = many_practices(pole, 3)
    decision = label(practices[0])
    make_practice(pole, status=Status.DRAFT, title="Brouillon du pôle")
    response = client.get(POLE_URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "3 pratiques publiées dans le catalogue du pôle." in text
    assert "Pratique numéro 002" in text and "Brouillon du pôle" not in text
    assert f"décision {decision.reference}" in text
    assert "État du catalogue" not in text and "File de modération" not in text


def test_the_pole_navigation_leads_to_its_practices(client: Client, pole: Any) -> None:
    html = client.get(pole.get_absolute_url()).content.decode()
    assert f'href="{POLE_URL}"' in html and ">Pratiques</a>" in html
    assert 'aria-current="page">Pratiques</a>' in client.get(POLE_URL).content.decode()


def test_moderators_see_how_many_records_wait_at_each_step(
    secretary_client: Client, member: Any, secretary: Any, outsider: Any, pole: Any
) -> None:
    many_practices(pole, 2)
    make_practice(pole, status=Status.SUBMITTED, title="Soumise")
    make_practice(pole, status=Status.DRAFT, title="Brouillon")
    text = text_of(secretary_client.get(POLE_URL))
    assert "État du catalogue" in text
    assert "1 Brouillon" in text and "1 Soumise" in text and "2 Publiée" in text
    delegate_moderation(pole, member, by=secretary)
    assert "État du catalogue" in text_of(log_in(Client(), member).get(POLE_URL))
    assert "État du catalogue" not in text_of(log_in(Client(), outsider).get(POLE_URL))


def test_the_links_to_propose_and_moderate_follow_the_permissions(
    secretary_client: Client, contributor_client: Client, outsider_client: Client, pole: Any
) -> None:
    kwargs = {"basin": "hainaut-centre", "code": "CB"}
    if not (exists("practices:create") or exists("practices:create", **kwargs)):
        pytest.skip("the editor's pages are not routed yet")
    assert "Proposer une pratique" in text_of(contributor_client.get(POLE_URL))
    assert "Proposer une pratique" in text_of(secretary_client.get(POLE_URL))
    assert "Proposer une pratique" not in text_of(outsider_client.get(POLE_URL))
    if exists("practices:moderation", **kwargs):
        assert "File de modération" in text_of(secretary_client.get(POLE_URL))
        assert "File de modération" not in text_of(contributor_client.get(POLE_URL))


def test_an_unknown_pole_is_not_found(client: Client, pole: Any) -> None:
    assert client.get(reverse("practices:pole", kwargs={"basin": "hainaut-centre", "code": "ZZ"})).status_code == 404


def test_a_concept_page_shows_the_published_practices_tagged_with_it(client: Client, pole: Any) -> None:
    make_practice(pole, title="Lire le journal", skills=("CB-LIT-03",))
    make_practice(pole, title="Compter la monnaie", skills=("CB-NUM-02",))
    make_practice(pole, status=Status.DRAFT, title="Lire en brouillon", skills=("CB-LIT-03",))
    concept = Concept.objects.get(framework__pole=pole, code="CB-LIT-03")
    response = client.get(concept.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    panel = text.split("Pratiques et outils", 1)[1]
    assert "1 pratique publiée travaille CB-LIT-03." in panel
    assert "Lire le journal" in panel and "Compter la monnaie" not in panel and "Lire en brouillon" not in panel
    assert "Toutes les pratiques" not in panel
    assert '<h2 id="pratiques-du-concept">' in response.content.decode()


def test_a_concept_with_many_practices_links_to_all_of_them(client: Client, pole: Any) -> None:
    for n in range(7):
        make_practice(pole, title=f"Lecture {n}", skills=("CB-LIT-03",))
    concept = Concept.objects.get(framework__pole=pole, code="CB-LIT-03")
    response = client.get(concept.get_absolute_url())
    text = text_of(response)
    assert "7 pratiques publiées travaillent CB-LIT-03." in text and "Toutes les pratiques (7)" in text
    if exists("practices:search"):
        assert f'href="{reverse("practices:search")}?skill=CB-LIT-03"' in response.content.decode()


def test_a_concept_without_practices_shows_no_panel(client: Client, pole: Any) -> None:
    concept = Concept.objects.get(framework__pole=pole, code="CB-DIG-01")
    assert 'id="pratiques-du-concept"' not in client.get(concept.get_absolute_url()).content.decode()
