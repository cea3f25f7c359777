"""The pôles' pages run the same number of queries with a few seats or pôles as with many (DESIGN §7.7, §8)."""

from __future__ import annotations

import datetime
import html
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from synergies.basins.models import Basin, Chamber, Commune
from synergies.poles import services
from synergies.poles.models import Body, BodyDocument, DocumentVersion, Evaluation, InterestDeclaration, Pole, Seat
from synergies.poles.tests.conftest import TODAY
from synergies.testing.auth import log_in
from synergies.testing.factories import (
    AffiliationFactory,
    MandateFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

# Organisation types that spread the seats over the three categories and components (and none).
TYPES = ["company", "cpas", "forem_training", "secondary_school", "cisp", "adult_education", "employers_org", "ifapme"]
ROLES = [Seat.Role.MEMBER, Seat.Role.MEMBER, Seat.Role.VICE_CHAIR, Seat.Role.OBSERVER, Seat.Role.SECRETARY]
SEQUENCE = itertools.count()


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    with freeze_time(TODAY) as frozen:
        yield frozen


def communes(basin: Basin) -> list[Commune]:
    return list(Commune.objects.filter(basin=basin).order_by("nis_code")[:3])


def add_seats(body: Body, count: int, *, places: list[Commune]) -> list[Seat]:
    """`count` seats of organisations with a site in each of `places`, each held by a representative and a substitute
    with their contacts, most from a chamber, with a declaration of interests; one in five is a resource person, one
    in seven has ended."""
    seats = []
    for _ in range(count):
        n = next(SEQUENCE)
        representative = PersonFactory.create(phone=f"065 00 {n:04d}", public_consent=n % 2 == 0)
        if n % 5 == 4:
            seat = SeatFactory.create(
                body=body,
                organisation=None,
                representative=representative,
                origin="resource_person",
                role="resource_person",
            )
        else:
            organisation = OrganisationFactory.create(type=TYPES[n % len(TYPES)])
            for index, place in enumerate(places):
                SiteFactory.create(organisation=organisation, commune=place, is_main=index == 0)
            substitute = PersonFactory.create(phone=f"0470 {n:04d}")
            for person in (representative, substitute):
                AffiliationFactory.create(person=person, organisation=organisation)
            chambers = [*list(Chamber.objects.filter(basin=body.pole.basin).order_by("pk")[:2]), None]
            chamber = chambers[n % len(chambers)]
            seat = SeatFactory.create(
                body=body,
                organisation=organisation,
                representative=representative,
                substitute=substitute,
                origin="instance" if chamber is None else f"chamber_{chamber.kind}",
                chamber=chamber,
                role=ROLES[n % len(ROLES)],
                end=TODAY - datetime.timedelta(days=1) if n % 7 == 6 else None,
                names_public=n % 3 == 0,
            )
        InterestDeclaration.objects.create(seat=seat, text=f"Déclaration {n}", declared_on=TODAY)
        seats.append(seat)
    return seats


def add_documents(body: Body, count: int, *, versions: int, by: Any) -> None:
    for n in range(count):
        document = BodyDocument.objects.create(body=body, title=f"Document {next(SEQUENCE)}")
        for number in range(1, versions + 1):
            DocumentVersion.objects.create(
                document=document,
                number=number,
                file=ContentFile(b"%PDF-1.4 x", name=f"doc-{n}-{number}.pdf"),
                filename=f"doc-{n}-{number}.pdf",
                content_type="application/pdf",
                uploaded_by=by,
            )


def new_pole(basin: Basin, by: Any, *, public: bool = True) -> Pole:
    n = next(SEQUENCE)
    pole = services.create_pole(
        {
            "basin": basin,
            "name": f"Pôle {n:04d}",
            "code": f"Q{n:04d}",
            "theme_kind": Pole.ThemeKind.TRANSVERSAL,
            "transversal_reference": f"IB-{n}",
            "transversal_date": datetime.date(2024, 1, 15),
        },
        by=by,
    )
    if public:
        mandate = MandateFactory.create(pole=pole)
        Evaluation.objects.create(mandate=mandate)
    return pole


def queries(user_client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = user_client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), html.unescape(response.content.decode())


def pole_url(name: str, pole: Pole, **kwargs: Any) -> str:
    return reverse(f"poles:{name}", kwargs={"basin": pole.basin.code, "code": pole.code, **kwargs})


def client_of(request: pytest.FixtureRequest, who: str) -> Client:
    if who == "anonymous":
        return Client()
    if who == "admin":
        return request.getfixturevalue("admin_client")
    return log_in(Client(), request.getfixturevalue(who))


@pytest.fixture
def cb(pole: Pole, mandate: Any) -> Pole:
    return pole


@pytest.fixture
def group(cb: Pole, secretary: Any) -> Body:
    return services.create_working_group(cb, {"name": "Outils numériques"}, by=secretary)


@pytest.fixture
def member_seat(cb: Pole, committee: Body, member: Any) -> Seat:
    organisation = OrganisationFactory.create(type="cisp")
    AffiliationFactory.create(person=member.person, organisation=organisation)
    return SeatFactory.create(body=committee, organisation=organisation, representative=member.person)


def assert_constant(label: str, few: int, many: int, budget: int) -> None:
    print(f"{label}: {few} queries with few, {many} with many")
    assert many == few, f"{label}: {few} queries with few records, {many} with many"
    assert few <= budget, f"{label}: {few} queries, over the budget of {budget}"


# --- one pôle, 3 seats or 40 --------------------------------------------------------------------------------------


# (page, who, budget): the budget leaves a little room above what was measured.
POLE_PAGES = [
    ("detail", "anonymous", 14),
    ("detail", "member", 19),
    ("detail", "secretary", 17),
    ("compliance", "anonymous", 9),
    ("members", "member", 18),
    ("members", "secretary", 14),
    ("body", "secretary", 15),
]


@pytest.mark.parametrize(("page", "who", "budget"), POLE_PAGES, ids=[f"{p}-{w}" for p, w, _ in POLE_PAGES])
def test_a_pole_s_pages_run_as_many_queries_with_40_seats_as_with_3(
    request: pytest.FixtureRequest,
    cb: Pole,
    committee: Body,
    group: Body,
    member_seat: Seat,
    basin: Basin,
    secretary: Any,
    page: str,
    who: str,
    budget: int,
) -> None:
    places = communes(basin)
    add_seats(committee, 2, places=places)
    add_seats(group, 1, places=places)
    add_documents(committee, 1, versions=1, by=secretary)
    url = pole_url(page, cb, body=committee.slug) if page == "body" else pole_url(page, cb)
    user_client = client_of(request, who)
    user_client.get(url)  # warm the caches that last for the process (content types, templates)
    few, _ = queries(user_client, url)

    add_seats(committee, 30, places=places)
    add_seats(group, 7, places=places)
    add_documents(committee, 4, versions=3, by=secretary)
    add_documents(group, 3, versions=2, by=secretary)
    assert Seat.objects.of_pole(cb).count() == 41
    assert Seat.objects.of_pole(cb).filter(chamber__isnull=False).count() >= 10
    many, page_text = queries(user_client, url)

    last = Seat.objects.filter(body=committee).in_force().exclude(organisation=None).latest("pk")
    assert last.organisation is not None and last.organisation.name in page_text

    assert_constant(f"{page} as {who}", few, many, budget)


# --- the lists: 2 pôles or 20 -------------------------------------------------------------------------------------


def populate(basin: Basin, count: int, *, by: Any, proposed: int = 0) -> None:
    places = communes(basin) if basin.code == "hainaut-centre" else []
    for index in range(count + proposed):
        pole = new_pole(basin, by, public=index < count)
        add_seats(pole.bodies.get(), 3, places=places)


LIST_PAGES = [
    ("list", "anonymous", 8),
    ("list", "secretary", 11),
    ("overview", "secretary", 13),
    ("overview", "admin", 12),
]


@pytest.mark.parametrize(("page", "who", "budget"), LIST_PAGES, ids=[f"{p}-{w}" for p, w, _ in LIST_PAGES])
def test_the_lists_of_poles_run_as_many_queries_with_20_poles_as_with_2(
    request: pytest.FixtureRequest,
    basin: Basin,
    other_basin: Basin,
    secretary: Any,
    platform_admin: Any,
    page: str,
    who: str,
    budget: int,
) -> None:
    url = reverse(f"poles:{page}")
    populate(basin, 1, by=secretary, proposed=1)
    populate(other_basin, 1, by=platform_admin)
    user_client = client_of(request, who)
    user_client.get(url)
    few, _ = queries(user_client, url)

    populate(basin, 11, by=secretary, proposed=3)
    populate(other_basin, 7, by=platform_admin)
    assert Pole.objects.count() == 24
    assert Pole.objects.public().count() == 20
    many, page_text = queries(user_client, url)

    assert Pole.objects.filter(basin=basin, mandates__isnull=False).latest("pk").name in page_text

    assert_constant(f"{page} as {who}", few, many, budget)


def test_the_overview_filtered_on_a_basin_runs_as_many_queries_with_20_poles_as_with_2(
    admin_client: Client, basin: Basin, other_basin: Basin, secretary: Any, platform_admin: Any
) -> None:
    url = reverse("poles:overview") + "?bassin=hainaut-centre"
    populate(basin, 2, by=secretary)
    populate(other_basin, 1, by=platform_admin)
    admin_client.get(url)
    few, _ = queries(admin_client, url)

    populate(basin, 18, by=secretary)
    many, page_text = queries(admin_client, url)

    assert Pole.objects.filter(basin=basin).latest("pk").name in page_text
    assert Pole.objects.filter(basin=other_basin).get().name not in page_text

    assert_constant("overview of one basin as admin", few, many, 13)
