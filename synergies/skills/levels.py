"""The paliers of the basic-skills referential (DESIGN.md §5): an indicative scale, each step read against the scales the
basin's operators already use. Level descriptors of a concept (`LevelDescriptor.level`) take these codes."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = ["PALIERS", "Palier", "palier_codes"]


@dataclass(frozen=True)
class Palier:
    code: str
    label: Promise
    equivalences: str


PALIERS: tuple[Palier, ...] = (
    Palier("P0", _("pré-alpha"), "LASLLIAM 1–2"),
    Palier("P1", _("élémentaire"), "LASLLIAM 3–4 ≈ CECR A1 ; DigComp 1 ; PIAAC < 1"),
    Palier("P2", _("fonctionnel"), "CECR A2 ; DigComp 2 ; PIAAC 1 ; ≈ CEB"),
    Palier("P3", _("autonome"), "CECR B1 ; DigComp 3–4 ; PIAAC 2 ; ≈ CléA"),
    Palier("P4", _("consolidé"), "CECR B1+ ; DigComp 5+ ; PIAAC 3+ ; ≈ CESS"),
)


def palier_codes() -> list[str]:
    return [p.code for p in PALIERS]
