"""Security headers: a Content-Security-Policy without inline or evaluated scripts on every page, the Django admin
included, and a Permissions-Policy that turns off what the platform never uses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from synergies.lib.security import ADMIN_OVERRIDES, POLICY, SecurityHeadersMiddleware, render_policy
from synergies.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/bassins/",
    "/bassins/hainaut-centre/",
    "/annuaire/",
    "/mentions-legales/",
    "/vie-privee/",
    "/accessibilite/",
    "/compte/connexion/",
    "/compte/mot-de-passe/oublie/",
    "/en/",
    "/en/annuaire/",
    "/page-qui-n-existe-pas/",
]
SECRETARY_PAGES = [
    "/",
    "/annuaire/",
    "/annuaire/personnes/",
    "/annuaire/ajouter/",
    "/compte/mes-donnees/",
    "/compte/mot-de-passe/",
    "/compte/double-authentification/",
]
ADMIN_PAGES = ["/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/", "/admin/accounts/invitation/"]


def _directives(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _assert_strict_scripts(response: Any, path: str) -> None:
    directives = _directives(response)
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src == ["'self'"], (path, response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]


def _assert_no_inline_script(response: Any, path: str) -> None:
    """What the policy forbids must not be needed: no inline <script> and no on…= handler in our pages."""
    content = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", content, flags=re.IGNORECASE):
        assert "src=" in tag, (path, tag)
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", content, flags=re.IGNORECASE), path
    assert "javascript:" not in content.lower(), path


@pytest.fixture
def organisation(reference_data: None) -> Any:
    return OrganisationFactory(name="Centre Alpha", slug="centre-alpha")


def test_the_policy_allows_scripts_from_the_site_only():
    assert POLICY["script-src"] == "'self'"
    assert "script-src" not in ADMIN_OVERRIDES
    assert render_policy({"a": "x", "b": "'y' z"}) == "a x; b 'y' z"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_a_strict_content_security_policy(client, reference_data, path):
    response = client.get(path)

    assert response.status_code in (200, 302, 404), path
    _assert_strict_scripts(response, path)
    assert _directives(response)["style-src"] == ["'self'"]
    assert "Permissions-Policy" in response


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_public_page_relies_on_inline_script(client, reference_data, path):
    response = client.get(path, follow=True)

    _assert_no_inline_script(response, path)


def test_an_organisation_page_has_the_policy_too(client, organisation):
    response = client.get(f"/annuaire/organisations/{organisation.slug}/")

    assert response.status_code == 200
    _assert_strict_scripts(response, "organisation")
    _assert_no_inline_script(response, "organisation")


@pytest.mark.parametrize("path", SECRETARY_PAGES)
def test_every_page_of_a_logged_in_secretary_has_the_policy(secretary_client, path):
    response = secretary_client.get(path)

    assert response.status_code == 200, path
    _assert_strict_scripts(response, path)
    _assert_no_inline_script(response, path)
    assert "Permissions-Policy" in response


def test_redirects_and_posts_carry_the_policy_too(client, secretary, reference_data):
    redirect = client.get("/annuaire/personnes/")
    failed_login = client.post("/compte/connexion/", {"username": secretary.email, "password": "wrong"})

    for response in (redirect, failed_login):
        _assert_strict_scripts(response, "")


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_keep_scripts_to_the_site(admin_client, path):
    response = admin_client.get(path)

    assert response.status_code == 200, path
    directives = _directives(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "Permissions-Policy" in response


def test_the_admin_login_page_has_the_admin_policy(client):
    response = client.get("/admin/login/")

    assert _directives(response)["script-src"] == ["'self'"]
    assert _directives(response)["style-src"] == ["'self'", "'unsafe-inline'"]


def test_the_public_site_does_not_get_the_admin_s_inline_styles(client, reference_data):
    assert "'unsafe-inline'" not in client.get("/")["Content-Security-Policy"]


def test_the_permissions_policy_turns_off_camera_microphone_and_location(client, reference_data):
    policy = client.get("/")["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


def test_the_other_security_headers_are_set(client, reference_data):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_view_s_own_policy_is_kept(rf: RequestFactory):
    def view(request: Any) -> HttpResponse:
        response = HttpResponse("file")
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/telechargement/"))

    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "Permissions-Policy" in response


def test_cross_origin_resource_policy_is_added_in_production(rf: RequestFactory, settings):
    settings.PRODUCTION = True
    response = SecurityHeadersMiddleware(lambda request: HttpResponse("x"))(rf.get("/"))
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"

    settings.PRODUCTION = False
    response = SecurityHeadersMiddleware(lambda request: HttpResponse("x"))(rf.get("/"))
    assert "Cross-Origin-Resource-Policy" not in response
