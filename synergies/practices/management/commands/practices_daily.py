"""The catalogue's daily run (cron): yearly reviews fall due, and links not checked for a week are queued for a check.
Idempotent: a second run the same day finds nothing more to do."""

from typing import Any

from django.core.management.base import BaseCommand

from synergies.practices import tasks
from synergies.practices.services.links import links_to_check
from synergies.practices.services.workflow import ask_for_due_reviews


class Command(BaseCommand):
    help = "Demande les relectures annuelles échues et met en file la vérification des liens des pratiques publiées."

    def handle(self, *args: Any, **options: Any) -> None:
        reviews = ask_for_due_reviews()
        practices = links_to_check()
        for practice_id in practices:
            tasks.check_practice_links.enqueue(practice_id)
        self.stdout.write(
            f"{reviews} relecture(s) annuelle(s) demandée(s) ; liens de {len(practices)} pratique(s) à vérifier."
        )
