"""The demo referential of the pôle « Compétences de base »: version 1.0 adopted in December 2020, version 1.1 in June
2024, each by a decision of the demo register, with crosswalks towards ESCO, DigComp and the European frameworks.

Version 1.1 is the seed proposal of DESIGN §5 (data/cb-seed.json). Version 1.0 is that seed as it stood before the
changes listed in data/cb-demo-1.0.json; version 1.1 is then drafted from 1.0 through the editor's own services,
one change at a time with its reason, so that its change log, its diff and its adoption are those a secretariat
would produce. The decisions demo calls `subjects(pole)` on the day of each adoption decision.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone

from synergies.poles.models import Pole
from synergies.skills import services
from synergies.skills.models import FrameworkVersion, Node
from synergies.skills.services.versions import load_seed_mappings, read_seed

DATA = Path(__file__).resolve().parent / "data"
ESCO = DATA / "esco-1.2.0"

NOTES_10 = (
    "Première version du référentiel adoptée par le comité de pilotage\u00a0: trois familles, sept domaines, "
    "trente-six compétences et les paliers P0 à P4."
)


def load_frameworks(*, by: Any = None) -> None:
    """The external frameworks the crosswalks point to (idempotent)."""
    from synergies.skills import esco, loading

    loading.load_external_frameworks(by=by)
    if not FrameworkVersion.objects.filter(framework__slug="esco").exists():
        esco.import_esco(ESCO, by=by)


def read_changes() -> dict[str, Any]:
    return json.loads((DATA / "cb-demo-1.0.json").read_text(encoding="utf-8"))


def _index(
    concepts: list[dict[str, Any]], parent: dict[str, Any] | None = None
) -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
    found: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
    for item in concepts:
        found[item["code"]] = (item, parent)
        found.update(_index(item.get("children", []), item))
    return found


def version_10_data(seed: dict[str, Any], shape: dict[str, Any]) -> dict[str, Any]:
    """The seed as it was before the changes of 1.1."""
    data = copy.deepcopy(seed)
    index = _index(data["concepts"])
    for code in shape["omit"]:
        item, parent = index[code]
        (parent["children"] if parent else data["concepts"]).remove(item)
    for field, key in (
        ("label", "labels"),
        ("label_en", "labels_en"),
        ("definition", "definitions"),
        ("definition_en", "definitions_en"),
    ):
        for code, value in shape.get(key, {}).items():
            index[code][0][field] = value
    for code, new_parent in shape.get("parents", {}).items():
        item, parent = index[code]
        (parent["children"] if parent else data["concepts"]).remove(item)
        index[new_parent][0].setdefault("children", []).append(item)
    for extra in shape.get("extra", []):
        siblings = index[extra["parent"]][0].setdefault("children", [])
        after = next(i for i, s in enumerate(siblings) if s["code"] == extra["after"])
        siblings.insert(after + 1, extra["concept"])
    data["version"] = {"number": shape["number"], "notes": NOTES_10}
    return data


def _text_of(item: dict[str, Any], *names: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        value = item.get(name, "")
        values[name] = "\n".join(value) if isinstance(value, list) else value
    return values


def _levels_of(item: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {code: (value.get("fr", ""), value.get("en", "")) for code, value in item.get("levels", {}).items()}


def draft_version_11(
    version_10: FrameworkVersion, seed: dict[str, Any], shape: dict[str, Any], *, by: Any, day: datetime.date
) -> FrameworkVersion:
    """Version 1.1 drafted from 1.0 with the editor's services, one dated change after another in the weeks before
    its adoption."""
    index = _index(seed["concepts"])
    start = timezone.make_aware(datetime.datetime.combine(day - datetime.timedelta(days=60), datetime.time(10)))
    moments = iter(start + datetime.timedelta(days=3 * i) for i in range(100))
    version = services.start_version(
        version_10.framework, number="1.1", by=by, now=next(moments),
        reason="Révision prévue par le plan d’action 2023 du pôle, à partir des remarques des groupes de travail.",
    )  # fmt: skip

    def node(code: str) -> Node:
        return Node.objects.select_related("concept", "parent").get(version=version, concept__code=code)

    def place(code: str) -> tuple[Node | None, int]:
        parent = index[code][1]
        siblings = parent["children"] if parent else seed["concepts"]
        return (node(parent["code"]) if parent else None), [s["code"] for s in siblings].index(code)

    def texts(code: str) -> dict[str, Any]:
        item = index[code][0]
        return {
            **_text_of(item, "label", "label_en", "definition", "definition_en", "examples"),
            "levels": _levels_of(item),
        }

    for change in shape["changes"]:
        reason, code, op = change["reason"], change.get("code", ""), change["op"]
        if op == "add":
            parent, position = place(code)
            item = index[code][0]
            services.add_concept(
                version, {"code": code, "kind": item["kind"], **texts(code)}, parent=parent, position=position,
                reason=reason, by=by, now=next(moments),
            )  # fmt: skip
            load_seed_mappings(version, [{**item, "children": []}], by=by, strict=False, now=next(moments))
        elif op in ("rename", "edit"):
            services.update_concept(node(code), texts(code), reason=reason, by=by, now=next(moments))
        elif op == "move":
            parent, position = place(code)
            services.move_concept(node(code), parent=parent, position=position, reason=reason, by=by, now=next(moments))
        elif op == "merge":
            into = change["into"]
            services.merge_concepts(
                [node(c) for c in change["codes"]], into=node(into), reason=reason, by=by, now=next(moments)
            )
            services.update_concept(node(into), texts(into), reason=reason, by=by, now=next(moments))
        elif op == "split":
            parts = [
                {"code": c, **_text_of(index[c][0], "label", "label_en", "definition", "definition_en", "examples")}
                for c in change["into"]
            ]
            created = services.split_concept(node(code), parts, reason=reason, by=by, now=next(moments))
            for part in created:
                item = index[part.concept.code][0]
                if item.get("levels"):
                    services.update_concept(part, {"levels": _levels_of(item)}, reason=reason, by=by, now=next(moments))
                load_seed_mappings(version, [{**item, "children": []}], by=by, strict=False, now=next(moments))
            services.update_concept(node(code), texts(code), reason=reason, by=by, now=next(moments))
    return version


def subjects(pole: Pole, *, by: Any) -> dict[str, Callable[[datetime.date], Any]]:
    """What the decisions demo adopts on the days of the referential's decisions."""
    seed, shape = read_seed(), read_changes()

    def version_10(day: datetime.date) -> FrameworkVersion:
        load_frameworks(by=by)
        moment = timezone.make_aware(datetime.datetime.combine(day - datetime.timedelta(days=45), datetime.time(10)))
        return services.create_referential(pole, by=by, number="1.0", data=version_10_data(seed, shape), now=moment)

    def version_11(day: datetime.date) -> FrameworkVersion:
        current = FrameworkVersion.objects.get(framework__pole=pole, number="1.0")
        return draft_version_11(current, seed, shape, by=by, day=day)

    return {"referential-1.0": version_10, "referential-1.1": version_11}
