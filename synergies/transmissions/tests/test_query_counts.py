"""The transmissions' pages run the same number of queries with a few transmissions as with many (DESIGN §7.7, §8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from synergies.poles.models import Pole, Seat
from synergies.testing.auth import log_in
from synergies.transmissions.models import Event, Transmission
from synergies.transmissions.tests.conftest import MakeDecision
from synergies.transmissions.tests.factories import make_transmission

pytestmark = pytest.mark.django_db

STATUSES = [Transmission.Status.SENT, Transmission.Status.ANSWERED, Transmission.Status.PREPARED]


def add_transmissions(make_decision: MakeDecision, count: int) -> list[Transmission]:
    made = []
    for n in range(count):
        public = n % 4 != 3
        decision = make_decision(is_public=public, kind="orientation" if n % 2 else "decision")
        made.append(make_transmission(decision, status=STATUSES[n % len(STATUSES)], is_public=public))
    return made


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def clients(member: Any, member_seat: Seat, secretary: Any) -> dict[str, Client]:
    return {"anonymous": Client(), "member": log_in(Client(), member), "secretary": log_in(Client(), secretary)}


@pytest.mark.parametrize("who", ["anonymous", "member", "secretary"])
def test_the_list_of_a_pole_s_transmissions_does_not_grow_with_them(
    clients: dict[str, Client], pole: Pole, make_decision: MakeDecision, who: str
) -> None:
    url = reverse("transmissions:list", kwargs={"basin": pole.basin.code, "code": pole.code})
    client = clients[who]
    add_transmissions(make_decision, 3)
    queries(client, url)  # warm the session and the content types
    few = queries(client, url)
    add_transmissions(make_decision, 12)
    many = queries(client, url)
    assert many == few
    shown = Transmission.objects.public() if who == "anonymous" else Transmission.objects.all()
    assert client.get(url).content.decode().count('<th scope="row">') == shown.count() > 3


@pytest.mark.parametrize("who", ["anonymous", "member", "secretary"])
def test_the_page_of_a_transmission_does_not_grow_with_its_timeline(
    clients: dict[str, Client], make_decision: MakeDecision, who: str
) -> None:
    transmission = make_transmission(make_decision(), status=Transmission.Status.ANSWERED)
    url = transmission.get_absolute_url()
    client = clients[who]
    queries(client, url)
    few = queries(client, url)
    assert transmission.sent_at is not None
    for _ in range(10):
        Event.objects.create(transmission=transmission, kind=Event.Kind.REMINDED, at=transmission.sent_at, by=None)
    assert queries(client, url) == few
