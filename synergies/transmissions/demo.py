"""The transmissions of the demo pôle « Compétences de base » to the Instance, 2019–2026, with its answers.

Each decision of the register that the pôle sent up travels the one road — prepared, sent with its PDF,
acknowledged, answered — through the services, dated as it happened; the latest still awaits its answer.
Idempotent: a pôle that already has transmissions is left as it is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from synergies.decisions.models import Decision
from synergies.directory.demo import DEMO_DOMAIN
from synergies.poles.models import Pole
from synergies.transmissions import services
from synergies.transmissions.models import Transmission, TransmissionSettings

D = datetime.date

# Transmissions of the decisions marked "transmit": (title of decision, sent, acknowledged, answer) where answer is
# (verdict, received, text, conditions, authority, reference) or None while awaited.
TRANSMISSIONS = [
    (
        "Définition de travail du concept « compétences de base »",
        D(2019, 10, 18),
        D(2019, 10, 25),
        (
            "approved",
            D(2019, 11, 21),
            "L’Instance approuve la définition de travail et invite le pôle à en faire un référentiel.",
            "",
            "",
            "IB-HC/2019/11",
        ),
    ),
    (
        "Adoption du référentiel des compétences de base, version 1.0",
        D(2020, 12, 17),
        D(2020, 12, 21),
        (
            "approved",
            D(2021, 2, 11),
            "L’Instance approuve le référentiel et en assure la diffusion.",
            "",
            "",
            "IB-HC/2021/02",
        ),
    ),
    (
        "Recommandation : réduire la fracture numérique des apprenants",
        D(2020, 12, 17),
        D(2020, 12, 21),
        (
            "relayed",
            D(2021, 2, 11),
            "L’Instance relaie la recommandation.",
            "",
            "Ministre wallonne de l’Emploi et de la Formation",
            "IB-HC/2021/02",
        ),
    ),
    (
        "Rapport d’activités 2019–2021 et dossier d’évaluation du premier mandat",
        D(2021, 10, 20),
        D(2021, 10, 22),
        ("approved", D(2021, 12, 9), "L’Instance renouvelle le pôle pour 2022–2025.", "", "", "IB-HC/2021/12"),
    ),
    (
        "Projet « Passeport compétences de base » soumis à l’Instance",
        D(2023, 6, 22),
        D(2023, 6, 26),
        (
            "approved_with_conditions",
            D(2023, 9, 21),
            "L’Instance approuve le projet.",
            "Un budget limité à la coordination ; un bilan intermédiaire en juin 2024.",
            "",
            "IB-HC/2023/09",
        ),
    ),
    (
        "Recommandation : reconnaître le savoir-être dans les parcours d’insertion",
        D(2023, 10, 19),
        D(2023, 10, 24),
        (
            "refused",
            D(2023, 12, 7),
            "L’Instance estime que les référentiels de formation relèvent du SFMQ et invite "
            "le pôle à y contribuer directement.",
            "",
            "",
            "IB-HC/2023/12",
        ),
    ),
    (
        "Adoption de la version 1.1 du référentiel des compétences de base",
        D(2024, 6, 20),
        D(2024, 6, 24),
        ("approved", D(2024, 9, 19), "L’Instance approuve la version 1.1.", "", "", "IB-HC/2024/09"),
    ),
    (
        "Dossier d’évaluation du deuxième mandat",
        D(2024, 10, 24),
        D(2024, 10, 28),
        ("approved", D(2024, 11, 21), "L’Instance renouvelle le pôle pour 2025–2028.", "", "", "IB-HC/2024/11"),
    ),
    ("Recommandation : renforcer l’offre de formation en numératie", D(2026, 10, 22), D(2026, 10, 28), None),
]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_demo(pole: Pole, *, by: Any) -> list[Transmission]:
    """Transmit the demo decisions in date order (before any correction of them), as the secretariat did."""
    if Transmission.objects.filter(pole=pole).exists():
        return []
    TransmissionSettings.objects.update_or_create(pole=pole, defaults={"recipient_email": f"instance@{DEMO_DOMAIN}"})
    sent = []
    for title, sent_on, acknowledged_on, answer in TRANSMISSIONS:
        decision = Decision.objects.get(pole=pole, title=title)
        transmission = services.prepare_transmission(decision, by=by, at=_at(sent_on, 9))
        services.send_transmission(transmission, by=by, at=_at(sent_on, 11), notify=False)
        services.record_acknowledgement(transmission, on=acknowledged_on, by=by)
        if answer is not None:
            verdict, received_on, text, conditions, authority, reference = answer
            services.record_response(
                transmission,
                verdict=verdict,
                received_on=received_on,
                text=text,
                conditions=conditions,
                authority=authority,
                reference=reference,
                by=by,
                notify=False,
            )
        sent.append(transmission)
    return sent
