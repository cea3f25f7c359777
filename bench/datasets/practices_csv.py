"""An interchange file of practices (issue 7 §6, the sixteen columns exactly) for the import benchmark.

Written without the database: organisation names follow the directory's name patterns, skill codes are the seed
referential's competences, communes the reference data's NIS codes, texts those of the practices data set. About
2,000 distinct organisations over 100,000 rows, so that the import creates them (unverified) as a real first file
would. Deterministic for a given seed; cached under var/bench/ since it takes a few seconds to write.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

from bench.datasets.directory import COMMUNE_WEIGHTS, NAME_PATTERNS
from bench.datasets.practices import DOMAINS, EVIDENCE, KINDS, MODALITIES, PUBLICS, _weighted
from bench.datasets.practices_text import ACTIVITIES, TRADES, Corpus, Writer

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "external_id", "title", "summary", "description", "kind", "organisations", "publics", "skills", "communes",
    "modality", "duration_hours", "evidence_level", "url", "contact_email", "licence", "language",
)  # fmt: skip
HOLDER_TYPES = ["cisp", "literacy", "adult_education", "secondary_school", "cpas", "forem_training", "epn", "mire"]


def competences() -> dict[str, list[str]]:
    """The seed referential's competence codes, by domain."""
    seed = json.loads((ROOT / "synergies" / "skills" / "data" / "cb-seed.json").read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}

    def walk(items: list[dict[str, Any]], domain: str = "") -> None:
        for item in items:
            code = str(item["code"])
            if item.get("kind") == "competence":
                found.setdefault(domain, []).append(code)
            walk(item.get("children", []), code if item.get("kind") == "domain" else domain)

    walk(seed["concepts"])
    return found


def communes() -> dict[str, str]:
    """Commune name → NIS code, from the reference data."""
    path = ROOT / "synergies" / "basins" / "data" / "communes-hainaut-centre.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["name"]: row["nis_code"] for row in csv.DictReader(handle, delimiter=";")}


def organisation_names(rng: random.Random, count: int) -> list[str]:
    towns = list(COMMUNE_WEIGHTS)
    names: dict[str, None] = {}
    while len(names) < count:
        pattern = rng.choice(NAME_PATTERNS[rng.choice(HOLDER_TYPES)])
        name = pattern.format(
            c=rng.choice(towns), s=rng.choice(TRADES).capitalize(), a="Services", l="Dupont", m="Lambert",
            f="ASBL", t="Saint-Joseph", u="CSC",
        )  # fmt: skip
        names[name if name not in names else f"{name} ({len(names)})"] = None
    return list(names)


def interchange_csv(rows: int, *, seed: int = 2026, organisations: int = 2_000) -> bytes:
    """`rows` practices as an interchange CSV (UTF-8, comma-separated, as the export writes it)."""
    rng = random.Random(seed)
    writer = Writer(rng, Corpus.load())
    skills, nis = competences(), communes()
    commune_weights = {name: COMMUNE_WEIGHTS.get(name, 10) for name in nis}
    names = organisation_names(rng, min(organisations, max(2, rows)))
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(HEADER)
    for index in range(rows):
        kind = _weighted(rng, KINDS)[0]
        publics = _weighted(rng, PUBLICS, rng.choice([1, 1, 2, 3]))
        domains = _weighted(rng, DOMAINS, rng.choice([1, 1, 2, 3]))
        places = _weighted(rng, commune_weights, rng.choice([1, 1, 2]))
        holder, *partners = rng.sample(names, rng.choice([1, 1, 1, 2, 3]))
        trade, activity = rng.choice(TRADES), rng.choice(ACTIVITIES)
        title = writer.title(kind, domains[0], publics[0], places[0])
        out.writerow(
            [
                f"IMP-{index + 1:06d}", title[:200], writer.summary(trade, activity),
                writer.description(trade, places[0]), kind, " | ".join([holder, *partners]), "|".join(publics),
                "|".join(rng.choice(skills[d]) for d in domains), "|".join(nis[p] for p in places),
                _weighted(rng, MODALITIES)[0], rng.choice(["", "6", "12", "20", "40,5", "120"]),
                str(_weighted(rng, EVIDENCE)[0]),
                f"https://example.org/pratiques/{index + 1}" if rng.random() < 0.3 else "",
                f"contact{index % 500}@example.org" if rng.random() < 0.4 else "", "CC-BY-4.0", "fr",
            ]
        )  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def cached_csv(rows: int, directory: Path) -> bytes:
    """The file for `rows`, written once into `directory` and read back afterwards."""
    path = directory / f"practices-import-{rows}.csv"
    sources = [Path(__file__), Path(__file__).with_name("practices_text.py"), Path(__file__).with_name("practices.py")]
    if not path.exists() or path.stat().st_mtime < max(source.stat().st_mtime for source in sources):
        directory.mkdir(parents=True, exist_ok=True)
        path.write_bytes(interchange_csv(rows))
    return path.read_bytes()
