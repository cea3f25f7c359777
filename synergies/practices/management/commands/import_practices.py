"""`manage.py import_practices FILE`: the interchange CSV into a pôle's catalogue, all of it or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from synergies.practices.interchange.cli import find_pole, find_user
from synergies.practices.interchange.importer import ImportRefused, import_practices

PROGRESS_EVERY = 1000


class Command(BaseCommand):
    help = _(
        "Importe des pratiques depuis un fichier CSV d’échange (16 colonnes) ; rien n’est écrit au moindre problème."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--publish", action="store_true", help=_("publier les fiches créées ou mises à jour"))
        parser.add_argument("--pole", help=_("bassin/code du pôle, p. ex. hainaut-centre/CB"))
        parser.add_argument("--by", help=_("adresse du compte au nom duquel importer"))
        parser.add_argument("--dry-run", action="store_true", help=_("tout vérifier sans rien écrire"))

    def progress(self, stage: str, done: int, total: int) -> None:
        if total >= PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
            label = _("lignes vérifiées") if stage == "validated" else _("lignes écrites")
            self.stderr.write(f"{done}/{total} {label}")

    def handle(self, *args: Any, **options: Any) -> None:
        pole = find_pole(options["pole"])
        user = find_user(options["by"])
        if user is not None and not user.has_perm("practices.import_practices", pole):
            raise CommandError(_("%(email)s n’importe pas de pratiques dans ce pôle.") % {"email": user.email})
        try:
            data = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(_("Fichier illisible : %(error)s") % {"error": error}) from error
        try:
            report = import_practices(
                data, pole, by=user, publish=options["publish"], dry_run=options["dry_run"], progress=self.progress
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)s problème(s) : rien n’a été importé.") % {"count": len(refused.problems)}
            ) from refused
        summary = _("créées : %(created)s ; mises à jour : %(updated)s ; inchangées : %(unchanged)s") % {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if report.dry_run:
            summary = _("Essai, rien n’a été écrit. %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
        if report.new_organisations:
            self.stdout.write(
                _("Organisations inconnues créées, à vérifier : %(names)s")
                % {"names": ", ".join(report.new_organisations)}
            )
        self.stdout.write(_("%(rows)s lignes en %(seconds).1f s.") % {"rows": report.rows, "seconds": report.seconds})
