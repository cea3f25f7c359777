from typing import Any

from django.core.management.base import BaseCommand

from synergies.decisions.services import close_due_rounds


class Command(BaseCommand):
    help = "Clôture les tours en ligne et les procédures écrites dont l’échéance est passée."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = close_due_rounds()
        self.stdout.write(f"{len(closed)} tour(s) clôturé(s).")
