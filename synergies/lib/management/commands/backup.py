from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from synergies.lib.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers déposés dans une archive vérifiée."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "output", nargs="?", help="Chemin de l’archive (par défaut : var/backups/synergies-<date>.tar.gz)."
        )
        parser.add_argument("--no-media", action="store_true", help="Ne pas inclure les fichiers déposés.")

    def handle(self, *args: Any, **options: Any) -> None:
        default = Path(settings.VAR_DIR) / "backups" / f"synergies-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        output = Path(options["output"]) if options["output"] else default
        try:
            manifest = create_backup(output, include_media=not options["no_media"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Sauvegarde vérifiée : {output} ({len(manifest['tables'])} tables, {rows} lignes).")
        )
