"""The search synonyms the secretariat edits: their rules, their trace, the shipped defaults, their effect on the
catalogue's search, and who may reach their page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from synergies.lib import search
from synergies.lib.models import AuditEntry
from synergies.lib.search import SearchSynonym
from synergies.practices.services import synonyms
from synergies.practices.services.indexing import INDEX
from synergies.practices.tests.factories import make_practice
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db

PAGE = reverse("practices:synonyms")


def test_a_synonym_is_stored_for_the_catalogue_index_with_tidy_expansions(secretary: Any) -> None:
    synonym = synonyms.add_synonym(by=secretary, term="  TIC ", expansions="numérique,  informatique , ,numérique")
    assert (synonym.index, synonym.term, synonym.expansions) == (INDEX, "TIC", "numérique, informatique")
    entry = AuditEntry.objects.get(verb="practices.synonym_add")
    assert entry.actor == secretary and entry.changes["term"] == [None, "TIC"]


@pytest.mark.parametrize(
    ("term", "expansions", "field"),
    [
        ("", "numérique", "term"),
        ("   ", "numérique", "term"),
        ("TIC", "", "expansions"),
        ("TIC", " , ", "expansions"),
        ("TIC", "tic", "expansions"),
    ],
)
def test_a_synonym_needs_a_term_and_an_expansion(term: str, expansions: str, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        synonyms.add_synonym(by=None, term=term, expansions=expansions)
    assert field in refused.value.error_dict
    assert not SearchSynonym.objects.exists()


def test_a_term_is_defined_once_whatever_its_case_and_accents() -> None:
    synonyms.add_synonym(by=None, term="Maths", expansions="numératie")
    with pytest.raises(ValidationError, match="déjà"):
        synonyms.add_synonym(by=None, term="maths", expansions="mathématiques")
    synonyms.add_synonym(by=None, term="écriture", expansions="littératie")
    with pytest.raises(ValidationError, match="déjà"):
        synonyms.add_synonym(by=None, term="Ecriture", expansions="écrire")


def test_a_synonym_of_another_index_does_not_collide() -> None:
    SearchSynonym.objects.create(index="elsewhere", term="alpha", expansions="grec")
    synonyms.add_synonym(by=None, term="alpha", expansions="alphabétisation")
    assert [s.term for s in synonyms.synonyms()] == ["alpha"]


def test_updating_and_deleting_leave_a_trace(secretary: Any) -> None:
    synonym = synonyms.add_synonym(by=secretary, term="calcul", expansions="numératie")
    synonyms.update_synonym(synonym, by=secretary, term="calcul", expansions="numératie, opérations")
    synonym.refresh_from_db()
    assert synonym.expansions == "numératie, opérations"
    assert AuditEntry.objects.get(verb="practices.synonym_update").changes == {
        "expansions": ["numératie", "numératie, opérations"]
    }
    synonyms.update_synonym(synonym, by=secretary, term="calcul", expansions="numératie, opérations")
    assert AuditEntry.objects.filter(verb="practices.synonym_update").count() == 1
    synonyms.delete_synonym(synonym, by=secretary)
    assert not SearchSynonym.objects.exists()
    assert AuditEntry.objects.filter(verb="practices.synonym_delete").exists()


def test_renaming_a_term_to_an_existing_one_is_refused() -> None:
    synonyms.add_synonym(by=None, term="alpha", expansions="alphabétisation")
    other = synonyms.add_synonym(by=None, term="FLE", expansions="français langue étrangère")
    with pytest.raises(ValidationError):
        synonyms.update_synonym(other, by=None, term="ALPHA", expansions="x")


def test_the_shipped_defaults_cover_the_basic_skills_vocabulary_and_seed_once() -> None:
    defaults = dict(synonyms.default_synonyms())
    assert len(defaults) >= 20
    assert defaults["alpha"] == ["alphabétisation"]
    assert defaults["FLE"] == ["français langue étrangère"]
    assert defaults["TIC"] == ["numérique"] and defaults["informatique"] == ["numérique"]
    assert "numératie" in defaults["maths"] and defaults["calcul"] == ["numératie"]
    assert defaults["soft skills"] == ["savoir-être"] and defaults["CV"] == ["curriculum vitae"]
    assert synonyms.seed_synonyms() == len(defaults)
    assert synonyms.seed_synonyms() == 0
    assert synonyms.synonyms().count() == len(defaults)


def test_seeding_keeps_a_term_the_secretariat_edited() -> None:
    synonyms.add_synonym(by=None, term="Alpha", expansions="alphabétisation, lire et écrire")
    synonyms.seed_synonyms()
    assert synonyms.synonyms().get(term="Alpha").expansions == "alphabétisation, lire et écrire"
    assert not synonyms.synonyms().filter(term="alpha").exists()


def test_a_synonym_applies_at_the_next_search(pole: Any) -> None:
    practice = make_practice(pole, title="Ateliers d’alphabétisation pour adultes")
    assert practice.pk not in {hit.object_id for hit in search.search(INDEX, "alpha").hits}
    synonyms.add_synonym(by=None, term="alpha", expansions="alphabétisation")
    assert practice.pk in {hit.object_id for hit in search.search(INDEX, "alpha").hits}


# --- the page ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("contributor", 403),
        ("member", 403),
        ("other_secretary", 200),
        ("secretary", 200),
        ("platform_admin", 200),
    ],
)
def test_who_may_edit_the_synonyms(client: Client, request: pytest.FixtureRequest, who: str, expected: int) -> None:
    if who != "anonymous":
        log_in(client, request.getfixturevalue(who))
    synonym = synonyms.add_synonym(by=None, term="CV", expansions="curriculum vitae")
    edit = reverse("practices:synonym_edit", kwargs={"pk": synonym.pk})
    delete = reverse("practices:synonym_delete", kwargs={"pk": synonym.pk})
    assert client.get(PAGE).status_code == expected
    assert client.get(edit).status_code == expected
    added = client.post(PAGE, {"term": "TIC", "expansions": "numérique"})
    assert added.status_code == (302 if expected == 200 else expected)
    assert SearchSynonym.objects.filter(term="TIC").exists() is (expected == 200)
    assert client.post(delete).status_code == (302 if expected == 200 else expected)
    assert SearchSynonym.objects.filter(pk=synonym.pk).exists() is (expected != 200)


def test_the_page_lists_adds_edits_and_explains(secretary_client: Client) -> None:
    synonyms.add_synonym(by=None, term="maths", expansions="numératie")
    page = secretary_client.get(PAGE).content.decode()
    assert "maths" in page and "numératie" in page and "recherche suivante" in page
    refused = secretary_client.post(PAGE, {"term": "MATHS", "expansions": "calcul"})
    assert refused.status_code == 400 and "déjà ses équivalents" in refused.content.decode()
    empty = secretary_client.post(PAGE, {"term": "EPN", "expansions": ""})
    assert empty.status_code == 400 and "Ce champ est obligatoire." in empty.content.decode()
    synonym = SearchSynonym.objects.get(term="maths")
    edit = reverse("practices:synonym_edit", kwargs={"pk": synonym.pk})
    assert 'value="maths"' in secretary_client.get(edit).content.decode()
    assert secretary_client.post(edit, {"term": "maths", "expansions": "numératie, mathématiques"}).status_code == 302
    synonym.refresh_from_db()
    assert synonym.expansions == "numératie, mathématiques"


def test_a_synonym_of_another_index_is_not_reachable_here(secretary_client: Client) -> None:
    foreign = SearchSynonym.objects.create(index="elsewhere", term="alpha", expansions="grec")
    assert secretary_client.get(reverse("practices:synonym_edit", kwargs={"pk": foreign.pk})).status_code == 404
    assert secretary_client.post(reverse("practices:synonym_delete", kwargs={"pk": foreign.pk})).status_code == 404


def test_html_in_a_synonym_is_shown_as_text(secretary_client: Client) -> None:
    synonyms.add_synonym(by=None, term="<script>alert(1)</script>", expansions='"><img src=x onerror=alert(1)>')
    page = secretary_client.get(PAGE).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
