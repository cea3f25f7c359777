"""`manage.py load_frameworks`: the external frameworks' data files and ESCO, for a fresh installation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from synergies.skills.esco import BUNDLED
from synergies.skills.loading import load_external_frameworks
from synergies.skills.management.commands.import_esco import run_import, write_report


class Command(BaseCommand):
    help = (
        "Charge les cadres de référence externes (DigComp, CléA, CECR…) et importe ESCO depuis l’extrait fourni ou "
        "le dossier indiqué. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--esco", default=str(BUNDLED), help="Dossier des fichiers CSV d’ESCO.")
        parser.add_argument("--esco-number", default="1.2.0", help="Numéro de la version d’ESCO (par défaut : 1.2.0).")
        parser.add_argument("--no-esco", action="store_true", help="Ne pas importer ESCO.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            versions = load_external_frameworks()
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        for version in versions:
            self.stdout.write(
                _("%(framework)s %(number)s : %(count)s concepts.")
                % {"framework": version.framework.code, "number": version.number, "count": version.nodes.count()}
            )
        if not options["no_esco"]:
            write_report(self, run_import(options["esco"], options["esco_number"], None))
