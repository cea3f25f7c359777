"""The pôles' services: each write in one transaction with its audit entry, each bad input refused with a French
message that names the rule, and nothing half-saved."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from synergies.basins.models import Basin, Chamber, PriorityTheme
from synergies.directory.models import Organisation, Person
from synergies.lib.models import AuditEntry
from synergies.poles import services
from synergies.poles.models import (
    Body,
    Evaluation,
    InterestDeclaration,
    Mandate,
    Modalities,
    Pole,
    Seat,
)
from synergies.poles.tests.conftest import MANDATE_END, MANDATE_START, SEAT_START, TODAY, MakeOrganisation
from synergies.testing.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
ONE_DAY = datetime.timedelta(days=1)
EXPIRED_DAY = datetime.date(2028, 3, 15)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    with freeze_time(TODAY) as frozen:
        yield frozen


def counts() -> dict[str, int]:
    models: list[Any] = [Pole, Body, Mandate, Evaluation, Modalities, Seat, InterestDeclaration, AuditEntry]
    return {model.__name__: model.objects.count() for model in models}


@contextmanager
def refused(*fragments: str, field: str | None = None) -> Iterator[None]:
    """The block raises a ValidationError whose messages contain every fragment, and writes nothing."""
    before = counts()
    with pytest.raises(ValidationError) as info:
        yield
    messages = " ".join(info.value.messages)
    for fragment in fragments:
        assert fragment in messages, messages
    if field is not None:
        assert field in info.value.message_dict, info.value.message_dict
    assert counts() == before


def audit_of(obj: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.for_object(obj).order_by("pk"))


def verbs_of(obj: Any) -> list[str]:
    return [entry.verb for entry in audit_of(obj)]


def person_of(organisation: Organisation, **affiliation: Any) -> Person:
    person = PersonFactory.create()
    AffiliationFactory.create(person=person, organisation=organisation, **affiliation)
    return person


def unsaved_seat(body: Body, organisation: Organisation | None, **fields: Any) -> Seat:
    """A seat as a form would hand it to `save_seat`: held by a person affiliated to the organisation, designated."""
    if "representative" not in fields:
        fields["representative"] = person_of(organisation) if organisation else PersonFactory.create()
    defaults = {
        "origin": Seat.Origin.INSTANCE if organisation else Seat.Origin.RESOURCE_PERSON,
        "role": Seat.Role.MEMBER if organisation else Seat.Role.RESOURCE_PERSON,
        "start": SEAT_START,
        "designation_reference": "IB-2025-04",
        "designation_date": datetime.date(2025, 2, 20),
    }
    return Seat(body=body, organisation=organisation, **{**defaults, **fields})


def complete_evaluation(mandate: Mandate, by: Any, verdict: str = Evaluation.Verdict.RENEWED) -> None:
    services.record_evaluation(
        mandate, summary="Le pôle s’est réuni onze fois.", submitted_on=datetime.date(2027, 8, 1), by=by
    )
    services.record_verdict(mandate, verdict=verdict, reference="IB-2027-11", date=datetime.date(2027, 11, 20), by=by)


def pole_data(basin: Basin, **overrides: Any) -> dict[str, Any]:
    return {
        "basin": basin,
        "name": "Construction durable",
        "code": "CD",
        "theme_kind": Pole.ThemeKind.TRANSVERSAL,
        "transversal_reference": "IB-2024-02",
        "transversal_date": datetime.date(2024, 2, 1),
        **overrides,
    }


# --- pôles (R1, R2) ----------------------------------------------------------------------------------------------


def test_creating_a_pole_gives_it_its_steering_committee_and_an_audit_entry(pole: Pole, secretary: Any) -> None:
    assert pole.code == "CB"
    [committee] = pole.bodies.all()
    assert (committee.kind, committee.name, committee.slug) == (
        Body.Kind.STEERING_COMMITTEE,
        "Comité de pilotage",
        "comite-de-pilotage",
    )
    [entry] = audit_of(pole)
    assert (entry.verb, entry.action, entry.actor) == ("pole.create", AuditEntry.Action.CREATE, secretary)
    assert entry.changes["code"] == [None, "CB"]
    assert entry.changes["basin"] == [None, "Hainaut-Centre"]
    assert pole.status_on(TODAY) == Pole.Status.PROPOSED


def test_a_pole_code_is_upper_cased(basin: Basin, secretary: Any) -> None:
    assert services.create_pole(pole_data(basin, code="cd2"), by=secretary).code == "CD2"


def test_a_pole_on_a_theme_of_the_report_is_created_on_that_theme(basin: Basin, secretary: Any) -> None:
    theme = PriorityTheme.objects.create(basin=basin, report_year=2024, kind="sector", title="Construction")
    pole = services.create_pole(
        pole_data(basin, theme_kind=Pole.ThemeKind.THEME, theme=theme, transversal_reference="", transversal_date=None),
        by=secretary,
    )
    assert pole.theme == theme


def test_a_pole_on_a_theme_without_the_theme_is_refused(basin: Basin, secretary: Any) -> None:
    with refused("Choisissez la thématique commune du rapport sur laquelle le pôle est fondé (R1).", field="theme"):
        services.create_pole(pole_data(basin, theme_kind=Pole.ThemeKind.THEME), by=secretary)


def test_a_theme_of_another_basins_report_is_refused(basin: Basin, other_basin: Basin, secretary: Any) -> None:
    theme = PriorityTheme.objects.create(basin=other_basin, report_year=2024, kind="sector", title="Logistique")
    with refused("Cette thématique appartient au rapport d’un autre bassin (R1).", field="theme"):
        services.create_pole(pole_data(basin, theme_kind=Pole.ThemeKind.THEME, theme=theme), by=secretary)


def test_a_transversal_pole_without_the_instance_decision_is_refused(basin: Basin, secretary: Any) -> None:
    with refused("Un pôle transversal l’est par une décision de l’Instance", "(R1)", field="transversal_reference"):
        services.create_pole(pole_data(basin, transversal_reference="", transversal_date=None), by=secretary)
    with refused("(R1)", field="transversal_reference"):
        services.create_pole(pole_data(basin, transversal_date=None), by=secretary)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("C", "Le code compte deux à dix lettres majuscules ou chiffres."),
        ("C-B", "Le code compte deux à dix lettres majuscules ou chiffres."),
        ("ABCDEFGHIJK", "au plus 10 caractères"),
        ("", "Ce champ ne peut pas être vide."),
    ],
    ids=["too-short", "with-a-dash", "too-long", "empty"],
)
def test_a_badly_formed_code_is_refused(basin: Basin, secretary: Any, code: str, message: str) -> None:
    with refused(message):
        services.create_pole(pole_data(basin, code=code), by=secretary)


def test_two_poles_of_a_basin_cannot_share_a_code_but_two_basins_can(
    pole: Pole, basin: Basin, other_basin: Basin, secretary: Any
) -> None:
    with refused():
        services.create_pole(pole_data(basin, code="cb"), by=secretary)
    assert services.create_pole(pole_data(other_basin, code="CB"), by=secretary).basin == other_basin


def test_updating_a_pole_records_what_changed_and_keeps_its_basin(
    pole: Pole, other_basin: Basin, secretary: Any
) -> None:
    services.update_pole(pole, {"name": "Compétences de base et numériques", "basin": other_basin}, by=secretary)
    pole.refresh_from_db()
    assert pole.name == "Compétences de base et numériques"
    assert pole.basin.code == "hainaut-centre"
    entry = audit_of(pole)[-1]
    assert entry.verb == "pole.update"
    assert entry.changes == {"name": ["Compétences de base", "Compétences de base et numériques"]}


def test_an_update_that_changes_nothing_writes_no_audit_entry(pole: Pole, secretary: Any) -> None:
    services.update_pole(pole, {"name": pole.name}, by=secretary)
    assert verbs_of(pole) == ["pole.create"]


def test_an_update_breaking_r1_is_refused_and_the_pole_stays_as_it_was(pole: Pole, secretary: Any) -> None:
    with refused("(R1)"):
        services.update_pole(pole, {"transversal_reference": ""}, by=secretary)
    pole.refresh_from_db()
    assert pole.transversal_reference == "IB-2019-01"


def test_adopting_modalities_keeps_every_version(pole: Pole, secretary: Any) -> None:
    first = services.adopt_modalities(pole, text="Trois réunions par an.", adopted_on=TODAY, by=secretary)
    second = services.adopt_modalities(
        pole, text="Quatre réunions par an.", adopted_on=TODAY, reference="CB-2026-001", by=secretary
    )
    assert (first.version, second.version) == (1, 2)
    assert [m.text for m in pole.modalities.all()] == ["Quatre réunions par an.", "Trois réunions par an."]
    assert second.recorded_by == secretary
    assert verbs_of(pole)[-2:] == ["pole.modalities", "pole.modalities"]
    assert audit_of(pole)[-1].changes == {"modalités": [1, 2]}


def test_empty_modalities_are_refused(pole: Pole, secretary: Any) -> None:
    with refused("Le texte des modalités est vide.", field="text"):
        services.adopt_modalities(pole, text="  \n", adopted_on=TODAY, by=secretary)


# --- the first mandate (R2, R7) ------------------------------------------------------------------------------------


def open_mandate(pole: Pole, by: Any, start: datetime.date, end: datetime.date, **overrides: Any) -> Mandate:
    data = {"decision_reference": "IB-2025-03", "decision_date": datetime.date(2025, 2, 15), **overrides}
    return services.open_first_mandate(pole, start=start, end=end, by=by, **data)


def test_the_first_mandate_may_last_exactly_three_years(pole: Pole, secretary: Any) -> None:
    mandate = open_mandate(pole, secretary, datetime.date(2025, 3, 1), datetime.date(2028, 2, 29))
    assert (mandate.number, mandate.start, mandate.end) == (1, datetime.date(2025, 3, 1), datetime.date(2028, 2, 29))
    assert mandate.evaluation.verdict == Evaluation.Verdict.PENDING
    entry = audit_of(pole)[-1]
    assert entry.verb == "pole.mandate.open"
    assert entry.changes["décision"] == [None, "IB-2025-03"]
    assert services.default_mandate_end(datetime.date(2025, 3, 1)) == datetime.date(2028, 2, 29)


def test_a_mandate_longer_than_three_years_is_refused(pole: Pole, secretary: Any) -> None:
    with refused(
        "Un pôle de synergies est créé pour une durée limitée à trois années maximum (article 18, R7).",
        f"Ce mandat commence le 01/03/2025{NBSP}: il doit se terminer au plus tard le 29/02/2028.",
        field="end",
    ):
        open_mandate(pole, secretary, datetime.date(2025, 3, 1), datetime.date(2028, 3, 1))
    assert pole.status_on(TODAY) == Pole.Status.PROPOSED


@pytest.mark.parametrize(
    ("start", "latest"),
    [
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),
        (datetime.date(2028, 2, 29), datetime.date(2031, 2, 28)),
        (datetime.date(2025, 2, 28), datetime.date(2028, 2, 27)),
        (datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)),
    ],
    ids=["from-29-february", "from-29-february-to-a-common-year", "from-28-february", "from-1-january"],
)
def test_three_years_end_the_day_before_the_third_anniversary(
    pole: Pole, secretary: Any, start: datetime.date, latest: datetime.date
) -> None:
    """A mandate starting on 29 February lasts three full years when it ends on 28 February (the next day, 1 March,
    being the first day of the fourth year); ending one day later is refused."""
    with refused("(article 18, R7)", f"au plus tard le {latest:%d/%m/%Y}."):
        open_mandate(pole, secretary, start, latest + ONE_DAY)
    assert open_mandate(pole, secretary, start, latest).end == latest
    assert services.default_mandate_end(start) == latest


@pytest.mark.parametrize(
    "end", [datetime.date(2025, 3, 1), datetime.date(2025, 2, 28)], ids=["on-its-start", "before-its-start"]
)
def test_a_mandate_ending_before_it_starts_is_refused(pole: Pole, secretary: Any, end: datetime.date) -> None:
    with refused("La fin du mandat doit suivre son début.", field="end"):
        open_mandate(pole, secretary, datetime.date(2025, 3, 1), end)


@pytest.mark.parametrize("missing", [{"decision_reference": ""}, {"decision_date": None}], ids=["reference", "date"])
def test_a_mandate_without_the_instance_decision_is_refused(
    pole: Pole, secretary: Any, missing: dict[str, Any]
) -> None:
    with refused(
        f"Un mandat naît d’une décision de l’Instance{NBSP}: indiquez sa référence et sa date (R2, R7).",
        field="decision_reference",
    ):
        open_mandate(pole, secretary, MANDATE_START, MANDATE_END, **missing)


def test_a_second_first_mandate_is_refused(pole: Pole, secretary: Any) -> None:
    open_mandate(pole, secretary, MANDATE_START, MANDATE_END)
    with refused("un nouveau mandat ne s’ouvre que par un renouvellement après évaluation (R7)."):
        open_mandate(pole, secretary, datetime.date(2028, 3, 1), datetime.date(2031, 2, 28))


# --- status, derived from the mandates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (datetime.date(2025, 2, 28), Pole.Status.PROPOSED),
        (datetime.date(2025, 3, 1), Pole.Status.ACTIVE),
        (datetime.date(2027, 8, 31), Pole.Status.ACTIVE),
        (datetime.date(2027, 9, 1), Pole.Status.UNDER_EVALUATION),
        (datetime.date(2028, 2, 28), Pole.Status.UNDER_EVALUATION),
        (datetime.date(2028, 2, 29), Pole.Status.EXPIRED),
    ],
    ids=lambda value: str(value),
)
def test_the_status_follows_the_mandate(pole: Pole, mandate: Mandate, day: datetime.date, status: str) -> None:
    """Mandate from 1 March 2025 to 28 February 2028; the evaluation is due 180 days before the end."""
    assert mandate.evaluation_due == datetime.date(2027, 9, 1)
    assert pole.status_on(day) == status
    assert pole.is_read_only(day) is (status == Pole.Status.EXPIRED)


def test_the_status_of_today(pole: Pole, mandate: Mandate, frozen: FrozenDateTimeFactory) -> None:
    assert pole.status == Pole.Status.ACTIVE
    frozen.move_to("2027-09-01")
    assert pole.status == Pole.Status.UNDER_EVALUATION
    frozen.move_to("2028-02-29")
    assert pole.status == Pole.Status.EXPIRED
    assert pole.is_read_only()


def test_the_evaluation_lead_is_set_per_pole(pole: Pole, mandate: Mandate) -> None:
    Pole.objects.filter(pk=pole.pk).update(evaluation_lead_days=90)
    pole.refresh_from_db()
    assert pole.status_on(datetime.date(2027, 11, 29)) == Pole.Status.ACTIVE
    assert pole.status_on(datetime.date(2027, 11, 30)) == Pole.Status.UNDER_EVALUATION


def test_a_renewed_pole_is_active_again_the_day_after_its_first_mandate(
    pole: Pole, mandate: Mandate, secretary: Any
) -> None:
    complete_evaluation(mandate, secretary)
    services.renew_mandate(
        mandate, end=datetime.date(2031, 2, 27), decision_reference="IB-2027-12", decision_date=TODAY, by=secretary
    )
    assert pole.status_on(datetime.date(2028, 2, 28)) == Pole.Status.UNDER_EVALUATION
    assert pole.status_on(datetime.date(2028, 2, 29)) == Pole.Status.ACTIVE
    assert pole.status_on(datetime.date(2031, 2, 28)) == Pole.Status.EXPIRED


def test_a_closed_pole_is_closed_from_the_day_of_its_closing(pole: Pole, mandate: Mandate, secretary: Any) -> None:
    services.close_pole(pole, on=datetime.date(2026, 6, 30), reference="IB-2026-06", by=secretary)
    assert pole.status_on(datetime.date(2026, 6, 29)) == Pole.Status.ACTIVE
    assert pole.status_on(datetime.date(2026, 6, 30)) == Pole.Status.CLOSED
    assert pole.status_on(datetime.date(2028, 6, 30)) == Pole.Status.CLOSED
    assert pole.is_read_only(datetime.date(2026, 6, 30))
    assert verbs_of(pole)[-1] == "pole.close"


def test_only_poles_with_a_mandate_are_public(pole: Pole, basin: Basin, secretary: Any) -> None:
    assert list(Pole.objects.public()) == []
    open_mandate(pole, secretary, MANDATE_START, MANDATE_END)
    assert list(Pole.objects.public()) == [pole]
    assert list(Pole.objects.in_basin(basin)) == [pole]


# --- evaluation, verdict and renewal (R7) --------------------------------------------------------------------------


def test_recording_the_evaluation_file(mandate: Mandate, secretary: Any) -> None:
    evaluation = services.record_evaluation(
        mandate,
        summary="Bilan.",
        submitted_on=datetime.date(2027, 8, 1),
        file=SimpleUploadedFile("bilan.pdf", b"%PDF-1.4 bilan", content_type="application/pdf"),
        file_type="application/pdf",
        by=secretary,
    )
    assert evaluation.is_complete
    assert evaluation.file.name.startswith(f"poles/evaluations/{mandate.pk}/")
    entry = audit_of(mandate.pole)[-1]
    assert entry.verb == "pole.evaluation"
    assert entry.changes == {"summary": ["", "Bilan."], "submitted_on": ["", "2027-08-01"]}


@pytest.mark.parametrize(
    ("summary", "submitted_on", "complete"),
    [
        ("Bilan.", None, False),
        ("", datetime.date(2027, 8, 1), False),
        ("Bilan.", datetime.date(2027, 8, 1), True),
    ],
    ids=["without-date", "without-content", "complete"],
)
def test_an_evaluation_is_complete_with_its_content_and_its_date(
    mandate: Mandate, secretary: Any, summary: str, submitted_on: datetime.date | None, complete: bool
) -> None:
    evaluation = services.record_evaluation(mandate, summary=summary, submitted_on=submitted_on, by=secretary)
    assert evaluation.is_complete is complete


def test_an_evaluation_file_without_summary_is_complete(mandate: Mandate, secretary: Any) -> None:
    evaluation = services.record_evaluation(
        mandate,
        summary="",
        submitted_on=datetime.date(2027, 8, 1),
        file=SimpleUploadedFile("bilan.pdf", b"%PDF-1.4 bilan", content_type="application/pdf"),
        by=secretary,
    )
    assert evaluation.is_complete


def test_the_evaluation_of_an_expired_pole_stays_open(
    pole: Pole, mandate: Mandate, secretary: Any, frozen: FrozenDateTimeFactory
) -> None:
    frozen.move_to(EXPIRED_DAY)
    assert pole.status == Pole.Status.EXPIRED
    evaluation = services.record_evaluation(mandate, summary="Bilan tardif.", submitted_on=EXPIRED_DAY, by=secretary)
    assert evaluation.is_complete
    services.record_verdict(
        mandate, verdict=Evaluation.Verdict.RENEWED, reference="IB-2028-03", date=EXPIRED_DAY, by=secretary
    )
    assert verbs_of(pole)[-2:] == ["pole.evaluation", "pole.evaluation.verdict"]


def test_the_evaluation_of_a_closed_pole_stays_open(pole: Pole, mandate: Mandate, secretary: Any) -> None:
    services.close_pole(pole, on=TODAY, reference="IB-2026-01", by=secretary)
    assert services.record_evaluation(mandate, summary="Bilan.", submitted_on=TODAY, by=secretary).is_complete


def test_the_evaluation_cannot_change_once_the_instance_has_decided(mandate: Mandate, secretary: Any) -> None:
    complete_evaluation(mandate, secretary)
    with refused("L’Instance a déjà rendu son verdict sur cette évaluation."):
        services.record_evaluation(mandate, summary="Autre bilan.", submitted_on=TODAY, by=secretary)


def test_a_verdict_on_an_incomplete_evaluation_is_refused(mandate: Mandate, secretary: Any) -> None:
    services.record_evaluation(mandate, summary="Bilan.", submitted_on=None, by=secretary)
    with refused("Le dossier d’évaluation n’est pas complet", "l’Instance ne peut pas encore se prononcer (R7)."):
        services.record_verdict(
            mandate, verdict=Evaluation.Verdict.RENEWED, reference="IB-2027-11", date=TODAY, by=secretary
        )
    assert Evaluation.objects.get(mandate=mandate).verdict == Evaluation.Verdict.PENDING


def test_a_verdict_without_the_instance_decision_is_refused(mandate: Mandate, secretary: Any) -> None:
    services.record_evaluation(mandate, summary="Bilan.", submitted_on=TODAY, by=secretary)
    with refused("Indiquez la référence et la date de la décision de l’Instance."):
        services.record_verdict(mandate, verdict=Evaluation.Verdict.RENEWED, reference="", date=TODAY, by=secretary)


@pytest.mark.parametrize("verdict", ["pending", "peut-être", ""])
def test_a_verdict_is_renewal_or_non_renewal(mandate: Mandate, secretary: Any, verdict: str) -> None:
    services.record_evaluation(mandate, summary="Bilan.", submitted_on=TODAY, by=secretary)
    with refused("renouvellement", "(R7)", field="verdict"):
        services.record_verdict(mandate, verdict=verdict, reference="IB-2027-11", date=TODAY, by=secretary)
    assert Evaluation.objects.get(mandate=mandate).verdict == Evaluation.Verdict.PENDING


def test_the_verdict_is_recorded_with_its_decision(mandate: Mandate, secretary: Any) -> None:
    complete_evaluation(mandate, secretary, verdict=Evaluation.Verdict.NOT_RENEWED)
    evaluation = Evaluation.objects.get(mandate=mandate)
    assert (evaluation.verdict, evaluation.verdict_reference, evaluation.verdict_date) == (
        Evaluation.Verdict.NOT_RENEWED,
        "IB-2027-11",
        datetime.date(2027, 11, 20),
    )
    entry = audit_of(mandate.pole)[-1]
    assert (entry.verb, entry.changes) == ("pole.evaluation.verdict", {"verdict": [None, "not_renewed"]})


def renew(mandate: Mandate, by: Any, end: datetime.date = datetime.date(2031, 2, 27), **overrides: Any) -> Mandate:
    data = {"decision_reference": "IB-2027-12", "decision_date": datetime.date(2027, 12, 10), **overrides}
    return services.renew_mandate(mandate, end=end, by=by, **data)


RENEWAL_REFUSED = "Un pôle n’est renouvelable qu’après évaluation de son fonctionnement par l’Instance, et sur sa décision de renouvellement (R7)."


def test_a_renewal_without_an_evaluation_is_refused(mandate: Mandate, secretary: Any) -> None:
    with refused(RENEWAL_REFUSED):
        renew(mandate, secretary)


def test_a_renewal_with_an_incomplete_evaluation_is_refused(mandate: Mandate, secretary: Any) -> None:
    services.record_evaluation(mandate, summary="Bilan.", submitted_on=None, by=secretary)
    with refused(RENEWAL_REFUSED):
        renew(mandate, secretary)


def test_a_renewal_before_the_instances_verdict_is_refused(mandate: Mandate, secretary: Any) -> None:
    services.record_evaluation(mandate, summary="Bilan.", submitted_on=TODAY, by=secretary)
    with refused(RENEWAL_REFUSED):
        renew(mandate, secretary)


def test_a_renewal_after_a_verdict_of_non_renewal_is_refused(mandate: Mandate, secretary: Any) -> None:
    complete_evaluation(mandate, secretary, verdict=Evaluation.Verdict.NOT_RENEWED)
    with refused(RENEWAL_REFUSED):
        renew(mandate, secretary)


def test_a_renewed_pole_gets_its_next_mandate_the_day_after_the_last_one(
    pole: Pole, mandate: Mandate, secretary: Any
) -> None:
    complete_evaluation(mandate, secretary)
    following = renew(mandate, secretary)
    assert (following.number, following.start, following.end) == (
        2,
        datetime.date(2028, 2, 29),
        datetime.date(2031, 2, 27),
    )
    assert following.evaluation.verdict == Evaluation.Verdict.PENDING
    entry = audit_of(pole)[-1]
    assert (entry.verb, entry.action) == ("pole.mandate.renew", AuditEntry.Action.CREATE)
    assert entry.changes["décision"] == [None, "IB-2027-12"]


def test_a_renewal_from_29_february_may_last_three_full_years(mandate: Mandate, secretary: Any) -> None:
    complete_evaluation(mandate, secretary)
    assert renew(mandate, secretary, end=datetime.date(2031, 2, 28)).end == datetime.date(2031, 2, 28)


def test_a_renewal_longer_than_three_years_is_refused(mandate: Mandate, secretary: Any) -> None:
    complete_evaluation(mandate, secretary)
    with refused("trois années maximum (article 18, R7).", "au plus tard le 28/02/2031", field="end"):
        renew(mandate, secretary, end=datetime.date(2031, 3, 1))


def test_a_renewal_without_the_instance_decision_is_refused(mandate: Mandate, secretary: Any) -> None:
    complete_evaluation(mandate, secretary)
    with refused("(R2, R7)", field="decision_reference"):
        renew(mandate, secretary, decision_reference="")


def test_a_mandate_is_renewed_only_once(mandate: Mandate, secretary: Any) -> None:
    complete_evaluation(mandate, secretary)
    renew(mandate, secretary)
    with refused("Ce mandat a déjà été renouvelé."):
        renew(mandate, secretary)


def test_an_expired_pole_can_still_be_renewed(
    pole: Pole, mandate: Mandate, secretary: Any, frozen: FrozenDateTimeFactory
) -> None:
    frozen.move_to(EXPIRED_DAY)
    complete_evaluation(mandate, secretary)
    renew(mandate, secretary)
    assert pole.status == Pole.Status.ACTIVE


# --- closing -------------------------------------------------------------------------------------------------------


def test_closing_a_pole_needs_the_instance_decision(pole: Pole, mandate: Mandate, secretary: Any) -> None:
    with refused("Indiquez la décision de l’Instance qui clôture le pôle."):
        services.close_pole(pole, on=TODAY, reference="", by=secretary)
    pole.refresh_from_db()
    assert pole.closed_on is None


def test_a_closed_pole_is_read_only(
    pole: Pole, committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    services.close_pole(pole, on=TODAY, reference="IB-2026-01", by=secretary)
    pole.refresh_from_db()
    assert (pole.closed_on, pole.closing_reference) == (TODAY, "IB-2026-01")
    read_only = f"Le pôle «{NBSP}Compétences de base{NBSP}» est clôturé{NBSP}: seules son évaluation et ses archives restent modifiables (R7)."
    with refused(read_only):
        services.save_seat(unsaved_seat(committee, make_organisation("cpas")), by=secretary)
    with refused(read_only):
        services.update_pole(pole, {"name": "Autre"}, by=secretary)


# --- an expired pôle is read-only except its evaluation ------------------------------------------------------------


@pytest.fixture
def expired(pole: Pole, mandate: Mandate, frozen: FrozenDateTimeFactory) -> Pole:
    frozen.move_to(EXPIRED_DAY)
    return pole


READ_ONLY = f"Le pôle «{NBSP}Compétences de base{NBSP}» est expiré{NBSP}: seules son évaluation et ses archives restent modifiables (R7)."


def test_an_expired_pole_refuses_new_seats(
    expired: Pole, committee: Body, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    seat = unsaved_seat(committee, make_organisation("cpas"))
    with refused(READ_ONLY):
        services.save_seat(seat, by=secretary)
    with refused(READ_ONLY):
        services.save_seat(seat, by=secretary, confirm=True)


def test_an_expired_pole_refuses_seat_changes_and_endings(
    pole: Pole, compliant_pole: dict[str, Seat], secretary: Any, frozen: FrozenDateTimeFactory
) -> None:
    frozen.move_to(EXPIRED_DAY)
    seat = compliant_pole["cpas"]
    with refused(READ_ONLY):
        services.end_seat(seat, on=datetime.date(2028, 3, 1), by=secretary, confirm=True)
    assert Seat.objects.get(pk=seat.pk).end is None


def test_an_expired_pole_refuses_changes_to_itself_and_its_bodies(
    expired: Pole, committee: Body, secretary: Any
) -> None:
    with refused(READ_ONLY):
        services.update_pole(expired, {"description": "Nouvelle description"}, by=secretary)
    with refused(READ_ONLY):
        services.adopt_modalities(expired, text="Nouvelles modalités", adopted_on=EXPIRED_DAY, by=secretary)
    with refused(READ_ONLY):
        services.create_working_group(expired, {"name": "Groupe tardif"}, by=secretary)
    with refused(READ_ONLY):
        services.update_body(committee, {"mission": "Autre"}, by=secretary)


# --- bodies (R5) ---------------------------------------------------------------------------------------------------


def test_creating_working_groups_gives_each_its_own_slug(pole: Pole, secretary: Any) -> None:
    first = services.create_working_group(
        pole,
        {"name": "Outils numériques", "mission": "Recenser les outils.", "kind": "steering_committee"},
        by=secretary,
    )
    second = services.create_working_group(pole, {"name": "Outils numériques"}, by=secretary)
    assert (first.kind, first.slug, first.mission) == (
        Body.Kind.WORKING_GROUP,
        "outils-numeriques",
        "Recenser les outils.",
    )
    assert second.slug == "outils-numeriques-2"
    [entry] = audit_of(first)
    assert (entry.verb, entry.action) == ("pole.body.create", AuditEntry.Action.CREATE)
    assert entry.changes["name"] == [None, "Outils numériques"]


def test_a_working_group_without_a_name_is_refused(pole: Pole, secretary: Any) -> None:
    with refused(field="name"):
        services.create_working_group(pole, {"name": ""}, by=secretary)


def test_updating_and_closing_a_body_is_recorded(pole: Pole, secretary: Any) -> None:
    group = services.create_working_group(pole, {"name": "Outils numériques"}, by=secretary)
    services.update_body(
        group, {"deliverables": "Un répertoire.", "closed_on": datetime.date(2026, 6, 30), "kind": "x"}, by=secretary
    )
    group.refresh_from_db()
    assert (group.kind, group.deliverables, group.closed_on) == (
        Body.Kind.WORKING_GROUP,
        "Un répertoire.",
        datetime.date(2026, 6, 30),
    )
    entry = audit_of(group)[-1]
    assert entry.verb == "pole.body.update"
    assert entry.changes == {"deliverables": ["", "Un répertoire."], "closed_on": [None, "2026-06-30"]}


# --- seats ---------------------------------------------------------------------------------------------------------


def test_saving_a_new_seat_records_it(
    committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    organisation = make_organisation("cpas", name="CPAS de La Louvière")
    seat = services.save_seat(unsaved_seat(committee, organisation), by=secretary)
    assert seat.pk is not None
    [entry] = audit_of(seat)
    assert (entry.verb, entry.action, entry.actor) == ("pole.seat.create", AuditEntry.Action.CREATE, secretary)
    assert entry.changes["organisation"] == [None, "CPAS de La Louvière"]
    assert entry.changes["designation_reference"] == [None, "IB-2025-04"]


def test_changing_a_seat_records_only_what_changed(compliant_pole: dict[str, Seat], secretary: Any) -> None:
    seat = Seat.objects.get(pk=compliant_pole["cpas"].pk)
    seat.names_public = True
    services.save_seat(seat, by=secretary)
    entry = audit_of(seat)[-1]
    assert (entry.verb, entry.action) == ("pole.seat.update", AuditEntry.Action.UPDATE)
    assert entry.changes == {"names_public": [False, True]}


def test_a_resource_person_holds_a_seat_personally(committee: Body, mandate: Mandate, secretary: Any) -> None:
    seat = services.save_seat(unsaved_seat(committee, None), by=secretary)
    assert seat.organisation is None
    assert seat.holder_name() == "à titre personnel"


def test_a_seat_ending_before_it_starts_is_refused(
    committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    with refused("Un siège ne peut se terminer avant d’avoir commencé.", field="end"):
        services.save_seat(unsaved_seat(committee, make_organisation("cpas"), end=SEAT_START - ONE_DAY), by=secretary)


def test_ending_a_seat_before_it_starts_is_refused(compliant_pole: dict[str, Seat], secretary: Any) -> None:
    seat = compliant_pole["cpas"]
    with refused("Un siège ne peut se terminer avant d’avoir commencé.", field="end"):
        services.end_seat(seat, on=SEAT_START - ONE_DAY, by=secretary)
    assert Seat.objects.get(pk=seat.pk).end is None


def test_a_refused_change_leaves_the_saved_seat_as_it_was(compliant_pole: dict[str, Seat], secretary: Any) -> None:
    seat = Seat.objects.get(pk=compliant_pole["cpas"].pk)
    seat.end = SEAT_START - ONE_DAY
    seat.designation_reference = "IB-2099-99"
    with refused("Un siège ne peut se terminer avant d’avoir commencé."):
        services.save_seat(seat, by=secretary, confirm=True)
    saved = Seat.objects.get(pk=seat.pk)
    assert (saved.end, saved.designation_reference) == (None, "IB-2025-04")


@pytest.mark.parametrize("role", ["representative", "substitute"])
def test_a_holder_not_affiliated_to_the_organisation_is_refused(
    committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation, role: str
) -> None:
    organisation = make_organisation("cpas", name="CPAS de Mons")
    stranger = PersonFactory.create(first_name="Jean", last_name="Dupont")
    seat = unsaved_seat(committee, organisation, **{role: stranger})
    with refused(
        f"Jean Dupont n’est pas affilié·e à «{NBSP}CPAS de Mons{NBSP}» au 01/03/2025{NBSP}: "
        "ajoutez d’abord l’affiliation dans l’annuaire.",
        field=role,
    ):
        services.save_seat(seat, by=secretary)


@pytest.mark.parametrize(
    "affiliation",
    [
        {"end_date": datetime.date(2025, 2, 28)},
        {"start_date": datetime.date(2025, 3, 2)},
    ],
    ids=["affiliation-ended-before-the-seat", "affiliation-beginning-after-the-seat"],
)
def test_the_affiliation_must_hold_on_the_first_day_of_the_seat(
    committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation, affiliation: dict[str, Any]
) -> None:
    organisation = make_organisation("cpas")
    seat = unsaved_seat(committee, organisation, representative=person_of(organisation, **affiliation))
    with refused("n’est pas affilié·e", field="representative"):
        services.save_seat(seat, by=secretary)


def test_an_affiliation_to_another_organisation_does_not_do(
    committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    seat = unsaved_seat(
        committee, make_organisation("cpas"), representative=person_of(make_organisation("forem_training"))
    )
    with refused("n’est pas affilié·e", field="representative"):
        services.save_seat(seat, by=secretary)


def test_the_same_person_cannot_hold_two_seats_of_one_body(
    committee: Body, compliant_pole: dict[str, Seat], secretary: Any, make_organisation: MakeOrganisation
) -> None:
    """Here as the substitute of a second seat, having an affiliation to both organisations."""
    first = compliant_pole["cpas"]
    person = first.representative
    assert person is not None
    other = make_organisation("forem_advice", name="Le Forem Conseil")
    AffiliationFactory.create(person=person, organisation=other)
    with refused(
        "Cette personne occupe déjà un siège de cet organe sur la même période (CPAS de Mons).",
        field="representative",
    ):
        services.save_seat(unsaved_seat(committee, other, substitute=person), by=secretary)


def test_the_same_person_may_hold_seats_of_one_body_one_after_the_other(
    committee: Body, compliant_pole: dict[str, Seat], secretary: Any, make_organisation: MakeOrganisation
) -> None:
    first = compliant_pole["forem_training"]
    Seat.objects.filter(pk=first.pk).update(end=datetime.date(2025, 12, 31))
    person = first.representative
    assert person is not None
    other = make_organisation("ifapme")
    AffiliationFactory.create(person=person, organisation=other)
    seat = services.save_seat(
        unsaved_seat(committee, other, representative=person, start=datetime.date(2026, 1, 1)), by=secretary
    )
    assert seat.pk is not None


def test_the_same_person_may_sit_in_two_bodies(pole: Pole, compliant_pole: dict[str, Seat], secretary: Any) -> None:
    group = services.create_working_group(pole, {"name": "Outils numériques"}, by=secretary)
    first = compliant_pole["cpas"]
    seat = services.save_seat(
        unsaved_seat(group, first.organisation, representative=first.representative), by=secretary
    )
    assert seat.body == group


def test_a_seat_never_clashes_with_itself(compliant_pole: dict[str, Seat], secretary: Any) -> None:
    seat = Seat.objects.get(pk=compliant_pole["cpas"].pk)
    seat.designation_reference = "IB-2025-05"
    services.save_seat(seat, by=secretary)
    assert Seat.objects.get(pk=seat.pk).designation_reference == "IB-2025-05"


def test_a_substitute_is_another_person(
    committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    organisation = make_organisation("cpas")
    person = person_of(organisation)
    with refused("Le ou la suppléant·e doit être une autre personne que le ou la représentant·e.", field="substitute"):
        services.save_seat(
            unsaved_seat(organisation=organisation, body=committee, representative=person, substitute=person),
            by=secretary,
        )


def test_a_designation_without_the_instances_reference_is_refused(
    pole: Pole, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    group = services.create_working_group(pole, {"name": "Outils numériques"}, by=secretary)
    with refused(
        "Une désignation par l’Instance porte la référence de sa décision (R2).", field="designation_reference"
    ):
        services.save_seat(unsaved_seat(group, make_organisation("cpas"), designation_reference=""), by=secretary)


@pytest.mark.parametrize(
    "missing", [{"designation_reference": ""}, {"designation_date": None}], ids=["reference", "date"]
)
def test_a_committee_member_not_designated_by_the_instance_is_refused(
    committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation, missing: dict[str, Any]
) -> None:
    with refused(
        f"L’Instance désigne les membres du comité de pilotage{NBSP}: indiquez la référence et la date de la désignation (R2).",
        field="designation_reference",
    ):
        services.save_seat(unsaved_seat(committee, make_organisation("cpas"), **missing), by=secretary)


def test_observers_and_working_group_members_need_no_designation(
    pole: Pole, committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    undesignated = {"designation_reference": "", "designation_date": None}
    services.save_seat(
        unsaved_seat(committee, make_organisation("research"), role=Seat.Role.OBSERVER, **undesignated), by=secretary
    )
    group = services.create_working_group(pole, {"name": "Outils numériques"}, by=secretary)
    services.save_seat(unsaved_seat(group, make_organisation("cisp"), **undesignated), by=secretary)
    assert Seat.objects.count() == 2


def test_a_seat_without_any_holder_is_refused(committee: Body, mandate: Mandate, secretary: Any) -> None:
    with refused("Un siège est tenu par une organisation (avec un·e représentant·e) ou par une personne ressource."):
        services.save_seat(unsaved_seat(committee, None, representative=None), by=secretary)


def test_a_seat_without_organisation_is_a_resource_persons(committee: Body, mandate: Mandate, secretary: Any) -> None:
    with refused("Un siège sans organisation est tenu à titre personnel", field="origin"):
        services.save_seat(unsaved_seat(committee, None, origin=Seat.Origin.INSTANCE), by=secretary)


@pytest.mark.parametrize(
    ("origin", "chamber", "message"),
    [
        ("chamber_education", None, "Précisez la chambre dont ce siège est issu."),
        ("chamber_education", "Chambre Emploi-Formation Centre", "Cette chambre ne correspond pas à l’origine choisie"),
        ("chamber_employment_training", "Chambre Enseignement Hainaut-Centre", "Cette chambre ne correspond pas"),
        ("chamber_employment_training", "Chambre Emploi-Formation de Namur", "appartient à un autre bassin"),
    ],
    ids=["no-chamber", "training-chamber-for-education", "education-chamber-for-training", "another-basin"],
)
def test_a_seat_from_a_chamber_names_a_chamber_of_that_kind_in_the_basin(
    committee: Body,
    mandate: Mandate,
    secretary: Any,
    other_basin: Basin,
    make_organisation: MakeOrganisation,
    origin: str,
    chamber: str | None,
    message: str,
) -> None:
    Chamber.objects.create(basin=other_basin, kind="employment_training", name="Chambre Emploi-Formation de Namur")
    seat = unsaved_seat(
        committee,
        make_organisation("cpas"),
        origin=origin,
        chamber=Chamber.objects.get(name=chamber) if chamber else None,
    )
    with refused(message, field="chamber"):
        services.save_seat(seat, by=secretary)


def test_a_seat_from_the_right_chamber_is_saved(
    committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    chamber = Chamber.objects.get(name="Chambre Enseignement Hainaut-Centre")
    seat = unsaved_seat(
        committee, make_organisation("secondary_school"), origin=Seat.Origin.CHAMBER_EDUCATION, chamber=chamber
    )
    assert services.save_seat(seat, by=secretary).chamber == chamber


def test_several_faults_are_reported_together(
    committee: Body, mandate: Mandate, secretary: Any, make_organisation: MakeOrganisation
) -> None:
    seat = unsaved_seat(
        committee,
        make_organisation("cpas"),
        representative=PersonFactory.create(),
        end=SEAT_START - ONE_DAY,
        designation_reference="",
    )
    with pytest.raises(ValidationError) as info:
        services.save_seat(seat, by=secretary)
    assert set(info.value.message_dict) == {"end", "representative", "designation_reference"}
    assert Seat.objects.count() == 0


def test_declaring_an_interest(compliant_pole: dict[str, Seat], secretary: Any) -> None:
    seat = compliant_pole["cpas"]
    declaration = services.declare_interest(seat, text="  Administratrice d’une ASBL partenaire. ", by=secretary)
    assert (declaration.text, declaration.declared_on) == ("Administratrice d’une ASBL partenaire.", TODAY)
    assert verbs_of(seat)[-1] == "pole.seat.interest"


def test_an_empty_declaration_is_refused(compliant_pole: dict[str, Seat], secretary: Any) -> None:
    with refused("La déclaration est vide.", field="text"):
        services.declare_interest(compliant_pole["cpas"], text=" ", by=secretary)


# --- a change that breaks compliance: warned before, alerted after -----------------------------------------------


def test_ending_the_only_school_seat_warns_before_saving(
    pole: Pole,
    compliant_pole: dict[str, Seat],
    secretary: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    seat = compliant_pole["secondary_school"]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        refused("Cette modification rendrait le pôle non conforme"),
    ):
        services.end_seat(seat, on=TODAY - ONE_DAY, by=secretary)
    assert callbacks == []
    assert mailoutbox == []
    assert Seat.objects.get(pk=seat.pk).end is None


def test_the_warning_carries_the_verdict_and_what_is_missing(compliant_pole: dict[str, Seat], secretary: Any) -> None:
    with pytest.raises(services.CompositionWarning) as info:
        services.end_seat(compliant_pole["secondary_school"], on=TODAY - ONE_DAY, by=secretary)
    assert info.value.code == "breaks_compliance"
    assert info.value.compliance.failing_ids() == {"R3c", "R4-education"}
    message = info.value.messages[0]
    assert message.startswith(f"Cette modification rendrait le pôle non conforme{NBSP}: ")
    assert "Il manque un opérateur d’enseignement qualifiant situé dans le bassin" in message
    assert f"représentant de la composante «{NBSP}enseignement{NBSP}»" in message


def test_ending_a_seat_today_warns_as_the_pole_breaks_tomorrow(compliant_pole: dict[str, Seat], secretary: Any) -> None:
    """The end date is the seat's last day: from tomorrow on, the pôle has no school."""
    with refused("Cette modification rendrait le pôle non conforme"):
        services.end_seat(compliant_pole["secondary_school"], by=secretary)


def test_ending_a_seat_in_a_month_warns_too(compliant_pole: dict[str, Seat], secretary: Any) -> None:
    with pytest.raises(services.CompositionWarning) as info:
        services.end_seat(compliant_pole["cpas"], on=datetime.date(2026, 2, 15), by=secretary)
    assert info.value.compliance.day == datetime.date(2026, 2, 16)
    assert info.value.compliance.failing_ids() == {"R4-employment"}


def test_moving_a_seat_to_an_organisation_outside_the_basin_warns(
    compliant_pole: dict[str, Seat], secretary: Any, make_organisation: MakeOrganisation, namur: Any
) -> None:
    seat = Seat.objects.get(pk=compliant_pole["company"].pk)
    elsewhere = make_organisation("company", namur)
    seat.organisation = elsewhere
    seat.representative = person_of(elsewhere)
    with pytest.raises(services.CompositionWarning) as info:
        services.save_seat(seat, by=secretary)
    assert info.value.compliance.failing_ids() == {"R3a"}
    assert Seat.objects.get(pk=seat.pk).organisation == compliant_pole["company"].organisation


def test_a_confirmed_change_is_saved_and_alerts_the_basins_secretariat_only(
    pole: Pole,
    compliant_pole: dict[str, Seat],
    secretary: Any,
    other_secretary: Any,
    platform_admin: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    seat = compliant_pole["secondary_school"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.end_seat(seat, on=TODAY - ONE_DAY, by=secretary, confirm=True)
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert Seat.objects.get(pk=seat.pk).end == TODAY - ONE_DAY
    assert verbs_of(seat)[-1] == "pole.seat.update"
    [broken] = [e for e in audit_of(pole) if e.verb == "pole.compliance.broken"]
    assert broken.actor == secretary
    assert "Il manque un opérateur d’enseignement qualifiant" in broken.message
    [mail] = mailoutbox
    assert mail.to == ["secretariat@example.org"]
    assert " ".join(mail.subject.split()) == "[Synergies] Le pôle « Compétences de base » n’est plus conforme"
    assert "R3c" in mail.body
    assert "R4-education" in mail.body
    assert "/poles/hainaut-centre/CB/" in mail.body


def test_the_alert_waits_for_the_commit(
    compliant_pole: dict[str, Seat], secretary: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.end_seat(compliant_pole["cpas"], on=TODAY - ONE_DAY, by=secretary, confirm=True)
    assert mailoutbox == []
    [callback] = callbacks
    callback()
    assert len(mailoutbox) == 1


def test_a_change_to_an_already_non_compliant_pole_neither_warns_nor_alerts(
    pole: Pole,
    compliant_pole: dict[str, Seat],
    secretary: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    Seat.objects.filter(pk=compliant_pole["company"].pk).delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.end_seat(compliant_pole["secondary_school"], on=TODAY - ONE_DAY, by=secretary)
    assert callbacks == []
    assert mailoutbox == []
    assert "pole.compliance.broken" not in verbs_of(pole)


def test_a_change_that_keeps_compliance_neither_warns_nor_alerts(
    pole: Pole,
    committee: Body,
    compliant_pole: dict[str, Seat],
    secretary: Any,
    make_organisation: MakeOrganisation,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.save_seat(unsaved_seat(committee, make_organisation("cefa")), by=secretary)
        services.end_seat(compliant_pole["secondary_school"], on=TODAY - ONE_DAY, by=secretary)
    assert callbacks == []
    assert mailoutbox == []


def test_a_replacement_the_day_after_keeps_compliance(
    committee: Body, compliant_pole: dict[str, Seat], secretary: Any, make_organisation: MakeOrganisation
) -> None:
    services.save_seat(
        unsaved_seat(committee, make_organisation("adult_education"), start=datetime.date(2026, 7, 1)), by=secretary
    )
    services.end_seat(compliant_pole["secondary_school"], on=datetime.date(2026, 6, 30), by=secretary)
    assert Seat.objects.get(pk=compliant_pole["secondary_school"].pk).end == datetime.date(2026, 6, 30)


def test_the_alert_is_not_sent_when_the_pole_is_compliant_again_before_the_task_runs(
    pole: Pole, compliant_pole: dict[str, Seat], secretary: Any, mailoutbox: list[Any]
) -> None:
    from synergies.poles.notifications import alert_compliance_broken

    assert alert_compliance_broken(pole.pk) == 0
    assert alert_compliance_broken(0) == 0
    assert mailoutbox == []
