from typing import Any

from django.core.management.base import BaseCommand

from synergies.basins.reference import load_reference_data


class Command(BaseCommand):
    help = "Charge les données de référence (bassins, communes, chambres). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_reference_data()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
