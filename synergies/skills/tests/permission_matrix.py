"""Who may reach the referentials' pages (see synergies/testing/permissions.py).

The world's pôle (public: it has a mandate; its committee seats the world's member) has a referential with version
1.0 in force, adopted by a decision of its register, and draft 1.1 established from it; an external framework has one
released version, mapped to from both. Released versions and external frameworks are everyone's; the draft exists
only for those who follow the pôle (its members, the basin's secretariat, platform admins): for anyone else it is
not found, whatever they ask of it. The editor is the secretariat's: a member reads the draft but may not change it.
"""

from __future__ import annotations

from typing import Any

from synergies.skills.models import Node
from synergies.skills.tests.factories import add_mapping, add_node, make_framework, make_version, release
from synergies.testing.permissions import ALLOW, LOGIN, NOT_FOUND, REDIRECT, Rule, everyone, staff_only
from synergies.transmissions.tests.factories import write_decision

POLE = lambda w: {"basin": w.pole.basin.code, "code": w.pole.code}  # noqa: E731
FRAMEWORK = lambda w: {"framework": w.skills_framework.slug}  # noqa: E731
RELEASED = lambda w: {**FRAMEWORK(w), "number": w.skills_adopted.number}  # noqa: E731
DRAFT = lambda w: {**FRAMEWORK(w), "number": w.skills_draft.number}  # noqa: E731
DRAFT_CONCEPT = lambda w: {**DRAFT(w), "code": "MX-01"}  # noqa: E731
DRAFT_MAPPING = lambda w: {**DRAFT(w), "pk": w.skills_mapping.pk}  # noqa: E731
EXTERNAL = lambda w: {"framework": w.skills_external.slug}  # noqa: E731

# Reading the draft: those who follow the pôle; the others do not find it.
ON_DRAFT = {**everyone(NOT_FOUND), "member": ALLOW, "secretary": ALLOW, "platform_admin": ALLOW}
# Editing the draft: the secretariat; members see the draft but are refused; the others do not find it.
EDIT_DRAFT = {**staff_only(), "outsider": NOT_FOUND, "contributor": NOT_FOUND, "other_secretary": NOT_FOUND}
REASON = lambda w: {"reason": "Vérification de la matrice des permissions."}  # noqa: E731

EXPECTATIONS = [
    Rule("skills:index", everyone(ALLOW)),
    Rule("skills:pole", everyone(REDIRECT), kwargs=POLE),  # the pôle has its referential: its section leads there
    Rule("skills:create", staff_only(), kwargs=POLE, method="post"),
    Rule("skills:framework", everyone(ALLOW), kwargs=FRAMEWORK),
    Rule("skills:concept", everyone(ALLOW), kwargs=lambda w: {**FRAMEWORK(w), "code": "MX-01"}),
    Rule("skills:diff", everyone(ALLOW), kwargs=FRAMEWORK),
    Rule("skills:start", staff_only(), kwargs=FRAMEWORK, method="post", data=REASON),
    Rule("skills:version", ON_DRAFT, kwargs=DRAFT),
    Rule("skills:version_concept", ON_DRAFT, kwargs=DRAFT_CONCEPT),
    Rule("skills:changes", everyone(ALLOW), kwargs=RELEASED),
    Rule("skills:export", everyone(ALLOW), kwargs=lambda w: {**EXTERNAL(w), "number": "1.0", "fmt": "ttl"}),
    Rule("skills:editor", EDIT_DRAFT, kwargs=DRAFT),
    Rule("skills:concept_add", EDIT_DRAFT, kwargs=DRAFT),
    Rule("skills:concept_edit", EDIT_DRAFT, kwargs=DRAFT_CONCEPT),
    Rule("skills:concept_move", EDIT_DRAFT, kwargs=DRAFT_CONCEPT),
    Rule("skills:concept_split", EDIT_DRAFT, kwargs=DRAFT_CONCEPT),
    Rule("skills:concept_merge", EDIT_DRAFT, kwargs=DRAFT_CONCEPT),
    Rule("skills:concept_retire", EDIT_DRAFT, kwargs=DRAFT_CONCEPT),
    Rule("skills:mapping_add", EDIT_DRAFT, kwargs=DRAFT_CONCEPT),
    Rule("skills:mapping_validate", EDIT_DRAFT, kwargs=DRAFT_MAPPING, method="post"),
    Rule("skills:mapping_remove", EDIT_DRAFT, kwargs=DRAFT_MAPPING, method="post", data=REASON),
    Rule("skills:propose", EDIT_DRAFT, kwargs=DRAFT),
    Rule("skills:discard", EDIT_DRAFT, kwargs=DRAFT),
]

assert EDIT_DRAFT["anonymous"] == LOGIN and EDIT_DRAFT["member"] != ALLOW


def _content(version: Any, external: Node) -> Node:
    """A family, a domain and a competence mapped to the external framework; returns the competence."""
    family = add_node(version, "MX-F", "Famille de la matrice", kind=Node.Kind.FAMILY)
    domain = add_node(version, "MX-D", "Domaine de la matrice", parent=family, kind=Node.Kind.DOMAIN)
    competence = add_node(version, "MX-01", "Compétence de la matrice", parent=domain, definition="Savoir agir.")
    add_mapping(competence, external)
    return competence


def extend_world(world: Any, users: dict[str, Any]) -> None:
    external = make_framework(slug="matrice-externe", code="EXT", name="Cadre externe de la matrice")
    external_version = make_version(external, "1.0")
    skill = add_node(external_version, "EXT-1", "Aptitude de la matrice", kind=Node.Kind.SKILL)
    release(external_version)
    framework = make_framework(world.pole, slug="hainaut-centre-mx", name="Compétences de base de la matrice")
    adopted = make_version(framework, "1.0")
    _content(adopted, skill)
    decision = write_decision(world.pole, world.committee, title="Adoption du référentiel de la matrice")
    release(adopted, decision=decision)
    draft = make_version(framework, "1.1", based_on=adopted)
    competence = _content(draft, skill)
    world.skills_framework = framework
    world.skills_adopted = adopted
    world.skills_draft = draft
    world.skills_mapping = competence.mappings.get()
    world.skills_external = external
