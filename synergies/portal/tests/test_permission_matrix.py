"""Every URL of the project, for every named user, answers as its app declared (synergies/testing/permissions.py)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from synergies.accounts.models import ErasureRequest, Invitation
from synergies.accounts.personal_data import request_erasure
from synergies.accounts.services import invite_user
from synergies.basins.models import Basin
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.poles.models import Body, BodyDocument, DocumentVersion, Evaluation, Pole, Seat
from synergies.testing.auth import log_in
from synergies.testing.factories import (
    AffiliationFactory,
    BodyFactory,
    MandateFactory,
    OrganisationFactory,
    PersonFactory,
    PoleFactory,
    SeatFactory,
    UserFactory,
)
from synergies.testing.permissions import USERS, Outcome, Rule, undeclared, url_names


def declared_rules() -> dict[str, Rule]:
    """The rules of every Synergies app that declares some, keyed by URL name; a name declared twice is an error."""
    rules: dict[str, Rule] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("synergies."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.permission_matrix")
        except ModuleNotFoundError:
            continue
        for rule in module.EXPECTATIONS:
            assert rule.name not in rules, f"{rule.name} is declared twice"
            rules[rule.name] = rule
    return rules


RULES = declared_rules()


def world_extensions() -> list[Any]:
    """The `extend_world(world, users)` functions of the apps' permission_matrix modules, in the apps' order (which
    follows their layers): an app adds the records its URLs need, e.g. `world.meeting`, and may use lower ones'."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("synergies."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.permission_matrix")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "extend_world"):
            found.append(module.extend_world)
    return found


@dataclass
class World:
    organisation: Organisation
    person: Person
    affiliation: Affiliation
    invitation: Invitation
    erasure_request: ErasureRequest
    pole: Pole
    committee: Body
    seat: Seat
    document_version: DocumentVersion


@pytest.fixture
def world(basin: Basin, secretary: Any, member: Any, contributor: Any) -> World:
    organisation = OrganisationFactory.create(basin=basin, name="Organisation de la matrice")
    person = PersonFactory.create(basin=basin, email="personne.matrice@example.org")
    affiliation = AffiliationFactory.create(person=person, organisation=organisation)
    invitation = invite_user(email="invitee.matrice@example.org", full_name="Ines Invitée", by=secretary)
    requester = UserFactory.create(email="demandeur.matrice@example.org")
    PersonFactory.create(basin=basin, email=requester.email, user=requester)
    erasure_request = request_erasure(requester)
    pole, committee, seat, document_version = pole_world(basin, member, organisation)
    world = World(
        organisation, person, affiliation, invitation, erasure_request, pole, committee, seat, document_version
    )
    users = {"secretary": secretary, "member": member, "contributor": contributor}
    for extend in world_extensions():
        extend(world, users)
    return world


def pole_world(basin: Basin, member: Any, organisation: Organisation) -> tuple[Pole, Body, Seat, DocumentVersion]:
    """A public pôle of Hainaut-Centre whose steering committee is chaired by `member`, with a document."""
    pole = PoleFactory.create(basin=basin, code="MX")
    mandate = MandateFactory.create(pole=pole)
    Evaluation.objects.create(
        mandate=mandate, file=ContentFile(b"%PDF-1.4 evaluation", name="evaluation.pdf"), file_type="application/pdf"
    )
    committee = BodyFactory.create(pole=pole, slug="comite-de-pilotage")
    seat = SeatFactory.create(body=committee, organisation=organisation, role="chair", representative=member.person)
    document = BodyDocument.objects.create(body=committee, title="Règlement d’ordre intérieur")
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        file=ContentFile(b"%PDF-1.4 roi", name="roi.pdf"),
        filename="roi.pdf",
        content_type="application/pdf",
    )
    return pole, committee, seat, version


def client_for(request: pytest.FixtureRequest, who: str) -> Client:
    if who == "anonymous":
        return Client()
    return log_in(Client(), request.getfixturevalue(who))


def outcome_of(response: Any, method: str) -> Outcome | None:
    """What a response means; for a POST, a redirect or a re-displayed form (400) means the action was let through."""
    status = response.status_code
    location = response.headers.get("Location", "")
    if status in (301, 302, 303):
        if location.startswith(reverse("accounts:login")):
            return Outcome.LOGIN
        return Outcome.ALLOW if method == "post" else Outcome.REDIRECT
    if method == "post" and status == 400:
        return Outcome.ALLOW
    return {200: Outcome.ALLOW, 403: Outcome.FORBIDDEN, 404: Outcome.NOT_FOUND, 410: Outcome.GONE}.get(status)


def test_every_url_pattern_declares_who_may_reach_it() -> None:
    assert undeclared(RULES) == [], "Declare these URLs in <app>/tests/permission_matrix.py"


def test_every_declared_expectation_names_an_existing_url() -> None:
    assert sorted(set(RULES) - set(url_names())) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RULES))
def test_each_url_answers_each_named_user_as_declared(request: pytest.FixtureRequest, world: World, name: str) -> None:
    rule = RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world)) + rule.query
    wrong = []
    for who in USERS:
        # Each user meets the world as it was: what one user's POST changes is rolled back before the next.
        with transaction.atomic():
            client = client_for(request, who)
            response = getattr(client, rule.method)(url, rule.data(world))
            transaction.set_rollback(True)
        got = outcome_of(response, rule.method)
        if got != rule.expected[who]:
            location = response.headers.get("Location", "")
            wrong.append(f"{who}: expected {rule.expected[who].value}, got {response.status_code} {location}")
    assert not wrong, f"{rule.method.upper()} {url}\n" + "\n".join(wrong)


def test_a_url_whose_expectation_is_removed_is_reported_as_undeclared() -> None:
    without_one = {name: rule for name, rule in RULES.items() if name != "directory:person_edit"}
    assert undeclared(without_one) == ["directory:person_edit"]
