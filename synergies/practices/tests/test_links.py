"""The link checker: two failures in a row make a link broken, its editors hear of it once, and only public
addresses are ever asked."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from synergies.practices.models import Link, Practice
from synergies.practices.services import links
from synergies.practices.services.links import Outcome, check_links

pytestmark = pytest.mark.django_db

DOWN = Outcome(False, 404, "erreur HTTP 404")
UP = Outcome(True, 200)


@pytest.fixture
def link(practice: Practice) -> Link:
    return practice.links.create(url="https://example.org/guide")


def test_one_failure_is_not_yet_a_broken_link(practice: Practice, link: Link) -> None:
    assert check_links(practice.pk, fetcher=lambda url: DOWN) == []
    link.refresh_from_db()
    assert (link.status, link.failures, link.http_status) == (Link.Status.UNCHECKED, 1, 404)


def test_a_second_failure_breaks_the_link_and_tells_the_editors_once(
    practice: Practice, link: Link, contributor: Any
) -> None:
    check_links(practice.pk, fetcher=lambda url: DOWN)
    assert check_links(practice.pk, fetcher=lambda url: DOWN) == [link]
    check_links(practice.pk, fetcher=lambda url: DOWN)
    link.refresh_from_db()
    assert link.status == Link.Status.BROKEN and link.holder_notified_at is not None
    assert [m.to for m in mail.outbox] == [[contributor.email]]
    assert "https://example.org/guide" in mail.outbox[0].body


def test_a_link_that_answers_again_is_repaired(practice: Practice, link: Link) -> None:
    for _ in range(2):
        check_links(practice.pk, fetcher=lambda url: DOWN)
    check_links(practice.pk, fetcher=lambda url: UP)
    link.refresh_from_db()
    assert (link.status, link.failures, link.failure) == (Link.Status.OK, 0, "")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin/",
        "http://localhost/",
        "http://10.0.0.8/",
        "http://[::1]/",
        "ftp://example.org/",
        "http:///",
    ],
)
def test_the_checker_never_asks_a_private_or_odd_address(url: str, monkeypatch: Any) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the checker must not connect")

    monkeypatch.setattr(links.urllib.request, "urlopen", no_network)
    outcome = links.fetch(url)
    assert not outcome.ok and outcome.failure


def test_only_links_of_public_records_not_checked_lately_are_due(pole: Any, practice: Practice, link: Link) -> None:
    from synergies.practices.tests.factories import make_practice

    draft = make_practice(pole, status="draft", title="Brouillon")
    draft.links.create(url="https://example.org/brouillon")
    assert links.links_to_check() == [practice.pk]
    check_links(practice.pk, fetcher=lambda url: UP)
    assert links.links_to_check() == []


def test_the_background_check_stays_off_the_network_when_disabled(
    practice: Practice, link: Link, settings: Any
) -> None:
    from synergies.practices import tasks

    settings.PRACTICES_CHECK_LINKS = False
    tasks.check_practice_links.call(practice.pk)
    link.refresh_from_db()
    assert link.checked_at is None
