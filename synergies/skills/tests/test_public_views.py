"""The referentials' public pages: the index, the pôle's section, a version and its tree, a concept and its stable
address, the comparison of two versions, the change log and the exports — who sees what, and what each shows."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from synergies.poles.models import Pole
from synergies.skills import exports, services
from synergies.skills.levels import PALIERS
from synergies.skills.models import Change, Framework, FrameworkVersion, Mapping, Node
from synergies.skills.panels import register_panel, unregister_panel
from synergies.skills.tests.conftest import REASON, Adopt, External, node
from synergies.skills.tests.factories import add_mapping, add_node, make_framework, make_version, release
from synergies.skills.views.public import concept_url_maker
from synergies.testing.auth import log_in
from synergies.testing.factories import MandateFactory, PoleFactory
from synergies.transmissions.models import Transmission
from synergies.transmissions.tests.factories import make_transmission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

NBSP, NNBSP = "\u00a0", "\u202f"
FOLLOWERS = ("member", "secretary", "platform_admin")
STRANGERS = ("anonymous", "outsider", "contributor", "other_secretary")
TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "skills"


# --- reading pages ----------------------------------------------------------------------------------------------------


def client_for(request: pytest.FixtureRequest, who: str) -> Client:
    if who == "anonymous":
        return Client()
    return log_in(Client(), request.getfixturevalue(who))


def plain(content: bytes | str) -> str:
    """The page's text with entities decoded, tags kept (to look for links), no-break spaces made ordinary."""
    text = content.decode() if isinstance(content, bytes) else content
    return html.unescape(text).replace(NBSP, " ").replace(NNBSP, " ")


def main_text(response: Any) -> str:
    """What a screen reader reads in the page's main region, tags removed, spaces collapsed."""
    body = response.content.decode()
    body = body[body.index("<main") : body.index("</main>")]
    body = re.sub(r'<span aria-hidden="true">[^<]*</span>', "", body)
    body = re.sub(r"</?(?:a|span|mark|strong|code|time|del|ins|em)\b[^>]*>", "", body)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).replace(NBSP, " ").replace(NNBSP, " ")


def version_url(version: FrameworkVersion) -> str:
    return reverse("skills:version", kwargs={"framework": version.framework.slug, "number": version.number})


def concept_url(version: FrameworkVersion, code: str) -> str:
    return reverse(
        "skills:version_concept",
        kwargs={"framework": version.framework.slug, "number": version.number, "code": code},
    )


def stable_url(framework: Framework, code: str) -> str:
    return reverse("skills:concept", kwargs={"framework": framework.slug, "code": code})


def diff_url(framework: Framework) -> str:
    return reverse("skills:diff", kwargs={"framework": framework.slug})


class Structure(HTMLParser):
    """What the accessibility checks read of a page: headings in order, tables' captions and header scopes, form
    controls and their labels."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.unscoped_headers = 0
        self.controls: list[str] = []
        self.labels: set[str] = set()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and attributes.get("scope") not in ("col", "row"):
            self.unscoped_headers += 1
        elif tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            self.controls.append(str(attributes.get("id")))
        elif tag == "label" and attributes.get("for"):
            self.labels.add(str(attributes["for"]))


def accessibility_faults(response: Any) -> list[str]:
    page = Structure()
    page.feed(response.content.decode())
    faults = []
    if page.headings.count(1) != 1:
        faults.append(f"{page.headings.count(1)} h1")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            faults.append(f"h{before} followed by h{after}")
    if page.captions != page.tables:
        faults.append(f"{page.tables} tables, {page.captions} captions")
    if page.unscoped_headers:
        faults.append(f"{page.unscoped_headers} th without scope")
    faults += [f"control #{control} has no label" for control in page.controls if control not in page.labels]
    duplicated = {i for i in page.ids if page.ids.count(i) > 1}
    if duplicated:
        faults.append(f"duplicate ids {sorted(duplicated)}")
    return faults


@pytest.fixture
def external_pole(basin: Any) -> Pole:
    """Another public pôle of the basin, for a second referential."""
    pole = PoleFactory.create(basin=basin, name="Pôle numérique", code="NUM")
    MandateFactory.create(pole=pole)
    return pole


@pytest.fixture
def superseding(draft: FrameworkVersion, adopt: Adopt) -> FrameworkVersion:
    """Version 1.1 adopted on 2026-01-12 (CB-LIT-06 retired, CB-LIT-04 split into CB-LIT-07), which supersedes 1.0."""
    services.split_concept(
        node(draft, "CB-LIT-04"), [{"code": "CB-LIT-07", "label": "Écrire au travail"}], reason=REASON, by=None
    )
    services.retire_concept(node(draft, "CB-LIT-06"), reason=REASON, by=None)
    services.retire_concept(node(draft, "CB-LIT-04"), reason=REASON, by=None)
    adopt(draft, on=datetime.date(2026, 1, 12))
    return FrameworkVersion.objects.select_related("framework").get(pk=draft.pk)


# --- the index and the pôle's section ---------------------------------------------------------------------------------


def test_the_index_lists_the_poles_referentials_and_the_external_frameworks(
    client: Client, adopted: FrameworkVersion, esco: External
) -> None:
    response = client.get(reverse("skills:index"))
    assert response.status_code == 200
    text = main_text(response)
    assert "Compétences de base" in text and "version 1.0, en vigueur depuis le 20 novembre 2025" in text
    assert re.search(r"version 1\.0, en vigueur depuis le 20 novembre 2025 13 ", text)
    assert "ESCO" in text and re.search(r"1\.2 Commission européenne 4 ", text)
    assert f'href="{version_url(adopted)}"' in plain(response.content)
    assert accessibility_faults(response) == []


def test_the_index_hides_the_referential_of_a_pole_not_yet_public(
    request: pytest.FixtureRequest, adopted: FrameworkVersion, basin: Any
) -> None:
    hidden_pole = PoleFactory.create(basin=basin, name="Pôle en projet", code="PRJ")
    make_framework(hidden_pole, slug="prj-cb", name="Référentiel en projet")
    assert "Référentiel en projet" not in main_text(client_for(request, "anonymous").get(reverse("skills:index")))
    assert "Référentiel en projet" not in main_text(client_for(request, "outsider").get(reverse("skills:index")))
    assert "Référentiel en projet" in main_text(client_for(request, "secretary").get(reverse("skills:index")))


def test_the_pole_section_leads_to_the_poles_referential(client: Client, adopted: FrameworkVersion) -> None:
    pole = adopted.framework.pole
    assert pole is not None
    response = client.get(reverse("skills:pole", kwargs={"basin": pole.basin.code, "code": pole.code}))
    assert response.status_code == 302
    assert response["Location"] == adopted.framework.get_absolute_url()


@pytest.mark.parametrize(("who", "offered"), [("secretary", True), ("member", False), ("anonymous", False)])
def test_a_pole_without_referential_offers_only_its_secretariat_to_create_one(
    request: pytest.FixtureRequest, external_pole: Pole, who: str, offered: bool
) -> None:
    url = reverse("skills:pole", kwargs={"basin": external_pole.basin.code, "code": external_pole.code})
    response = client_for(request, who).get(url)
    assert response.status_code == 200
    text = main_text(response)
    assert "Le pôle n’a pas encore de référentiel." in text
    create = reverse("skills:create", kwargs={"basin": external_pole.basin.code, "code": external_pole.code})
    assert (f'action="{create}"' in response.content.decode()) is offered
    assert ("Créer le référentiel à partir de la proposition de départ" in text) is offered
    assert 'aria-current="page">Référentiel<' in plain(response.content)  # the pôle's section is the current one
    assert accessibility_faults(response) == []


# --- a version and its tree -------------------------------------------------------------------------------------------


def test_the_latest_address_shows_the_version_in_force_and_names_its_own_address_as_canonical(
    client: Client, adopted: FrameworkVersion, draft: FrameworkVersion
) -> None:
    response = client.get(adopted.framework.get_absolute_url())
    assert response.status_code == 200
    assert "Compétences de base — version 1.0" in main_text(response)
    assert f'<link rel="canonical" href="http://testserver{version_url(adopted)}">' in response.content.decode()
    assert "version 1.1" not in main_text(response)  # the draft is no one's business but the pôle's


@pytest.mark.parametrize("who", [*FOLLOWERS, *STRANGERS])
def test_the_latest_address_of_a_referential_never_adopted_shows_the_draft_to_its_followers_only(
    request: pytest.FixtureRequest, referential: FrameworkVersion, council: Any, who: str
) -> None:
    response = client_for(request, who).get(referential.framework.get_absolute_url())
    if who in FOLLOWERS:
        assert response.status_code == 200
        assert "Compétences de base — version 1.0" in main_text(response)
        assert "Brouillon" in main_text(response)
    else:
        assert response.status_code == 404


def test_a_version_page_shows_its_status_decision_fingerprint_downloads_and_paliers(
    client: Client, adopted: FrameworkVersion
) -> None:
    response = client.get(version_url(adopted))
    assert response.status_code == 200
    text = main_text(response)
    assert "Statut En vigueur En vigueur depuis le 20 novembre 2025" in text
    decision = adopted.decision
    assert decision is not None
    pole = decision.pole
    decision_url = reverse(
        "decisions:decision", kwargs={"basin": pole.basin.code, "code": pole.code, "reference": decision.reference}
    )
    assert f'<a href="{decision_url}">{decision.reference}</a>' in response.content.decode()
    assert "du 20 novembre 2025" in text
    assert adopted.content_hash and adopted.content_hash in text
    for fmt, label in (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("csv", "CSV"), ("pdf", "PDF")):
        url = reverse("skills:export", kwargs={"framework": adopted.framework.slug, "number": "1.0", "fmt": fmt})
        assert f'href="{url}"' in response.content.decode()
        assert label in text
    for palier in PALIERS:
        assert f"{palier.code} — {palier.label}" in text
    assert "13 concepts" in text
    assert accessibility_faults(response) == []


def test_a_superseded_version_says_when_and_by_which_version_it_was_replaced(
    client: Client, superseding: FrameworkVersion
) -> None:
    old = superseding.based_on
    assert old is not None
    old_page = client.get(version_url(old))
    text = main_text(old_page)
    assert (
        "Statut Remplacée Entrée en vigueur le 20 novembre 2025 Remplacée le 12 janvier 2026 par la version 1.1" in text
    )
    assert f'par la <a href="{version_url(superseding)}">version 1.1</a>' in plain(old_page.content)
    new_page = main_text(client.get(version_url(superseding)))
    assert "établie à partir de la version 1.0" in new_page
    assert "comparer avec la précédente" in new_page


def test_a_version_lists_only_the_transmissions_of_its_decision_the_reader_may_see(
    request: pytest.FixtureRequest, adopted: FrameworkVersion, council: Any
) -> None:
    decision = adopted.decision
    assert decision is not None
    sent = make_transmission(decision, status=Transmission.Status.SENT)
    prepared = make_transmission(decision, status=Transmission.Status.PREPARED)
    public = main_text(client_for(request, "anonymous").get(version_url(adopted)))
    assert sent.reference in public and prepared.reference not in public
    followed = main_text(client_for(request, "member").get(version_url(adopted)))
    assert sent.reference in followed and prepared.reference in followed


def test_the_tree_nests_each_concept_under_its_parent_and_links_it_to_its_page(
    client: Client, adopted: FrameworkVersion
) -> None:
    content = plain(client.get(version_url(adopted)).content)

    def link(code: str, label: str) -> str:
        return f'<a href="{concept_url(adopted, code)}"><span class="tree-code">{code}</span> {label}</a>'

    family = content.index(f"<li>{link('SB', 'Savoirs de base')}\n<details open><summary>2 sous-concepts")
    domain = content.index(f"<li>{link('CB-LIT', 'Littératie')}\n<details open><summary>4 sous-concepts")
    leaf = content.index(f"<li>{link('CB-LIT-03', 'Lire')}</li>")
    other_family = content.index(f"<li>{link('SE', 'Savoir-être')}")
    assert family < domain < leaf < other_family
    assert content.count("<details open>") == 5  # two families, three domains: the competences are leaves
    assert '<span class="visually-hidden"> de CB-LIT</span></summary>' in content  # each toggle names its concept


def test_searching_the_tree_ignores_accents_and_case_and_marks_the_matches(
    client: Client, adopted: FrameworkVersion
) -> None:
    response = client.get(version_url(adopted), {"q": "ECRIRE"})
    assert response.status_code == 200
    content = plain(response.content)
    assert '<p role="status" class="search-status">2 résultats pour « ECRIRE »</p>' in content
    assert '<mark><span class="tree-code">CB-LIT-04</span> Écrire</mark>' in content
    assert '<mark><span class="tree-code">CB-LIT-06</span> Décrire et reformuler</mark>' in content
    assert concept_url(adopted, "CB-LIT") in content  # the ancestors show where the match sits
    assert concept_url(adopted, "CB-LIT-03") not in content and concept_url(adopted, "SE") not in content
    assert '<label for="id_q">Rechercher dans le référentiel' in content


@pytest.mark.parametrize("code", ["CB-LIT-03", "1.1", "4ff6df71-6988-4300-8966-9fabb2b59186", "A B", "é+ü", "x:y@z"])
def test_the_trees_links_are_the_addresses_reverse_gives(adopted: FrameworkVersion, code: str) -> None:
    assert concept_url_maker(adopted)(code) == concept_url(adopted, code)


def test_a_search_without_match_says_so(client: Client, adopted: FrameworkVersion) -> None:
    text = main_text(client.get(version_url(adopted), {"q": "astrophysique"}))
    assert "Aucun concept ne correspond à « astrophysique »." in text
    assert "CB-LIT-03" not in text


def test_a_version_of_more_than_400_concepts_shows_two_levels_until_one_searches_it(client: Client) -> None:
    framework = make_framework(slug="grand", code="GRAND", name="Grand cadre")
    version = make_version(framework, "1.0")
    for r in range(3):
        root = add_node(version, f"R{r}", f"Racine {r}", kind=Node.Kind.GROUP)
        for c in range(10):
            group = add_node(version, f"R{r}-{c}", f"Groupe {r}.{c}", parent=root, kind=Node.Kind.GROUP)
            for s in range(14):
                add_node(version, f"R{r}-{c}-{s}", f"Aptitude {r}.{c}.{s}", parent=group, kind=Node.Kind.SKILL)
    release(version)
    response = client.get(version_url(version))
    text = main_text(response)
    assert "Cette version compte 453 concepts" in text
    assert "Groupe 2.9" in text and "et 14 sous-concepts" in text
    assert "Aptitude 0.0.0" not in text
    searched = main_text(client.get(version_url(version), {"q": "aptitude 1.2.13"}))
    assert "Aptitude 1.2.13" in searched and "1 résultat pour « aptitude 1.2.13 »" in searched


def test_the_secretariat_finds_the_editor_from_the_draft_and_members_only_read_it(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any
) -> None:
    editor = reverse("skills:editor", kwargs={"framework": draft.framework.slug, "number": draft.number})
    propose = reverse("skills:propose", kwargs={"framework": draft.framework.slug, "number": draft.number})
    secretariat = client_for(request, "secretary").get(version_url(draft)).content.decode()
    assert f'href="{editor}"' in secretariat and f'href="{propose}"' in secretariat
    membership = client_for(request, "member").get(version_url(draft))
    assert membership.status_code == 200 and editor not in membership.content.decode()


def test_a_draft_before_the_committee_links_its_proposal_instead_of_the_editor(
    request: pytest.FixtureRequest, draft: FrameworkVersion, secretary: Any
) -> None:
    proposal = services.propose_adoption(draft, by=secretary)
    content = plain(client_for(request, "secretary").get(version_url(draft)).content)
    assert f'<a href="{proposal.get_absolute_url()}">« {plain(proposal.title)} »</a>' in content
    assert reverse("skills:editor", kwargs={"framework": draft.framework.slug, "number": draft.number}) not in content


@pytest.mark.parametrize(("who", "offered"), [("secretary", True), ("platform_admin", True), ("member", False)])
def test_the_secretariat_may_start_a_new_version_once_one_is_in_force_and_none_is_drafted(
    request: pytest.FixtureRequest, adopted: FrameworkVersion, council: Any, who: str, offered: bool
) -> None:
    start = reverse("skills:start", kwargs={"framework": adopted.framework.slug})
    client = client_for(request, who)
    page = client.get(version_url(adopted)).content.decode()
    assert (f'<form method="post" action="{start}"' in page) is offered
    assert ("Préparer une nouvelle version" in page) is offered
    if offered:  # the form's one click opens the draft, numbered next
        assert client.post(start, {"number": ""}).status_code == 302
        assert FrameworkVersion.objects.get(framework=adopted.framework, status="draft").number == "1.1"
    else:
        services.start_version(adopted.framework, by=None)
    assert start not in client.get(version_url(adopted)).content.decode()


# --- drafts are the pôle's --------------------------------------------------------------------------------------------


DRAFT_PAGES = [
    ("skills:version", {}),
    ("skills:version_concept", {"code": "CB-LIT-03"}),
    ("skills:changes", {}),
    ("skills:export", {"fmt": "csv"}),
]


@pytest.mark.parametrize("who", [*FOLLOWERS, *STRANGERS])
@pytest.mark.parametrize(("name", "extra"), DRAFT_PAGES)
def test_a_draft_is_not_found_by_those_who_do_not_follow_the_pole(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any, who: str, name: str, extra: dict[str, str]
) -> None:
    client = client_for(request, who)
    kwargs = {"framework": draft.framework.slug, "number": draft.number, **extra}
    assert client.get(reverse(name, kwargs=kwargs)).status_code == (200 if who in FOLLOWERS else 404)
    released = {**kwargs, "number": "1.0"}
    assert client.get(reverse(name, kwargs=released)).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member"])
def test_the_pages_of_an_external_framework_are_open_to_all(
    request: pytest.FixtureRequest, esco: External, who: str
) -> None:
    client = client_for(request, who)
    framework = esco.framework
    assert client.get(framework.get_absolute_url()).status_code == 200
    assert client.get(version_url(esco.version)).status_code == 200
    assert client.get(concept_url(esco.version, "4ff6df71")).status_code == 200
    assert client.get(stable_url(framework, "4ff6df71")).status_code == 200


def test_an_unknown_framework_version_or_concept_is_not_found(client: Client, adopted: FrameworkVersion) -> None:
    slug = adopted.framework.slug
    assert client.get(reverse("skills:framework", kwargs={"framework": "inconnu"})).status_code == 404
    assert client.get(reverse("skills:version", kwargs={"framework": slug, "number": "9.9"})).status_code == 404
    assert client.get(concept_url(adopted, "CB-XXX-99")).status_code == 404
    assert client.get(stable_url(adopted.framework, "CB-XXX-99")).status_code == 404


# --- a concept --------------------------------------------------------------------------------------------------------


def test_a_concept_page_shows_its_ancestors_texts_paliers_and_crosswalks(
    client: Client, adopted: FrameworkVersion
) -> None:
    response = client.get(concept_url(adopted, "CB-LIT-03"))
    assert response.status_code == 200
    content = plain(response.content)
    breadcrumb = content[
        content.index('<nav class="breadcrumb"') : content.index("</nav>", content.index("breadcrumb"))
    ]
    assert breadcrumb.index(concept_url(adopted, "SB")) < breadcrumb.index(concept_url(adopted, "CB-LIT"))
    assert '<span aria-current="page">CB-LIT-03 Lire</span>' in breadcrumb
    text = main_text(response)
    assert "CB-LIT-03 Lire" in text and "Compétence" in text
    assert "Lire et comprendre les écrits de la vie courante et du travail." in text
    assert '<dd lang="en">Read and understand everyday and workplace texts.</dd>' in content
    assert "Lire un horaire de bus." in text and "Lire une consigne de sécurité." in text
    assert "P1 — élémentaire Lit des mots et des phrases simples." in text
    assert "P0 — pré-alpha non décrit" in text
    assert "Correspondance proche ESCO 4ff6df71 comprendre le français écrit (version 1.2)" in text
    assert f"85{NNBSP}%" in response.content.decode()
    assert "validée le 15 janvier 2026" in text
    assert accessibility_faults(response) == []


def test_the_validator_of_a_crosswalk_is_named_only_to_those_who_follow_the_pole(
    request: pytest.FixtureRequest, adopted: FrameworkVersion, secretary: Any
) -> None:
    mapping = Mapping.objects.get(source__version=adopted, source__concept__code="CB-LIT-03")
    assert mapping.validated_by == secretary
    assert "par Sam Secrétariat" in main_text(client_for(request, "secretary").get(concept_url(adopted, "CB-LIT-03")))
    assert "Sam Secrétariat" not in main_text(client_for(request, "anonymous").get(concept_url(adopted, "CB-LIT-03")))


def test_an_external_concept_lists_once_the_referential_concepts_mapped_to_it(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any, esco: External
) -> None:
    url = concept_url(esco.version, "4ff6df71")
    public = client_for(request, "anonymous").get(url)
    text = main_text(public)
    assert "Concepts d’autres référentiels qui y correspondent" in text
    assert "Correspondance proche CB CB-LIT-03 Lire (version 1.0)" in text
    assert "version 1.1" not in text
    followed = main_text(client_for(request, "member").get(url))
    assert followed.count("CB-LIT-03 Lire") == 1 and "(version 1.1)" in followed  # the draft's copy, once
    assert accessibility_faults(public) == []


def test_an_inverse_relation_is_read_from_the_target(client: Client, adopted: FrameworkVersion, esco: External) -> None:
    referential = node(adopted, "CB-NUM-02")
    broader = Mapping.objects.get(source=referential)
    assert broader.relation == Mapping.Relation.EXACT
    framework = make_framework(slug="autre", code="AUT", name="Autre cadre")
    other = make_version(framework, "1.0")
    add_mapping(add_node(other, "AUT-1", "Calculer", kind=Node.Kind.SKILL), esco.nodes["19ba11f3"], "broadMatch")
    release(other)
    text = main_text(client.get(concept_url(esco.version, "19ba11f3")))
    assert "Concept plus étroit AUT AUT-1 Calculer" in text  # AUT-1 broadMatch ESCO: ESCO is narrower… seen from it
    assert "Correspondance exacte CB CB-NUM-02" in text


def test_the_history_of_a_concept_shows_each_visible_version_with_its_label_and_its_log(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any
) -> None:
    services.update_concept(node(draft, "CB-LIT-03"), {"label": "Lire des écrits variés"}, reason=REASON, by=None)
    followed = main_text(client_for(request, "member").get(concept_url(draft, "CB-LIT-03")))
    assert "version 1.1 Brouillon Lire des écrits variés" in followed
    assert "version 1.0 En vigueur Lire —" in followed
    assert "Nouvel intitulé" in followed and REASON in followed
    assert draft.based_on is not None
    public = main_text(client_for(request, "anonymous").get(concept_url(draft.based_on, "CB-LIT-03")))
    assert "Lire des écrits variés" not in public and REASON not in public and "version 1.1" not in public


def test_the_stable_address_shows_the_concept_in_the_version_in_force(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any
) -> None:
    services.update_concept(node(draft, "CB-LIT-03"), {"label": "Lire et comprendre"}, reason=REASON, by=None)
    for who in ("anonymous", "member"):
        response = client_for(request, who).get(stable_url(draft.framework, "CB-LIT-03"))
        assert response.status_code == 200
        assert "version 1.0 En vigueur" in main_text(response)
        assert '<h1><span class="concept-code">CB-LIT-03</span> Lire</h1>' in response.content.decode()


def test_the_stable_address_of_a_concept_new_in_the_draft_is_found_by_the_poles_followers_only(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any
) -> None:
    services.add_concept(
        draft, {"code": "CB-LIT-08", "label": "Lire un plan"}, parent=node(draft, "CB-LIT"), reason=REASON, by=None
    )
    url = stable_url(draft.framework, "CB-LIT-08")
    assert client_for(request, "anonymous").get(url).status_code == 404
    followed = client_for(request, "member").get(url)
    assert followed.status_code == 200 and "Lire un plan" in main_text(followed)


def test_the_stable_address_of_a_retired_concept_shows_its_last_version_and_what_derives_from_it(
    client: Client, superseding: FrameworkVersion
) -> None:
    response = client.get(stable_url(superseding.framework, "CB-LIT-04"))
    assert response.status_code == 200
    text = main_text(response)
    assert "Ce concept a été retiré dans la version 1.1." in text
    assert "la version 1.0, la dernière qui le contenait" in text
    assert f'href="{concept_url(superseding, "CB-LIT-07")}"' in response.content.decode()
    assert "CB-LIT-07 Écrire au travail" in text
    plain_retired = main_text(client.get(stable_url(superseding.framework, "CB-LIT-06")))
    assert "Ce concept a été retiré dans la version 1.1." in plain_retired
    assert "il se retrouve dans" not in plain_retired
    heir = main_text(client.get(stable_url(superseding.framework, "CB-LIT-07")))
    assert "retiré" not in heir and "Ce concept est issu de la scission ou de la fusion de : CB-LIT-04" in heir


def test_registered_panels_are_shown_on_the_concept_page(client: Client, adopted: FrameworkVersion) -> None:
    seen: list[Node] = []

    def panel(request: Any, shown: Node) -> dict[str, Any] | None:
        seen.append(shown)
        return {"v": shown.version} if shown.concept.code == "CB-LIT-03" else None

    register_panel("skills/includes/status_badge.html", panel)
    try:
        with_panel = client.get(concept_url(adopted, "CB-LIT-03")).content.decode()
        without = client.get(concept_url(adopted, "CB-LIT-04")).content.decode()
    finally:
        unregister_panel("skills/includes/status_badge.html")
    assert [n.concept.code for n in seen] == ["CB-LIT-03", "CB-LIT-04"]
    badge = '<span class="badge version-status version-adopted">'
    assert with_panel.count(badge) == without.count(badge) + 1


# --- comparing two versions -------------------------------------------------------------------------------------------


def test_the_comparison_defaults_to_the_version_in_force_against_the_one_before(
    client: Client, superseding: FrameworkVersion
) -> None:
    response = client.get(diff_url(superseding.framework))
    assert response.status_code == 200
    text = main_text(response)
    assert "Version 1.1 — Changements par rapport à la version 1.0 : 1 concept ajouté (CB-LIT-07)" in text
    assert "Concepts ajoutés CB-LIT-07 Écrire au travail dans CB-LIT issu de : CB-LIT-04 « Écrire »" in text
    assert "Concepts retirés" in text and "CB-LIT-06 Décrire et reformuler" in text
    assert '<option value="1.0" selected>' in response.content.decode()
    assert accessibility_faults(response) == []


def test_the_comparison_shows_the_draft_to_those_who_follow_the_pole(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any
) -> None:
    services.update_concept(
        node(draft, "CB-LIT-03"),
        {"label": "Lire et comprendre", "definition": "Lire et comprendre les écrits courants du travail."},
        reason=REASON,
        by=None,
    )
    services.move_concept(node(draft, "CB-SOC-04"), parent=node(draft, "CB-LIT"), reason=REASON, by=None)
    response = client_for(request, "member").get(diff_url(draft.framework))
    text = main_text(response)
    assert "Version 1.1 — Changements par rapport à la version 1.0 : 1 concept renommé (CB-LIT-03)" in text
    assert "Intitulés modifiés CB-LIT-03 : « Lire » devient « Lire et comprendre »" in text
    assert "Concepts déplacés CB-SOC-04 Gérer les conflits : CB-SOC devient CB-LIT" in text
    content = response.content.decode()
    assert f'<del><span class="visually-hidden">supprimé{NBSP}: </span>de la vie courante et</del>' in content
    assert f'<ins><span class="visually-hidden">ajouté{NBSP}: </span>courants</ins>' in content
    public = main_text(client_for(request, "anonymous").get(diff_url(draft.framework)))
    assert "Ce référentiel n’a qu’une version que vous puissiez consulter" in public


def test_two_identical_versions_have_no_difference(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any
) -> None:
    text = main_text(client_for(request, "member").get(diff_url(draft.framework), {"de": "1.0", "a": "1.1"}))
    assert "Aucune différence entre ces deux versions" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"de": "9.9", "a": "1.1"}, "Ce référentiel n’a pas de version « 9.9 » que vous puissiez consulter"),
        ({"de": "1.1", "a": "1.1"}, "Choisissez deux versions différentes : la version 1.1 ne peut être comparée"),
        ({"de": "1.0"}, "Choisissez la version d’arrivée."),
    ],
)
def test_a_wrong_choice_of_versions_is_a_form_error(
    client: Client, superseding: FrameworkVersion, query: dict[str, str], message: str
) -> None:
    response = client.get(diff_url(superseding.framework), query)
    assert response.status_code == 400
    assert message in main_text(response)
    assert "Concepts ajoutés" not in main_text(response)


def test_a_draft_the_reader_may_not_see_cannot_be_compared(
    request: pytest.FixtureRequest, draft: FrameworkVersion
) -> None:
    response = client_for(request, "outsider").get(diff_url(draft.framework), {"de": "1.0", "a": "1.1"})
    assert response.status_code == 400
    assert "Ce référentiel n’a pas de version « 1.1 » que vous puissiez consulter" in main_text(response)


# --- the change log and the exports -----------------------------------------------------------------------------------


def test_the_change_log_names_authors_only_to_those_who_follow_the_pole_and_pages_by_100(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any, secretary: Any
) -> None:
    services.update_concept(node(draft, "CB-LIT-03"), {"label": "Lire et comprendre"}, reason=REASON, by=secretary)
    start = datetime.datetime(2026, 1, 16, 9, 0, tzinfo=datetime.UTC)
    Change.objects.bulk_create(
        Change(version=draft, operation="edit", summary=f"Retouche {n:03d}", reason="Relecture", at=start, by=secretary)
        for n in range(100)
    )
    url = reverse("skills:changes", kwargs={"framework": draft.framework.slug, "number": draft.number})
    response = client_for(request, "member").get(url)
    text = main_text(response)
    assert "102 modifications inscrites au journal" in text
    assert text.index("Version 1.1 établie") < text.index("CB-LIT-03 renommé") < text.index("Retouche 000")
    assert "Sam Secrétariat" in text and "Page 1 sur 2" in text and "Retouche 097" in text
    assert "Retouche 098" not in text
    assert "Retouche 099" in main_text(client_for(request, "member").get(url, {"page": 2}))
    released = reverse("skills:changes", kwargs={"framework": draft.framework.slug, "number": "1.0"})
    public = client_for(request, "anonymous").get(released)
    assert "Version 1.0 créée" in main_text(public) and "Sam Secrétariat" not in main_text(public)
    assert accessibility_faults(response) == []


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("ttl", "text/turtle; charset=utf-8"),
        ("jsonld", "application/ld+json"),
        ("csv", "text/csv; charset=utf-8"),
        ("pdf", "application/pdf"),
    ],
)
def test_each_export_comes_as_an_attachment_of_its_media_type(
    client: Client, adopted: FrameworkVersion, fmt: str, content_type: str
) -> None:
    kwargs = {"framework": adopted.framework.slug, "number": "1.0", "fmt": fmt}
    response = client.get(reverse("skills:export", kwargs=kwargs))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{exports.filename(adopted, fmt)}"'
    assert response.content


def test_an_unknown_export_format_is_not_found(client: Client, adopted: FrameworkVersion) -> None:
    kwargs = {"framework": adopted.framework.slug, "number": "1.0", "fmt": "xlsx"}
    assert client.get(reverse("skills:export", kwargs=kwargs)).status_code == 404


def test_the_booklet_of_a_released_version_is_rendered_once_and_a_drafts_each_time(
    request: pytest.FixtureRequest, draft: FrameworkVersion, council: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []

    def booklet(version: FrameworkVersion) -> bytes:
        rendered.append(version.number)
        return b"%PDF-1.7 livret " + version.number.encode()

    monkeypatch.setattr(exports, "booklet_pdf", booklet)
    client = client_for(request, "member")
    for number in ("1.0", "1.0", "1.1", "1.1"):
        kwargs = {"framework": draft.framework.slug, "number": number, "fmt": "pdf"}
        assert client.get(reverse("skills:export", kwargs=kwargs)).content == b"%PDF-1.7 livret " + number.encode()
    assert rendered == ["1.0", "1.1", "1.1"]


# --- typography -------------------------------------------------------------------------------------------------------


def french_texts(source: str) -> Iterator[str]:
    """The words of a template a reader sees: its text between tags, and its translated strings."""
    source = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", source, flags=re.S)
    yield from (text for _quote, text in re.findall(r"\{% translate ([\"'])(.*?)\1", source))
    yield from re.findall(r"%\}([^{<]+)\{% endblocktranslate", source)
    without_tags = re.sub(r"\{[%{].*?[%}]\}", "", source, flags=re.S)
    yield from re.findall(r">([^<>]+)<", without_tags)


MY_TEMPLATES = sorted(
    [p.relative_to(TEMPLATES) for p in TEMPLATES.glob("*.html")]
    + [p.relative_to(TEMPLATES) for p in (TEMPLATES / "includes").glob("*.html")]
)


@pytest.mark.parametrize("template", MY_TEMPLATES, ids=str)
def test_the_templates_follow_french_typography(template: Path) -> None:
    faults = []
    for text in french_texts((TEMPLATES / template).read_text(encoding="utf-8")):
        for wrong in (" :", " ;", " ?", " !", "« ", " »", " %", "'", "..."):
            if wrong in text:
                faults.append(f"{wrong!r} in {text.strip()!r}")
    assert faults == []
