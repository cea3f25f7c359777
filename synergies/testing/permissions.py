"""The permission matrix: what every URL answers to every named user.

Each app declares its expectations in `synergies/<app>/tests/permission_matrix.py` as a list `EXPECTATIONS` of
`Rule`s, one per URL name; `synergies/portal/tests/test_permission_matrix.py` walks every URL pattern of the
project and fails when one has no rule, so a new page cannot ship without saying who may reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

USERS = ("anonymous", "outsider", "contributor", "member", "other_secretary", "secretary", "platform_admin")


class Outcome(Enum):
    ALLOW = "allowed"
    LOGIN = "redirect to login"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    REDIRECT = "redirect elsewhere"
    GONE = "410"


ALLOW, LOGIN, FORBIDDEN, NOT_FOUND, REDIRECT, GONE = (
    Outcome.ALLOW,
    Outcome.LOGIN,
    Outcome.FORBIDDEN,
    Outcome.NOT_FOUND,
    Outcome.REDIRECT,
    Outcome.GONE,
)


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(USERS, outcome)


def logged_in(outcome: Outcome) -> dict[str, Outcome]:
    """Anonymous visitors are sent to the login page; every account gets `outcome`."""
    return {**everyone(outcome), "anonymous": LOGIN}


def staff_only(*, other_basin: Outcome = FORBIDDEN) -> dict[str, Outcome]:
    """For the secretariat (of the record's basin) and platform admins; the other secretariat gets `other_basin`."""
    return {
        **everyone(FORBIDDEN),
        "anonymous": LOGIN,
        "other_secretary": other_basin,
        "secretary": ALLOW,
        "platform_admin": ALLOW,
    }


@dataclass(frozen=True)
class Rule:
    name: str
    expected: dict[str, Outcome]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    query: str = ""

    def __post_init__(self) -> None:
        missing = set(USERS) - set(self.expected)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")


# Patterns that belong to Django itself and are checked as a whole through one representative rule.
DELEGATED_NAMESPACES = {"admin": "admin:index"}


def url_names() -> Iterator[str]:
    """Every named URL pattern of the project, as `namespace:name`."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    yield from walk(get_resolver().url_patterns, "")


def undeclared(rules: dict[str, Rule]) -> list[str]:
    names = []
    for name in sorted(set(url_names())):
        namespace = name.split(":", 1)[0] if ":" in name else ""
        if namespace in DELEGATED_NAMESPACES and DELEGATED_NAMESPACES[namespace] in rules:
            continue
        if name not in rules:
            names.append(name)
    return names
