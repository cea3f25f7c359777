"""The harness's parts that run without a server: the generator (on pytest's database), statistics and reporting."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bench import report
from bench.cli import QUICK, Options, options_from, parse_args
from bench.datasets import (
    COMMUNE_WEIGHTS,
    NAME_PATTERNS,
    TYPE_WEIGHTS,
    DirectoryDataset,
    GovernanceDataset,
    enterprise_number,
    fingerprint,
)
from bench.datasets.practices import PracticesDataset
from bench.measure import Response, Throughput, parse_server_timing
from bench.scales import SCALES, Scale, register, select
from bench.scenarios import SCENARIOS
from synergies.basins.models import Commune
from synergies.decisions.models import Decision
from synergies.decisions.services import verify_register
from synergies.directory.models import Affiliation, Organisation, Person, Site
from synergies.directory.types import TYPES
from synergies.directory.validators import validate_enterprise_number
from synergies.lib.text import fold
from synergies.meetings.models import CalendarToken, Meeting
from synergies.meetings.views.public import FEED_HISTORY
from synergies.poles.models import Pole


def test_generator_fills_a_tiny_scale_with_the_expected_counts(db: Any, reference_data: None) -> None:
    dataset = DirectoryDataset(organisations=50)

    generated = dataset.generate(random.Random(7))

    assert Organisation.objects.count() == 50
    assert Person.objects.count() == dataset.people == 75
    assert Affiliation.objects.count() == dataset.affiliations == 75 + 15
    assert 50 <= Site.objects.count() <= 150
    assert generated.counts == {"organisations": 50, "sites": Site.objects.count(), "people": 75, "affiliations": 90}


def test_generated_organisations_look_like_saved_ones(db: Any, reference_data: None) -> None:
    generated = DirectoryDataset(organisations=50).generate(random.Random(7))

    organisations = list(Organisation.objects.prefetch_related("sites__commune", "affiliations"))
    assert all(o.search_text == fold(f"{o.name} {o.acronym}") for o in organisations)
    assert all(sum(site.is_main for site in o.sites.all()) == 1 for o in organisations)
    assert all(o.is_located_in(o.basin) for o in organisations)
    assert all(o.affiliations.all() for o in organisations)
    assert all(validate_enterprise_number(o.enterprise_number) for o in organisations if o.enterprise_number)
    assert len({o.world for o in organisations}) >= 3
    assert Organisation.objects.active().filter(slug=generated.samples["organisation"]).exists()
    assert Person.objects.filter(public_consent=True, consent_recorded_at__isnull=True).count() == 0


def test_commune_weights_name_the_reference_communes(db: Any, reference_data: None) -> None:
    assert set(COMMUNE_WEIGHTS) == set(
        Commune.objects.filter(basin__code="hainaut-centre").values_list("name", flat=True)
    )


def test_every_organisation_type_has_a_weight_and_a_name_pattern() -> None:
    assert set(TYPE_WEIGHTS) == set(TYPES) == set(NAME_PATTERNS)


def test_generated_enterprise_numbers_are_valid_and_distinct() -> None:
    numbers = [enterprise_number(i) for i in range(0, 30_000, 7)]
    assert len(set(numbers)) == len(numbers)
    assert all(validate_enterprise_number(n) == n for n in numbers[:200])


def test_a_scale_fingerprint_changes_with_its_size() -> None:
    assert fingerprint(DirectoryDataset(organisations=10)) != fingerprint(DirectoryDataset(organisations=11))
    assert fingerprint(DirectoryDataset(organisations=10)) == fingerprint(DirectoryDataset(organisations=10))


def test_default_run_measures_the_1k_and_20k_directories_and_both_governance_scales() -> None:
    assert [s.name for s in select(None)] == ["directory-1k", "directory-20k", "governance-50", "governance-500"]
    assert "governance-500" in [s.name for s in select(None, quick=True)]
    assert [s.name for s in select("directory-20k, directory-1k")] == ["directory-20k", "directory-1k"]
    with pytest.raises(ValueError, match="unknown scale"):
        select("directory-1m")


SAMPLE_NAMES = {
    DirectoryDataset: {"organisation"},
    GovernanceDataset: {"basin", "pole", "token", "year"},
    PracticesDataset: {"practice", "basin", "pole"},
}


def test_every_scenario_of_every_scale_resolves_with_the_samples_of_its_data_set() -> None:
    for scale in SCALES.values():
        samples = {name: "sample" for name in SAMPLE_NAMES[type(scale.dataset)]}
        for scenario in scale.scenarios:
            assert scenario.resolve(samples).startswith("/")
    with pytest.raises(ValueError, match="needs the sample 'token'"):
        SCENARIOS["private-feed"].resolve({"organisation": "sample"})


def test_registering_a_scale_twice_or_with_an_unknown_scenario_fails() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register(SCALES["directory-1k"])
    with pytest.raises(ValueError, match="unknown scenarios"):
        register(Scale("nowhere", DirectoryDataset(organisations=1), ("no-such-page",)))
    assert "nowhere" not in SCALES


def test_quick_options_are_tiny_and_explicit_values_win() -> None:
    assert options_from(parse_args([])) == Options()
    assert options_from(parse_args(["--quick"])) == QUICK
    assert options_from(parse_args(["--quick", "--requests", "9"])).requests == 9
    with pytest.raises(ValueError):
        options_from(parse_args(["--concurrency", "0"]))


def test_percentile_interpolates_between_ranks() -> None:
    values = [float(v) for v in range(1, 11)]
    assert report.percentile(values, 50) == 5.5
    assert report.percentile(values, 95) == pytest.approx(9.55)
    assert report.percentile(values, 0) == 1 and report.percentile(values, 100) == 10
    assert report.percentile([3.0], 95) == 3.0
    assert report.percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    with pytest.raises(ValueError):
        report.percentile([], 50)


def test_summary_skips_missing_values() -> None:
    summary = report.Summary.of([None, 2.0, 4.0, None, 6.0])
    assert summary is not None
    assert (summary.count, summary.median, summary.min, summary.max, summary.mean) == (3, 4.0, 2.0, 6.0, 4.0)
    assert report.Summary.of([None]) is None


def test_server_timing_header_is_parsed() -> None:
    assert parse_server_timing('app;dur=12.50, db;dur=3.10;desc="4 queries"') == {"app": 12.5, "db": 3.1}
    assert parse_server_timing(None) == {}


def _scale(name: str, queries: dict[str, int], status: int = 200, budget_ms: float | None = None) -> report.ScaleResult:
    result = report.ScaleResult(scale=name, description="", manifest={}, built=False, workers=2)
    for scenario, count in queries.items():
        responses = [Response(status, 2048, 10.0 + i, 8.0 + i, 1.0, count) for i in range(5)]
        result.scenarios.append(
            report.ScenarioResult.from_responses(
                name,
                scenario,
                f"/{scenario}/",
                responses,
                Throughput(clients=2, seconds=2.0, requests=100, errors=0),
                budget_ms=budget_ms,
            )
        )
    return result


def test_a_query_count_that_grows_with_the_data_is_flagged_and_marked() -> None:
    scales = [_scale("small", {"home": 5, "list": 4}), _scale("large", {"home": 5, "list": 7})]

    flags = report.flags(scales)
    text = report.table(scales)

    assert flags == ["list: query count differs between scales (small=4, large=7) — it must not grow with data"]
    assert report.drifting(scales) == {"list"}
    lines = text.splitlines()
    assert lines[0].split() == [
        "scale", "scenario", "queries", "median", "ms", "p95", "ms", "budget", "ms", "req/s", "size"
    ]  # fmt: skip
    assert lines[2].split() == ["small", "home", "5", "10.0", "11.8", "–", "50.0", "2.0", "KiB"]
    assert "7 !" in lines[5]


def test_failed_requests_and_unstable_query_counts_are_flagged() -> None:
    scale = _scale("small", {"home": 5}, status=500)
    scale.scenarios[0].query_counts = [5, 6]

    flags = report.flags([scale])

    assert any("HTTP 500" in f for f in flags)
    assert any("varies between requests" in f for f in flags)


def test_a_p95_server_time_over_the_budget_is_flagged_and_marked() -> None:
    # Server times of the fake responses are 8–12 ms: p95 11.8 ms.
    within, over = _scale("small", {"feed": 3}, budget_ms=12), _scale("large", {"feed": 3}, budget_ms=11.5)

    assert report.flags([within]) == []
    assert report.flags([over]) == ["large / feed: p95 server time 11.8 ms over its budget of 11.5 ms"]
    assert "11.8 !" in report.table([over]).splitlines()[2]
    assert "11.8 !" not in report.table([within])
    assert over.to_json()["scenarios"][0]["budget_ms"] == 11.5


def test_the_feeds_have_the_budget_the_product_owner_asked_for() -> None:
    feeds = [SCENARIOS[name] for name in ("agenda-feed", "pole-feed", "private-feed")]
    assert all(s.budget_ms == 500 and s.path.endswith(".ics") for s in feeds)
    assert all(SCENARIOS[name].budget_ms for name in SCALES["governance-500"].scenario_names)


def test_results_are_saved_with_latest_except_for_quick_runs(tmp_path: Path) -> None:
    document: dict[str, Any] = {
        "scales": [s.to_json() for s in [_scale("small", {"home": 5})]],
        "machine": report.machine_info(),
    }

    saved = report.write_results(document, tmp_path)
    quick = report.write_results(document, tmp_path / "quick", latest=False)

    assert json.loads((tmp_path / "latest.json").read_text()) == json.loads(saved.read_text())
    assert json.loads(saved.read_text())["scales"][0]["scenarios"][0]["throughput"]["per_second"] == 50.0
    assert quick.name.endswith("-quick.json") and not (tmp_path / "quick" / "latest.json").exists()
    assert document["machine"]["cpu_count"]


def test_every_registered_scenario_path_is_absolute() -> None:
    assert all(s.path.startswith("/") for s in SCENARIOS.values())


def test_the_governance_generator_fills_a_public_pole_whose_feeds_show_every_meeting(
    db: Any, reference_data: None
) -> None:
    generated = GovernanceDataset(meetings=30, decisions=60).generate(random.Random(7))

    pole = Pole.objects.get(basin__code=generated.samples["basin"], code=generated.samples["pole"])
    member = CalendarToken.objects.get(token=generated.samples["token"]).user.person
    in_feed = Meeting.objects.filter(starts_at__gte=timezone.now() - FEED_HISTORY)
    assert generated.counts == {"bodies": 5, "meetings": 30, "agenda_items": 120, "decisions": 60}
    assert in_feed.public().of_pole(pole).count() == 30
    assert in_feed.attended_by(member).count() == 30
    assert Meeting.objects.filter(starts_at__gt=timezone.now()).exists()
    assert {m.agenda_items.count() for m in Meeting.objects.all()} == {4}
    assert len(set(Meeting.objects.values_list("uid", flat=True))) == 30


def test_the_generated_register_is_a_valid_chain_numbered_per_year(db: Any, reference_data: None) -> None:
    generated = GovernanceDataset(meetings=5, decisions=120).generate(random.Random(7))

    pole = Pole.objects.get(code=generated.samples["pole"])
    verification = verify_register(pole)
    decisions = list(Decision.objects.of_pole(pole).order_by("sequence"))
    assert verification.ok and verification.count == 120
    assert len({d.year for d in decisions}) == 8
    for year in {d.year for d in decisions}:
        numbers = [d.number for d in decisions if d.year == year]
        assert numbers == list(range(1, len(numbers) + 1))
    assert any(d.corrects_id for d in decisions)
    assert all(d.search_text == fold(f"{d.reference} {d.title} {d.text} {d.rationale}") for d in decisions)
    assert Decision.objects.of_pole(pole).matching("referentiel").exists()


def test_every_governance_scenario_answers_on_a_generated_data_set(
    db: Any, reference_data: None, client: Client
) -> None:
    generated = GovernanceDataset(meetings=10, decisions=30).generate(random.Random(7))

    for name in SCALES["governance-500"].scenario_names:
        response = client.get(SCENARIOS[name].resolve(generated.samples))
        assert response.status_code == 200, name
        if name.endswith("feed"):
            assert response.content.count(b"BEGIN:VEVENT") == 10, name
