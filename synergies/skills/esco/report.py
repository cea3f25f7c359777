"""What an ESCO import tells whoever ran it (the command prints its summary)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from synergies.skills.models import FrameworkVersion, Node


@dataclass
class ImportReport:
    version: FrameworkVersion
    created: bool
    counts: dict[str, int]
    files: list[str]
    languages: list[str]
    rows: int
    lines: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    superseded: FrameworkVersion | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        counts = {
            "groups": self.counts.get(Node.Kind.GROUP, 0),
            "skills": self.counts.get(Node.Kind.SKILL, 0),
            "number": self.version.number,
            "seconds": f"{self.seconds:.2f}".replace(".", ","),
        }
        if not self.created:
            return (
                _("ESCO %(number)s : version déjà importée (%(groups)s groupes, %(skills)s aptitudes et connaissances) ; rien n’a changé.")
                % counts
            )  # fmt: skip
        text = (
            _("ESCO %(number)s importée : %(groups)s groupes, %(skills)s aptitudes et connaissances, en %(seconds)s s.")
            % counts
        )
        details = _("%(files)s fichiers lus (%(rows)s lignes), langues : %(languages)s.") % {
            "files": len(self.files),
            "rows": self.rows,
            "languages": ", ".join(self.languages),
        }
        lines = [text, details]
        if self.superseded is not None:
            lines.append(_("La version %(number)s est remplacée.") % {"number": self.superseded.number})
        return "\n".join(lines)
