"""The demo catalogue as `manage.py load_demo` leaves it: some sixty practices of Hainaut-Centre in every state,
covering the referential in force, the basin's 25 communes and every public, three labelled « pratique inspirante » by
decisions of the register, all of the published ones found by the search.

The demo is loaded once for the module, inside a transaction rolled back at its end (the governance demo's pattern);
its on-commit side effects (e-mails, link checks) are not run. Until the decisions demo lists the label decisions of
`practices.demo.LABEL_DECISIONS`, the module adds them to it for the load.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from synergies.basins.models import Commune
from synergies.decisions import demo as decisions_demo
from synergies.decisions.models import Decision
from synergies.lib import search
from synergies.poles.models import Pole
from synergies.practices import demo
from synergies.practices.models import Comment, EvidenceLevel, Kind, Modality, Practice, Public, Revision, Status
from synergies.practices.services.indexing import INDEX
from synergies.skills.models import FrameworkVersion, Node

pytestmark = pytest.mark.django_db


def _load() -> None:
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    listed = {entry[5].get("subject") for entry in decisions_demo.DECISIONS if isinstance(entry[5], dict)}
    missing = [entry for entry in demo.LABEL_DECISIONS if entry[5]["subject"] not in listed]
    with django_db_blocker.unblock(), transaction.atomic(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(decisions_demo, "DECISIONS", [*decisions_demo.DECISIONS, *missing])
        _load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def pole(loaded: None) -> Pole:
    return Pole.objects.select_related("basin").get(basin__code="hainaut-centre", code="CB")


@pytest.fixture
def published(pole: Pole) -> list[Practice]:
    return list(Practice.objects.of_pole(pole).published().for_cards())


def test_the_demo_catalogue_holds_about_sixty_practices_in_every_state_of_the_workflow(pole: Pole) -> None:
    statuses = Counter(Practice.objects.of_pole(pole).values_list("status", flat=True))

    assert 55 <= sum(statuses.values()) <= 65
    assert set(statuses) == set(Status.values)
    assert statuses[Status.PUBLISHED] >= 40
    assert statuses[Status.DRAFT] >= 2 and statuses[Status.SUBMITTED] >= 2 and statuses[Status.IN_REVIEW] >= 2
    assert 1 <= statuses[Status.CHANGES_REQUESTED] <= 2
    assert statuses[Status.TO_REVISE] == 1 and statuses[Status.ARCHIVED] == 1


def test_published_demo_practices_cover_every_domain_and_most_competences_of_the_referential_in_force(
    pole: Pole, published: list[Practice]
) -> None:
    in_force = FrameworkVersion.objects.get(framework__pole=pole, status="adopted")
    nodes = Node.objects.filter(version=in_force).select_related("concept")
    domains = {n.concept.code for n in nodes if n.kind == Node.Kind.DOMAIN}
    competences = {n.concept.code for n in nodes if n.kind == Node.Kind.COMPETENCE}
    tagged = {tag.concept.code for practice in published for tag in practice.skills.all()}
    counts = search.search(INDEX, "", facets=["domain"], limit=0).facets["domain"]

    assert domains == {"CB-LIT", "CB-NUM", "CB-DIG", "CB-APP", "CB-SOC", "CB-PER", "CB-VIE"}
    assert set(counts) == domains and all(counts.values())
    assert tagged <= competences
    assert len(tagged) >= 0.9 * len(competences), competences - tagged
    assert all(any(tag.is_main for tag in practice.skills.all()) for practice in published)


def test_published_demo_practices_cover_the_25_communes_every_public_kind_modality_and_evidence_level(
    pole: Pole, published: list[Practice]
) -> None:
    communes = {c.nis_code for practice in published for c in practice.communes.all()}

    assert communes == set(Commune.objects.filter(basin=pole.basin).values_list("nis_code", flat=True))
    assert len(communes) == 25
    assert {code for practice in published for code in practice.publics} == set(Public.values)
    assert {practice.kind for practice in published} == set(Kind.values)
    assert {practice.modality for practice in published} == set(Modality.values)
    assert {practice.evidence_level for practice in published} == set(EvidenceLevel.values)
    assert len({practice.holder.world for practice in published}) == 5


def test_demo_records_are_complete_with_falc_summaries_external_ids_links_and_flags(published: list[Practice]) -> None:
    assert all(p.summary and p.description and p.objectives and p.results for p in published)
    assert all(p.description.count("\n") >= 2 for p in published)  # Markdown paragraphs and lists
    assert sum(bool(p.easy_read_summary) for p in published) >= 3
    assert sum(bool(p.erasmus_id) for p in published) >= 2 and sum(bool(p.epale_id) for p in published) >= 2
    assert sum(p.open_to_visits for p in published) >= 3 and sum(p.seeks_partners for p in published) >= 3
    assert Practice.objects.filter(pk__in=[p.pk for p in published], links__isnull=False).exists()
    assert all(p.contact_email for p in published)


def test_demo_publication_dates_are_spread_over_2023_to_2026_and_yearly_reviews_are_ahead(
    published: list[Practice],
) -> None:
    today = timezone.localdate()
    years = Counter(p.published_at.year for p in published if p.published_at)

    assert set(years) == {2023, 2024, 2025, 2026}
    assert all(p.published_at.date() <= today for p in published if p.published_at)
    current = [p for p in published if p.status == Status.PUBLISHED]
    assert all(p.review_due and p.review_due > today for p in current)
    to_revise = next(p for p in published if p.status == Status.TO_REVISE)
    assert to_revise.review_due and to_revise.review_due <= today


def test_every_demo_record_has_a_dated_readable_history(pole: Pole) -> None:
    practices = list(Practice.objects.of_pole(pole).prefetch_related("revisions"))

    for practice in practices:
        revisions = sorted(practice.revisions.all(), key=lambda r: r.number)
        assert [r.number for r in revisions] == list(range(1, practice.revision + 1)), practice.slug
        assert all(r.note for r in revisions)
        assert [r.created_at for r in revisions] == sorted(r.created_at for r in revisions), practice.slug
        assert revisions[-1].status == practice.status
    archived = next(p for p in practices if p.status == Status.ARCHIVED)
    assert Revision.objects.filter(practice=archived, status=Status.ARCHIVED).exclude(note="").exists()


def test_records_in_review_carry_moderator_comments_and_changes_requested_say_what_to_change(pole: Pole) -> None:
    in_review = Practice.objects.of_pole(pole).filter(status=Status.IN_REVIEW)
    sent_back = Practice.objects.of_pole(pole).filter(status=Status.CHANGES_REQUESTED)

    assert all(p.comments.filter(kind=Comment.Kind.COMMENT).exists() for p in in_review)
    assert all(p.comments.filter(kind=Comment.Kind.CHANGES_REQUESTED).exclude(body="").exists() for p in sent_back)
    assert pole.moderators.filter(user__email=demo.directory_demo.ACCOUNTS[4].email).exists()


def test_the_contributor_s_organisation_holds_records_in_several_states(pole: Pole) -> None:
    contributor_email = demo.directory_demo.ACCOUNTS[3].email
    own = Practice.objects.of_pole(pole).filter(created_by__email=contributor_email)

    assert {Status.PUBLISHED, Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED} <= set(
        own.values_list("status", flat=True)
    )
    assert {p.holder.name for p in own.select_related("holder")} == {"L’Atelier des Savoirs (CISP)"}


def test_inspiring_demo_practices_are_labelled_by_decisions_of_the_register_taken_after_their_publication(
    pole: Pole,
) -> None:
    inspiring = list(Practice.objects.of_pole(pole).inspiring().select_related("label_decision"))

    assert len(inspiring) == len(demo.LABEL_DECISIONS) == 3
    for practice in inspiring:
        decision = practice.label_decision
        assert decision is not None and decision.pole_id == pole.pk
        assert decision.subject == practice
        assert practice.title in decision.title and "pratique inspirante" in decision.title
        assert practice.published_at and practice.published_at.date() < decision.decided_on
    assert Decision.objects.of_pole(pole).filter(labelled_practices__isnull=False).count() == 3
    labelled = search.search(INDEX, "", filters={"label": ["inspirante"]}, limit=0)
    assert labelled.total == 3


def test_every_published_demo_practice_is_found_by_the_search(published: list[Practice]) -> None:
    assert search.search(INDEX, "").total == len(published) == Practice.objects.published().count()


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("alpha La Louvière", "lire-la-ville-alphabetisation-la-louviere"),
        ("numérique seniors", "cafe-numerique-des-seniors-soignies"),
        ("maths", "maths-en-cuisine-numeratie-cisp"),
        ("code de la route", "code-de-la-route-en-francais-facile"),
        ("conflits en classe", "cercle-de-parole-gestion-des-conflits"),
        ("theatre forum", "theatre-forum-oser-dire"),
    ],
)
def test_a_realistic_search_finds_the_expected_demo_practice_first(loaded: None, query: str, slug: str) -> None:
    result = search.search(INDEX, query, limit=1)

    assert result.hits, query
    assert Practice.objects.get(pk=result.hits[0].object_id).slug == slug


def test_loading_the_demo_a_second_time_adds_no_practice(pole: Pole) -> None:
    def counts() -> tuple[int, ...]:
        return (Practice.objects.count(), Revision.objects.count(), Comment.objects.count(), Decision.objects.count())

    before = counts()

    _load()

    assert counts() == before


def test_the_demo_data_points_only_to_example_addresses_and_names_existing_codes() -> None:
    data = demo.read_catalogue()
    urls = [p.get("url", "") for p in data["practices"]] + [u for p in data["practices"] for u, _ in p.get("links", [])]

    assert all(re.fullmatch(r"https://example\.org/[-a-z0-9/._]+", url) for url in urls if url)
    assert len({p["slug"] for p in data["practices"]}) == len(data["practices"])
    assert {d[5]["subject"] for d in demo.LABEL_DECISIONS} == {
        f"practice:{p['slug']}" for p in data["practices"] if p.get("label")
    }
    assert all(datetime.date.fromisoformat(p["published"]) for p in data["practices"] if p.get("published"))


def test_the_demo_texts_follow_french_typography() -> None:
    text = demo.DATA.read_text(encoding="utf-8")

    assert "'" not in text  # typographic apostrophes only
    assert not re.search("\u0020[:;?!»]|«\u0020", text)
