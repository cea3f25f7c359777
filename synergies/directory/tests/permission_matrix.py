"""Who may reach the directory pages (see synergies/testing/permissions.py)."""

from synergies.testing.permissions import ALLOW, Rule, everyone, staff_only

EXPECTATIONS = [
    Rule("directory:list", everyone(ALLOW)),
    Rule("directory:export", everyone(ALLOW)),
    Rule("directory:import", staff_only(other_basin=ALLOW)),
    Rule("directory:organisation_create", staff_only(other_basin=ALLOW)),
    Rule("directory:organisation", everyone(ALLOW), kwargs=lambda w: {"slug": w.organisation.slug}),
    Rule("directory:organisation_edit", staff_only(), kwargs=lambda w: {"slug": w.organisation.slug}),
    Rule("directory:people", staff_only(other_basin=ALLOW)),
    Rule("directory:person_create", staff_only(other_basin=ALLOW)),
    Rule("directory:person", staff_only(), kwargs=lambda w: {"pk": w.person.pk}),
    Rule("directory:person_edit", staff_only(), kwargs=lambda w: {"pk": w.person.pk}),
    Rule(
        "directory:affiliation_add",
        staff_only(),
        kwargs=lambda w: {"pk": w.person.pk},
        method="post",
        data=lambda w: {"organisation": w.organisation.pk, "function": "Formatrice"},
    ),
    Rule(
        "directory:affiliation_end",
        staff_only(),
        kwargs=lambda w: {"pk": w.person.pk, "affiliation_pk": w.affiliation.pk},
        method="post",
    ),
    Rule("directory:person_invite", staff_only(), kwargs=lambda w: {"pk": w.person.pk}, method="post"),
    Rule("directory:person_erase", staff_only(), kwargs=lambda w: {"pk": w.person.pk}),
    Rule("directory:erasure_requests", staff_only(other_basin=ALLOW)),
    Rule(
        "directory:erasure_refuse",
        staff_only(),
        kwargs=lambda w: {"pk": w.erasure_request.pk},
        method="post",
        data=lambda w: {"answer": "Obligation légale de conservation"},
    ),
]
