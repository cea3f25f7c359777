from typing import Any

from django.core.management.base import BaseCommand

from synergies.meetings.services import send_due_notices


class Command(BaseCommand):
    help = (
        "Rappels des réunions aux membres, réunions à convoquer au secrétariat et alerte de cadence (R5) ; "
        "à lancer chaque jour, sans risque de doublon."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_due_notices()
        self.stdout.write(
            f"{len(report.reminders)} rappel(s) aux membres, {len(report.to_convene)} réunion(s) à convoquer signalée(s), "
            f"{len(report.cadence_alerts)} alerte(s) de cadence, {len(report.frozen)} procès-verbal(aux) à figer en PDF."
        )
