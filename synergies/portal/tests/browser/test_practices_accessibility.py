"""axe-core finds no violation of the WCAG 2.0/2.1 A and AA rules on the catalogue's pages: the public ones (home,
search with words and facets, a practice, its print view, territory, a commune, the pôle's section, the API's
documentation), a contributor's editor and follow-up, and the moderation pages of the delegated moderator."""

from __future__ import annotations

from typing import Any

import pytest

from synergies.directory.demo import DEMO_DOMAIN
from synergies.portal.tests.browser.helpers import log_in, log_out
from synergies.portal.tests.browser.skills_helpers import assert_pages_accessible
from synergies.practices.models import Practice, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLE = "hainaut-centre/CB/"


def published() -> Practice:
    practice = Practice.objects.published().order_by("pk").first()
    assert practice is not None, "the demo publishes practices"
    return practice


def test_the_public_catalogue_pages_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    practice = published()
    assert_pages_accessible(
        tab,
        [
            "/pratiques/",
            "/pratiques/recherche/",
            "/pratiques/recherche/?q=alphabetisaton&public=ALPHA&commune=58001",
            "/pratiques/recherche/?q=aucun-resultat-possible-ici",
            practice.get_absolute_url(),
            practice.get_absolute_url() + "imprimer/",
            "/pratiques/territoire/",
            "/pratiques/territoire/la-louviere/",
            "/pratiques/pole/" + POLE,
            "/api/v1/",
            "/en/pratiques/recherche/?q=numerique",
        ],
    )


def test_the_contributor_s_and_the_moderator_s_pages_have_no_accessibility_violation(tab: Any, demo: None) -> None:
    log_in(tab, f"contributeur@{DEMO_DOMAIN}")
    assert_pages_accessible(tab, ["/pratiques/mes-pratiques/", "/pratiques/nouvelle/" + POLE])
    log_out(tab)
    log_in(tab, f"membre@{DEMO_DOMAIN}")
    in_review = Practice.objects.filter(status=Status.IN_REVIEW).order_by("pk").first()
    assert in_review is not None, "the demo has a practice in review"
    assert_pages_accessible(
        tab,
        [
            "/pratiques/moderation/" + POLE,
            f"/pratiques/{in_review.slug}/suivi/",
            f"/pratiques/{in_review.slug}/historique/",
            f"/pratiques/{in_review.slug}/modifier/",
        ],
    )
