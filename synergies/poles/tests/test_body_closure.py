"""Closing a working group ends its seats: it is simulated and warned about like ending a seat."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from synergies.poles import services
from synergies.poles.compliance import compliance_of
from synergies.poles.models import Body, Pole, Seat
from synergies.poles.tests.conftest import TODAY, MakeOrganisation, MakeSeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_holding_the_company(
    pole: Pole,
    compliant_pole: dict[str, Seat],
    make_organisation: MakeOrganisation,
    make_seat: MakeSeat,
    secretary: Any,
) -> Body:
    """The pôle's only local company sits in a working group, not in the committee."""
    group = services.create_working_group(pole, {"name": "Employeurs"}, by=secretary)
    Seat.objects.filter(pk=compliant_pole["company"].pk).update(body=group)
    return group


@freeze_time(TODAY)
def test_closing_the_group_that_holds_the_only_company_warns_and_saves_nothing(
    pole: Pole, group_holding_the_company: Body, secretary: Any
) -> None:
    assert compliance_of(pole, TODAY).compliant
    with pytest.raises(services.CompositionWarning) as warning:
        services.update_body(group_holding_the_company, {"closed_on": TODAY}, by=secretary)
    assert "R3a" in warning.value.compliance.failing_ids()
    assert Body.objects.get(pk=group_holding_the_company.pk).closed_on is None


@freeze_time(TODAY)
def test_a_confirmed_closure_is_saved_and_alerts_the_secretariat(
    pole: Pole,
    group_holding_the_company: Body,
    secretary: Any,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.update_body(group_holding_the_company, {"closed_on": TODAY}, by=secretary, confirm=True)
    assert Body.objects.get(pk=group_holding_the_company.pk).closed_on == TODAY
    assert not compliance_of(pole, TODAY).compliant
    assert [m.to for m in mailoutbox] == [[secretary.email]]


def test_the_steering_committee_cannot_be_closed(
    committee: Body, compliant_pole: dict[str, Seat], secretary: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.update_body(committee, {"closed_on": TODAY}, by=secretary)
    assert "Le comité de pilotage ne se clôture pas" in " ".join(error.value.messages)


@freeze_time(TODAY)
def test_the_edit_screen_asks_for_confirmation_before_closing(
    pole: Pole, group_holding_the_company: Body, secretary_client: Any
) -> None:
    url = f"/poles/{pole.basin.code}/{pole.code}/organes/{group_holding_the_company.slug}/modifier/"
    data = {"name": "Employeurs", "closed_on": TODAY.isoformat()}
    page = secretary_client.post(url, data).content.decode()
    assert "ne serait plus conforme" in page and 'type="checkbox" name="confirm"' in page
    assert Body.objects.get(pk=group_holding_the_company.pk).closed_on is None
    response = secretary_client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    assert Body.objects.get(pk=group_holding_the_company.pk).closed_on == TODAY
