import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from synergies.poles.compliance import compliance_of
from synergies.poles.models import Pole


class Command(BaseCommand):
    help = "Affiche la conformité de la composition d’un pôle (article 18, R3 et R4), aujourd’hui ou à une date passée."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("pole", help="Code du pôle (p. ex. CB), ou bassin/code (p. ex. hainaut-centre/CB).")
        parser.add_argument("--at", help="Date AAAA-MM-JJ (par défaut : aujourd’hui).")
        parser.add_argument("--json", action="store_true", help="Sortie JSON (format documenté dans le README).")

    def handle(self, *args: Any, **options: Any) -> None:
        pole = self._pole(options["pole"])
        day = None
        if options["at"]:
            try:
                day = datetime.date.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(f"Date invalide « {options['at']} » : attendu AAAA-MM-JJ.") from exc
        compliance = compliance_of(pole, day)
        if options["json"]:
            payload = {"pole": pole.code, "basin": pole.basin.code, "name": pole.name, **compliance.as_dict()}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{pole.name} ({pole.basin.name}) au {compliance.day:%d/%m/%Y} : {compliance.verdict.upper()}"
        )
        for rule in compliance.results:
            mark = "✓" if rule.ok else "✗"
            self.stdout.write(f"  {mark} {rule.id} {rule.label} — {rule.explanation}")
            if rule.fix:
                self.stdout.write(f"      → {rule.fix}")
        for warning in compliance.warnings:
            self.stdout.write(f"  ! {warning}")

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
