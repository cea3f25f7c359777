"""Demo pôles of Hainaut-Centre: « Compétences de base » (transversal, since 2019, renewed twice) and « Construction ».

Built through the services, as the secretariat would, so the demo's history (mandates, evaluations, renewals,
seats) follows the rules. Idempotent: an existing pôle is left as it is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from synergies.basins.models import Basin, Chamber, PriorityTheme
from synergies.directory.demo import DEMO_DOMAIN
from synergies.directory.models import Affiliation, Organisation, Person
from synergies.poles import services
from synergies.poles.models import Body, Pole, Seat

D = datetime.date
MEMBER_EMAIL = f"membre@{DEMO_DOMAIN}"

CB_MANDATES = [
    (D(2019, 3, 1), D(2022, 2, 28), "IB-HC/2019/02", D(2019, 2, 14)),
    (D(2022, 3, 1), D(2025, 2, 28), "IB-HC/2021/12", D(2021, 12, 9)),
    (D(2025, 3, 1), D(2028, 2, 29), "IB-HC/2024/11", D(2024, 11, 21)),
]

# (organisation type, role, origin, chamber sub-area or "" , start, end)
CB_COMMITTEE: list[tuple[str, str, str, str, datetime.date, datetime.date | None]] = [
    ("secondary_school", "chair", "chamber_education", "", D(2019, 3, 1), None),
    ("adult_education", "member", "chamber_education", "", D(2019, 3, 1), None),
    ("cefa", "member", "chamber_education", "", D(2022, 3, 1), None),
    ("cta", "member", "instance", "", D(2019, 3, 1), D(2022, 2, 28)),
    ("school_network", "member", "instance", "", D(2019, 3, 1), None),
    ("forem_training", "vice_chair", "instance", "", D(2019, 3, 1), None),
    ("ifapme", "member", "chamber_employment_training", "Centre", D(2019, 3, 1), None),
    ("cisp", "member", "chamber_employment_training", "Mons-Borinage", D(2019, 3, 1), None),
    ("literacy", "member", "chamber_employment_training", "Centre", D(2019, 3, 1), None),
    ("forem_advice", "secretary", "instance", "", D(2019, 3, 1), None),
    ("mire", "member", "chamber_employment_training", "Centre", D(2019, 3, 1), None),
    ("cpas", "member", "chamber_employment_training", "Centre", D(2022, 3, 1), None),
    ("cefo", "member", "instance", "", D(2019, 3, 1), None),
    ("employers_org", "member", "instance", "", D(2019, 3, 1), None),
    ("trade_union", "member", "instance", "", D(2019, 3, 1), None),
    ("development_agency", "member", "instance", "", D(2025, 3, 1), None),
    ("sector_fund", "observer", "instance", "", D(2019, 3, 1), None),
]
CB_RESOURCE_PEOPLE = ["research", "higher_education"]

WORKING_GROUPS_CREATED = D(2023, 6, 15)  # by decision of the steering committee
WORKING_GROUPS = [
    (
        "Savoir-être et employeurs",
        "Comprendre ce que les employeurs du bassin attendent en matière de savoir-être et outiller les formateurs.",
        "Un référentiel de situations professionnelles ; trois ateliers employeurs–formateurs.",
        D(2026, 6, 30),
        ["company", "employers_org", "cisp", "secondary_school"],
    ),
    (
        "Outils numériques",
        "Recenser et tester les outils numériques d’apprentissage des compétences de base.",
        "Une grille d’analyse des outils ; un catalogue de dix outils testés.",
        D(2026, 12, 31),
        ["epn", "forem_training", "literacy", "adult_education"],
    ),
]


def _organisation(basin: Basin, type_code: str, index: int = 0) -> Organisation:
    return list(Organisation.objects.filter(basin=basin, type=type_code).order_by("name"))[index]


def _people(basin: Basin) -> list[Person]:
    return list(Person.objects.filter(basin=basin, user__isnull=True).exclude(email="").order_by("pk"))


def _affiliate(person: Person, organisation: Organisation, function: str) -> None:
    Affiliation.objects.get_or_create(
        person=person, organisation=organisation, defaults={"function": function, "start_date": D(2018, 1, 1)}
    )


def _seat(body: Body, *, by: Any, **values: Any) -> Seat:
    seat = Seat(
        body=body,
        designation_reference=values.pop("designation_reference", "IB-HC/2019/02"),
        designation_date=values.pop("designation_date", D(2019, 2, 14)),
        names_public=True,
        **values,
    )
    return services.save_seat(seat, by=by, confirm=True)


def _build_cb(basin: Basin, by: Any) -> Pole:
    pole = services.create_pole(
        {
            "basin": basin,
            "name": "Compétences de base",
            "code": "CB",
            "theme_kind": Pole.ThemeKind.TRANSVERSAL,
            "transversal_reference": "IB-HC/2018/12",
            "transversal_date": D(2018, 12, 13),
            "description": (
                "Pôle transversal de l’Instance Bassin EFE Hainaut-Centre consacré à la maîtrise des savoirs de base "
                "et du savoir-être par les publics de l’enseignement qualifiant, de la formation et de l’emploi."
            ),
        },
        by=by,
    )
    start, end, reference, decided = CB_MANDATES[0]
    mandate = services.open_first_mandate(
        pole, start=start, end=end, decision_reference=reference, decision_date=decided, by=by
    )
    for next_start, next_end, next_reference, next_decided in CB_MANDATES[1:]:
        services.record_evaluation(
            mandate,
            summary="Dossier d’évaluation du fonctionnement du pôle (réunions, participation, réalisations).",
            submitted_on=next_decided - datetime.timedelta(days=60),
            by=by,
        )
        services.record_verdict(mandate, verdict="renewed", reference=next_reference, date=next_decided, by=by)
        mandate = services.renew_mandate(
            mandate, end=next_end, decision_reference=next_reference, decision_date=next_decided, by=by
        )
        assert mandate.start == next_start
    services.adopt_modalities(
        pole,
        text="Le comité de pilotage se réunit quatre fois par an. Il décide par consensus. Le secrétariat de "
        "l’Instance prépare les réunions et diffuse les procès-verbaux.",
        adopted_on=D(2019, 4, 4),
        reference="CoPil du 4 avril 2019",
        by=by,
    )
    services.adopt_modalities(
        pole,
        text="Le comité de pilotage se réunit trois à quatre fois par an, en présentiel ou en hybride. Il décide "
        "par consensus, en réunion ou par procédure écrite. Les groupes de travail rendent compte à chaque réunion.",
        adopted_on=D(2022, 5, 12),
        reference="CoPil du 12 mai 2022",
        by=by,
    )
    committee = pole.bodies.get(kind=Body.Kind.STEERING_COMMITTEE)
    people = iter(_people(basin))
    chambers = {c.sub_area or "education": c for c in Chamber.objects.filter(basin=basin)}
    seen: dict[str, int] = {}
    for type_code, role, origin, sub_area, seat_start, seat_end in CB_COMMITTEE:
        organisation = _organisation(basin, type_code, seen.get(type_code, 0))
        seen[type_code] = seen.get(type_code, 0) + 1
        representative, substitute = next(people), next(people)
        _affiliate(representative, organisation, "Représentant·e au pôle")
        _affiliate(substitute, organisation, "Suppléant·e au pôle")
        chamber = (
            chambers["education"] if origin == "chamber_education" else chambers.get(sub_area) if sub_area else None
        )
        _seat(
            committee,
            by=by,
            organisation=organisation,
            representative=representative,
            substitute=substitute,
            origin=origin,
            chamber=chamber,
            role=role,
            start=seat_start,
            end=seat_end,
        )
    for type_code in CB_RESOURCE_PEOPLE:
        person = next(people)
        _affiliate(person, _organisation(basin, type_code), "Experte")
        _seat(
            committee,
            by=by,
            representative=person,
            origin="resource_person",
            role="resource_person",
            start=D(2019, 3, 1),
        )
    chair = committee.seats.get(role=Seat.Role.CHAIR).representative
    member_account = get_user_model().objects.filter(email=MEMBER_EMAIL).first()
    if chair is not None and member_account is not None:
        Person.objects.filter(user=member_account).update(user=None)
        chair.user = member_account
        chair.save(update_fields=["user"])
    for name, mission, deliverables, deadline, types in WORKING_GROUPS:
        group = services.create_working_group(
            pole, {"name": name, "mission": mission, "deliverables": deliverables, "deadline": deadline}, by=by
        )
        Body.objects.filter(pk=group.pk).update(created_on=WORKING_GROUPS_CREATED)
        for index, type_code in enumerate(types):
            organisation = _organisation(basin, type_code)
            person = next(people)
            _affiliate(person, organisation, "Membre du groupe de travail")
            _seat(
                group,
                by=by,
                organisation=organisation,
                representative=person,
                origin="instance",
                role="chair" if index == 0 else "member",
                start=D(2023, 9, 1),
                designation_reference="",
                designation_date=None,
            )
        outsider = next(people)
        _seat(
            group,
            by=by,
            representative=outsider,
            origin="resource_person",
            role="resource_person",
            start=D(2023, 9, 1),
            designation_reference="",
            designation_date=None,
        )
    return pole


def _build_construction(basin: Basin, by: Any) -> Pole:
    theme = PriorityTheme.objects.filter(basin=basin, title__startswith="Construction").first()
    pole = services.create_pole(
        {
            "basin": basin,
            "name": "Construction et rénovation énergétique",
            "code": "CO",
            "theme_kind": Pole.ThemeKind.THEME,
            "theme": theme,
            "description": "Pôle sectoriel : métiers de la construction et de la rénovation énergétique.",
        },
        by=by,
    )
    services.open_first_mandate(
        pole,
        start=D(2024, 1, 1),
        end=D(2026, 12, 31),
        decision_reference="IB-HC/2023/10",
        decision_date=D(2023, 10, 19),
        by=by,
    )
    committee = pole.bodies.get(kind=Body.Kind.STEERING_COMMITTEE)
    people = list(reversed(_people(basin)))
    for index, (type_code, role) in enumerate(
        [
            ("company", "chair"),
            ("sector_fund", "member"),
            ("forem_training", "member"),
            ("competence_centre", "member"),
            ("forem_advice", "member"),
        ]
    ):
        organisation = _organisation(basin, type_code)
        _affiliate(people[index], organisation, "Représentant·e au pôle")
        _seat(
            committee,
            by=by,
            organisation=organisation,
            representative=people[index],
            origin="instance",
            role=role,
            start=D(2024, 1, 1),
            designation_reference="IB-HC/2023/10",
            designation_date=D(2023, 10, 19),
        )
    return pole


@transaction.atomic
def load_demo(basin: Basin, *, by: Any) -> list[Pole]:
    poles = []
    for code, build in (("CB", _build_cb), ("CO", _build_construction)):
        existing = Pole.objects.filter(basin=basin, code=code).first()
        poles.append(existing or build(basin, by))
    return poles
