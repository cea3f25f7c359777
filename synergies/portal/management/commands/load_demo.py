from typing import Any

from django.core.management.base import BaseCommand

from synergies.basins.reference import load_reference_data
from synergies.directory import demo


class Command(BaseCommand):
    help = (
        "Charge les données de référence et la démonstration de Hainaut-Centre, puis affiche les comptes. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        load_reference_data()
        accounts = demo.load_demo()
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {demo.DEMO_PASSWORD}) :")
        for account in accounts:
            self.stdout.write(f"  {account.email:<45} {account.role}")
