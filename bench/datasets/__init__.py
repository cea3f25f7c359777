"""Data sets the benchmark generates, one module each: `directory` (organisations, people), `governance` (a pôle's
meetings and decision register).

`generate` runs inside a configured Django process (the build subprocess, or a pytest `db` test) on a database that
already holds the reference data. It writes the many rows with bulk_create: the model's save() is bypassed, so every
field that save() derives (search_text, enterprise_number's None) is computed there the same way.
"""

from bench.datasets.base import GENERATOR_VERSION, Dataset, Generated, fingerprint
from bench.datasets.directory import (
    COMMUNE_WEIGHTS,
    NAME_PATTERNS,
    TYPE_WEIGHTS,
    DirectoryDataset,
    enterprise_number,
)
from bench.datasets.governance import GovernanceDataset

__all__ = [
    "COMMUNE_WEIGHTS",
    "GENERATOR_VERSION",
    "NAME_PATTERNS",
    "TYPE_WEIGHTS",
    "Dataset",
    "DirectoryDataset",
    "Generated",
    "GovernanceDataset",
    "enterprise_number",
    "fingerprint",
]
