"""Who may reach the portal's pages (see synergies/testing/permissions.py)."""

from synergies.testing.permissions import ALLOW, REDIRECT, Rule, everyone, staff_only

EXPECTATIONS = [
    Rule("healthz", everyone(ALLOW)),
    Rule("set_language", everyone(ALLOW), method="post", data=lambda w: {"language": "en", "next": "/"}),
    Rule("portal:home", everyone(ALLOW)),
    Rule("portal:basins", everyone(ALLOW)),
    Rule("portal:basin", everyone(ALLOW), kwargs=lambda w: {"code": "namur"}),
    Rule("portal:legal_notice", everyone(ALLOW)),
    Rule("portal:privacy", everyone(ALLOW)),
    Rule("portal:accessibility", everyone(ALLOW)),
    Rule("portal:audit_log", staff_only(other_basin=ALLOW)),
    # The Django admin as a whole: only platform admins get in; everyone else meets the admin's own login page.
    Rule("admin:index", {**everyone(REDIRECT), "anonymous": REDIRECT, "platform_admin": ALLOW}),
]
