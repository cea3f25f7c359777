"""Belgian public holidays, computed for any year (no data file to keep up to date).

The ten legal holidays of the kingdom (loi du 4 janvier 1974) — of which three move with Easter — plus, when asked,
the 27 September, Fête de la Fédération Wallonie-Bruxelles, when the French-speaking schools and administrations close.
"""

from __future__ import annotations

import datetime

__all__ = ["easter_sunday", "is_public_holiday", "public_holidays"]


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (the anonymous Meeus/Jones/Butcher algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year: int, *, wallonia_brussels_federation: bool = True) -> dict[datetime.date, str]:
    """{date: French name} of the year's public holidays, in date order."""
    easter = easter_sunday(year)
    days = {
        datetime.date(year, 1, 1): "Nouvel An",
        easter + datetime.timedelta(days=1): "Lundi de Pâques",
        datetime.date(year, 5, 1): "Fête du Travail",
        easter + datetime.timedelta(days=39): "Ascension",
        easter + datetime.timedelta(days=50): "Lundi de Pentecôte",
        datetime.date(year, 7, 21): "Fête nationale",
        datetime.date(year, 8, 15): "Assomption",
        datetime.date(year, 11, 1): "Toussaint",
        datetime.date(year, 11, 11): "Armistice",
        datetime.date(year, 12, 25): "Noël",
    }
    if wallonia_brussels_federation:
        days[datetime.date(year, 9, 27)] = "Fête de la Fédération Wallonie-Bruxelles"
    return dict(sorted(days.items()))


def is_public_holiday(day: datetime.date, *, wallonia_brussels_federation: bool = True) -> bool:
    return day in public_holidays(day.year, wallonia_brussels_federation=wallonia_brussels_federation)
