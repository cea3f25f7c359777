"""Who may reach the pôles' pages (see synergies/testing/permissions.py).

The world's pôle is public (it has a mandate) and belongs to Hainaut-Centre; `member` holds a seat of its steering
committee.
"""

from synergies.testing.permissions import ALLOW, Rule, everyone, staff_only

POLE = lambda w: {"basin": w.pole.basin.code, "code": w.pole.code}  # noqa: E731
MEMBERS = {**staff_only(), "member": ALLOW}

EXPECTATIONS = [
    Rule("poles:list", everyone(ALLOW)),
    Rule("poles:create", staff_only(other_basin=ALLOW)),
    Rule("poles:overview", staff_only(other_basin=ALLOW)),
    Rule("poles:detail", everyone(ALLOW), kwargs=POLE),
    Rule("poles:compliance", everyone(ALLOW), kwargs=POLE),
    Rule("poles:members", MEMBERS, kwargs=POLE),
    Rule("poles:edit", staff_only(), kwargs=POLE),
    Rule("poles:modalities", everyone(ALLOW), kwargs=POLE),
    Rule("poles:mandates", staff_only(), kwargs=POLE),
    Rule("poles:evaluation_file", staff_only(), kwargs=lambda w: {**POLE(w), "number": 1}),
    Rule("poles:body_create", staff_only(), kwargs=POLE),
    Rule("poles:body", staff_only(), kwargs=lambda w: {**POLE(w), "body": w.committee.slug}),
    Rule("poles:body_edit", staff_only(), kwargs=lambda w: {**POLE(w), "body": w.committee.slug}),
    Rule("poles:seat_create", staff_only(), kwargs=lambda w: {**POLE(w), "body": w.committee.slug}),
    Rule(
        "poles:document_upload",
        {**staff_only(), "member": ALLOW},
        kwargs=lambda w: {**POLE(w), "body": w.committee.slug},
        method="post",
    ),
    Rule("poles:document", MEMBERS, kwargs=lambda w: {**POLE(w), "pk": w.document_version.pk}),
    Rule("poles:seat_edit", staff_only(), kwargs=lambda w: {**POLE(w), "pk": w.seat.pk}),
    Rule("poles:seat_end", staff_only(), kwargs=lambda w: {**POLE(w), "pk": w.seat.pk}),
    Rule(
        "poles:seat_interest",
        staff_only(),
        kwargs=lambda w: {**POLE(w), "pk": w.seat.pk},
        method="post",
        data=lambda w: {"text": "Administratrice d’une ASBL partenaire", "declared_on": "2026-01-15"},
    ),
    Rule("poles:composition_import", staff_only(), kwargs=POLE),
    Rule("poles:composition_export", staff_only(), kwargs=lambda w: {**POLE(w), "fmt": "xlsx"}),
]
