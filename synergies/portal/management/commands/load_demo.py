from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from synergies.basins.models import Basin
from synergies.basins.reference import load_reference_data
from synergies.decisions import demo as decisions_demo
from synergies.directory import demo
from synergies.poles import demo as poles_demo
from synergies.practices import demo as practices_demo
from synergies.skills import demo as skills_demo
from synergies.transmissions import demo as transmissions_demo


class Command(BaseCommand):
    help = (
        "Charge les données de référence et la démonstration de Hainaut-Centre, puis affiche les comptes. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        load_reference_data()
        accounts = demo.load_demo()
        secretariat = get_user_model().objects.get(email=demo.ACCOUNTS[1].email)
        poles = poles_demo.load_demo(Basin.objects.get(code="hainaut-centre"), by=secretariat)
        skills_demo.load_frameworks(by=secretariat)
        # The register adopts the referential's versions and labels practices: their apps make them on the day.
        subjects = {
            **skills_demo.subjects(poles[0], by=secretariat),
            **practices_demo.subjects(poles[0], by=secretariat),
        }
        decisions_demo.load_demo(poles[0], by=secretariat, subjects=subjects)
        transmissions_demo.load_demo(poles[0], by=secretariat)
        practices_demo.load_demo(poles[0], by=secretariat)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {demo.DEMO_PASSWORD}) :")
        for account in accounts:
            self.stdout.write(f"  {account.email:<45} {account.role}")
