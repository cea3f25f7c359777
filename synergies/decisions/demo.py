"""The decision register of the demo pôle « Compétences de base », 2019–2026, and a written procedure open now.

The decisions are taken in the committee meetings of the meetings demo, through the very services of a live
meeting (attendance first, then « consensus constaté », positions and reservations, a first round that an objection
blocks and a reformulation), so the register is numbered, chained and verifiable like a real one. Idempotent: a pôle
that already has decisions is left as it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone

from synergies.decisions import services
from synergies.decisions.models import Decision, Method, Proposal, Round
from synergies.decisions.services import Entry
from synergies.meetings import demo as meetings_demo
from synergies.meetings import services as meetings_services
from synergies.meetings.models import AgendaItem, Meeting
from synergies.poles import services as poles_services
from synergies.poles.models import Pole, Seat

D = datetime.date

# (meeting date, kind, title, text, rationale, extra) — extra: {"modalities": version} links the decision to the
# operating modalities it adopts; {"subject": key} to the record the caller's `subjects[key](day)` makes (the apps
# above, such as the referential's versions, pass them in); {"objection": (round-1 text, objecting organisation type, reason)} makes a first
# round fail; {"reservation": (organisation type, text)}; {"corrects": title of the corrected decision};
# {"method": "written", "deadline": date} for a written procedure.
DECISIONS = [
    (
        D(2019, 4, 4),
        "decision",
        "Adoption des modalités de fonctionnement du pôle",
        "Le comité de pilotage adopte les modalités de fonctionnement du pôle « Compétences de base » jointes en annexe "
        "(version 1) et les soumet à l’Instance bassin.",
        "Article 18 de l’accord de coopération du 20 mars 2014 : le pôle se réunit selon des modalités convenues avec "
        "l’Instance.",
        {"modalities": 1},
    ),
    (
        D(2019, 4, 4),
        "decision",
        "Désignation de la présidence et de la vice-présidence du comité de pilotage",
        "La présidence est confiée au représentant de l’enseignement qualifiant, la vice-présidence à la représentante "
        "du Forem (formation), pour la durée du mandat.",
        "Assurer l’équilibre entre les composantes enseignement et formation dans la conduite du pôle.",
        {},
    ),
    (
        D(2019, 6, 13),
        "decision",
        "Calendrier des réunions du comité de pilotage 2019–2020",
        "Le comité se réunit en mars, juin, octobre et décembre, le jeudi matin, en alternance à Mons et à La Louvière.",
        "R5 : trois à quatre réunions par an.",
        {},
    ),
    (
        D(2019, 10, 10),
        "orientation",
        "Définition de travail du concept « compétences de base »",
        "Le pôle retient comme définition de travail : les savoirs de base (littératie, numératie, numérique) et le "
        "savoir-être (apprendre à apprendre, relationnel, personnel) nécessaires pour entrer et progresser dans un "
        "parcours de formation, d’enseignement qualifiant ou d’emploi, ainsi que les compétences de la vie courante et "
        "de la citoyenneté.",
        "Première mission du comité de pilotage selon le cahier des charges ; base du futur référentiel.",
        {"transmit": True},
    ),
    (
        D(2019, 12, 12),
        "decision",
        "Lancement du recensement des pratiques et outils innovants du bassin",
        "Le secrétariat adresse à tous les opérateurs du bassin un appel à description de leurs pratiques relatives aux "
        "compétences de base, selon la fiche commune ; clôture le 31 mars 2020.",
        "Mission « identifier les pratiques et outils innovants existants ».",
        {},
    ),
    (
        D(2020, 3, 5),
        "orientation",
        "Priorité aux publics peu qualifiés et aux jeunes NEET",
        "Les travaux 2020–2021 du pôle portent en priorité sur les demandeurs d’emploi peu qualifiés et les jeunes ni "
        "en emploi ni en formation.",
        "Chiffres de l’IWEPS présentés en séance : près d’un demandeur d’emploi sur deux du bassin n’a pas le CESS.",
        {},
    ),
    (
        D(2020, 6, 18),
        "decision",
        "Réunions à distance et procédure écrite",
        "Les réunions du comité peuvent se tenir en ligne ; les décisions urgentes peuvent être prises par procédure "
        "écrite, le silence valant accord au terme d’un délai de dix jours.",
        "Crise sanitaire : garantir la continuité des travaux du pôle.",
        {"reservation": ("trade_union", "Le recours à la procédure écrite doit rester exceptionnel.")},
    ),
    (
        D(2020, 10, 15),
        "decision",
        "Fiche commune de description des pratiques",
        "Le comité adopte la fiche commune : public, compétences visées, modalités, résultats, conditions de transfert, "
        "contact. Elle sert au recensement et au futur catalogue.",
        "Rendre les pratiques comparables et réutilisables.",
        {},
    ),
    (
        D(2020, 12, 10),
        "decision",
        "Adoption du référentiel des compétences de base, version 1.0",
        "Le comité adopte la version 1.0 du référentiel des compétences de base (familles, domaines et compétences, "
        "paliers P0 à P4) et en demande la diffusion auprès des opérateurs du bassin.",
        "Aboutissement de la mission « définir et préciser le concept de compétences de base ».",
        {"transmit": True, "subject": "referential-1.0"},
    ),
    (
        D(2020, 12, 10),
        "orientation",
        "Recommandation : réduire la fracture numérique des apprenants",
        "Le pôle recommande à l’Instance de relayer auprès du Gouvernement wallon la demande d’un équipement et d’un "
        "accompagnement numériques des stagiaires en formation et des élèves du qualifiant.",
        "Constat partagé par les opérateurs pendant la crise sanitaire.",
        {"transmit": True},
    ),
    (
        D(2021, 3, 18),
        "decision",
        "Publication des 42 premières fiches de pratiques",
        "Les fiches validées par le secrétariat sont publiées sur le site du bassin sous licence CC BY 4.0.",
        "Rendre visibles les bonnes pratiques (R9).",
        {},
    ),
    (
        D(2021, 6, 17),
        "decision",
        "Journée d’échange de pratiques du 21 octobre 2021",
        "Le pôle organise une journée d’échange de pratiques à La Louvière ; programme et budget en annexe.",
        "Encourager les collaborations et partages entre les acteurs du bassin (R9).",
        {},
    ),
    (
        D(2021, 10, 14),
        "decision",
        "Rapport d’activités 2019–2021 et dossier d’évaluation du premier mandat",
        "Le comité approuve le rapport d’activités 2019–2021 et le transmet à l’Instance comme dossier d’évaluation "
        "du premier mandat, avec une demande de renouvellement.",
        "R7 : le renouvellement suit l’évaluation du fonctionnement du pôle par l’Instance.",
        {"transmit": True},
    ),
    (
        D(2021, 12, 9),
        "orientation",
        "Orientations du deuxième mandat 2022–2025",
        "Trois priorités : un référentiel partagé et utilisé, un catalogue des pratiques en ligne, des collaborations "
        "entre enseignement, formation et emploi autour des publics peu qualifiés.",
        "Bilan du premier mandat.",
        {},
    ),
    (
        D(2022, 3, 17),
        "decision",
        "Accueil du CEFA et du CPAS au comité de pilotage",
        "Le comité prend acte de la désignation par l’Instance d’un CEFA et d’un CPAS et met à jour sa liste de "
        "diffusion.",
        "Composition du deuxième mandat.",
        {},
    ),
    (
        D(2022, 5, 12),
        "decision",
        "Modalités de fonctionnement, version 2",
        "Le comité adopte la version 2 de ses modalités : trois à quatre réunions par an, en présentiel ou en hybride ; "
        "décisions par consensus en réunion ou par procédure écrite ; comptes rendus des groupes de travail à chaque "
        "réunion.",
        "Intégrer l’expérience des réunions à distance.",
        {"modalities": 2},
    ),
    (
        D(2022, 10, 13),
        "decision",
        "Ouverture du catalogue aux organismes privés",
        "Les pratiques des organismes privés agréés (titres-services exclus) peuvent figurer au catalogue, à condition "
        "d’être accessibles gratuitement aux publics du pôle.",
        "Plusieurs pratiques de qualité sont portées par des organismes privés agréés.",
        {
            "objection": (
                "Les pratiques des organismes privés peuvent figurer au catalogue.",
                "trade_union",
                "Sans condition d’accès, le catalogue ferait la promotion d’offres payantes.",
            )
        },
    ),
    (
        D(2023, 3, 16),
        "decision",
        "Plan d’action 2023",
        "Le comité adopte le plan d’action 2023 : mise à jour du référentiel, deux groupes de travail, journée "
        "d’échange, échéance du bilan au 30 novembre 2023.",
        "Programmation annuelle du pôle.",
        {},
    ),
    (
        D(2023, 6, 15),
        "decision",
        "Création des groupes de travail « Savoir-être et employeurs » et « Outils numériques »",
        "Le comité crée deux groupes de travail pour la durée du mandat ; leurs missions et livrables sont annexés.",
        "R5 : des groupes de travail peuvent être constitués en fonction des besoins.",
        {},
    ),
    (
        D(2023, 6, 15),
        "decision",
        "Projet « Passeport compétences de base » soumis à l’Instance",
        "Le pôle soumet à l’Instance le projet « Passeport compétences de base » : un carnet commun où l’apprenant "
        "garde la trace des compétences acquises d’un opérateur à l’autre. Il sollicite le soutien du secrétariat "
        "pour sa coordination.",
        "R8 : chaque projet est soumis à l’Instance pour obtenir son appui matériel et humain.",
        {"transmit": True},
    ),
    (
        D(2023, 10, 12),
        "orientation",
        "Recommandation : reconnaître le savoir-être dans les parcours d’insertion",
        "Le pôle recommande que les référentiels de formation et d’insertion intègrent explicitement le savoir-être, "
        "évalué en situation.",
        "Attentes des employeurs recueillies par le groupe de travail.",
        {"transmit": True},
    ),
    (
        D(2023, 12, 14),
        "decision",
        "Calendrier des réunions 2024",
        "Le comité se réunit les 14 mars, 13 juin et 17 octobre 2024.",
        "R5.",
        {},
    ),
    (
        D(2024, 3, 14),
        "decision",
        "Correction du plan d’action 2023 : échéance du bilan",
        "L’échéance du bilan du plan d’action 2023 est le 31 janvier 2024, et non le 30 novembre 2023.",
        "Erreur matérielle dans la décision d’origine.",
        {"corrects": "Plan d’action 2023"},
    ),
    (
        D(2024, 6, 13),
        "decision",
        "Adoption de la version 1.1 du référentiel des compétences de base",
        "Le comité adopte la version 1.1 du référentiel : trois compétences ajoutées (« Décrire et reformuler », "
        "« Expliquer un raisonnement », « S’orienter »), « Apprendre à apprendre » rattaché aux savoir-être, "
        "« Autorégulation » et « Confiance en soi » réunies, « Sécurité numérique » élargie au bien-être numérique.",
        "Propositions des groupes de travail et des opérateurs.",
        {"transmit": True, "subject": "referential-1.1"},
    ),
    (
        D(2024, 10, 17),
        "decision",
        "Dossier d’évaluation du deuxième mandat",
        "Le comité approuve le dossier d’évaluation du deuxième mandat et demande à l’Instance le renouvellement du "
        "pôle pour 2025–2028.",
        "R7.",
        {"transmit": True},
    ),
    (
        D(2025, 3, 20),
        "decision",
        "Modalités de fonctionnement, version 3",
        "Le comité adopte la version 3 de ses modalités : la procédure écrite dure dix jours ouvrables, une objection "
        "motivée suspend la décision, chaque composante doit participer.",
        "Clarifier la lecture du consensus.",
        {"modalities": 3},
    ),
    (
        D(2025, 6, 12),
        "orientation",
        "Numérique et intelligence artificielle dans les apprentissages de base",
        "Le pôle encourage les opérateurs à former leurs équipes à un usage critique des outils d’IA générative, sans "
        "remplacer l’accompagnement humain des apprenants.",
        "Travaux du groupe de travail « Outils numériques ».",
        {},
    ),
    (
        D(2025, 10, 16),
        "decision",
        "Critères du label « pratique inspirante »",
        "Une pratique peut être labellisée « inspirante » si elle est décrite complètement, évaluée, transférable et "
        "accessible aux publics du pôle ; le label est accordé par décision du comité.",
        "Rendre visibles les bonnes pratiques (R9).",
        {},
    ),
    (
        D(2025, 12, 11),
        "decision",
        "Programme de la journée d’échange du 28 avril 2026",
        "Le comité adopte le programme de la journée d’échange 2026 consacrée au numérique et à la numératie.",
        "R9.",
        {},
    ),
    (
        D(2025, 12, 11),
        "decision",
        "Label «\xa0pratique inspirante\xa0» pour «\xa0Lire la ville\xa0: l’alphabétisation en balade à La Louvière\xa0»",
        "Le comité de pilotage reconnaît «\xa0Lire la ville\xa0: l’alphabétisation en balade à La Louvière\xa0», portée par Les Mots Partagés, comme pratique inspirante du pôle et la met en valeur dans le catalogue.",
        "Critères du label adoptés le 16 octobre 2025\xa0: pratique décrite complètement, évaluée et transférable. Évaluée par un tiers sur trois sessions.",
        {"subject": "practice:lire-la-ville-alphabetisation-la-louviere"},
    ),
    (
        D(2026, 3, 19),
        "decision",
        "Plan d’action 2026",
        "Le comité adopte le plan d’action 2026 : catalogue en ligne, label « pratique inspirante », recommandation sur "
        "la numératie, préparation de l’évaluation du troisième mandat.",
        "Programmation annuelle du pôle.",
        {},
    ),
    (
        D(2026, 3, 19),
        "decision",
        "Label «\xa0pratique inspirante\xa0» pour «\xa0Maths en cuisine\xa0: la numératie au menu du CISP\xa0»",
        "Le comité de pilotage reconnaît «\xa0Maths en cuisine\xa0: la numératie au menu du CISP\xa0», portée par Tremplin Formation (CISP), comme pratique inspirante du pôle et la met en valeur dans le catalogue.",
        "Critères du label adoptés le 16 octobre 2025\xa0: pratique décrite complètement, évaluée et transférable. Déjà reprise par un autre CISP du bassin.",
        {"subject": "practice:maths-en-cuisine-numeratie-cisp"},
    ),
    (
        D(2026, 6, 11),
        "decision",
        "Avis sur l’appel à projets régional « Littératie 2027 »",
        "Le pôle soutient la candidature commune des opérateurs du bassin à l’appel à projets régional.",
        "Demande urgente des opérateurs ; décision par procédure écrite.",
        {"method": "written", "private": True, "opened": D(2026, 5, 20), "deadline": D(2026, 6, 1)},
    ),
    (
        D(2026, 10, 15),
        "orientation",
        "Recommandation : renforcer l’offre de formation en numératie",
        "Le pôle recommande à l’Instance de relayer auprès du Forem et de l’IFAPME le besoin d’une offre de "
        "formation en numératie de base pour les demandeurs d’emploi, en modules courts et en alternance.",
        "Constats de la journée d’échange 2026 et des opérateurs.",
        {"transmit": True},
    ),
    (
        D(2026, 10, 15),
        "decision",
        "Label «\xa0pratique inspirante\xa0» pour «\xa0Le café numérique des seniors\xa0»",
        "Le comité de pilotage reconnaît «\xa0Le café numérique des seniors\xa0», portée par l’Espace public numérique de Soignies, comme pratique inspirante du pôle et la met en valeur dans le catalogue.",
        "Critères du label adoptés le 16 octobre 2025\xa0: pratique décrite complètement, évaluée et transférable. Proposée par le groupe de travail «\xa0Outils numériques\xa0».",
        {"subject": "practice:cafe-numerique-des-seniors-soignies"},
    ),
]

OPEN_WRITTEN_PROCEDURE = (
    "Calendrier des réunions 2027 du comité de pilotage",
    "Le comité se réunit les jeudis 18 mars, 17 juin, 14 octobre et 9 décembre 2027, de 9 h 30 à 12 h.",
    "R5 : trois à quatre réunions par an ; dates proposées hors congés scolaires.",
)

MODALITIES_V3 = (
    "Le comité de pilotage se réunit trois à quatre fois par an, en présentiel ou en hybride. Il décide par "
    "consensus : une objection motivée suspend la décision, et chacune des composantes emploi, formation et "
    "enseignement doit y participer. La procédure écrite dure dix jours ; le silence y vaut accord."
)


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _seat_of_type(meeting: Meeting, type_code: str) -> Seat:
    return Seat.objects.filter(body=meeting.body, organisation__type=type_code).in_force(meeting.day).first()  # type: ignore[return-value]


def _item(meeting: Meeting, title: str) -> AgendaItem:
    return meetings_services.add_agenda_item(
        meeting, {"kind": "decision", "title": title, "presenter": "Présidence", "duration_minutes": 20}, by=None
    )


Subjects = Mapping[str, Callable[[datetime.date], Any]]


def _subject(pole: Pole, extra: dict[str, Any], *, by: Any, day: datetime.date, subjects: Subjects) -> Any:
    if "subject" in extra:
        make = subjects.get(extra["subject"])
        return make(day) if make is not None else None
    version = extra.get("modalities")
    if version is None:
        return None
    if version == 3 and not pole.modalities.filter(version=3).exists():
        poles_services.adopt_modalities(
            pole, text=MODALITIES_V3, adopted_on=day, reference=f"CoPil du {day:%d/%m/%Y}", by=by
        )
    return pole.modalities.get(version=version)


def _decide(pole: Pole, meeting: Meeting, entry: tuple[Any, ...], *, by: Any, subjects: Subjects) -> str:
    """Record one decision of the meeting; returns the paragraph the minutes give it."""
    _, kind, title, text, rationale, extra = entry
    now = meeting.ends_at
    item = _item(meeting, title)
    corrects = Decision.objects.get(pole=pole, title=extra["corrects"]) if "corrects" in extra else None
    subject = _subject(pole, extra, by=by, day=meeting.day, subjects=subjects)
    data = {"body": meeting.body, "kind": kind, "title": title, "text": text, "rationale": rationale}
    if "objection" in extra or "reservation" in extra:
        proposal = services.create_proposal(pole, {**data, "agenda_item": item}, by=by, subject=subject)
        if "objection" in extra:
            first_text, type_code, reason = extra["objection"]
            first = services.open_round(
                proposal, method=Method.MEETING, meeting=meeting, text=first_text, by=by, now=now
            )
            services.record_meeting_positions(
                first, [Entry(_seat_of_type(meeting, type_code), "object", reason)], by=by, now=now
            )
            services.close_round(first, by=by, now=now)
        round = services.open_round(proposal, method=Method.MEETING, meeting=meeting, text=text, by=by, now=now)
        if "reservation" in extra:
            type_code, reservation = extra["reservation"]
            services.record_meeting_positions(
                round, [Entry(_seat_of_type(meeting, type_code), "reservation", reservation)], by=by, now=now
            )
        services.note_consensus(round, by=by, now=now)
    else:
        round = services.record_past_decision(
            pole, meeting=meeting, by=by, kind=kind, title=title, text=text, rationale=rationale,
            subject=subject, corrects=corrects, agenda_item=item, now=now,
        )  # fmt: skip
    decision = Decision.objects.get(round=round)
    return f"**Décision {decision.reference}** — {title}."


def _written(pole: Pole, entry: tuple[Any, ...], *, by: Any) -> str:
    """A decision taken by written procedure: a few members answer, the others keep silent (silence is agreement)."""
    _, kind, title, text, rationale, extra = entry
    committee = pole.bodies.get(kind="steering_committee")
    data = {"body": committee, "kind": kind, "title": title, "text": text, "rationale": rationale}
    # A joint application kept confidential until it is filed: the register shows it to members only.
    proposal = services.create_proposal(pole, {**data, "is_public": not extra.get("private")}, by=by)
    opened = _at(extra["opened"], 9)
    round = services.open_round(proposal, method=Method.WRITTEN, deadline=_at(extra["deadline"]), by=by, now=opened)
    for index, seat in enumerate(services.eligible_seats(round)[:6]):
        stance = "reservation" if index == 2 else "agree"
        note = "Sous réserve que les CISP soient associés à la rédaction." if stance == "reservation" else ""
        services.take_position(
            round, person=seat.representative, stance=stance, text=note, by=None,
            now=opened + datetime.timedelta(days=index + 1),
        )  # fmt: skip
    services.close_round(round, by=by, now=_at(extra["deadline"], 13))
    round.refresh_from_db()
    return f"**Décision {round.decision.reference}** (procédure écrite) — {title}."


def open_written_procedure(pole: Pole, *, by: Any) -> Round:
    """The written procedure open now: the 2027 calendar, a few positions already in."""
    title, text, rationale = OPEN_WRITTEN_PROCEDURE
    proposal = services.create_proposal(
        pole, {"kind": "decision", "title": title, "text": text, "rationale": rationale}, by=by
    )
    round = services.open_round(proposal, method=Method.WRITTEN, by=by)
    seats = services.eligible_seats(round)
    for index, seat in enumerate(seats[1:4]):
        services.take_position(
            round, person=seat.representative, stance="agree" if index != 1 else "reservation",
            text="" if index != 1 else "Éviter la semaine du 18 mars : conseil de classe dans plusieurs écoles.", by=None,
        )  # fmt: skip
    return round


def load_demo(pole: Pole, *, by: Any, subjects: Subjects | None = None) -> list[Decision]:
    """The meetings of `pole` with the decisions taken there, then the written procedure open now. `subjects` makes,
    on the day of its decision, the record a decision adopts (see DECISIONS)."""
    found = subjects or {}
    if Proposal.objects.filter(pole=pole).exists():
        return []
    by_day: dict[datetime.date, list[tuple[Any, ...]]] = {}
    for entry in DECISIONS:
        by_day.setdefault(entry[0], []).append(entry)

    def during_meeting(meeting: Meeting) -> list[str]:
        if not meeting.body.is_steering_committee:
            return []
        lines = []
        for entry in by_day.get(meeting.day, []):
            if entry[5].get("method") == "written":
                lines.append(_written(pole, entry, by=by))
            else:
                lines.append(_decide(pole, meeting, entry, by=by, subjects=found))
        return lines

    meetings_demo.load_demo(pole, by=by, during_meeting=during_meeting)
    open_written_procedure(pole, by=by)
    return list(Decision.objects.filter(pole=pole).order_by("sequence"))
