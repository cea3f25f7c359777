"""`manage.py reindex_practices`: the catalogue's search index rebuilt from the records, in one transaction.

Needed after an upgrade that changes what the index holds of a record, or to repair an index; searches keep
answering from the old index until the new one is committed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergies.practices.services import indexing


class Command(BaseCommand):
    help = _("Reconstruit l’index de recherche du catalogue à partir des fiches publiques.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = indexing.rebuild()
        self.stdout.write(
            ngettext("%(count)d pratique indexée.", "%(count)d pratiques indexées.", count) % {"count": count}
        )
