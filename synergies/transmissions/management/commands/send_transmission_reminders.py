from typing import Any

from django.core.management.base import BaseCommand

from synergies.transmissions.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Rappelle au secrétariat les réponses attendues de l’Instance : avant l’échéance, puis une fois dépassée "
        "(à lancer chaque jour ; chaque rappel ne part qu’une fois)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_due_reminders()} rappel(s) envoyé(s).")
