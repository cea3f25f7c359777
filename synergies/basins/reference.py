"""Load the reference data shipped in basins/data/: the ten basins, Hainaut-Centre's communes and chambers.

Idempotent: each row is matched on its natural key and updated, so running it twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from synergies.basins.models import Basin, Chamber, Commune, CommuneAlias
from synergies.lib.text import fold

DATA = Path(__file__).parent / "data"
MERGER_EVE = datetime.date(2018, 12, 31)


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    basins = json.loads((DATA / "basins.json").read_text(encoding="utf-8"))
    for order, row in enumerate(basins):
        Basin.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "order": order})
    hainaut_centre = Basin.objects.get(code="hainaut-centre")
    for row in _rows("communes-hainaut-centre.csv"):
        commune, _created = Commune.objects.update_or_create(
            nis_code=row["nis_code"],
            defaults={
                "basin": hainaut_centre,
                "name": row["name"],
                "slug": slugify(fold(row["name"])),
                "postal_code": row["postal_code"],
                "sub_area": row["sub_area"],
            },
        )
        for old in filter(None, row["old_nis_codes"].split(",")):
            CommuneAlias.objects.update_or_create(
                nis_code=old.strip(), defaults={"commune": commune, "valid_until": MERGER_EVE}
            )
    for row in _rows("chambers-hainaut-centre.csv"):
        Chamber.objects.update_or_create(
            basin=hainaut_centre, name=row["name"], defaults={"kind": row["kind"], "sub_area": row["sub_area"]}
        )
    return {
        "basins": Basin.objects.count(),
        "communes": Commune.objects.count(),
        "aliases": CommuneAlias.objects.count(),
        "chambers": Chamber.objects.count(),
    }
