from typing import Any

from django.core.management.base import BaseCommand

from synergies.decisions.services import close_due_rounds, send_due_reminders


class Command(BaseCommand):
    help = (
        "À lancer chaque jour : rappelle l’échéance des procédures écrites aux membres qui n’ont pas pris position "
        "(une seule fois par tour), puis clôture les tours dont l’échéance est passée."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders()
        closed = close_due_rounds()
        self.stdout.write(f"{sent} rappel(s) envoyé(s), {len(closed)} tour(s) clôturé(s).")
        for round in closed:
            self.stdout.write(f"  {round.proposal.title} — tour {round.number} : {round.get_outcome_display()}")
