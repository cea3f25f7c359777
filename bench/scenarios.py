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


SEARCH_BUDGET_MS = 100.0  # issue 7: a catalogue search with a query and two facets, p95 server time at 100,000 records
SEARCH = "/pratiques/recherche/"

PRACTICES_SCENARIOS: tuple[str, ...] = tuple(
    register(s).name
    for s in [
        Scenario(
            "practices-search-common",
            SEARCH + "?q=alphab%C3%A9tisation&public=ALPHA&commune=58001",
            "a common word, a public and a commune (La Louvière)",
            SEARCH_BUDGET_MS,
        ),
        Scenario(
            "practices-search-rare",
            SEARCH + "?q=apiculture&kind=methode&commune=53053",
            "a rare word, a kind and a commune (Mons)",
            SEARCH_BUDGET_MS,
        ),
        Scenario(
            "practices-search-typo",
            SEARCH + "?q=alphabetisaton&public=DE-PQ&commune=53053",
            "a typo (« alphabetisaton »), a public and a commune",
            SEARCH_BUDGET_MS,
        ),
        Scenario(
            "practices-search-synonym",
            SEARCH + "?q=maths&public=CISP&commune=58001",
            "a synonym (« maths » → numératie), a public and a commune",
            SEARCH_BUDGET_MS,
        ),
        Scenario(
            "practices-search-accents",
            SEARCH + "?q=securite+numerique&public=RIS&modality=presentiel",
            "two words typed without accents, a public and a modality",
            SEARCH_BUDGET_MS,
        ),
        Scenario(
            "practices-search-words",
            SEARCH + "?q=calcul+cuisine&kind=methode&domain=CB-NUM",
            "two words, a kind and a skill domain",
            SEARCH_BUDGET_MS,
        ),
        Scenario(
            "practices-search-page-2",
            SEARCH + "?q=lecture&public=DE&evidence=2&page=2",
            "the second page of a frequent word with a public and an evidence level (a page the 1k scale has too)",
            SEARCH_BUDGET_MS,
        ),
        Scenario("practices-home", "/pratiques/", "the catalogue's home: latest, inspiring, by domain"),
        Scenario("practice", "/pratiques/{practice}/", "one practice's page with « voir aussi »"),
        Scenario("practices-territory", "/pratiques/territoire/", "practices per commune and sub-area"),
        Scenario(
            "practices-api-search",
            "/api/v1/practices/?q=alphab%C3%A9tisation&public=ALPHA&commune=58001",
            "the same search as JSON",
            SEARCH_BUDGET_MS,
        ),
        Scenario("practices-feed", "/pratiques/flux.rss", "the RSS feed of new publications"),
    ]
)
