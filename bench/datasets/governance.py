"""A pôle's governance: many public meetings of its bodies with their agendas, one member sitting in every body with
a private calendar address, and a long decision register.

The pôle, its mandate, bodies and the member's seats go through the services (a handful of rows). Meetings and agenda
items are bulk-created (their save() derives nothing). Decisions are saved one by one in chain order: each entry's
hash covers the entry it corrects, which must have a primary key first, and is computed with the register's own
helpers (`hashed_data`, `hashchain.link`), so `verify_register` finds the chain intact.

Meetings run from 380 days before the build to about two years after it, so that every one of them falls in the
feeds' window (the past 400 days and the future) on the day the database is built.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass
from typing import Any

from bench.datasets.base import Generated

FIRST_DAY = -380  # days from the build, inside the feeds' 400 days of history
SPAN_DAYS = 1_100
CANCEL_EVERY = 40
WORKING_GROUPS = ["Littératie", "Numératie", "Numérique", "Savoir-être et employeurs"]
MODES = (["in_person", "hybrid", "online"], [6, 3, 1])
AGENDA_TOPICS = [
    ("information", "Tour de table : actualités des opérateurs"),
    ("decision", "Approbation du procès-verbal de la réunion précédente"),
    ("discussion", "Référentiel des compétences de base : propositions de modification"),
    ("discussion", "Catalogue des pratiques : fiches à valider"),
    ("information", "Retour des groupes de travail"),
    ("decision", "Programme de la journée d’échange de pratiques"),
    ("discussion", "Publics peu qualifiés : constats des opérateurs"),
    ("information", "Divers"),
]
PRESENTERS = ["Présidence", "Secrétariat de l’Instance", "Le Forem", "IFAPME", "Groupe de travail", ""]
DECISION_TOPICS = [
    "Plan d’action",
    "Calendrier des réunions",
    "Label « pratique inspirante » accordé",
    "Version du référentiel des compétences de base",
    "Recommandation à l’Instance sur la numératie",
    "Programme de la journée d’échange",
    "Mandat du groupe de travail",
    "Fiche commune de description des pratiques",
    "Avis sur un appel à projets régional",
    "Priorités pour les publics peu qualifiés",
]
PLACES = [
    ("Maison de l’Instance bassin, rue de la Grande Triperie 12", "Mons"),
    ("Le Forem, boulevard Mairaux 84", "La Louvière"),
    ("Athénée royal, avenue Wanderpepen 2", "Soignies"),
    ("Centre de compétence, rue du Grand Hôpital 3", "Saint-Ghislain"),
]


@dataclass(frozen=True)
class GovernanceDataset:
    """A public pôle whose bodies hold `meetings` public meetings (each with an agenda) and whose register holds
    `decisions` entries over eight years."""

    meetings: int
    decisions: int
    items_per_meeting: int = 4
    register_years: int = 8

    def __post_init__(self) -> None:
        if self.meetings < 1 or self.decisions < 1 or self.items_per_meeting < 1 or self.register_years < 1:
            raise ValueError(f"invalid governance data set: {self!r}")

    def generate(self, rng: random.Random) -> Generated:
        from django.db import transaction

        with transaction.atomic():
            return self._generate(rng)

    def _generate(self, rng: random.Random) -> Generated:
        from django.utils import timezone

        from synergies.basins.models import Basin

        basin = Basin.objects.get(code="hainaut-centre")
        today = timezone.localdate()
        pole, bodies, token = self._pole(basin, today)
        meetings, items = self._meetings(bodies, today, rng)
        register = self._register(pole, bodies, today, rng)
        return Generated(
            counts={"bodies": len(bodies), "meetings": meetings, "agenda_items": items, "decisions": register},
            samples={"basin": basin.code, "pole": pole.code, "token": token, "year": str(today.year - 1)},
        )

    def _pole(self, basin: Any, today: datetime.date) -> tuple[Any, list[Any], str]:
        """The pôle, open for a mandate that covers every meeting, and a member sitting in each of its bodies."""
        from django.contrib.auth import get_user_model

        from synergies.directory.models import Person
        from synergies.meetings.services import renew_calendar_token
        from synergies.poles import services
        from synergies.poles.models import Body, Pole, Seat

        start = today + datetime.timedelta(days=FIRST_DAY - 10)
        pole = services.create_pole(
            {
                "basin": basin,
                "name": "Compétences de base",
                "code": "CB",
                "theme_kind": Pole.ThemeKind.TRANSVERSAL,
                "transversal_reference": "IB-BENCH-01",
                "transversal_date": start - datetime.timedelta(days=60),
            },
            by=None,
        )
        services.open_first_mandate(
            pole,
            start=start,
            end=services.default_mandate_end(start),
            decision_reference="IB-BENCH-02",
            decision_date=start - datetime.timedelta(days=30),
            by=None,
        )
        bodies = [pole.bodies.get(kind=Body.Kind.STEERING_COMMITTEE)]
        bodies += [services.create_working_group(pole, {"name": name}, by=None) for name in WORKING_GROUPS]
        user = get_user_model().objects.create_user("membre@bench.synergies.example", full_name="Morgane Membre")
        person = Person.objects.create(
            basin=basin, first_name="Morgane", last_name="Membre", email=user.email, user=user
        )
        for body in bodies:
            seat = Seat(
                body=body,
                representative=person,
                origin=Seat.Origin.RESOURCE_PERSON,
                role=Seat.Role.RESOURCE_PERSON,
                start=start,
                designation_reference="IB-BENCH-03",
                designation_date=start,
            )
            services.save_seat(seat, by=None, confirm=True)
        return pole, bodies, renew_calendar_token(user, by=user).token

    def _meetings(self, bodies: list[Any], today: datetime.date, rng: random.Random) -> tuple[int, int]:
        from django.utils import timezone

        from synergies.basins.models import Commune
        from synergies.meetings.models import AgendaItem, Meeting

        communes = {c.name: c for c in Commune.objects.filter(name__in=[town for _, town in PLACES])}
        now = timezone.now()
        meetings: list[Meeting] = []
        for index in range(self.meetings):
            day = today + datetime.timedelta(days=FIRST_DAY + index * SPAN_DAYS // self.meetings)
            body = bodies[index % len(bodies)]
            hour = (9, 30) if body.is_steering_committee else (13, 30)
            starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(*hour)))
            mode = rng.choices(*MODES)[0]
            address, town = rng.choice(PLACES)
            if starts < now:
                status = Meeting.Status.HELD
            elif index % CANCEL_EVERY == 0:
                status = Meeting.Status.CANCELLED
            elif starts < now + datetime.timedelta(days=30):
                status = Meeting.Status.CONVENED
            else:
                status = Meeting.Status.PLANNED
            meetings.append(
                Meeting(
                    body=body,
                    uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    title="" if rng.random() < 0.7 else f"{body.name} — séance thématique",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2, minutes=30),
                    mode=mode,
                    address=address if mode != "online" else "",
                    commune=communes.get(town) if mode != "online" else None,
                    online_url=f"https://visio.hainaut-centre.example/{body.slug}" if mode != "in_person" else "",
                    status=status,
                    is_public=True,
                    sequence=rng.randrange(0, 3) + (status == Meeting.Status.CANCELLED),
                    convened_at=starts - datetime.timedelta(days=10)
                    if status in (Meeting.Status.CONVENED, Meeting.Status.HELD)
                    else None,
                    cancelled_at=now if status == Meeting.Status.CANCELLED else None,
                    cancellation_reason="Report à une date ultérieure." if status == Meeting.Status.CANCELLED else "",
                )
            )
        Meeting.objects.bulk_create(meetings, batch_size=500)
        items = [
            AgendaItem(
                meeting=meeting,
                position=position,
                kind=kind,
                title=title,
                presenter=rng.choice(PRESENTERS),
                duration_minutes=rng.choice([10, 20, 30, 45]),
            )
            for meeting in meetings
            for position, (kind, title) in enumerate(rng.sample(AGENDA_TOPICS, self.items_per_meeting), start=1)
        ]
        AgendaItem.objects.bulk_create(items, batch_size=2000)
        return len(meetings), len(items)

    def _register(self, pole: Any, bodies: list[Any], today: datetime.date, rng: random.Random) -> int:
        """`decisions` entries, dated over the last `register_years` years, numbered per year and chained by hash."""
        from django.utils import timezone

        from synergies.decisions.models import Decision, Kind, Method
        from synergies.decisions.services.register import hashed_data, reference_for
        from synergies.lib import hashchain

        first = datetime.date(today.year - self.register_years + 1, 1, 15)
        span = (today - first).days
        previous_hash = hashchain.GENESIS
        numbers: dict[int, int] = {}
        written: list[Decision] = []
        for index in range(self.decisions):
            decided_on = first + datetime.timedelta(days=index * span // self.decisions)
            numbers[decided_on.year] = number = numbers.get(decided_on.year, 0) + 1
            topic = rng.choice(DECISION_TOPICS)
            corrects = rng.choice(written[-20:]) if written and index % CANCEL_EVERY == 0 else None
            participants = rng.randrange(8, 16)
            reservations = rng.randrange(0, 3)
            decision = Decision(
                pole=pole,
                sequence=index + 1,
                year=decided_on.year,
                number=number,
                reference=reference_for(pole, decided_on.year, number),
                body=bodies[0] if rng.random() < 0.8 else rng.choice(bodies[1:]),
                kind=Kind.DECISION if rng.random() < 0.75 else Kind.ORIENTATION,
                title=f"Correction : {corrects.title}" if corrects else f"{topic} ({decided_on:%m/%Y})",
                text=f"Le comité de pilotage adopte le point « {topic} » tel que présenté en séance, avec ses annexes.",
                rationale="Proposition du secrétariat de l’Instance, discutée en séance.",
                method=Method.WRITTEN if rng.random() < 0.1 else Method.MEETING,
                decided_on=decided_on,
                is_public=rng.random() < 0.95,
                corrects=corrects,
                summary={
                    "agree": participants - reservations,
                    "reservation": reservations,
                    "stand_aside": 0,
                    "object": 0,
                    "deemed": 0,
                    "participants": participants,
                    "eligible": participants + 2,
                },
                recorded_at=timezone.make_aware(datetime.datetime.combine(decided_on, datetime.time(12))),
                previous_hash=previous_hash,
            )
            decision.hash = previous_hash = hashchain.link(previous_hash, hashed_data(decision))
            decision.save(force_insert=True)
            written.append(decision)
        return len(written)
