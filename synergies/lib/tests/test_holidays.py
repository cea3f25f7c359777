"""Belgian public holidays are computed, Easter and the days that follow it included."""

from __future__ import annotations

import datetime

import pytest

from synergies.lib.holidays import easter_sunday, is_public_holiday, public_holidays


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2019, (4, 21)),
        (2020, (4, 12)),
        (2024, (3, 31)),
        (2025, (4, 20)),
        (2026, (4, 5)),
        (2027, (3, 28)),
        (2038, (4, 25)),
    ],
)
def test_easter_sunday_matches_the_published_dates(year: int, easter: tuple[int, int]) -> None:
    assert easter_sunday(year) == datetime.date(year, *easter)


def test_the_moving_holidays_of_2026_follow_easter() -> None:
    days = public_holidays(2026)
    assert days[datetime.date(2026, 4, 6)] == "Lundi de Pâques"
    assert days[datetime.date(2026, 5, 14)] == "Ascension"
    assert days[datetime.date(2026, 5, 25)] == "Lundi de Pentecôte"


def test_a_year_has_ten_legal_holidays_and_the_federation_day_when_asked() -> None:
    assert len(public_holidays(2025, wallonia_brussels_federation=False)) == 10
    assert datetime.date(2025, 9, 27) in public_holidays(2025)
    assert not is_public_holiday(datetime.date(2025, 9, 27), wallonia_brussels_federation=False)


def test_ordinary_days_are_not_holidays() -> None:
    assert is_public_holiday(datetime.date(2026, 7, 21))
    assert not is_public_holiday(datetime.date(2026, 7, 22))
