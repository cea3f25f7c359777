# ruff: noqa: F811  (the pôles' and decisions' fixtures are imported, then requested by name)
"""Fixtures of the referential's service tests: the pôle of the decisions' tests (a steering committee with a seat
per component), its referential built from a small seed by the real service, external frameworks to map it to,
and the one road to adoption — a proposal of the register, decided in a held meeting.

Time is frozen (ticking) on the decisions' day, so the pôle's mandate is in force whatever the day the tests run;
it is not frozen for every test of this folder (the exports' tests time a rendering), only where `frozen` is used.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from synergies.decisions import services as decisions
from synergies.decisions.models import Decision, Proposal, Round
from synergies.decisions.tests.conftest import (  # noqa: F401  (fixtures shared with the decisions' tests)
    NOW,
    Council,
    attend,
    council,
)
from synergies.lib.models import AuditEntry
from synergies.meetings.models import Meeting
from synergies.poles.models import Body, Pole
from synergies.poles.tests.conftest import (  # noqa: F401  (fixtures shared with the pôles' tests)
    committee,
    commune,
    make_organisation,
    mandate,
    mons,
    pole,
)
from synergies.skills import services
from synergies.skills.models import (
    Change,
    Concept,
    Framework,
    FrameworkVersion,
    LevelDescriptor,
    Lineage,
    Mapping,
    Node,
)

ESCO = "http://data.europa.eu/esco/skill/"
READ = ESCO + "4ff6df71-6988-4300-8966-9fabb2b59186"
CALCULATE = ESCO + "19ba11f3-9c99-41fd-a7c9-f77e6a026186"
TEAMWORK = ESCO + "60c78287-22eb-4103-9c8c-28deaa460da0"
INITIATIVE = ESCO + "001115fb-569f-4ee6-8381-c6807ef2527f"
WEB_SEARCH = ESCO + "ba93b71b-c433-4a01-8246-ed2daa85a9a2"

FIRST_ADOPTION = datetime.date(2025, 11, 20)
EXPIRED_DAY = datetime.date(2028, 3, 15)  # the pôle's mandate ended on 2028-02-28
REASON = "Demande du groupe de travail du 12 janvier."


def competence(code: str, label: str, **fields: Any) -> dict[str, Any]:
    return {"code": code, "kind": "competence", "label": label, **fields}


# The seed format (synergies.skills.loading): two families, three domains, eight competences, paliers, two crosswalks to ESCO.
SMALL: dict[str, Any] = {
    "framework": {
        "code": "CB",
        "name": "Compétences de base",
        "name_en": "Basic skills",
        "description": "Ce qu’une personne doit maîtriser pour se former, travailler et agir au quotidien.",
    },
    "version": {"notes": "Proposition de départ, à discuter en comité."},
    "concepts": [
        {
            "code": "SB",
            "kind": "family",
            "label": "Savoirs de base",
            "label_en": "Basic knowledge",
            "children": [
                {
                    "code": "CB-LIT",
                    "kind": "domain",
                    "label": "Littératie",
                    "label_en": "Literacy",
                    "children": [
                        competence("CB-LIT-01", "Écouter et comprendre", label_en="Listening"),
                        competence(
                            "CB-LIT-03",
                            "Lire",
                            label_en="Reading",
                            definition="Lire et comprendre les écrits de la vie courante et du travail.",
                            definition_en="Read and understand everyday and workplace texts.",
                            examples=["Lire un horaire de bus.", "Lire une consigne de sécurité."],
                            levels={
                                "P1": {"fr": "Lit des mots et des phrases simples.", "en": "Reads simple words."},
                                "P2": {"fr": "Lit un texte court et courant.", "en": "Reads a short text."},
                            },
                            mappings=[
                                {
                                    "framework": "esco",
                                    "uri": READ,
                                    "relation": "closeMatch",
                                    "rationale": "ESCO décrit la même compréhension de l’écrit.",
                                    "confidence": 85,
                                }
                            ],
                        ),
                        competence(
                            "CB-LIT-04",
                            "Écrire",
                            label_en="Writing",
                            definition="Produire des écrits utiles à la vie courante.",
                        ),
                        competence("CB-LIT-06", "Décrire et reformuler"),
                    ],
                },
                {
                    "code": "CB-NUM",
                    "kind": "domain",
                    "label": "Numératie",
                    "label_en": "Numeracy",
                    "children": [
                        competence("CB-NUM-01", "Nombres"),
                        competence(
                            "CB-NUM-02",
                            "Opérations et problèmes",
                            levels={"P1": {"fr": "Additionne et soustrait de petits nombres.", "en": ""}},
                            mappings=[
                                {
                                    "framework": "esco",
                                    "uri": CALCULATE,
                                    "relation": "exactMatch",
                                    "rationale": "Effectuer des calculs : la même capacité.",
                                }
                            ],
                        ),
                    ],
                },
            ],
        },
        {
            "code": "SE",
            "kind": "family",
            "label": "Savoir-être",
            "children": [
                {
                    "code": "CB-SOC",
                    "kind": "domain",
                    "label": "Relationnel",
                    "children": [
                        competence(
                            "CB-SOC-02",
                            "Coopérer en équipe",
                            definition="Mettre en œuvre un travail à plusieurs en respectant le rôle de chacun.",
                        ),
                        competence("CB-SOC-04", "Gérer les conflits"),
                    ],
                }
            ],
        },
    ],
}
SMALL_SIZE = 13


@pytest.fixture
def frozen() -> Iterator[Any]:
    """The decisions' day (2026-01-15), ticking: rows created one after the other keep their order in time."""
    with freeze_time(NOW, tick=True) as frozen:
        yield frozen


# --- external frameworks ------------------------------------------------------------------------------------------


@dataclass
class External:
    framework: Framework
    version: FrameworkVersion
    nodes: dict[str, Node]


def build_external(
    slug: str,
    code: str,
    name: str,
    number: str,
    concepts: Sequence[tuple[str, str, str]],
    *,
    framework: Framework | None = None,
    released: bool = True,
) -> External:
    """An external framework's version as an import writes it: a draft filled with nodes, then put in force (which
    freezes it); `concepts` are (code, label, uri)."""
    if framework is None:
        framework = Framework.objects.create(
            slug=slug, code=code, name=name, kind=Framework.Kind.EXTERNAL, publisher="Commission européenne"
        )
    version = FrameworkVersion.objects.create(framework=framework, number=number)
    nodes = {}
    for position, (concept_code, label, uri) in enumerate(concepts):
        concept, _ = Concept.objects.get_or_create(framework=framework, code=concept_code, defaults={"uri": uri})
        nodes[concept_code] = Node.objects.create(
            version=version, concept=concept, kind=Node.Kind.SKILL, label=label, label_en=label, position=position
        )
    if released:
        version.status = FrameworkVersion.Status.ADOPTED
        version.released_on = datetime.date(2022, 1, 1)
        version.save()
    return External(framework, version, nodes)


ESCO_SKILLS = [
    ("4ff6df71", "comprendre le français écrit", READ),
    ("19ba11f3", "effectuer des calculs", CALCULATE),
    ("60c78287", "travailler en équipe", TEAMWORK),
    ("001115fb", "faire preuve d’initiative", INITIATIVE),
]


@pytest.fixture
def esco(db: Any) -> External:
    """ESCO 1.2 in force, four skills known by their official URIs."""
    return build_external("esco", "ESCO", "ESCO", "1.2", ESCO_SKILLS)


@pytest.fixture
def esco_draft(esco: External) -> External:
    """An ESCO 1.3 being imported, not yet released: nothing may point to it."""
    return build_external(
        "esco",
        "ESCO",
        "ESCO",
        "1.3",
        [("ba93b71b", "effectuer des recherches sur le web", WEB_SEARCH)],
        framework=esco.framework,
        released=False,
    )


@pytest.fixture
def digcomp(db: Any) -> External:
    """DigComp 2.2 in force, its competences known by their codes only (no URI)."""
    return build_external(
        "digcomp",
        "DigComp",
        "DigComp 2.2",
        "2.2",
        [("1.1", "Naviguer, rechercher et filtrer des données", ""), ("2.1", "Interagir par le numérique", "")],
    )


# --- the pôle's referential ---------------------------------------------------------------------------------------


@pytest.fixture
def referential(
    frozen: Any, pole: Pole, mandate: Any, secretary: Any, esco: External, digcomp: External
) -> FrameworkVersion:
    """Draft 1.0 of the pôle's referential, created from SMALL by the service (with its two ESCO crosswalks)."""
    return services.create_referential(pole, by=secretary, data=SMALL)


@pytest.fixture
def framework(referential: FrameworkVersion) -> Framework:
    return referential.framework


def node(version: FrameworkVersion, code: str) -> Node:
    """The node of `code` in `version`, fresh from the database."""
    return Node.objects.select_related("concept", "parent__concept", "version").get(version=version, concept__code=code)


def children(version: FrameworkVersion, code: str | None) -> list[str]:
    """The codes under `code` (the roots when None) in their order, with positions checked to run 0, 1, 2…"""
    rows = list(
        Node.objects.filter(version=version, parent__concept__code=code)
        if code
        else Node.objects.filter(version=version, parent=None)
    )
    rows.sort(key=lambda n: (n.position, n.pk))
    assert [n.position for n in rows] == list(range(len(rows))), [(n.concept.code, n.position) for n in rows]
    return [n.concept.code for n in rows]


def codes(version: FrameworkVersion) -> set[str]:
    return set(Node.objects.filter(version=version).values_list("concept__code", flat=True))


def plain(text: str) -> str:
    """Spaces of every kind as plain spaces: the refusals are matched on their words, their typography is tested
    once, on its own."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def message_of(error: ValidationError) -> str:
    return plain(" ".join(error.messages))


def counts() -> dict[str, int]:
    models: list[Any] = [
        FrameworkVersion,
        Concept,
        Node,
        Lineage,
        LevelDescriptor,
        Mapping,
        Change,
        AuditEntry,
        Proposal,
    ]
    return {model.__name__: model.objects.count() for model in models}


@contextmanager
def refused(*fragments: str, field: str | None = None, code: str | None = None) -> Iterator[list[ValidationError]]:
    """The block raises a ValidationError whose messages hold every fragment (and name `field`, or carry `code`, when
    given), and writes nothing at all."""
    before = counts()
    caught: list[ValidationError] = []
    with pytest.raises(ValidationError) as info:
        yield caught
    caught.append(info.value)
    text = message_of(info.value)
    for fragment in fragments:
        assert plain(fragment) in text, text
    if field is not None:
        assert field in info.value.message_dict, info.value.message_dict
    if code is not None:
        assert info.value.code == code or any(e.code == code for e in info.value.error_list), info.value
    assert counts() == before


# --- the road to adoption -----------------------------------------------------------------------------------------


def held_meeting(committee: Body, council: Council, on: datetime.date | None = None) -> Meeting:
    """A meeting of the committee already held (on `on`, or two hours ago), every voting seat present."""
    start = NOW - datetime.timedelta(hours=2)
    if on is not None:
        start = datetime.datetime.combine(on, datetime.time(9, 30), tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(body=committee, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    for seat in council.voting:
        attend(meeting, seat)
    return meeting


class Decide(Protocol):
    def __call__(
        self,
        proposal: Proposal,
        *,
        on: datetime.date | None = None,
        objections: Sequence[decisions.Entry] = (),
        positions: Sequence[decisions.Entry] | None = None,
    ) -> Round: ...


class Adopt(Protocol):
    def __call__(
        self,
        version: FrameworkVersion,
        *,
        on: datetime.date | None = None,
        objections: Sequence[decisions.Entry] = (),
        positions: Sequence[decisions.Entry] | None = None,
    ) -> Round: ...


@pytest.fixture
def decide(council: Council, committee: Body, secretary: Any) -> Decide:
    """Put a proposal to a round in a held meeting, then note the consensus (with the objections voiced, if any)
    or record each seat's position and close the round."""

    def run(
        proposal: Proposal,
        *,
        on: datetime.date | None = None,
        objections: Sequence[decisions.Entry] = (),
        positions: Sequence[decisions.Entry] | None = None,
    ) -> Round:
        meeting = held_meeting(committee, council, on)
        round = decisions.open_round(proposal, method="meeting", meeting=meeting, by=secretary)
        if positions is None:
            return decisions.note_consensus(round, objections=objections, by=secretary)
        decisions.record_meeting_positions(round, positions, by=secretary)
        return decisions.close_round(round, by=secretary)

    return run


@pytest.fixture
def adopt(decide: Decide, secretary: Any) -> Adopt:
    """The one road: `propose_adoption`, then `decide`."""

    def run(
        version: FrameworkVersion,
        *,
        on: datetime.date | None = None,
        objections: Sequence[decisions.Entry] = (),
        positions: Sequence[decisions.Entry] | None = None,
    ) -> Round:
        proposal = services.propose_adoption(version, by=secretary)
        return decide(proposal, on=on, objections=objections, positions=positions)

    return run


def decision_of(round: Round) -> Decision:
    return Decision.objects.get(round=round)


@pytest.fixture
def adopted(referential: FrameworkVersion, adopt: Adopt) -> FrameworkVersion:
    """Version 1.0, adopted by the committee on 2025-11-20."""
    round = adopt(referential, on=FIRST_ADOPTION)
    assert round.outcome == Round.Outcome.ADOPTED, round.outcome_detail
    return FrameworkVersion.objects.select_related("framework").get(pk=referential.pk)


@pytest.fixture
def draft(adopted: FrameworkVersion, secretary: Any) -> FrameworkVersion:
    """Draft 1.1, a copy of the adopted 1.0."""
    return services.start_version(adopted.framework, by=secretary)


__all__ = [
    "CALCULATE",
    "EXPIRED_DAY",
    "FIRST_ADOPTION",
    "INITIATIVE",
    "READ",
    "REASON",
    "SMALL",
    "SMALL_SIZE",
    "TEAMWORK",
    "Adopt",
    "Decide",
    "External",
    "build_external",
    "children",
    "codes",
    "counts",
    "decision_of",
    "held_meeting",
    "message_of",
    "node",
    "plain",
    "refused",
]
