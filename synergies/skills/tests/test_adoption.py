"""Adoption through the register, the one road that puts a version in force: a proposal about the draft (its
changes and the fingerprint of its content in the text), a round in a held meeting, a decision written into the
register — and the draft frozen while the committee decides on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from synergies.decisions import services as decisions
from synergies.decisions.models import Decision, Proposal, Round
from synergies.decisions.tests.conftest import Council
from synergies.lib.models import AuditEntry
from synergies.poles.models import Body, Pole
from synergies.skills import exports, services
from synergies.skills.models import FrameworkVersion, Mapping, Node
from synergies.skills.tests.conftest import (
    FIRST_ADOPTION,
    NOW,
    REASON,
    Adopt,
    Decide,
    External,
    decision_of,
    held_meeting,
    node,
    refused,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = NOW.date()


def fresh(version: FrameworkVersion) -> FrameworkVersion:
    return FrameworkVersion.objects.select_related("framework", "decision").get(pk=version.pk)


# --- the proposal ---------------------------------------------------------------------------------------------------


def test_the_proposal_for_a_first_version_states_its_content_hash(
    referential: FrameworkVersion, secretary: Any, committee: Body
) -> None:
    proposal = services.propose_adoption(referential, by=secretary)
    assert proposal.subject == referential
    assert (proposal.status, proposal.body, proposal.kind, proposal.is_public) == ("draft", committee, "decision", True)
    assert proposal.title == "Adoption de la version 1.0 du référentiel «\u00a0Compétences de base\u00a0»"
    assert proposal.text.startswith(
        "Le comité de pilotage adopte la version 1.0 du référentiel «\u00a0Compétences de base\u00a0»."
    )
    assert f"Empreinte du contenu proposé (SHA-256)\u00a0: {exports.content_hash(referential)}" in proposal.text
    assert "Changements" not in proposal.text


def test_the_proposal_for_a_later_version_summarises_its_changes_and_their_reasons(
    draft: FrameworkVersion, secretary: Any
) -> None:
    services.add_concept(
        draft, {"label": "Lire des plans"}, parent=node(draft, "CB-LIT"), reason="Demande des CISP.", by=secretary
    )
    services.update_concept(node(draft, "CB-LIT-03"), {"label": "Lire et comprendre"}, reason=REASON, by=secretary)
    services.update_concept(node(draft, "CB-LIT-04"), {"definition": "Écrire au travail."}, reason=REASON, by=secretary)
    proposal = services.propose_adoption(draft, by=secretary)
    assert (
        "Changements par rapport à la version 1.0\u00a0: 1 concept ajouté (CB-LIT-07)\u202f; 1 concept renommé (CB-LIT-03)\u202f; "
        "1 définition revue (CB-LIT-04)." in proposal.text
    )
    assert f"(SHA-256)\u00a0: {exports.content_hash(draft)}" in proposal.text
    assert proposal.rationale == f"Demande des CISP.\n{REASON}"


def test_a_given_rationale_replaces_the_reasons_of_the_log(draft: FrameworkVersion, secretary: Any) -> None:
    proposal = services.propose_adoption(draft, by=secretary, rationale="  Bilan de la première année.  ")
    assert proposal.rationale == "Bilan de la première année."


def draft_edits(draft: FrameworkVersion, secretary: Any, esco: External) -> dict[str, Callable[[], Any]]:
    mapping = Mapping.objects.get(source__version=draft, source__concept__code="CB-LIT-03")
    return {
        "add": lambda: services.add_concept(
            draft, {"label": "Lire des plans"}, parent=node(draft, "CB-LIT"), reason=REASON, by=secretary
        ),
        "update": lambda: services.update_concept(
            node(draft, "CB-LIT-03"), {"label": "Lire vite"}, reason=REASON, by=secretary
        ),
        "move": lambda: services.move_concept(
            node(draft, "CB-LIT-03"), parent=node(draft, "CB-NUM"), reason=REASON, by=secretary
        ),
        "split": lambda: services.split_concept(
            node(draft, "CB-LIT-03"), [{"label": "Lire vite"}], reason=REASON, by=secretary
        ),
        "merge": lambda: services.merge_concepts(
            [node(draft, "CB-LIT-06")], into=node(draft, "CB-LIT-04"), reason=REASON, by=secretary
        ),
        "retire": lambda: services.retire_concept(node(draft, "CB-LIT-06"), reason=REASON, by=secretary),
        "map": lambda: services.add_mapping(
            node(draft, "CB-SOC-02"), esco.nodes["60c78287"], relation="closeMatch", rationale="Proches.", by=secretary
        ),
        "validate": lambda: services.validate_mapping(
            services.add_mapping(
                node(draft, "CB-SOC-02"),
                esco.nodes["60c78287"],
                relation="closeMatch",
                rationale="Proches.",
                by=secretary,
            ),
            by=secretary,
        ),
        "unmap": lambda: services.remove_mapping(mapping, reason=REASON, by=secretary),
        "discard": lambda: services.discard_draft(draft, by=secretary),
    }


EDITS = ["add", "update", "move", "split", "merge", "retire", "map", "unmap", "discard"]
PENDING = "La version 1.1 est soumise à la décision du comité (« Adoption de la version 1.1 du référentiel"


def test_while_the_proposal_is_prepared_or_decided_every_edit_is_refused(
    draft: FrameworkVersion, secretary: Any, esco: External, council: Council, committee: Body
) -> None:
    edits = draft_edits(draft, secretary, esco)
    proposal = services.propose_adoption(draft, by=secretary)
    for name in EDITS:
        with refused(PENDING, "Retirez la proposition pour la modifier à nouveau.", code="pending"):
            edits[name]()
    decisions.open_round(proposal, method="meeting", meeting=held_meeting(committee, council), by=secretary)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.OPEN
    for name in EDITS:
        with refused(PENDING, code="pending"):
            edits[name]()


def test_validating_a_crosswalk_is_refused_too_while_the_proposal_is_pending(
    draft: FrameworkVersion, secretary: Any, esco: External
) -> None:
    mapping = services.add_mapping(
        node(draft, "CB-SOC-02"), esco.nodes["60c78287"], relation="closeMatch", rationale="Proches.", by=secretary
    )
    services.propose_adoption(draft, by=secretary)
    with refused(PENDING, code="pending"):
        services.validate_mapping(mapping, by=secretary)


def test_a_second_proposal_about_the_same_draft_is_refused(draft: FrameworkVersion, secretary: Any, pole: Pole) -> None:
    services.propose_adoption(draft, by=secretary)
    message = "Une proposition d’adoption de cette version est déjà en cours : « Adoption de la version 1.1"
    with refused(message, code="pending"):
        services.propose_adoption(draft, by=secretary)
    with refused(message):  # the decisions app asks the subject's app through the hook
        decisions.create_proposal(pole, {"title": "Autre", "text": "Le pôle adopte…"}, by=secretary, subject=draft)


def test_withdrawing_the_proposal_makes_the_draft_editable_and_proposable_again(
    draft: FrameworkVersion, secretary: Any, esco: External, adopt: Adopt
) -> None:
    proposal = services.propose_adoption(draft, by=secretary)
    decisions.withdraw_proposal(proposal, by=secretary, reason="Encore un point à revoir")
    draft_edits(draft, secretary, esco)["update"]()
    assert node(draft, "CB-LIT-03").label == "Lire vite"
    round = adopt(draft)
    assert fresh(draft).status == FrameworkVersion.Status.ADOPTED
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.WITHDRAWN
    assert decision_of(round).proposal != proposal


def test_an_empty_draft_cannot_be_proposed(draft: FrameworkVersion, secretary: Any) -> None:
    Node.objects.filter(version=draft).delete()
    with refused("La version est vide : ajoutez des concepts avant de la proposer.", code="empty"):
        services.propose_adoption(draft, by=secretary)


def test_an_external_framework_version_is_not_adopted_by_a_pole(
    esco: External, esco_draft: External, secretary: Any
) -> None:
    for version in (esco.version, esco_draft.version):
        with refused("Seul le référentiel d’un pôle s’adopte par une décision de son registre."):
            services.propose_adoption(version, by=secretary)


def test_a_version_in_force_or_superseded_cannot_be_proposed_again(
    adopted: FrameworkVersion, draft: FrameworkVersion, adopt: Adopt, secretary: Any
) -> None:
    with refused("La version 1.0 est en vigueur : seul un brouillon peut être proposé à l’adoption.", code="not_draft"):
        services.propose_adoption(adopted, by=secretary)
    adopt(draft)
    with refused("La version 1.0 est remplacée : seul un brouillon", code="not_draft"):
        services.propose_adoption(adopted, by=secretary)


# --- the decision ---------------------------------------------------------------------------------------------------


def test_an_adoption_puts_the_version_in_force_on_the_decision_day(referential: FrameworkVersion, adopt: Adopt) -> None:
    expected = exports.content_hash(referential)
    round = adopt(referential, on=FIRST_ADOPTION)
    decision = decision_of(round)
    version = fresh(referential)
    assert (version.status, version.released_on) == (FrameworkVersion.Status.ADOPTED, FIRST_ADOPTION)
    assert version.decision == decision == Decision.objects.about(version).get()
    assert decision.decided_on == FIRST_ADOPTION and decision.reference == "CB-2025-001"
    assert version.content_hash == expected and expected in decision.text
    entry = AuditEntry.objects.get(verb="skills.version.adopt")
    assert entry.changes["decision"] == [None, "CB-2025-001"] and entry.changes["hash"] == [None, expected]


def test_an_adoption_supersedes_the_version_it_replaces(
    adopted: FrameworkVersion, draft: FrameworkVersion, adopt: Adopt
) -> None:
    round = adopt(draft)
    new, old = fresh(draft), fresh(adopted)
    assert (new.status, new.released_on, new.decision) == ("adopted", TODAY, decision_of(round))
    assert (old.status, old.superseded_on, old.released_on) == ("superseded", TODAY, FIRST_ADOPTION)
    assert old.decision is not None and old.decision.reference == "CB-2025-001"
    assert list(FrameworkVersion.objects.filter(framework=draft.framework).current()) == [new]


def test_an_adoption_by_positions_recorded_in_the_meeting_works_the_same(
    draft: FrameworkVersion, adopt: Adopt, council: Council
) -> None:
    positions = [decisions.Entry(seat, "agree") for seat in council.voting]
    positions[1] = decisions.Entry(council.training, "reservation", "Revoir les paliers l’an prochain")
    round = adopt(draft, positions=positions)
    assert round.outcome == Round.Outcome.ADOPTED
    assert fresh(draft).decision == decision_of(round)


def test_an_objection_leaves_the_version_a_draft(draft: FrameworkVersion, adopt: Adopt, council: Council) -> None:
    round = adopt(draft, objections=[decisions.Entry(council.company, "object", "Les paliers ne sont pas prêts.")])
    assert round.outcome == Round.Outcome.NOT_ADOPTED
    version = fresh(draft)
    assert (version.status, version.decision, version.released_on, version.content_hash) == ("draft", None, None, "")
    assert FrameworkVersion.objects.filter(framework=draft.framework).current().get().number == "1.0"
    assert not Decision.objects.about(draft).exists()


def test_an_objection_recorded_as_a_position_leaves_the_version_a_draft_too(
    draft: FrameworkVersion, adopt: Adopt, council: Council
) -> None:
    positions = [decisions.Entry(seat, "agree") for seat in council.voting]
    positions[0] = decisions.Entry(council.employment, "object", "Le numérique manque.")
    round = adopt(draft, positions=positions)
    assert round.outcome == Round.Outcome.NOT_ADOPTED
    assert fresh(draft).is_draft


@pytest.mark.parametrize("outcome", ["not_adopted", "postponed"])
def test_a_draft_stays_frozen_while_its_proposal_may_still_be_decided(
    draft: FrameworkVersion, adopt: Adopt, council: Council, secretary: Any, outcome: str
) -> None:
    objection = [decisions.Entry(council.company, "object", "Les paliers ne sont pas prêts.")]
    proposal = Proposal.objects.get(pk=adopt(draft, objections=objection).proposal_id)
    if outcome == "postponed":
        proposal = decisions.postpone_proposal(proposal, by=secretary, reason="Après l’été")
    assert proposal.status == outcome
    rename = {"label": "Lire vite"}
    with refused(PENDING, code="pending"):
        services.update_concept(node(draft, "CB-LIT-03"), rename, reason=REASON, by=secretary)
    decisions.withdraw_proposal(proposal, by=secretary, reason="Le texte change")
    services.update_concept(node(draft, "CB-LIT-03"), rename, reason=REASON, by=secretary)
    assert node(draft, "CB-LIT-03").label == "Lire vite"


def test_a_new_round_after_an_objection_adopts_the_content_whose_fingerprint_the_committee_read(
    draft: FrameworkVersion, adopt: Adopt, decide: Decide, council: Council, secretary: Any
) -> None:
    objection = [decisions.Entry(council.company, "object", "Les paliers ne sont pas prêts.")]
    proposal = Proposal.objects.get(pk=adopt(draft, objections=objection).proposal_id)
    with refused(code="pending"):
        services.update_concept(node(draft, "CB-LIT-03"), {"label": "Lire vite"}, reason=REASON, by=secretary)
    proposal.text += "\n\nReformulée après l’objection."
    proposal.save(update_fields=["text"])
    round = decide(proposal)
    version = fresh(draft)
    assert (round.outcome, version.status) == (Round.Outcome.ADOPTED, FrameworkVersion.Status.ADOPTED)
    assert version.content_hash == exports.content_hash(version)
    assert f"(SHA-256)\u00a0: {version.content_hash}" in decision_of(round).text


def test_a_correcting_decision_leaves_the_version_as_first_adopted(
    adopted: FrameworkVersion, decide: Decide, secretary: Any
) -> None:
    first = adopted.decision
    assert first is not None
    proposal = decisions.start_correction(first, text=first.text + "\n\nErratum : la date.", by=secretary)
    round = decide(proposal)
    correction = decision_of(round)
    assert correction.corrects == first and correction.subject == adopted
    version = fresh(adopted)
    assert (version.status, version.decision, version.released_on) == ("adopted", first, FIRST_ADOPTION)
    assert version.content_hash == adopted.content_hash


def test_a_past_decision_about_a_draft_puts_it_in_force_on_the_meetings_day(
    referential: FrameworkVersion, pole: Pole, committee: Body, council: Council, secretary: Any
) -> None:
    meeting = held_meeting(committee, council, FIRST_ADOPTION)
    round = decisions.record_past_decision(
        pole,
        meeting=meeting,
        title="Référentiel 1.0",
        text="Le comité adopte le référentiel.",
        subject=referential,
        by=secretary,
    )
    version = fresh(referential)
    assert (version.status, version.released_on, version.decision) == ("adopted", FIRST_ADOPTION, decision_of(round))
