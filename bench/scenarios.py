"""The pages the benchmark measures, by name. Add one with `register(Scenario(...))` and list it in a scale.

A path may name a sample of the generated data in braces (`/annuaire/organisations/{organisation}/`); the
generator records the samples in the scale's manifest so each scale measures an equivalent object.

A scenario may carry a budget: the 95th percentile of its server time (Server-Timing `app`), in milliseconds. A run
flags a scenario over its budget, as it flags one whose query count varies between requests or grows between scales
(the query count's budget: constant).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    description: str = ""
    budget_ms: float | None = None

    def resolve(self, samples: Mapping[str, str]) -> str:
        try:
            return self.path.format_map(samples)
        except KeyError as exc:
            raise ValueError(
                f"scenario {self.name!r} needs the sample {exc.args[0]!r}, which the data set lacks"
            ) from exc


SCENARIOS: dict[str, Scenario] = {}


def register(scenario: Scenario) -> Scenario:
    if scenario.name in SCENARIOS:
        raise ValueError(f"scenario {scenario.name!r} is already registered")
    SCENARIOS[scenario.name] = scenario
    return scenario


DIRECTORY_SCENARIOS: tuple[str, ...] = tuple(
    register(s).name
    for s in [
        Scenario("directory-home", "/annuaire/", "the directory's first page"),
        Scenario("directory-filtered", "/annuaire/?monde=training&commune=mons", "world and commune filters"),
        Scenario("directory-search", "/annuaire/?q=centre", "a name search matching many organisations"),
        Scenario("directory-page-20", "/annuaire/?page=20", "a late page of the directory"),
        Scenario("organisation", "/annuaire/organisations/{organisation}/", "one organisation's page"),
        Scenario("basin-home", "/", "the default basin's home page"),
        Scenario("healthz", "/healthz", "the health check (database, cache, task queue)"),
    ]
)


FEED_BUDGET_MS = 500.0  # the product owner's requirement for the iCal feed of 500 meetings
REGISTER_BUDGET_MS = 500.0
POLE = "/poles/{basin}/{pole}"

GOVERNANCE_SCENARIOS: tuple[str, ...] = tuple(
    register(s).name
    for s in [
        Scenario("agenda-feed", "/agenda.ics", "the public iCal feed of every public pôle", FEED_BUDGET_MS),
        Scenario("pole-feed", POLE + "/reunions.ics", "the pôle's public iCal feed", FEED_BUDGET_MS),
        Scenario(
            "private-feed", "/agenda/prive/{token}.ics", "the private feed of a member of every body", FEED_BUDGET_MS
        ),
        Scenario("register", POLE + "/registre/", "the public decision register's first page", REGISTER_BUDGET_MS),
        Scenario(
            "register-year", POLE + "/registre/?annee={year}", "the register filtered on last year", REGISTER_BUDGET_MS
        ),
        Scenario("register-search", POLE + "/registre/?q=referentiel", "a search in the register", REGISTER_BUDGET_MS),
        Scenario("register-page-20", POLE + "/registre/?page=20", "a late page of the register", REGISTER_BUDGET_MS),
    ]
)
