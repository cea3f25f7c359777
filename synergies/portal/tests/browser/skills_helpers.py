"""What the referential's browser tests share: the demo pôle's referential, its versions, and where the focus is."""

from __future__ import annotations

from typing import Any

from synergies.portal.tests.browser.axe import describe, violations
from synergies.skills.models import Framework, FrameworkVersion, Mapping, Node

CB = "hainaut-centre-cb"
REFERENTIAL = f"/referentiels/{CB}/"


def referential() -> Framework:
    return Framework.objects.select_related("pole__basin").get(slug=CB)


def cb_version(number: str) -> FrameworkVersion:
    return FrameworkVersion.objects.select_related("framework").get(framework__slug=CB, number=number)


def version_path(number: str, suffix: str = "") -> str:
    return f"{REFERENTIAL}versions/{number}/{suffix}"


def editor_path(number: str, suffix: str = "") -> str:
    return version_path(number, "modifier/" + suffix)


def node_of(version: FrameworkVersion, code: str) -> Node:
    return Node.objects.select_related("concept", "parent__concept").get(version=version, concept__code=code)


def parent_code(version: FrameworkVersion, code: str) -> str:
    """Where the concept `code` sits in `version`: its parent's code, or "" at the root."""
    parent = node_of(version, code).parent
    return parent.concept.code if parent is not None else ""


def esco_target_of_current_version() -> Node:
    """An ESCO concept the version in force maps a competence to: its page lists that crosswalk from the other end."""
    mapping = (
        Mapping.objects.filter(
            source__version__framework__slug=CB,
            source__version__status=FrameworkVersion.Status.ADOPTED,
            target__version__framework__slug="esco",
        )
        .select_related("target__concept", "target__version__framework")
        .order_by("source__concept__code", "pk")
        .first()
    )
    assert mapping is not None, "the demo maps the referential in force to ESCO"
    return mapping.target


BRANCH_CODE = """
    const branchCode = (el) => {
        // A link names its concept; a summary opens the branch of the list item it belongs to.
        const own = el.tagName === 'A' ? el.querySelector('.tree-code') : null;
        const item = el.closest('.skills-tree li');
        const code = own || (item && el.tagName === 'SUMMARY' ? item.querySelector('.tree-code') : null);
        return code ? code.textContent.trim() : '';
    };
"""
"""Inside a tree, the concept code a focusable element stands for, whatever the markup of its branch."""


def focused(tab: Any) -> dict[str, str]:
    """What has the keyboard focus: its tag, its id, the concept of the tree it belongs to, and its text."""
    return dict(
        tab.evaluate(
            "() => {"
            + BRANCH_CODE
            + """
                const el = document.activeElement;
                if (!el) return {tag: '', id: '', code: '', text: ''};
                return {
                    tag: el.tagName.toLowerCase(),
                    id: el.id || '',
                    code: branchCode(el),
                    text: (el.textContent || '').trim(),
                };
            }"""
        )
    )


def tree_focus_order(tab: Any) -> list[tuple[str, str]]:
    """The tree's summaries and links in document order, as (tag, concept code): the order Tab must follow."""
    return [
        (str(tag), str(code))
        for tag, code in tab.evaluate(
            "() => {"
            + BRANCH_CODE
            + """
                return Array.from(document.querySelectorAll('.skills-tree summary, .skills-tree a'))
                    .map(el => [el.tagName.toLowerCase(), branchCode(el)]);
            }"""
        )
    ]


def tab_to_id(tab: Any, element_id: str, *, limit: int = 120) -> list[str]:
    """Press Tab from the top of the page until the element `element_id` has the focus, with a visible outline;
    return the ids or texts of what was reached on the way."""
    tab.evaluate("document.activeElement && document.activeElement.blur()")
    passed: list[str] = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        now = focused(tab)
        if now["id"] == element_id:
            outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on #{element_id}"
            return passed
        passed.append(now["id"] or now["text"])
    raise AssertionError(f"#{element_id} is not reached with the Tab key in {limit} presses")


def assert_pages_accessible(tab: Any, paths: list[str]) -> None:
    """Open each page once and run axe on it; report every page's violations together, so that one run tells
    all there is to fix."""
    problems = []
    for path in paths:
        response = tab.go(path)
        if response is None or response.status >= 400:
            problems.append(f"{path} answered {response and response.status}")
            continue
        found = violations(tab.page)
        if found:
            problems.append(f"{path}\n{describe(found)}")
    assert not problems, "\n".join(problems)
