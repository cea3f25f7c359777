"""Each scale's throw-away SQLite database: built in a subprocess (its own DATABASE_URL), described by a manifest.

The manifest (var/bench/<scale>.json) is written last, so a build that failed half-way is rebuilt next time; it
also records the data set's fingerprint, so changing a scale's size or the generator rebuilds its database. A
database kept from an earlier run is migrated before use.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

from bench import paths, storage
from bench.datasets import fingerprint
from bench.scales import SCALES, Scale


@dataclass(frozen=True)
class Manifest:
    scale: str
    fingerprint: str
    counts: dict[str, int]
    samples: dict[str, str]
    built_at: str
    migrate_seconds: float
    generate_seconds: float

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(**data)


def read_manifest(scale: Scale) -> Manifest | None:
    try:
        return Manifest.from_json(json.loads(paths.manifest_path(scale.name).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def remove_database(scale: Scale) -> None:
    paths.manifest_path(scale.name).unlink(missing_ok=True)
    storage.remove(paths.database_path(scale.name))


def ensure_database(scale: Scale, *, rebuild: bool = False) -> tuple[Manifest, bool]:
    """The scale's database, built if missing, outdated or `rebuild`; returns its manifest and whether it was built."""
    manifest = read_manifest(scale)
    current = (
        manifest is not None
        and manifest.fingerprint == fingerprint(scale.dataset)
        and storage.exists(paths.database_path(scale.name))
    )
    if manifest is not None and current and not rebuild:
        migrate(scale)  # the data stay valid across schema changes; the schema must be the code's
        return manifest, False
    remove_database(scale)
    paths.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    storage.create(paths.database_path(scale.name))
    subprocess.run(
        [sys.executable, "-m", "bench.database", scale.name],
        cwd=paths.ROOT,
        env=paths.django_env(paths.database_path(scale.name)),
        check=True,
    )
    built = read_manifest(scale)
    if built is None:
        raise RuntimeError(f"building {scale.name} wrote no manifest")
    return built, True


def migrate(scale: Scale) -> None:
    """Apply the migrations written since the scale's database was built (a no-op when there are none)."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=paths.ROOT,
        env=paths.django_env(paths.database_path(scale.name)),
        check=True,
    )


def build(scale: Scale) -> Manifest:
    """In the build subprocess: migrate, load the reference data, generate the scale's data set."""
    os.environ.update(paths.django_env(paths.database_path(scale.name)))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from synergies.basins.reference import load_reference_data

    expected = storage.expected_name(paths.database_path(scale.name))
    if str(settings.DATABASES["default"]["NAME"]) != expected:  # never fill the development database
        raise RuntimeError(f"refusing to build {scale.name} outside {expected}")
    start = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    load_reference_data()
    migrated = time.perf_counter()
    generated = scale.dataset.generate(random.Random(scale.seed))
    if connection.vendor == "postgresql":
        # A production server's autovacuum has analysed tables this size long before anyone searches them; a
        # server with autovacuum off (as some test machines run) would otherwise plan every query blind.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    done = time.perf_counter()
    connection.close()
    manifest = Manifest(
        scale=scale.name,
        fingerprint=fingerprint(scale.dataset),
        counts=generated.counts,
        samples=generated.samples,
        built_at=timezone.now().isoformat(timespec="seconds"),
        migrate_seconds=round(migrated - start, 2),
        generate_seconds=round(done - migrated, 2),
    )
    paths.manifest_path(scale.name).write_text(json.dumps(asdict(manifest), indent=2), encoding="utf-8")
    return manifest


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in SCALES:
        print(f"usage: python -m bench.database <{'|'.join(SCALES)}>", file=sys.stderr)
        return 2
    manifest = build(SCALES[argv[0]])
    counts = ", ".join(f"{n:,} {what}" for what, n in manifest.counts.items())
    print(
        f"  built {manifest.scale}: {counts} (migrate {manifest.migrate_seconds:.1f} s, "
        f"generate {manifest.generate_seconds:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
