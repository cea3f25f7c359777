"""`manage.py export_practices`: a pôle's catalogue in the interchange format (CSV or XLSX), every state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from synergies.practices.interchange import exporting
from synergies.practices.interchange.cli import find_pole
from synergies.practices.models import Practice, Status


class Command(BaseCommand):
    help = _("Exporte les pratiques d’un pôle au format d’échange (CSV ou XLSX).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pole", help=_("bassin/code du pôle, p. ex. hainaut-centre/CB"))
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", type=Path, help=_("fichier à écrire (par défaut : la sortie standard)"))
        parser.add_argument(
            "--statut",
            default=exporting.ALL_STATES,
            choices=[exporting.ALL_STATES, *Status.values],
            help=_("statut des fiches (par défaut : tous)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pole = find_pole(options["pole"])
        records = Practice.objects.of_pole(pole)
        if options["statut"] != exporting.ALL_STATES:
            records = records.filter(status=options["statut"])
        if options["format"] == "xlsx":
            chunks: Any = [exporting.xlsx_bytes(records, with_contact=True, title=pole.name)]
        else:
            chunks = exporting.csv_chunks(records, with_contact=True)
        output = options["output"]
        if output is None:
            if options["format"] == "xlsx":
                raise CommandError(_("Un classeur ne s’écrit pas sur la sortie standard : donnez --output."))
            for chunk in chunks:
                self.stdout.write(chunk.decode("utf-8"), ending="")
            return
        with output.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        self.stderr.write(_("Export écrit dans %(path)s.") % {"path": output})
