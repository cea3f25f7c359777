"""The catalogue's benchmark parts that run without a server: the practices generator and its search index, the
scenarios, the interchange file of the import benchmark, and the choice of backend."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from bench import imports, storage
from bench.datasets.practices import PracticesDataset
from bench.datasets.practices_csv import HEADER, interchange_csv
from bench.datasets.practices_text import Corpus
from bench.scales import SCALES, select
from bench.scenarios import PRACTICES_SCENARIOS, SCENARIOS
from synergies.lib import search
from synergies.practices.interchange.columns import HEADER as INTERCHANGE_HEADER
from synergies.practices.models import Practice
from synergies.practices.services.indexing import INDEX


def test_the_practices_scale_holds_100_000_records_and_stays_out_of_the_default_run() -> None:
    assert SCALES["practices"].dataset == PracticesDataset(practices=100_000, organisations=2_000)
    assert "practices" not in [s.name for s in select(None)] + [s.name for s in select(None, quick=True)]
    assert SCALES["practices-1k"].scenario_names == SCALES["practices"].scenario_names == PRACTICES_SCENARIOS


def test_every_catalogue_search_scenario_has_a_query_two_facets_and_the_100_ms_budget() -> None:
    searches = [SCENARIOS[name] for name in PRACTICES_SCENARIOS if "search" in name]

    assert len(searches) >= 6
    for scenario in searches:
        query = scenario.path.split("?", 1)[1]
        names = [part.split("=")[0] for part in query.split("&")]
        assert names[0] == "q" and len([n for n in names if n not in ("q", "page")]) == 2, scenario.name
        assert scenario.budget_ms == 100


def test_the_generator_writes_practices_with_their_relations_and_indexes_the_public_ones(
    db: Any, reference_data: None
) -> None:
    generated = PracticesDataset(practices=60, organisations=30).generate(random.Random(7))

    practices = Practice.objects.all()
    assert generated.counts["practices"] == practices.count() == 60
    assert generated.counts["organisations"] == 30 and generated.counts["index_ms"] >= 0
    assert all(p.skills.exists() and p.communes.exists() for p in practices)
    assert practices.filter(status="published").count() >= 45
    assert search.search(INDEX, "").total == practices.published().count()
    facets = search.search(INDEX, "", facets=["kind", "domain", "world"], limit=0).facets
    assert len(facets["kind"]) >= 4 and len(facets["domain"]) >= 5 and len(facets["world"]) >= 3
    assert practices.published().filter(slug=generated.samples["practice"]).exists()
    assert all(p.revisions.count() == 1 for p in practices[:10])


def test_generated_texts_are_french_sentences_from_a_vocabulary_of_thousands_of_words() -> None:
    corpus = Corpus.load()

    assert len(corpus.vocabulary()) >= 2_000
    assert len(corpus.summaries) >= 60 and len(corpus.items) >= 60


def test_the_import_file_has_exactly_the_interchange_columns_and_imports_every_row(
    db: Any, reference_data: None, tmp_path: Path
) -> None:
    rows = list(csv.reader(io.StringIO(interchange_csv(30).decode("utf-8"))))

    assert tuple(rows[0]) == HEADER == tuple(INTERCHANGE_HEADER)
    assert len(rows) == 31 and len({row[0] for row in rows[1:]}) == 30
    run = imports.import_practices_csv(rows=30, directory=tmp_path)
    assert (run.rows, run.nodes) == (30, 30) and run.queries > 0
    assert Practice.objects.filter(external_id__startswith="IMP-").count() == 30


def test_the_practices_import_is_selected_by_name_with_a_budget_of_2000_rows_a_second() -> None:
    bench = imports.IMPORTS["practices-csv"]

    assert imports.select_all("practices-csv") == ([], [bench])
    assert bench.budget_seconds == imports.PRACTICES_ROWS / 2_000 and not bench.default and not bench.quick


def test_postgresql_databases_are_named_after_the_scale_on_the_server_given(monkeypatch: pytest.MonkeyPatch) -> None:
    database = Path("/tmp/var/bench/practices-1k.sqlite3")
    monkeypatch.delenv(storage.POSTGRES_URL, raising=False)
    assert storage.vendor() == "sqlite" and storage.url(database) == f"sqlite:///{database}"

    monkeypatch.setenv(storage.POSTGRES_URL, "postgres://postgres@127.0.0.1:5432/ignored")

    assert storage.vendor() == "postgresql"
    assert storage.url(database) == "postgres://postgres@127.0.0.1:5432/bench_practices_1k"
    assert storage.expected_name(Path("var/bench/practices.sqlite3")) == "bench_practices"


def test_every_practices_scenario_answers_on_a_generated_data_set(
    db: Any, reference_data: None, client: Client
) -> None:
    generated = PracticesDataset(practices=40, organisations=20).generate(random.Random(7))

    for name in PRACTICES_SCENARIOS:
        response = client.get(SCENARIOS[name].resolve(generated.samples))
        assert response.status_code == 200, (name, response.status_code)
