"""The catalogue of a basin at scale: a public pôle with the seed referential in force, a directory of holders, and
`practices` records with their skills, communes, partners, links and first revision, indexed for the search.

The pôle and its referential go through the services (a handful of rows); the directory is the directory data set;
practices and their relations are bulk-created in chunks (their save() derives nothing), then indexed by the
catalogue's own `indexing.documents` through `search.index_documents`, timed apart (counts["index_ms"]).

Facets follow what a basin's catalogue would hold: mostly methods and resources for low-qualified publics, literacy
before numeracy and digital skills, communes weighted by population, mostly published since four years.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bench.datasets.base import Generated
from bench.datasets.directory import COMMUNE_WEIGHTS, DirectoryDataset
from bench.datasets.practices_text import ACTIVITIES, TRADES, Corpus, Writer

CHUNK = 5_000
KINDS = {"methode": 35, "outil": 20, "dispositif": 15, "ressource": 20, "projet": 10}
PUBLICS = {
    "DE": 12, "DE-PQ": 14, "ELEVE-Q": 10, "CEFA": 5, "EPS": 5, "CISP": 12, "ALPHA": 10, "FLE": 8, "RIS": 7,
    "TRAV": 6, "NEET": 6, "PRO": 5,
}  # fmt: skip
DOMAINS = {"CB-LIT": 30, "CB-NUM": 18, "CB-DIG": 20, "CB-APP": 8, "CB-SOC": 9, "CB-PER": 8, "CB-VIE": 7}
MODALITIES = {"presentiel": 68, "hybride": 20, "distanciel": 12}
EVIDENCE = {1: 45, 2: 35, 3: 15, 4: 5}
STATUSES = {"published": 88, "to_revise": 4, "draft": 3, "submitted": 2, "in_review": 1, "archived": 2}
# Holders by world: the catalogue is the operators', much less the companies'.
WORLD_WEIGHTS = {"training": 4.0, "education": 3.0, "employment": 3.0, "resources": 1.5, "business": 0.3}
LABELLED_EVERY = 500  # one practice in 500 is « inspirante », each by its own decision of the register
HISTORY_DAYS = 4 * 365


def _weighted(rng: random.Random, weights: Mapping[Any, float], k: int = 1) -> list[Any]:
    """k distinct values drawn by weight."""
    pool, chosen = dict(weights), []
    for _ in range(min(k, len(pool))):
        value = rng.choices(list(pool), list(pool.values()))[0]
        chosen.append(value)
        del pool[value]
    return chosen


def public_pole(basin: Any) -> Any:
    """The pôle « Compétences de base », public (a mandate in force), with the seed referential (DESIGN §5) in force."""
    from django.utils import timezone

    from synergies.poles import services
    from synergies.poles.models import Pole
    from synergies.skills import exports
    from synergies.skills.models import FrameworkVersion
    from synergies.skills.services.versions import create_referential, read_seed

    today = timezone.localdate()
    start = today - datetime.timedelta(days=HISTORY_DAYS + 30)
    pole = services.create_pole(
        {
            "basin": basin, "name": "Compétences de base", "code": "CB", "theme_kind": Pole.ThemeKind.TRANSVERSAL,
            "transversal_reference": "IB-BENCH-01", "transversal_date": start - datetime.timedelta(days=60),
        },
        by=None,
    )  # fmt: skip
    mandate_start = today - datetime.timedelta(days=400)
    services.open_first_mandate(
        pole,
        start=mandate_start,
        end=services.default_mandate_end(mandate_start),
        decision_reference="IB-BENCH-02",
        decision_date=mandate_start - datetime.timedelta(days=30),
        by=None,
    )
    version = create_referential(pole, by=None, number="1.1", data=read_seed())
    version.content_hash = exports.content_hash(version)
    version.status, version.released_on = FrameworkVersion.Status.ADOPTED, start.replace(day=1)
    version.save()
    return pole


@dataclass(frozen=True)
class PracticesDataset:
    """`practices` records held by organisations of a directory of `organisations`."""

    practices: int
    organisations: int = 2_000

    def __post_init__(self) -> None:
        if self.practices < 1 or self.organisations < 10:
            raise ValueError(f"invalid practices data set: {self!r}")

    def generate(self, rng: random.Random) -> Generated:
        from django.db import transaction

        with transaction.atomic():
            generated = self._generate(rng)
        return generated

    def _generate(self, rng: random.Random) -> Generated:
        from synergies.basins.models import Basin
        from synergies.practices.models import Practice

        basin = Basin.objects.get(code="hainaut-centre")
        directory = DirectoryDataset(organisations=self.organisations).generate(rng)
        pole = public_pole(basin)
        holders, weights = self._holders(basin)
        concepts = self._concepts(pole)
        decisions = self._decisions(pole, self.practices // LABELLED_EVERY)
        writer = Writer(rng, Corpus.load())
        counts = {"practices": 0, "skills": 0, "communes": 0, "partners": 0, "links": 0}
        for start in range(0, self.practices, CHUNK):
            size = min(CHUNK, self.practices - start)
            written = self._chunk(pole, start, size, rng, writer, holders, weights, concepts, decisions)
            for key, value in written.items():
                counts[key] += value
        from synergies.practices.services.synonyms import seed_synonyms

        seed_synonyms()  # the shipped synonyms (« maths » → numératie…), as an installed catalogue has them
        index_ms = self._index()
        sample = Practice.objects.published().filter(label_decision__isnull=True).order_by("pk")[self.practices // 3]
        return Generated(
            counts={**counts, "organisations": directory.counts["organisations"], "index_ms": index_ms},
            samples={"practice": sample.slug, "basin": basin.code, "pole": pole.code},
        )

    def _holders(self, basin: Any) -> tuple[list[Any], list[float]]:
        from synergies.directory.models import Organisation

        organisations = list(Organisation.objects.filter(basin=basin).order_by("pk"))
        return organisations, [WORLD_WEIGHTS[str(o.world.value)] for o in organisations]

    def _concepts(self, pole: Any) -> dict[str, list[Any]]:
        """The competences of the referential in force, by domain."""
        from synergies.skills.models import Node

        found: dict[str, list[Any]] = {}
        nodes = Node.objects.filter(version__framework__pole=pole, kind=Node.Kind.COMPETENCE).select_related(
            "concept", "parent__concept"
        )
        for node in nodes.order_by("concept__code"):
            found.setdefault(node.parent.concept.code, []).append(node.concept)
        return found

    def _decisions(self, pole: Any, count: int) -> list[Any]:
        """The register's decisions granting the label, chained like real entries."""
        from django.utils import timezone

        from synergies.decisions.models import Decision, Kind, Method
        from synergies.decisions.services.register import hashed_data, reference_for
        from synergies.lib import hashchain

        body = pole.bodies.get(kind="steering_committee")
        today = timezone.localdate()
        previous, written = hashchain.GENESIS, []
        for index in range(count):
            day = today - datetime.timedelta(days=300 - index * 290 // max(1, count))
            decision = Decision(
                pole=pole, sequence=index + 1, year=day.year, number=index + 1,
                reference=reference_for(pole, day.year, index + 1), body=body, kind=Kind.DECISION,
                title=f"Label « pratique inspirante » n° {index + 1}",
                text="Le comité de pilotage reconnaît la pratique comme pratique inspirante du pôle.",
                rationale="Critères du label du pôle.", method=Method.MEETING, decided_on=day, is_public=True,
                summary={"agree": 10, "reservation": 0, "stand_aside": 0, "object": 0, "deemed": 0,
                         "participants": 10, "eligible": 12},
                recorded_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
                previous_hash=previous,
            )  # fmt: skip
            decision.hash = previous = hashchain.link(previous, hashed_data(decision))
            decision.save(force_insert=True)
            written.append(decision)
        return written

    def _chunk(
        self,
        pole: Any,
        start: int,
        size: int,
        rng: random.Random,
        writer: Writer,
        holders: list[Any],
        weights: list[float],
        concepts: dict[str, list[Any]],
        decisions: list[Any],
    ) -> dict[str, int]:
        from django.utils import timezone
        from django.utils.text import slugify

        from synergies.basins.models import Commune
        from synergies.practices.models import Link, Partner, Practice, PracticeSkill, Revision

        communes = list(Commune.objects.filter(basin=pole.basin).order_by("name"))
        commune_weights = {c: COMMUNE_WEIGHTS.get(c.name, 10) for c in communes}
        now = timezone.now()
        rows, relations = [], []
        for index in range(start, start + size):
            kind = _weighted(rng, KINDS)[0]
            publics = _weighted(rng, PUBLICS, rng.choice([1, 1, 2, 2, 3]))
            domains = _weighted(rng, DOMAINS, rng.choice([1, 1, 2, 2, 3]))
            skills = [rng.choice(concepts[d]) for d in domains]
            skills += rng.sample(concepts[domains[0]], min(len(concepts[domains[0]]), rng.choice([0, 1, 1, 2])))
            places = _weighted(rng, commune_weights, rng.choice([1, 1, 1, 2, 3]))
            trade, activity = rng.choice(TRADES), rng.choice(ACTIVITIES)
            status = _weighted(rng, STATUSES)[0]
            published = now - datetime.timedelta(days=rng.randrange(HISTORY_DAYS), hours=rng.randrange(24))
            if status == "to_revise":
                published = min(published, now - datetime.timedelta(days=400))
            title = writer.title(kind, domains[0], publics[0], places[0].name)
            group_min = rng.choice([None, 4, 6, 8])
            label = decisions[index // LABELLED_EVERY] if decisions and index % LABELLED_EVERY == 0 else None
            rows.append(
                Practice(
                    pole=pole,
                    slug=f"{slugify(title)[:100]}-{index + 1}",
                    status=status,
                    title=title[:200],
                    summary=writer.summary(trade, activity),
                    description=writer.description(trade, places[0].name),
                    kind=kind,
                    holder=rng.choices(holders, weights)[0],
                    contact_email="",
                    publics=publics,
                    levels=sorted(rng.sample(["P0", "P1", "P2", "P3", "P4"], rng.randint(1, 3))),
                    modality=_weighted(rng, MODALITIES)[0],
                    duration_hours=Decimal(rng.choice([2, 3, 6, 12, 20, 30, 40, 60, 120]))
                    if rng.random() < 0.8
                    else None,
                    group_size_min=group_min,
                    group_size_max=(group_min + rng.choice([4, 6, 8])) if group_min else None,
                    cost=rng.choice(["Gratuit.", "Gratuit pour les stagiaires.", "Minerval de promotion sociale.", ""]),
                    objectives=writer.part("objectives"),
                    results=writer.part("results"),
                    evidence_level=_weighted(rng, EVIDENCE)[0],
                    success_factors=writer.part("factors"),
                    pitfalls=writer.part("pitfalls"),
                    external_id=f"BENCH-{index + 1:06d}" if rng.random() < 0.3 else "",
                    erasmus_id=f"2024-1-BE01-KA220-ADU-{index:09d}" if rng.random() < 0.02 else "",
                    open_to_visits=rng.random() < 0.15,
                    seeks_partners=rng.random() < 0.2,
                    label_decision=label if status == "published" else None,
                    published_at=published if status in ("published", "to_revise", "archived") else None,
                    review_due=(published + datetime.timedelta(days=365)).date() if status != "draft" else None,
                    revision=1,
                )
            )
            partners = rng.sample(holders, rng.choice([0, 0, 0, 1, 1, 2]))
            link = f"https://example.org/pratiques/{index + 1}" if rng.random() < 0.25 else ""
            relations.append((skills, places, partners, link))
        Practice.objects.bulk_create(rows, batch_size=1000)
        through = Practice.communes.through
        skill_rows, commune_rows, partner_rows, link_rows, revisions = [], [], [], [], []
        for practice, (skills, places, partners, link) in zip(rows, relations, strict=True):
            skill_rows += [
                PracticeSkill(practice=practice, concept=c, is_main=i == 0) for i, c in enumerate(dict.fromkeys(skills))
            ]
            commune_rows += [through(practice_id=practice.pk, commune_id=c.pk) for c in places]
            partner_rows += [
                Partner(practice=practice, organisation=o, role="partenaire", position=i)
                for i, o in enumerate(partners)
                if o.pk != practice.holder_id
            ]
            if link:
                link_rows.append(Link(practice=practice, url=link, label="Site de la pratique", status="ok"))
            revisions.append(
                Revision(
                    practice=practice,
                    number=1,
                    status=practice.status,
                    author=None,
                    snapshot={"title": practice.title, "summary": practice.summary, "kind": practice.kind},
                    note="Import du catalogue de référence",
                )
            )
        PracticeSkill.objects.bulk_create(skill_rows, batch_size=2000)
        through.objects.bulk_create(commune_rows, batch_size=2000)
        Partner.objects.bulk_create(partner_rows, batch_size=2000)
        Link.objects.bulk_create(link_rows, batch_size=2000)
        Revision.objects.bulk_create(revisions, batch_size=2000)
        return {
            "practices": len(rows), "skills": len(skill_rows), "communes": len(commune_rows),
            "partners": len(partner_rows), "links": len(link_rows),
        }  # fmt: skip

    def _index(self) -> int:
        """Index every public record with the catalogue's own documents; returns the milliseconds it took."""
        from synergies.lib import search
        from synergies.practices.models import Practice
        from synergies.practices.services import indexing

        started = time.perf_counter()
        search.index_documents(indexing.INDEX, indexing.documents(Practice.objects.all()))
        return round((time.perf_counter() - started) * 1000)
