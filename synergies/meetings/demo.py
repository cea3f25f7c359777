"""The meetings of the demo pôle « Compétences de base », 2019–2026, and the next ones.

Three to four steering-committee meetings a year and the working groups' meetings since 2023, each with its agenda,
its attendance and its minutes, approved at the next meeting of the body and frozen as a PDF — recorded through the
services, as the secretariat would record its archives. A layer above can take part in each committee meeting
through `during_meeting` (the decisions demo records the decisions taken there). Idempotent: a pôle that already has
meetings is left as it is.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from synergies.basins.models import Commune
from synergies.meetings import services
from synergies.meetings.models import Attendance, Meeting, Minutes
from synergies.poles.models import Body, Pole

D = datetime.date
DuringMeeting = Callable[[Meeting], list[str]]
"""Called once a committee meeting's attendance is recorded; returns the paragraphs it adds to the minutes."""

PLACES = {
    "mons": ("Maison de l’Instance bassin, rue de la Grande Triperie 12", "Mons"),
    "louviere": ("Le Forem, boulevard Mairaux 84", "La Louvière"),
    "binche": ("Institut provincial d’enseignement secondaire, rue Zéphirin Fontaine 17", "Binche"),
    "saint-ghislain": ("Centre de compétence, rue du Grand Hôpital 3", "Saint-Ghislain"),
    "soignies": ("Athénée royal, avenue Wanderpepen 2", "Soignies"),
}
ONLINE_URL = "https://visio.hainaut-centre.example/copil-cb"

# (day, mode, place, [(kind, title, presenter, minutes)]): the approval of the previous minutes is added by itself.
COMMITTEE_MEETINGS: list[tuple[datetime.date, str, str, list[tuple[str, str, str, int]]]] = [
    (
        D(2019, 4, 4),
        "in_person",
        "mons",
        [
            (
                "information",
                "Installation du comité de pilotage et tour de table des membres",
                "Secrétariat de l’Instance",
                30,
            ),
            ("information", "Le cahier des charges du pôle « Compétences de base »", "Secrétariat de l’Instance", 30),
        ],
    ),
    (
        D(2019, 6, 13),
        "in_person",
        "louviere",
        [
            ("discussion", "Attentes des opérateurs : synthèse de l’enquête préalable", "Le Forem", 40),
        ],
    ),
    (
        D(2019, 10, 10),
        "in_person",
        "binche",
        [
            ("discussion", "Premières pistes pour définir les compétences de base", "Présidence", 60),
        ],
    ),
    (
        D(2019, 12, 12),
        "in_person",
        "mons",
        [
            ("information", "Bilan de la première année du pôle", "Secrétariat de l’Instance", 20),
        ],
    ),
    (
        D(2020, 3, 5),
        "in_person",
        "saint-ghislain",
        [
            ("information", "Chiffres clés des publics peu qualifiés du bassin (IWEPS)", "Personne ressource", 30),
        ],
    ),
    (
        D(2020, 6, 18),
        "online",
        "",
        [
            (
                "information",
                "Continuité des formations pendant la crise sanitaire : retours des opérateurs",
                "Tour de table",
                45,
            ),
        ],
    ),
    (
        D(2020, 10, 15),
        "online",
        "",
        [
            ("discussion", "Modèle commun de fiche de description des pratiques", "Groupe de rédaction", 45),
        ],
    ),
    (
        D(2020, 12, 10),
        "online",
        "",
        [
            ("discussion", "Fracture numérique des apprenants : constats", "Espace public numérique", 40),
        ],
    ),
    (
        D(2021, 3, 18),
        "online",
        "",
        [
            ("information", "État du recensement des pratiques : 42 fiches reçues", "Secrétariat de l’Instance", 20),
        ],
    ),
    (
        D(2021, 6, 17),
        "hybrid",
        "louviere",
        [
            ("discussion", "Préparation de la journée d’échange de pratiques", "Présidence", 40),
        ],
    ),
    (
        D(2021, 10, 14),
        "in_person",
        "mons",
        [
            ("discussion", "Rapport d’activités 2019–2021", "Secrétariat de l’Instance", 45),
        ],
    ),
    (
        D(2021, 12, 9),
        "in_person",
        "soignies",
        [
            ("discussion", "Priorités du deuxième mandat", "Présidence", 45),
        ],
    ),
    (
        D(2022, 3, 17),
        "in_person",
        "mons",
        [
            ("information", "Accueil des nouveaux membres du comité", "Présidence", 20),
        ],
    ),
    (
        D(2022, 5, 12),
        "hybrid",
        "louviere",
        [
            ("discussion", "Révision des modalités de fonctionnement", "Secrétariat de l’Instance", 40),
        ],
    ),
    (
        D(2022, 10, 13),
        "in_person",
        "binche",
        [
            ("discussion", "Ouverture du catalogue des pratiques aux organismes privés", "Présidence", 45),
        ],
    ),
    (
        D(2023, 3, 16),
        "in_person",
        "mons",
        [
            ("discussion", "Plan d’action 2023", "Présidence", 45),
        ],
    ),
    (
        D(2023, 6, 15),
        "in_person",
        "saint-ghislain",
        [
            ("discussion", "Projet « Passeport compétences de base »", "Le Forem", 45),
        ],
    ),
    (
        D(2023, 10, 12),
        "hybrid",
        "louviere",
        [
            ("information", "Retour des groupes de travail", "Présidences des groupes de travail", 30),
        ],
    ),
    (
        D(2023, 12, 14),
        "in_person",
        "mons",
        [
            (
                "information",
                "Réponse de l’Instance au projet « Passeport compétences de base »",
                "Secrétariat de l’Instance",
                20,
            ),
        ],
    ),
    (
        D(2024, 3, 14),
        "in_person",
        "soignies",
        [
            (
                "information",
                "Référentiel : synthèse des propositions de modification",
                "Groupe de travail « Outils numériques »",
                30,
            ),
        ],
    ),
    (
        D(2024, 6, 13),
        "in_person",
        "mons",
        [
            ("discussion", "Version 1.1 du référentiel des compétences de base", "Présidence", 45),
        ],
    ),
    (
        D(2024, 10, 17),
        "hybrid",
        "louviere",
        [
            ("discussion", "Dossier d’évaluation du deuxième mandat", "Secrétariat de l’Instance", 45),
        ],
    ),
    (
        D(2025, 3, 20),
        "in_person",
        "mons",
        [
            ("information", "Ouverture du troisième mandat et composition du comité", "Secrétariat de l’Instance", 20),
        ],
    ),
    (
        D(2025, 6, 12),
        "in_person",
        "binche",
        [
            (
                "discussion",
                "Numérique et intelligence artificielle dans les apprentissages de base",
                "Espace public numérique",
                45,
            ),
        ],
    ),
    (
        D(2025, 10, 16),
        "hybrid",
        "louviere",
        [
            (
                "discussion",
                "Critères du label « pratique inspirante »",
                "Groupe de travail « Savoir-être et employeurs »",
                40,
            ),
        ],
    ),
    (
        D(2025, 12, 11),
        "in_person",
        "mons",
        [
            ("discussion", "Programme de la journée d’échange 2026", "Présidence", 30),
        ],
    ),
    (
        D(2026, 3, 19),
        "in_person",
        "saint-ghislain",
        [
            ("discussion", "Plan d’action 2026", "Présidence", 45),
        ],
    ),
    (
        D(2026, 6, 11),
        "in_person",
        "mons",
        [
            ("information", "Bilan de la journée d’échange du 28 avril 2026", "Secrétariat de l’Instance", 30),
        ],
    ),
    (
        D(2026, 10, 15),
        "hybrid",
        "louviere",
        [
            ("discussion", "Numératie des demandeurs d’emploi : recommandation à l’Instance", "Le Forem", 45),
        ],
    ),
]


NEXT_COMMITTEE_DAY = D(2027, 3, 18)
NEXT_COMMITTEE_AGENDA = [
    ("information", "Tour de table : actualités des opérateurs", "Présidence", 20),
    ("discussion", "Plan d’action 2027", "Présidence", 45),
    ("information", "Avancement des groupes de travail", "Présidences des groupes de travail", 30),
]
# Workshops with employers are held behind closed doors: not in the public agenda.
PRIVATE_TITLES = {"Atelier employeurs–formateurs n° 2"}
CANCELLED = [
    ("Outils numériques", D(2025, 1, 23), "Grève nationale des transports en commun : la réunion est reportée."),
]
NEXT_WORKING_GROUP_DAYS = {"Savoir-être et employeurs": D(2027, 1, 21), "Outils numériques": D(2027, 1, 28)}

WORKING_GROUP_MEETINGS: dict[str, list[tuple[datetime.date, str, str, str]]] = {
    "Savoir-être et employeurs": [
        (D(2023, 9, 21), "in_person", "louviere", "Lancement du groupe et méthode de travail"),
        (D(2024, 1, 25), "in_person", "mons", "Atelier employeurs–formateurs n° 1"),
        (D(2024, 5, 23), "online", "", "Situations professionnelles : premières fiches"),
        (D(2025, 1, 30), "hybrid", "louviere", "Atelier employeurs–formateurs n° 2"),
        (D(2025, 9, 25), "in_person", "soignies", "Critères du label « pratique inspirante »"),
        (D(2026, 5, 28), "in_person", "mons", "Atelier employeurs–formateurs n° 3"),
    ],
    "Outils numériques": [
        (D(2023, 9, 28), "online", "", "Lancement du groupe et grille d’analyse des outils"),
        (D(2024, 2, 1), "in_person", "saint-ghislain", "Test de quatre applications d’apprentissage"),
        (D(2024, 9, 26), "online", "", "Synthèse des tests et propositions pour le référentiel"),
        (D(2025, 5, 22), "hybrid", "louviere", "Outils d’IA générative : précautions d’usage"),
        (D(2026, 9, 24), "online", "", "Catalogue des dix outils testés : relecture"),
    ],
}


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _place(mode: str, place: str) -> dict[str, Any]:
    address, commune = PLACES.get(place, ("", ""))
    return {
        "mode": mode,
        "address": address if mode != "online" else "",
        "commune": Commune.objects.filter(name=commune).first() if mode != "online" else None,
        "online_url": ONLINE_URL if mode != "in_person" else "",
    }


def _attendance(meeting: Meeting, rng: random.Random) -> None:
    """Most seats present, a few substituted, excused or absent — but every component at the table."""
    seats = services.seats_of(meeting)
    rows: list[dict[str, Any]] = []
    for seat in seats:
        draw = rng.random()
        status = Attendance.Status.PRESENT
        if draw > 0.92:
            status = Attendance.Status.ABSENT
        elif draw > 0.82:
            status = Attendance.Status.EXCUSED
        elif draw > 0.72 and seat.substitute_id:
            status = Attendance.Status.SUBSTITUTED
        rows.append({"seat": seat, "status": status})
    seen: set[str] = set()
    for row in rows:
        organisation = row["seat"].organisation
        component = organisation.component if organisation and row["seat"].origin != "resource_person" else None
        if component and component not in seen:
            seen.add(component)
            row["status"] = Attendance.Status.PRESENT
        if row["seat"].role == "chair":
            row["status"] = Attendance.Status.PRESENT
    services.record_attendance(meeting, rows, by=None)


def _minutes_text(meeting: Meeting, extra: list[str]) -> str:
    chair = meeting.body.seats.filter(role="chair").select_related("representative").first()
    lines = [
        f"**Présidence :** {chair.representative.full_name if chair and chair.representative else 'Présidence'}. "
        "**Secrétariat :** secrétariat de l’Instance bassin.",
        "",
    ]
    for item in meeting.agenda_items.all():
        lines.append(f"## {item.position}. {item.title}")
        if item.minutes_to_approve_id:
            lines.append("Le procès-verbal est approuvé sans modification.")
        elif item.kind == "information":
            lines.append(
                f"{item.presenter or 'Le secrétariat'} présente le point ; les membres posent leurs questions."
            )
        elif item.kind == "discussion":
            lines.append(
                f"{item.presenter or 'La présidence'} introduit la discussion. Les membres partagent leurs constats "
                "et conviennent des suites à donner, reprises ci-dessous."
            )
        else:
            lines.append("Le point est débattu puis décidé par consensus (voir le registre des décisions).")
        lines.append("")
    if extra:
        lines.extend(["## Décisions", "", *(f"- {line}" for line in extra), ""])
    return "\n".join(lines).strip() + "\n"


def _hold(
    body: Body,
    day: datetime.date,
    mode: str,
    place: str,
    items: list[tuple[str, str, str, int]],
    *,
    title: str = "",
    is_public: bool = True,
) -> Meeting:
    start = _at(day, 9, 30) if body.is_steering_committee else _at(day, 13, 30)
    meeting = services.record_past_meeting(
        body,
        {
            "title": title,
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2, minutes=30),
            "is_public": is_public,
            **_place(mode, place),
        },
        by=None,
    )
    for kind, item_title, presenter, minutes in items:
        services.add_agenda_item(
            meeting,
            {"kind": kind, "title": item_title, "presenter": presenter, "duration_minutes": minutes},
            by=None,
        )
    return meeting


def _close(meeting: Meeting, previous: Meeting | None, extra: list[str], *, by: Any) -> None:
    """Approve the previous minutes at this meeting, then write this one's minutes and circulate them."""
    services.add_agenda_item(meeting, {"kind": "information", "title": "Divers", "duration_minutes": 10}, by=None)
    if previous is not None:
        services.approve_minutes(previous.minutes, at_meeting=meeting, by=by)
    services.save_minutes_draft(meeting, text=_minutes_text(meeting, extra), by=by)
    # The latest minutes are still open to remarks: circulated a few days ago rather than a week after the meeting.
    on = max(meeting.day + datetime.timedelta(days=7), timezone.localdate() - datetime.timedelta(days=3))
    services.circulate_minutes(meeting.minutes, by=by, on=on, notify=False)


def _plan(body: Body, day: datetime.date, items: list[tuple[str, str, str, int]], *, by: Any) -> Meeting:
    """The body's next meeting, on `day` or, if the demo is loaded after it, a quarter from now."""
    today = timezone.localdate()
    if day <= today + datetime.timedelta(days=7):
        day = today + datetime.timedelta(days=90)
        day += datetime.timedelta(days=(3 - day.weekday()) % 7)
    start = _at(day, 9, 30)
    meeting = services.plan_meeting(
        body,
        {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2, minutes=30), **_place("in_person", "mons")},
        by=by,
    )
    for kind, title, presenter, minutes in items:
        services.add_agenda_item(
            meeting, {"kind": kind, "title": title, "presenter": presenter, "duration_minutes": minutes}, by=by
        )
    return meeting


def load_demo(pole: Pole, *, by: Any, during_meeting: DuringMeeting | None = None) -> list[Meeting]:
    """The history of `pole`'s meetings; `by` is the secretariat's account."""
    if Meeting.objects.of_pole(pole).exists():
        return []
    meetings: list[Meeting] = []
    rng = random.Random(2019)
    committee = pole.bodies.get(kind=Body.Kind.STEERING_COMMITTEE)
    previous: Meeting | None = None
    for day, mode, place, items in COMMITTEE_MEETINGS:
        meeting = _hold(committee, day, mode, place, items)
        _attendance(meeting, rng)
        extra = during_meeting(meeting) if during_meeting else []
        _close(meeting, previous, extra, by=by)
        meetings.append(meeting)
        previous = meeting
    for name, history in WORKING_GROUP_MEETINGS.items():
        group = pole.bodies.get(kind=Body.Kind.WORKING_GROUP, name=name)
        previous = None
        for day, mode, place, title in history:
            item = [("discussion", title, "Présidence du groupe", 90)]
            meeting = _hold(group, day, mode, place, item, is_public=title not in PRIVATE_TITLES)
            _attendance(meeting, rng)
            _close(meeting, previous, [], by=by)
            meetings.append(meeting)
            previous = meeting
        for group_name, day, reason in CANCELLED:
            if group_name == name:
                start = _at(day, 13, 30)
                data = {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2), **_place("online", "")}
                cancelled = services.record_past_meeting(
                    group, data, by=None, status=Meeting.Status.CANCELLED, cancellation_reason=reason
                )
                meetings.append(cancelled)
        planned = _plan(
            group,
            NEXT_WORKING_GROUP_DAYS[name],
            [("discussion", "Suites des travaux", "Présidence du groupe", 90)],
            by=by,
        )
        meetings.append(planned)
    last = Meeting.objects.filter(body=committee, status=Meeting.Status.HELD).order_by("-starts_at").first()
    if last is not None:
        _remark_on(last.minutes)
    planned = _plan(committee, NEXT_COMMITTEE_DAY, NEXT_COMMITTEE_AGENDA, by=by)
    meetings.append(planned)
    return meetings


def _remark_on(minutes: Minutes) -> None:
    """The chair, who holds the demo member account, has one remark on the latest circulated minutes."""
    chair = minutes.meeting.body.seats.filter(role="chair").select_related("representative__user").first()
    user = chair.representative.user if chair and chair.representative else None
    if user is None:
        user = get_user_model().objects.filter(is_superuser=True).first()
    if user is not None and minutes.status == Minutes.Status.CIRCULATED:
        services.add_remark(
            minutes,
            text="Au point 3, préciser que l’IFAPME a proposé d’accueillir le prochain atelier numératie.",
            by=user,
        )
