from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from synergies.lib.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Remplace la base de données par le contenu d’une archive de sauvegarde, puis vérifie chaque table."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="Archive produite par « manage.py backup ».")
        parser.add_argument("--no-media", action="store_true", help="Ne pas restaurer les fichiers déposés.")
        parser.add_argument("--yes", action="store_true", help="Ne pas demander de confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        try:
            manifest = read_manifest(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not options["yes"]:
            answer = input(f"Remplacer toute la base par la sauvegarde du {manifest['created_at']} ? Tapez « oui » : ")
            if answer.strip().lower() != "oui":
                raise CommandError("Restauration annulée.")
        try:
            problems = restore_backup(path, include_media=not options["no_media"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            raise CommandError("La base restaurée ne correspond pas à la sauvegarde :\n" + "\n".join(problems))
        self.stdout.write(
            self.style.SUCCESS(f"Restauration vérifiée : {len(manifest['tables'])} tables identiques à la sauvegarde.")
        )
