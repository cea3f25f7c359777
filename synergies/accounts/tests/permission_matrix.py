"""Who may reach the accounts pages (see synergies/testing/permissions.py)."""

from synergies.accounts.tokens import invitation_token
from synergies.testing.permissions import ALLOW, REDIRECT, Rule, everyone, logged_in

EXPECTATIONS = [
    Rule("accounts:login", {**everyone(REDIRECT), "anonymous": ALLOW}),
    Rule("accounts:logout", everyone(ALLOW), method="post"),
    Rule("accounts:password_change", logged_in(ALLOW)),
    Rule("accounts:password_change_done", logged_in(ALLOW)),
    Rule("accounts:password_reset", everyone(ALLOW)),
    Rule("accounts:password_reset_done", everyone(ALLOW)),
    Rule("accounts:password_reset_confirm", everyone(ALLOW), kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"}),
    Rule("accounts:password_reset_complete", everyone(ALLOW)),
    Rule("accounts:invitation", everyone(ALLOW), kwargs=lambda w: {"token": invitation_token(w.invitation)}),
    Rule("accounts:mfa_setup", logged_in(ALLOW)),
    Rule("accounts:mfa_verify", logged_in(REDIRECT)),
    Rule("accounts:my_data", logged_in(ALLOW)),
]
