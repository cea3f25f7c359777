from typing import Any

from django.core.management.base import BaseCommand

from synergies.poles.notifications import send_reminders


class Command(BaseCommand):
    help = "Rappelle au secrétariat la fin des mandats et l’échéance des évaluations (à lancer chaque jour)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_reminders()} rappel(s) envoyé(s).")
