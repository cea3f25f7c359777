"""`manage.py import_esco DIRECTORY [--number 1.2.0]`: import ESCO's CSV files (see the `synergies.skills.esco` package)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from synergies.skills.esco import BUNDLED, ImportReport, import_esco

SHOWN_WARNINGS = 10


def released_on(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("« %(value)s » n’est pas une date AAAA-MM-JJ.") % {"value": value}) from exc


def write_report(command: BaseCommand, report: ImportReport) -> None:
    """The summary, then the first warnings (an extract often lacks some broader concepts)."""
    command.stdout.write(report.summary())
    for warning in report.warnings[:SHOWN_WARNINGS]:
        command.stdout.write(command.style.WARNING(f"  - {warning}"))
    if len(report.warnings) > SHOWN_WARNINGS:
        command.stdout.write(
            command.style.WARNING(
                _("  … et %(count)s autres avertissements.") % {"count": len(report.warnings) - SHOWN_WARNINGS}
            )
        )
    if report.ignored:
        command.stdout.write(_("Fichiers ignorés : %(files)s.") % {"files": ", ".join(report.ignored)})


def run_import(directory: str, number: str, released: str | None) -> ImportReport:
    try:
        return import_esco(directory, number=number, released_on=released_on(released) if released else None)
    except ValidationError as exc:
        raise CommandError("\n".join(exc.messages)) from exc


class Command(BaseCommand):
    help = "Importe le pilier des aptitudes d’ESCO depuis les fichiers CSV officiels (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            default=str(BUNDLED),
            help="Dossier des fichiers CSV (par défaut : l’extrait fourni).",
        )
        parser.add_argument("--number", default="1.2.0", help="Numéro de la version d’ESCO (par défaut : 1.2.0).")
        parser.add_argument("--released-on", help="Date de publication de la version (AAAA-MM-JJ).")

    def handle(self, *args: Any, **options: Any) -> None:
        write_report(self, run_import(options["directory"], options["number"], options["released_on"]))
