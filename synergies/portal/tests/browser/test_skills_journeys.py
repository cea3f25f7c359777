"""The pôle's referential in a real browser: the secretariat drafts version 1.2, moves and renames concepts, compares
the draft with the version in force, and gets it adopted by a consensus noted in a meeting; the tree is read with
the keyboard alone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from synergies.decisions.models import Decision, Proposal
from synergies.directory.demo import DEMO_DOMAIN
from synergies.portal.tests.browser.governance_helpers import POLE, field, latest_held_committee_meeting
from synergies.portal.tests.browser.helpers import enrol_second_factor, log_in
from synergies.portal.tests.browser.skills_helpers import (
    REFERENTIAL,
    cb_version,
    focused,
    node_of,
    parent_code,
    tab_to_id,
    tree_focus_order,
    version_path,
)
from synergies.skills import exports
from synergies.skills.models import Change, FrameworkVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RENAMED = "Décrire, résumer et reformuler"


def at(tab: Any) -> tuple[str, str]:
    now = focused(tab)
    return now["tag"], now["code"]


def is_open(tab: Any) -> bool:
    """Whether the <details> whose <summary> has the focus is open."""
    return bool(tab.evaluate("document.activeElement.parentElement.open"))


def section_headings(tab: Any) -> list[str]:
    return [text.strip() for text in tab.locator("main section[aria-labelledby] > h2").all_inner_texts()]


def test_the_secretariat_drafts_version_1_2_moves_and_renames_concepts_and_the_committee_adopts_it(
    tab: Any, demo: None
) -> None:
    held = latest_held_committee_meeting()
    in_force = cb_version("1.1")
    assert in_force.status == FrameworkVersion.Status.ADOPTED
    assert parent_code(in_force, "CB-VIE-05") == "CB-VIE"
    old_label = node_of(in_force, "CB-LIT-06").label
    assert old_label == "Décrire et reformuler"

    log_in(tab, f"secretariat@{DEMO_DOMAIN}")
    enrol_second_factor(tab)
    tab.go(POLE)
    tab.get_by_role("navigation", name="Sections du pôle").get_by_role("link", name="Référentiel").click()
    expect(tab.page).to_have_url(re.compile(re.escape(REFERENTIAL) + "$"))
    expect(tab.locator("h1")).to_have_text("Compétences de base — version 1.1")
    expect(tab.locator(".version-facts .version-status")).to_have_text("En vigueur")

    # A new draft, copied from the version in force.
    tab.get_by_role("button", name="Préparer une nouvelle version").click()
    expect(tab.locator(".message-success")).to_have_text("La version 1.2 est ouverte en brouillon.")
    expect(tab.locator("h1")).to_have_text("Modifier le brouillon 1.2")
    draft = cb_version("1.2")
    assert draft.is_draft and draft.based_on == in_force
    assert draft.nodes.count() == in_force.nodes.count()

    # Move « S’orienter » from Vie et citoyenneté to Apprendre à apprendre, at the end of its competences.
    tab.get_by_role("link", name="Déplacer CB-VIE-05", exact=True).click()
    expect(tab.locator("h1")).to_have_text("Déplacer CB-VIE-05")
    field(tab, "Nouvel emplacement").select_option(value="CB-APP")
    field(tab, "Rang").fill("")
    field(tab, "Motif").fill("L’orientation relève de la capacité à conduire ses apprentissages.")
    tab.get_by_role("button", name="Déplacer", exact=True).click()
    expect(tab.locator(".message-success")).to_have_text("Concept déplacé.")
    expect(tab.locator("#concept-CB-APP-04 + tr")).to_have_id("concept-CB-VIE-05")

    # Rename « Décrire et reformuler ».
    tab.get_by_role("link", name="Modifier CB-LIT-06", exact=True).click()
    expect(tab.locator("h1")).to_have_text("Modifier CB-LIT-06")
    expect(field(tab, "Intitulé")).to_have_value(old_label)
    field(tab, "Intitulé").fill(RENAMED)
    field(tab, "Motif").fill("Le groupe littératie ajoute le résumé, pratiqué dans tous les parcours.")
    tab.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(tab.locator(".message-success")).to_have_text("Modifications enregistrées.")
    expect(tab.locator("#concept-CB-LIT-06")).to_contain_text(RENAMED)

    # A domain cannot go into one of its own competences: the page says why, and nothing moves.
    tab.get_by_role("link", name="Déplacer CB-LIT", exact=True).click()
    field(tab, "Nouvel emplacement").select_option(value="CB-LIT-03")
    field(tab, "Motif").fill("Essai d’un déplacement impossible.")
    tab.get_by_role("button", name="Déplacer", exact=True).click()
    expect(tab.locator("main")).to_contain_text(
        "« Littératie » ne peut pas être placé dans « Lire », qui est l’un de ses propres sous-concepts : "
        "le référentiel deviendrait circulaire."
    )
    expect(tab.locator("h1")).to_have_text("Déplacer CB-LIT")
    assert parent_code(draft, "CB-LIT") == "SB"
    assert not draft.changes.filter(operation=Change.Operation.MOVE, concept__code="CB-LIT").exists()
    tab.get_by_role("link", name="Annuler", exact=True).click()
    expect(tab.locator("h1")).to_have_text("Modifier le brouillon 1.2")

    # The comparison with 1.1 shows the move and the rename, and nothing else.
    tab.get_by_role("link", name="Comparer avec la version 1.1").click()
    expect(tab.locator("#resume")).to_have_text(
        "Version 1.2 — Changements par rapport à la version 1.1 : "
        "1 concept renommé (CB-LIT-06) ; 1 concept déplacé (CB-VIE-05)."
    )
    assert section_headings(tab) == ["Intitulés modifiés", "Concepts déplacés"]
    renamed = tab.locator("section[aria-labelledby=renommes] li")
    expect(renamed).to_have_count(1)
    expect(renamed).to_have_text(
        re.compile(rf"^CB-LIT-06\s*:\s*«\s*{old_label}\s*»\s*→\s*devient\s*«\s*{RENAMED}\s*»\s*$")
    )
    moved = tab.locator("section[aria-labelledby=deplaces] li")
    expect(moved).to_have_count(1)
    expect(moved).to_have_text(re.compile(r"^CB-VIE-05\s+S’orienter\s*:\s*CB-VIE\s*→\s*devient\s*CB-APP\s*$"))

    # The adoption goes to the committee as a proposal of the register.
    tab.go_back()
    tab.get_by_role("link", name="Proposer l’adoption", exact=True).click()
    expect(tab.locator("h1")).to_have_text("Proposer l’adoption de la version 1.2")
    expect(tab.locator("main")).to_contain_text("1 concept renommé (CB-LIT-06) ; 1 concept déplacé (CB-VIE-05)")
    tab.get_by_role("button", name="Préparer la proposition").click()
    title = "Adoption de la version 1.2 du référentiel «\u00a0Compétences de base\u00a0»"
    expect(tab.locator("h1")).to_have_text(title)
    expect(tab.locator(".message-success")).to_contain_text("La proposition d’adoption est prête")
    proposal = Proposal.objects.get(title=title)
    assert proposal.subject_id == str(draft.pk)

    # Decided in the committee's last meeting: the consensus is noted and the decision enters the register.
    tab.get_by_role("link", name="Soumettre aux membres").click()
    tab.get_by_role("radio", name="en réunion").check()
    field(tab, "Réunion (décision en réunion)").select_option(value=str(held.pk))
    tab.get_by_role("button", name="Enregistrer").click()
    expect(tab.locator(".message-success")).to_have_text("Tour 1 ouvert.")
    tab.get_by_role("link", name="Constater le consensus").click()
    tab.get_by_role("button", name="Constater le consensus et clôturer").click()
    expect(tab.locator(".message-success")).to_be_visible()
    expect(tab.locator("main")).to_contain_text("consensus constaté")
    decision = Decision.objects.get(proposal=proposal)

    # Version 1.2 is in force, names its decision, and 1.1 is replaced.
    tab.get_by_role("link", name="Référentiel « Compétences de base », version 1.2").click()
    expect(tab.locator("h1")).to_have_text("Compétences de base — version 1.2")
    facts = tab.locator(".version-facts")
    expect(facts.locator(".version-status")).to_have_text("En vigueur")
    expect(facts).to_contain_text(re.compile("en vigueur depuis le", re.IGNORECASE))
    expect(tab.get_by_role("button", name="Préparer une nouvelle version")).to_be_visible()
    decision_link = facts.get_by_role("link", name=decision.reference, exact=True)
    expect(decision_link).to_have_attribute("href", decision.get_absolute_url())
    tab.go(version_path("1.1"))
    expect(tab.locator(".version-facts .version-status")).to_have_text("Remplacée")
    expect(tab.locator(".version-facts")).to_contain_text("par la version 1.2")
    tab.go(version_path("1.2"))
    tab.locator(".version-facts").get_by_role("link", name=decision.reference, exact=True).click()
    expect(tab.locator("h1")).to_contain_text(decision.reference)

    draft.refresh_from_db()
    in_force.refresh_from_db()
    assert draft.status == FrameworkVersion.Status.ADOPTED
    assert draft.decision == decision and decision.round is not None and decision.round.consensus_noted
    assert draft.released_on == decision.decided_on
    assert len(draft.content_hash) == 64 and draft.content_hash == exports.content_hash(draft)
    assert in_force.status == FrameworkVersion.Status.SUPERSEDED and in_force.superseded_on == decision.decided_on
    assert parent_code(draft, "CB-VIE-05") == "CB-APP"
    assert node_of(draft, "CB-LIT-06").label == RENAMED
    assert node_of(in_force, "CB-LIT-06").label == old_label
    assert sorted(draft.changes.values_list("operation", flat=True)) == ["create", "move", "rename"]


def test_the_tree_of_a_version_is_read_with_the_keyboard_alone(tab: Any, demo: None) -> None:
    tab.go(version_path("1.1"))
    expect(tab.get_by_role("searchbox", name="Rechercher dans le référentiel")).to_be_visible()
    passed = tab_to_id(tab, "id_q")
    assert not {"SB", "CB-LIT"} & set(passed), "the search field comes before the tree"
    tab.keyboard.press("Tab")
    assert focused(tab)["text"] == "Rechercher"

    # Tab then walks the tree in reading order: each branch's toggle and link, then its sub-concepts.
    expected = tree_focus_order(tab)
    assert [code for _tag, code in expected[:4]] == ["SB", "SB", "CB-LIT", "CB-LIT"]
    assert {tag for tag, code in expected[:4] if code == "CB-LIT"} == {"summary", "a"}
    reached = []
    for _ in range(12):
        tab.keyboard.press("Tab")
        reached.append(at(tab))
    assert reached == expected[:12]
    assert ("a", "CB-LIT-01") in reached

    # Enter on the summary of Littératie closes its details, and Tab then skips its competences; Enter opens it again.
    tab.keyboard.press("Shift+Tab")
    while at(tab) != ("summary", "CB-LIT"):
        assert at(tab)[1] != "SB", "the summary of CB-LIT is behind"
        tab.keyboard.press("Shift+Tab")
    assert is_open(tab)
    tab.keyboard.press("Enter")
    expect(tab.locator("details:not([open])")).to_have_count(1)
    assert not is_open(tab)
    tab.keyboard.press("Tab")
    while at(tab)[1] == "CB-LIT":
        tab.keyboard.press("Tab")
    assert at(tab)[1] == "CB-NUM", "the closed domain's competences are skipped"
    while at(tab) != ("summary", "CB-LIT"):
        tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Enter")
    expect(tab.locator("details:not([open])")).to_have_count(0)
    assert is_open(tab)

    # Enter on a competence's link opens its page.
    while at(tab) != ("a", "CB-LIT-01"):
        assert at(tab)[1] in ("CB-LIT", "CB-LIT-01"), at(tab)
        tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    expect(tab.page).to_have_url(re.compile(re.escape(version_path("1.1", "concepts/CB-LIT-01/")) + "$"))
    expect(tab.locator("h1")).to_contain_text("Écouter et comprendre")
