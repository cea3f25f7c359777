"""Who may reach the API's addresses: everyone, signed in or not (read-only, published practices only)."""

from __future__ import annotations

from synergies.testing.permissions import ALLOW, Rule, everyone

EXPECTATIONS = [
    Rule("api:docs", everyone(ALLOW)),
    Rule("api:schema", everyone(ALLOW)),
    Rule("api:practices", everyone(ALLOW), query="?q=matrice"),
    Rule("api:practice", everyone(ALLOW), kwargs=lambda world: {"slug": world.practice.slug}),
]
