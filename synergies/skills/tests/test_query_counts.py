"""The referentials' pages run the same number of queries for a 10-concept version as for a 200-concept one, with a
few crosswalks or many, a search or none: what grows with the data is the HTML, never the trips to the database.

Released versions never change, so a test does not grow one: it builds the same referential twice, small and large,
in two pôles alike (public, the same member seated in both), and compares what each page costs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from synergies.skills.models import Change, FrameworkVersion, Node
from synergies.skills.tests.factories import add_mapping, add_node, make_framework, make_version, release
from synergies.testing.auth import log_in
from synergies.testing.factories import BodyFactory, MandateFactory, PoleFactory, SeatFactory

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "member", "secretary"]
SMALL, LARGE = 10, 200


def queries(client: Client, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries)


def grow(version: FrameworkVersion, size: int, esco: list[Node], *, renamed: bool = False) -> None:
    """`size` concepts: two families, four domains, the rest competences spread over the domains, each mapped to
    an ESCO skill, one in three with paliers."""
    families = [add_node(version, f"F{f}", f"Famille {f}", kind=Node.Kind.FAMILY) for f in range(2)]
    domains = [
        add_node(version, f"D{d}", f"Domaine {d}", parent=families[d % 2], kind=Node.Kind.DOMAIN) for d in range(4)
    ]
    for n in range(size - 6):
        competence = add_node(
            version,
            f"C{n:03d}",
            f"Compétence {n}{' revue' if renamed and n % 2 else ''}",
            parent=domains[n % 4],
            definition=f"Savoir faire la chose numéro {n}{' avec soin' if renamed else ''}.",
            levels={"P1": "Débute.", "P2": "Progresse."} if n % 3 == 0 else None,
        )
        add_mapping(competence, esco[n % len(esco)])


@dataclass
class Referential:
    slug: str
    previous: FrameworkVersion
    current: FrameworkVersion
    esco: str


@pytest.fixture
def build(basin: Any, member: Any, secretary: Any) -> Any:
    """A public pôle's referential of `size` concepts in two versions (1.1 in force, half its labels and every
    definition changed since 1.0) with a change log of `changes` lines, mapped to its own small ESCO (whose skills
    have their official URIs, unless `uris` is false: a framework known by its codes only, like DigComp)."""
    made = 0

    def make(size: int, changes: int = 5, *, uris: bool = True) -> Referential:
        nonlocal made
        made += 1
        esco_framework = make_framework(slug=f"esco-{made}", code="ESCO", name="ESCO")
        esco_version = make_version(esco_framework, "1.2")
        esco = [
            add_node(
                esco_version,
                f"S{n}",
                "",
                label_en=f"skill {n}",
                kind=Node.Kind.SKILL,
                uri=f"http://data.europa.eu/esco/skill/{made}-{n}" if uris else "",
            )
            for n in range(3)
        ]
        release(esco_version)
        pole = PoleFactory.create(basin=basin, code=f"CB{made}")
        MandateFactory.create(pole=pole)
        SeatFactory.create(body=BodyFactory.create(pole=pole), representative=member.person)
        framework = make_framework(pole, slug=f"cb-{made}")
        previous = make_version(framework, "1.0")
        grow(previous, size, esco)
        release(previous)
        current = make_version(framework, "1.1", based_on=previous)
        grow(current, size, esco, renamed=True)
        concepts = [n.concept for n in Node.objects.filter(version=current).select_related("concept")]
        Change.objects.bulk_create(
            Change(
                version=current,
                operation=Change.Operation.EDIT,
                concept=concepts[n % len(concepts)],
                summary=f"Modification {n}",
                reason="Relecture",
                by=secretary,
                at=timezone.now(),
            )
            for n in range(changes)
        )
        release(current)
        return Referential(framework.slug, FrameworkVersion.objects.get(pk=previous.pk), current, esco_framework.slug)

    return make


@pytest.fixture
def client_of(request: pytest.FixtureRequest) -> Any:
    def make(who: str) -> Client:
        return Client() if who == "anonymous" else log_in(Client(), request.getfixturevalue(who))

    return make


def costs(client: Client, referential: Referential) -> dict[str, int]:
    """What each page of the referential costs this client."""
    slug = referential.slug

    def concept(code: str, number: str = "1.1", framework: str = slug) -> str:
        return reverse("skills:version_concept", kwargs={"framework": framework, "number": number, "code": code})

    version = referential.current.get_absolute_url()
    diff = reverse("skills:diff", kwargs={"framework": slug})
    return {
        "version": queries(client, version),
        "latest": queries(client, reverse("skills:framework", kwargs={"framework": slug})),
        "search": queries(client, version, q="competence 7"),
        "search without match": queries(client, version, q="astrophysique"),
        "older version": queries(client, referential.previous.get_absolute_url()),
        "domain": queries(client, concept("D0")),  # its sub-concepts grow with the size
        "competence": queries(client, concept("C000")),
        "stable address": queries(client, reverse("skills:concept", kwargs={"framework": slug, "code": "C000"})),
        "external concept": queries(client, concept("S0", "1.2", referential.esco)),  # crosswalks towards it grow
        "diff": queries(client, diff),
        "chosen diff": queries(client, diff, de="1.0", a="1.1"),
        "change log": queries(client, reverse("skills:changes", kwargs={"framework": slug, "number": "1.1"})),
        "csv": queries(client, reverse("skills:export", kwargs={"framework": slug, "number": "1.1", "fmt": "csv"})),
        "turtle": queries(client, reverse("skills:export", kwargs={"framework": slug, "number": "1.1", "fmt": "ttl"})),
    }


@pytest.mark.parametrize("who", WHO)
def test_every_page_of_a_referential_costs_the_same_whatever_its_size(build: Any, client_of: Any, who: str) -> None:
    small, large = build(SMALL), build(LARGE)
    assert large.current.nodes.count() == LARGE and Node.objects.filter(version=small.current).count() == SMALL
    client = client_of(who)
    assert costs(client, large) == costs(client, small)


@pytest.mark.parametrize("who", WHO)
def test_the_change_log_costs_the_same_whatever_its_length(build: Any, client_of: Any, who: str) -> None:
    short, long = build(SMALL, changes=5), build(SMALL, changes=250)
    client = client_of(who)
    url = reverse("skills:changes", kwargs={"framework": long.slug, "number": "1.1"})
    few = queries(client, reverse("skills:changes", kwargs={"framework": short.slug, "number": "1.1"}))
    assert queries(client, url) == few
    assert queries(client, url, page=3) == few


@pytest.mark.parametrize("who", WHO)
def test_the_index_costs_the_same_whatever_the_number_of_frameworks(build: Any, client_of: Any, who: str) -> None:
    build(SMALL)
    client = client_of(who)
    url = reverse("skills:index")
    few = queries(client, url)
    for _ in range(3):
        build(SMALL)
    assert queries(client, url) == few


def test_comparing_versions_mapped_to_a_framework_without_uris_costs_the_same_whatever_their_size(
    build: Any, client_of: Any
) -> None:
    small, large = build(SMALL, uris=False), build(LARGE, uris=False)
    client = client_of("anonymous")
    assert queries(client, reverse("skills:diff", kwargs={"framework": large.slug})) == queries(
        client, reverse("skills:diff", kwargs={"framework": small.slug})
    )
