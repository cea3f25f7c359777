from typing import Any

from django.core.management.base import BaseCommand, CommandError

from synergies.decisions.services import verify_register
from synergies.poles.models import Pole


class Command(BaseCommand):
    help = (
        "Vérifie la chaîne d’empreintes du registre des décisions d’un pôle (ou de tous) et nomme la première "
        "décision qui ne correspond pas."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "pole", nargs="?", help="Code du pôle (p. ex. CB), ou bassin/code (p. ex. hainaut-centre/CB)."
        )
        parser.add_argument("--all", action="store_true", help="Vérifier le registre de chaque pôle.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            poles = list(Pole.objects.select_related("basin").order_by("basin__code", "code"))
        elif options["pole"]:
            poles = [self._pole(options["pole"])]
        else:
            raise CommandError("Indiquez un pôle (p. ex. CB ou hainaut-centre/CB) ou --all.")
        broken = []
        for pole in poles:
            result = verify_register(pole)
            name = f"{pole.basin.code}/{pole.code}"
            if result.ok:
                last = result.last_hash if result.count else "—"
                self.stdout.write(f"{name} — Registre intègre : {result.count} décisions, dernière empreinte {last}")
            else:
                message = f"{name} — Registre altéré à la décision {result.broken_at} : {result.problem}."
                self.stderr.write(message)
                broken.append(message)
        if broken:
            raise CommandError(
                broken[0] if len(broken) == 1 else f"{len(broken)} registres altérés : " + " ".join(broken)
            )

    def _pole(self, ref: str) -> Pole:
        basin, _sep, code = ref.rpartition("/")
        poles = Pole.objects.select_related("basin").filter(code=code.upper())
        if basin:
            poles = poles.filter(basin__code=basin)
        found = list(poles[:2])
        if not found:
            raise CommandError(f"Aucun pôle « {ref} ».")
        if len(found) > 1:
            raise CommandError(f"Plusieurs bassins ont un pôle « {code} » : précisez bassin/code.")
        return found[0]
