"""Cadence (R5): the steering committee meets 3 to 4 times a year; and a helper that proposes a year's dates.

A year's count is the committee's meetings held plus those still planned or convened ahead (cancelled ones do not
count). Below three, the year is « at risk » (the alert); above four is only noted: meeting more often is allowed.

Proposed dates: one a quarter, on a weekday — a Tuesday or a Thursday near the middle of the quarter when one is free —
never on a weekend, a Belgian public holiday or during the school holidays of the Fédération Wallonie-Bruxelles, whose
calendar ships as `data/fwb-school-holidays.csv` (members from schools cannot come then). A year the file does not
cover is refused rather than guessed.
"""

from __future__ import annotations

import csv
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.lib.holidays import public_holidays
from synergies.meetings.models import Meeting
from synergies.poles.models import Body, Pole

__all__ = [
    "TARGET_MAX",
    "TARGET_MIN",
    "Cadence",
    "QuarterProposal",
    "cadence_of",
    "covered_years",
    "propose_dates",
    "school_holidays",
]

TARGET_MIN, TARGET_MAX = 3, 4
HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "fwb-school-holidays.csv"
PREFERRED_WEEKDAYS = (1, 3)  # Tuesday, Thursday


@dataclass(frozen=True)
class Cadence:
    year: int
    held: int
    planned: int

    @property
    def total(self) -> int:
        return self.held + self.planned

    @property
    def status(self) -> str:
        if self.total < TARGET_MIN:
            return "at_risk"
        if self.total > TARGET_MAX:
            return "above"
        return "ok"

    @property
    def at_risk(self) -> bool:
        return self.status == "at_risk"

    @property
    def missing(self) -> int:
        return max(0, TARGET_MIN - self.total)

    @property
    def message(self) -> str:
        if self.status == "at_risk":
            return _(
                "Le comité de pilotage compte %(held)s réunion(s) tenue(s) et %(planned)s prévue(s) en %(year)s : "
                "l’année finira sous les trois réunions requises (article 18, R5). Il en manque %(missing)s."
            ) % {"held": self.held, "planned": self.planned, "year": self.year, "missing": self.missing}
        if self.status == "above":
            return _(
                "Le comité de pilotage compte %(total)s réunions en %(year)s, au-delà des trois à quatre prévues (R5) : "
                "c’est permis, à noter."
            ) % {"total": self.total, "year": self.year}
        return _(
            "%(total)s réunion(s) du comité de pilotage en %(year)s : la cadence de trois à quatre est tenue (R5)."
        ) % {
            "total": self.total,
            "year": self.year,
        }


def count_cadence(meetings: list[Meeting], year: int, now: datetime.datetime) -> Cadence:
    """The cadence from meetings already read (of one body), so a page can count without another query."""
    mine = [m for m in meetings if timezone.localtime(m.starts_at).year == year and not m.is_cancelled]
    held = sum(1 for m in mine if m.status == Meeting.Status.HELD)
    planned = sum(1 for m in mine if m.status != Meeting.Status.HELD and m.ends_at >= now)
    return Cadence(year=year, held=held, planned=planned)


def cadence_of(pole: Pole, year: int, now: datetime.datetime | None = None) -> Cadence:
    """The steering committee's cadence for `year` as it stands at `now`."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.of_pole(pole).filter(body__kind=Body.Kind.STEERING_COMMITTEE).in_year(year).not_cancelled()
    )
    return count_cadence(meetings, year, now)


@functools.cache
def school_holidays() -> tuple[tuple[datetime.date, datetime.date, str], ...]:
    with HOLIDAYS_FILE.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple(
        (datetime.date.fromisoformat(row["start"]), datetime.date.fromisoformat(row["end"]), row["name"])
        for row in csv.DictReader(lines)
    )


def covered_years() -> range:
    """The calendar years whose every day the school-holiday file covers (its school years run September–August)."""
    periods = school_holidays()
    first = min(start for start, _end, _name in periods).year + 1
    last = max(end for _start, end, _name in periods).year - 1
    return range(first, last + 1)


def school_holiday_on(day: datetime.date) -> str | None:
    for start, end, name in school_holidays():
        if start <= day <= end:
            return name
    return None


def is_free(day: datetime.date, holidays: dict[datetime.date, str]) -> bool:
    return day.weekday() < 5 and day not in holidays and school_holiday_on(day) is None


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, end - datetime.timedelta(days=1)


@dataclass(frozen=True)
class QuarterProposal:
    quarter: int
    day: datetime.date | None
    note: str = ""


def propose_dates(body: Body, year: int, today: datetime.date | None = None) -> list[QuarterProposal]:
    """One date per quarter of `year` for `body`, skipping quarters that already have one of its meetings (not
    cancelled) and days already past. Raises ValidationError for a year the school-holiday calendar does not cover."""
    if year not in covered_years():
        years = covered_years()
        raise ValidationError(
            _(
                "Le calendrier des congés scolaires de la Fédération Wallonie-Bruxelles livré avec Synergies couvre les "
                "années %(first)s à %(last)s : aucune date n’est proposée pour %(year)s. Complétez le fichier "
                "fwb-school-holidays.csv d’après le calendrier officiel."
            )
            % {"first": years.start, "last": years.stop - 1, "year": year},
            code="not_covered",
        )
    today = today or timezone.localdate()
    holidays = public_holidays(year)
    taken = {
        quarter_of(timezone.localtime(starts_at).date())
        for starts_at in Meeting.objects.filter(body=body)
        .in_year(year)
        .not_cancelled()
        .values_list("starts_at", flat=True)
    }
    proposals = []
    for quarter in range(1, 5):
        if quarter in taken:
            proposals.append(QuarterProposal(quarter, None, _("Une réunion est déjà prévue ce trimestre.")))
            continue
        start, end = quarter_bounds(year, quarter)
        middle = start + (end - start) / 2
        days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
        free = [d for d in days if d > today and is_free(d, holidays)]
        if not free:
            proposals.append(QuarterProposal(quarter, None, _("Ce trimestre est passé.")))
            continue
        free.sort(key=lambda d: (d.weekday() not in PREFERRED_WEEKDAYS, abs((d - middle).days), d))
        proposals.append(QuarterProposal(quarter, free[0]))
    return proposals
