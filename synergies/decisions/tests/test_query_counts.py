"""The register and the proposals' pages run the same number of queries with a few decisions as with many."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.decisions import services
from synergies.decisions.tests.conftest import Council
from synergies.decisions.tests.test_register import adopt
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db

KW = {"basin": "hainaut-centre", "code": "CB"}


def queries(client: Client, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_decisions(pole: Any, committee: Any, council: Council, secretary: Any, count: int, start: int) -> None:
    for n in range(count):
        adopt(pole, committee, council, secretary, datetime.date(2025, 3, 10) + datetime.timedelta(days=start + n * 4))


@pytest.mark.parametrize("who", ["anonymous", "member", "secretary"])
def test_the_register_keeps_a_constant_query_count_as_decisions_grow(
    request: pytest.FixtureRequest, who: str, pole: Any, committee: Any, council: Council, secretary: Any
) -> None:
    client = Client() if who == "anonymous" else log_in(Client(), request.getfixturevalue(who))
    url = reverse("decisions:register", kwargs=KW)
    add_decisions(pole, committee, council, secretary, 2, 0)
    few = queries(client, url)
    add_decisions(pole, committee, council, secretary, 30, 10)
    assert queries(client, url) == few
    assert queries(client, url, q="texte", annee="2025") <= few + 1


def test_the_proposals_list_keeps_a_constant_query_count(
    member: Any, pole: Any, committee: Any, council: Council, secretary: Any, make_proposal: Any
) -> None:
    client = log_in(Client(), member)
    url = reverse("decisions:proposals", kwargs=KW)
    make_proposal()
    few = queries(client, url)
    add_decisions(pole, committee, council, secretary, 5, 0)
    for _ in range(10):
        services.open_round(make_proposal(), method="online", by=secretary)
    assert queries(client, url) == few


def test_a_proposal_page_keeps_a_constant_query_count_as_positions_grow(
    member: Any, written_round: Any, council: Council
) -> None:
    client = log_in(Client(), member)
    url = reverse("decisions:proposal", kwargs={**KW, "pk": written_round.proposal_id})
    services.take_position(written_round, person=council.training.representative, stance="agree", by=None)
    few = queries(client, url)
    for seat in (council.education, council.company):
        services.take_position(written_round, person=seat.representative, stance="reservation", text="r", by=None)
        services.take_position(written_round, person=seat.representative, stance="agree", by=None)
    assert queries(client, url) == few
