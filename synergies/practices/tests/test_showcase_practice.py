"""A practice's page and its print view: every public field, who sees a record that is not published, the schema.org
description, and scripts typed into the record rendered inert."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.practices.models import Attachment, Link, Partner, Practice, Status
from synergies.practices.tests.factories import make_practice
from synergies.practices.tests.factories_showcase import label, many_practices, text_of
from synergies.testing.auth import log_in
from synergies.testing.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><iframe src="javascript:alert(1)"></iframe>',
    "</script><script>alert(1)</script>",
]


def print_url(practice: Practice) -> str:
    return reverse("practices:print", kwargs={"slug": practice.slug})


def json_ld(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script>alert" not in lowered
    assert "<img src=x" not in lowered and "<svg/onload" not in lowered and "<iframe" not in lowered
    assert 'href="javascript:' not in lowered and "href='javascript:" not in lowered
    assert lowered.count("<script") == lowered.count('<script type="application/ld+json">')


@pytest.fixture
def full_practice(pole: Any, contributor_organisation: Any, basin: Any) -> Practice:
    person = PersonFactory.create(basin=basin, first_name="Camille", last_name="Lenoir", public_consent=True)
    practice = make_practice(
        pole,
        holder=contributor_organisation,
        title="Maths au marché",
        summary="Calculer ses courses au marché de La Louvière.",
        description="## Déroulé\n\nTrois séances **au marché**, puis un [bilan](https://example.org/bilan).",
        easy_read_summary="On va au marché. On compte les prix.",
        kind="outil",
        skills=("CB-NUM-03", "CB-LIT-03"),
        communes=("58001", "58002"),
        publics=["ALPHA", "DE-PQ"],
        levels=["P1", "P2"],
        modality="hybride",
        duration_hours=Decimal("12.5"),
        group_size_min=6,
        group_size_max=12,
        cost="Gratuit pour les participants",
        access_conditions="Inscription auprès du CPAS.",
        objectives="Gérer un budget de courses.",
        results="Huit participants sur dix autonomes au marché.",
        evidence_level=3,
        success_factors="Un lieu connu de tous.",
        pitfalls="Les jours de pluie.",
        transferability="Tout marché hebdomadaire convient.",
        url="https://example.org/maths-au-marche",
        erasmus_id="2023-1-BE01-KA210-ADU-000123",
        epale_id="EPALE-4567",
        open_to_visits=True,
        seeks_partners=True,
        contact_person=person,
        contact_email="secret-contact@example.org",
    )
    partner = OrganisationFactory.create(basin=basin, name="CPAS de La Louvière", type="cpas")
    Partner.objects.create(practice=practice, organisation=partner, role="oriente les participants")
    Link.objects.create(practice=practice, url="https://example.org/fiche", label="Fiche pédagogique")
    Link.objects.create(practice=practice, url="https://example.org/mort", label="Ancien site", status="broken")
    return practice


def test_the_page_shows_every_public_field_of_the_record(client: Client, full_practice: Practice) -> None:
    label(full_practice)
    response = client.get(full_practice.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    for expected in (
        "Maths au marché",
        "Calculer ses courses au marché de La Louvière.",
        "En facile à lire et à comprendre",
        "On va au marché. On compte les prix.",
        "Apprenants en alphabétisation",
        "Demandeurs d’emploi peu qualifiés",
        "P1 · élémentaire",
        "CB-NUM-03 Mesures, temps, argent",
        "Hybride",
        "12,5 heures",
        "de 6 à 12 personnes",
        "Gratuit pour les participants",
        "Inscription auprès du CPAS.",
        "Gérer un budget de courses.",
        "Niveau 3 · évaluée par un tiers",
        "évalués par un organisme extérieur",
        "Un lieu connu de tous.",
        "Les jours de pluie.",
        "Tout marché hebdomadaire convient.",
        "CPAS de La Louvière — oriente les participants",
        "Camille Lenoir",
        "Creative Commons Attribution 4.0",
        "2023-1-BE01-KA210-ADU-000123",
        "EPALE-4567",
        "Ouverte aux visites",
        "Cherche des partenaires",
        "Pratique inspirante",
        "CB-2026-001",
        "Fiche pédagogique",
    ):
        assert expected in text, expected
    html = response.content.decode()
    assert "<h2>Déroulé</h2>" in html and "<strong>au marché</strong>" in html
    assert f'href="{full_practice.holder.get_absolute_url()}"' in html
    assert 'href="/annuaire/organisations/' in html
    assert "Ancien site" in html and "lien cassé" in html
    assert 'href="/poles/hainaut-centre/CB/registre/CB-2026-001/"' in html
    assert "secret-contact@example.org" not in html


def test_the_contact_person_is_named_only_with_their_consent(
    client: Client, full_practice: Practice, basin: Any
) -> None:
    shy = PersonFactory.create(basin=basin, first_name="Dominique", last_name="Discret", public_consent=False)
    Practice.objects.filter(pk=full_practice.pk).update(contact_person=shy)
    assert "Discret" not in text_of(client.get(full_practice.get_absolute_url()))


def test_an_unknown_practice_is_not_found(client: Client, pole: Any) -> None:
    assert client.get(reverse("practices:practice", kwargs={"slug": "nulle-part"})).status_code == 404


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.ARCHIVED])
def test_a_record_that_is_not_public_is_not_found_by_visitors(
    client: Client, outsider: Any, member: Any, other_secretary: Any, pole: Any, status: str
) -> None:
    hidden = make_practice(pole, status=status, title="Brouillon secret")
    for visitor in (client, log_in(Client(), outsider), log_in(Client(), member), log_in(Client(), other_secretary)):
        assert visitor.get(hidden.get_absolute_url()).status_code == 404
        assert visitor.get(print_url(hidden)).status_code == 404


def test_editors_and_moderators_see_a_draft_under_a_banner(
    contributor_client: Client, secretary_client: Client, admin_client: Client, pole: Any, contributor_organisation: Any
) -> None:
    draft = make_practice(pole, status=Status.DRAFT, holder=contributor_organisation, title="Brouillon du CISP")
    for viewer in (contributor_client, secretary_client, admin_client):
        response = viewer.get(draft.get_absolute_url())
        assert response.status_code == 200
        text = text_of(response)
        assert "Cette fiche n’est pas publiée." in text and "Statut : brouillon" in text
        assert "Écrire à la personne de contact" not in text
        assert f'href="{reverse("practices:review", kwargs={"slug": draft.slug})}">Suivre sa relecture</a>' in (
            response.content.decode()
        )
        assert viewer.get(print_url(draft)).status_code == 200


def test_a_published_record_has_no_banner_and_a_contact_form(client: Client, practice: Practice) -> None:
    text = text_of(client.get(practice.get_absolute_url()))
    assert "Cette fiche n’est pas publiée" not in text
    assert "Écrire à la personne de contact" in text


def test_the_json_ld_describes_a_learning_resource(client: Client, full_practice: Practice) -> None:
    data = json_ld(client.get(full_practice.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "LearningResource"
    assert data["name"] == "Maths au marché"
    assert data["url"].startswith("http") and data["url"].endswith(full_practice.get_absolute_url())
    assert data["inLanguage"] == "fr" and data["learningResourceType"] == "outil"
    assert data["educationalLevel"] == ["P1 · élémentaire", "P2 · fonctionnel"]
    assert [a["@type"] for a in data["audience"]] == ["EducationalAudience", "EducationalAudience"]
    assert {a["educationalRole"] for a in data["audience"]} == {
        "apprenants en alphabétisation",
        "demandeurs d’emploi peu qualifiés",
    }
    terms = {term["termCode"]: term for term in data["teaches"]}
    assert set(terms) == {"CB-NUM-03", "CB-LIT-03"}
    assert all(term["@type"] == "DefinedTerm" for term in terms.values())
    assert terms["CB-NUM-03"]["name"] == "Mesures, temps, argent"
    assert terms["CB-NUM-03"]["@id"].endswith("/concepts/CB-NUM-03/")
    assert terms["CB-NUM-03"]["inDefinedTermSet"]["@type"] == "DefinedTermSet"
    assert data["author"] == {
        "@type": "Organization",
        "name": full_practice.holder.name,
        "url": data["author"]["url"],
    } and data["author"]["url"].endswith(full_practice.holder.get_absolute_url())
    assert data["contributor"][0]["name"] == "CPAS de La Louvière"
    assert data["publisher"]["@type"] == "Organization"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [place["name"] for place in data["spatialCoverage"]] == ["Binche", "La Louvière"]
    assert all(place["@type"] == "Place" for place in data["spatialCoverage"])
    assert data["isAccessibleForFree"] is True
    assert data["timeRequired"] == "PT12.5H"
    assert "dateCreated" in data and "dateModified" in data and "datePublished" in data


def test_the_json_ld_says_only_what_the_record_holds(client: Client, practice: Practice) -> None:
    data = json_ld(client.get(practice.get_absolute_url()).content.decode())
    for absent in ("audience", "educationalLevel", "isAccessibleForFree", "contributor", "identifier", "timeRequired"):
        assert absent not in data


@pytest.mark.parametrize("payload", XSS)
def test_scripts_typed_into_a_record_are_inert_on_the_page_and_in_print(
    client: Client, pole: Any, payload: str
) -> None:
    practice = make_practice(
        pole,
        title=f"Atelier {payload}"[:200],
        summary=f"Résumé {payload}",
        description=f'{payload}\n\n[clic](javascript:alert(1)) et <a href="javascript:alert(2)">lien</a>',
        easy_read_summary=payload,
        objectives=payload,
        cost=payload,
        access_conditions=payload,
    )
    Link.objects.create(practice=practice, url="javascript:alert(3)", label=payload)
    for url in (practice.get_absolute_url(), print_url(practice)):
        html = client.get(url).content.decode()
        assert_inert(html)
        assert json_ld(html)["name"] == practice.title
        assert json_ld(html)["description"] == practice.summary


def test_a_title_closing_the_script_element_stays_inside_the_json(client: Client, pole: Any) -> None:
    practice = make_practice(pole, title="</script><script>alert(1)</script> & <!-- plus")
    html = client.get(practice.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script is not None and "<" not in script.group(1) and "&" not in script.group(1).replace("\\u0026", "")
    assert json_ld(html)["name"] == "</script><script>alert(1)</script> & <!-- plus"


def test_the_print_view_carries_the_address_the_date_and_a_qr_code(client: Client, full_practice: Practice) -> None:
    response = client.get(print_url(full_practice))
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert "Fiche en ligne : http" in text and full_practice.get_absolute_url() in text
    assert "Imprimée le" in text
    assert '<svg width="' in html and 'class="segno"' in html
    assert "practices/print.css" in html
    assert 'class="main-nav"' not in html and "Écrire à la personne de contact" not in text
    assert "On va au marché. On compte les prix." in text and "Tout marché hebdomadaire convient." in text


def test_the_page_has_print_rules_and_a_link_to_the_print_view(client: Client, practice: Practice) -> None:
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "practices/showcase.css" in html and f'href="{print_url(practice)}"' in html


def test_see_also_shows_similar_published_practices(client: Client, pole: Any, practice: Practice) -> None:
    twins = many_practices(pole, 3)
    make_practice(pole, status=Status.DRAFT, title="Atelier de lecture en brouillon")
    response = client.get(practice.get_absolute_url())
    text = text_of(response)
    assert "Voir aussi" in text
    assert any(twin.title in text for twin in twins)
    assert "Atelier de lecture en brouillon" not in text


def test_the_page_costs_the_same_queries_whatever_the_record_holds(
    client: Client, pole: Any, practice: Practice, basin: Any
) -> None:
    many_practices(pole, 2)
    with CaptureQueriesContext(connection) as small:
        client.get(practice.get_absolute_url())
    many_practices(pole, 8, start=10)
    for n in range(4):
        organisation = OrganisationFactory.create(basin=basin)
        Partner.objects.create(practice=practice, organisation=organisation, role=f"rôle {n}", position=n)
        Link.objects.create(practice=practice, url=f"https://example.org/{n}", label=f"Lien {n}")
    with CaptureQueriesContext(connection) as large:
        client.get(practice.get_absolute_url())
    assert len(large) == len(small)


def test_attachments_are_offered_for_download(client: Client, practice: Practice) -> None:
    attachment = Attachment.objects.create(
        practice=practice,
        title="Guide de l’animateur",
        file="practices/1/0123456789abcdef",
        filename="guide.pdf",
        content_type="application/pdf",
        size=2048,
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    download = reverse("practices:attachment", kwargs={"slug": practice.slug, "pk": attachment.pk})
    assert f'<a href="{download}">Guide de l’animateur</a>' in html and "guide.pdf" in html
