"""What the governance browser tests share: the demo pôle's meetings and proposals, and checks on the page shown."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from synergies.decisions.models import Method, Proposal, Round
from synergies.meetings.models import Meeting
from synergies.poles.models import Body, Pole
from synergies.portal.tests.browser.axe import describe, violations

POLE = "/poles/hainaut-centre/CB/"


def demo_pole() -> Pole:
    return Pole.objects.select_related("basin").get(basin__code="hainaut-centre", code="CB")


def committee_meetings() -> Any:
    return Meeting.objects.filter(body__pole=demo_pole(), body__kind=Body.Kind.STEERING_COMMITTEE).select_related(
        "body__pole__basin"
    )


def planned_committee_meeting() -> Meeting:
    """The next committee meeting, planned with its agenda but not convened yet."""
    meeting = committee_meetings().filter(status=Meeting.Status.PLANNED).order_by("starts_at").first()
    assert meeting is not None, "the demo plans the next committee meeting"
    return meeting


def latest_held_committee_meeting() -> Meeting:
    """The 2026-10-15 committee meeting: attendance recorded, minutes circulated for remarks."""
    meeting = committee_meetings().filter(status=Meeting.Status.HELD).order_by("-starts_at").first()
    assert meeting is not None, "the demo holds committee meetings"
    return meeting


def approved_minutes_meeting() -> Meeting:
    meeting = committee_meetings().filter(minutes__status="approved").order_by("starts_at").first()
    assert meeting is not None, "the demo approves the minutes of its past meetings"
    return meeting


def meeting_path(meeting: Meeting, suffix: str = "") -> str:
    pole = meeting.body.pole
    return reverse("meetings:detail", kwargs={"basin": pole.basin.code, "code": pole.code, "pk": meeting.pk}) + suffix


def open_written_proposal() -> Proposal:
    proposal = (
        Proposal.objects.filter(pole=demo_pole(), status=Proposal.Status.OPEN, rounds__method=Method.WRITTEN)
        .distinct()
        .get()
    )
    return proposal


def closed_round_proposal() -> Proposal:
    """An adopted proposal whose round is closed: the page shows the outcome and the positions."""
    round = (
        Round.objects.filter(proposal__pole=demo_pole(), closed_at__isnull=False, outcome="adopted")
        .select_related("proposal__pole__basin")
        .order_by("pk")
        .first()
    )
    assert round is not None
    return round.proposal


def field(tab: Any, label: str) -> Any:
    """The form control labelled `label`, whatever suffix (« : ») Django adds to the label."""
    return tab.get_by_label(re.compile(rf"^{re.escape(label)}\s*:?$"))


def assert_no_violation(tab: Any, what: str) -> None:
    found = violations(tab.page)
    assert not found, f"{what}\n{describe(found)}"


def assert_accessible(tab: Any, path: str) -> None:
    response = tab.go(path)
    assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
    assert_no_violation(tab, path)


def focused_text(tab: Any) -> str:
    return str(tab.evaluate("document.activeElement ? document.activeElement.textContent.trim() : ''"))


def tab_to(tab: Any, name: str, *, limit: int = 120) -> None:
    """Press Tab from the top of the page until the control named `name` has the focus, with a visible outline."""
    tab.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if focused_text(tab) == name:
            outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {name!r}"
            return
    raise AssertionError(f"{name!r} is not reached with the Tab key in {limit} presses")
