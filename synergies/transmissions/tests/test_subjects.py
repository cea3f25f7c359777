"""The registry of subjects: any kind of record an app registers travels the same road as a decision, and a page of
that app can list its transmissions (DESIGN §4: the transmissions refer to their subjects generically)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from synergies.decisions.models import Decision
from synergies.poles import services as pole_services
from synergies.poles.models import Modalities, Pole
from synergies.transmissions import services, subjects
from synergies.transmissions.models import Transmission
from synergies.transmissions.tests.conftest import MakeDecision
from synergies.transmissions.tests.factories import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def modalities_registered() -> Iterator[None]:
    """Stand-in for a later kind (an evaluation, a project…): the pôle's operating modalities."""
    subjects.register(
        Modalities,
        label="Modalités de fonctionnement",
        kind=lambda m: Transmission.Kind.EVALUATION,
        title=lambda m: f"Modalités de fonctionnement, version {m.version}",
        url=lambda m: f"/modalites/{m.pk}/",
        pdf_template="transmissions/pdf/generic.html",
        pdf_context=lambda m: {
            "heading": f"Version {m.version}",
            "body": m.text,
            "details": [("Adoptées le", m.adopted_on)],
        },
        is_public=lambda m: True,
        pole=lambda m: m.pole,
        candidates=lambda pole: pole.modalities.order_by("-version"),
    )
    yield
    subjects.unregister(Modalities)


@pytest.fixture
def modalities(pole: Pole, secretary: Any) -> Modalities:
    return pole_services.adopt_modalities(
        pole, text="Le comité se réunit **quatre fois** par an.", adopted_on=TODAY, by=secretary
    )


def test_decisions_are_registered_from_the_app_config() -> None:
    assert [entry.model for entry in subjects.registered()][:1] == [Decision]


def test_a_kind_registered_by_another_app_travels_the_whole_road(
    modalities_registered: None,
    modalities: Modalities,
    secretary: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        transmission = services.prepare_transmission(modalities, by=secretary)
        services.send_transmission(transmission, by=secretary)
        services.record_acknowledgement(transmission, on=TODAY, by=secretary)
        services.record_response(transmission, verdict="approved", received_on=TODAY, by=secretary)
    transmission.refresh_from_db()
    assert (transmission.kind, transmission.title) == ("evaluation", "Modalités de fonctionnement, version 1")
    assert transmission.status == Transmission.Status.ANSWERED
    assert transmission.subject == modalities
    assert transmission.pdf.read().startswith(b"%PDF-")
    assert mailoutbox[0].attachments[0][0] == f"{transmission.reference}.pdf"
    assert list(subjects.transmissions_of(modalities)) == [transmission]
    assert subjects.subject_url(modalities) == f"/modalites/{modalities.pk}/"


def test_once_unregistered_a_kind_no_longer_travels(modalities: Modalities, secretary: Any) -> None:
    assert not subjects.is_registered(modalities)
    with pytest.raises(Exception, match="ne peut pas être transmis"):
        services.prepare_transmission(modalities, by=secretary)


def test_the_panel_of_a_subject_lists_only_its_own_transmissions(make_decision: MakeDecision, secretary: Any) -> None:
    one, other = make_decision(), make_decision()
    mine = services.prepare_transmission(one, by=secretary)
    services.prepare_transmission(other, by=secretary)
    assert list(subjects.transmissions_of(one)) == [mine]


def test_the_form_offers_each_kind_s_records_not_yet_transmitted(
    modalities_registered: None, modalities: Modalities, make_decision: MakeDecision, secretary: Any, pole: Pole
) -> None:
    sent_up, waiting = make_decision(), make_decision()
    services.prepare_transmission(sent_up, by=secretary)
    offered = {str(entry.label): records for entry, records in subjects.candidates_of(pole)}
    assert offered == {"Décisions et orientations du registre": [waiting], "Modalités de fonctionnement": [modalities]}


def test_a_decision_s_page_is_linked_when_the_decisions_app_has_one(decision: Decision) -> None:
    from django.urls import NoReverseMatch, reverse

    try:
        expected = reverse(
            "decisions:decision", kwargs={"basin": "hainaut-centre", "code": "CB", "reference": decision.reference}
        )
    except NoReverseMatch:
        expected = ""
    assert subjects.subject_url(decision) == expected
    assert subjects.subject_url(None) == ""
    assert timezone.localdate() == TODAY
