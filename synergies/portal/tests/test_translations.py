"""The translation catalogs: complete, compiled, up to date with the code, and used by the pages.

The code's strings are French and are the msgids. English (/en/) is translated in synergies/locale/en; the French
catalog repeats every msgid so that the French plural rule applies (« 0 organisation », « 1 organisation »).
Update both with `make messages` (see the Makefile).
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from synergies.basins.models import Basin
from synergies.directory.tests.utils import page_text
from synergies.testing.factories import OrganisationFactory

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PACKAGE_DIR = LOCALE_DIR.parent
LANGUAGES = ("en", "fr")
PLURAL_FORMS = {"en": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);"}
# The same as the Makefile's `messages` target (paths outside synergies/ are not in the copy the test runs on).
MAKEMESSAGES = ["makemessages", "-l", "en", "-l", "fr", "--ignore=*/tests/*", "--no-location", "--no-obsolete"]
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgattrib")


# --- A small PO reader ---------------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The entry's key in a compiled catalog."""
        key = self.msgid if self.msgid_plural is None else f"{self.msgid}\x00{self.msgid_plural}"
        return key if self.msgctxt is None else f"{self.msgctxt}\x04{key}"

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[n] for n in sorted(self.msgstr)]

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.translations)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def __str__(self) -> str:
        return self.msgid


def read_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """The header's fields and the entries of a PO file (obsolete `#~` entries left out)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target = ""

    def close() -> None:
        nonlocal entry
        if entry is not None:
            entries.append(entry)
        entry = None

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            if not line:
                close()
            continue
        if entry is None:
            entry = Entry()
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            target = keyword
            if keyword.startswith("msgstr[") or keyword == "msgstr":
                entry.msgstr[int(keyword[7:-1]) if "[" in keyword else 0] = ""
            elif keyword == "msgid_plural":
                entry.msgid_plural = ""
            elif keyword == "msgctxt":
                entry.msgctxt = ""
            elif keyword != "msgid":
                raise ValueError(f"{path}: unexpected line {line!r}")
            _append(entry, target, ast.literal_eval(value))
    close()
    assert entries and entries[0].msgid == "", f"{path} has no header"
    header = dict(line.split(": ", 1) for line in entries[0].msgstr[0].splitlines() if ": " in line)
    return header, entries[1:]


def _append(entry: Entry, target: str, text: str) -> None:
    if target == "msgid":
        entry.msgid += text
    elif target == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif target == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    else:
        n = int(target[7:-1]) if "[" in target else 0
        entry.msgstr[n] += text


def read_mo(path: Path) -> dict[str, str]:
    """Every key → translation of a compiled catalog (plural forms joined by NUL, as stored)."""
    data = path.read_bytes()
    (magic,) = struct.unpack("<I", data[:4])
    order = "<" if magic == 0x950412DE else ">"
    _revision, count, originals, translations = struct.unpack(f"{order}4I", data[4:20])
    catalog = {}
    for i in range(count):
        olen, ooff = struct.unpack(f"{order}2I", data[originals + 8 * i : originals + 8 * i + 8])
        tlen, toff = struct.unpack(f"{order}2I", data[translations + 8 * i : translations + 8 * i + 8])
        catalog[data[ooff : ooff + olen].decode()] = data[toff : toff + tlen].decode()
    return catalog


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]", text))


def tags(text: str) -> list[str]:
    return re.findall(r"</?\w+[^>]*>", text)


# --- The catalogs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_declares_its_language_and_plural_rule(language: str) -> None:
    header, entries = read_po(po_path(language))
    assert header["Language"] == language
    assert header["Plural-Forms"] == PLURAL_FORMS[language]
    assert "charset=UTF-8" in header["Content-Type"]
    assert len(entries) > 400


def test_every_english_entry_is_translated_and_none_is_fuzzy() -> None:
    _, entries = read_po(po_path("en"))
    untranslated = [str(e) for e in entries if not e.translated]
    fuzzy = [str(e) for e in entries if e.fuzzy]
    assert untranslated == [], f"untranslated in en/django.po: {untranslated}"
    assert fuzzy == [], f"fuzzy in en/django.po (check the translation, then remove the flag): {fuzzy}"
    for e in entries:
        assert len(e.msgstr) == (1 if e.msgid_plural is None else 2), e


def test_english_keeps_placeholders_and_markup_and_drops_french_typography() -> None:
    _, entries = read_po(po_path("en"))
    for e in entries:
        sources = [e.msgid] if e.msgid_plural is None else [e.msgid, e.msgid_plural]
        for source, text in zip(sources, e.translations, strict=True):
            assert placeholders(text) == placeholders(source), e
            assert tags(text) == tags(source), e
            assert not re.search("[\u00a0\u202f«»]", text), f"French spaces or quotes in the English of {e}"


def test_every_french_text_spaces_its_quotes_and_double_punctuation_the_french_way() -> None:
    """« » hold no-break spaces, and : ; ? ! follow one (U+00A0 before :, U+202F before ; ? !), never a plain space
    that a line could break on."""
    _, entries = read_po(po_path("fr"))
    for e in entries:
        for text in [e.msgid] if e.msgid_plural is None else [e.msgid, e.msgid_plural]:
            assert not re.search(r"« | »| [:;?!](\s|$)", text), f"plain space in the French of {e}"


def test_the_french_catalog_repeats_every_msgid_with_its_french_spaces() -> None:
    _, entries = read_po(po_path("fr"))
    for e in entries:
        expected = [e.msgid] if e.msgid_plural is None else [e.msgid, e.msgid_plural]
        assert e.translations == expected, e
        assert not e.fuzzy, e
    msgids = " ".join(e.msgid for e in entries)
    assert "\u00a0:" in msgids and "\u202f;" in msgids and "«\u00a0" in msgids


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_the_po_file(language: str) -> None:
    header, entries = read_po(po_path(language))
    mo = po_path(language).with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make messages`"
    compiled = read_mo(mo)
    expected = {e.key: "\x00".join(e.translations) for e in entries if e.translated and not e.fuzzy}
    compiled_header = compiled.pop("", "")
    stale = sorted(k for k in expected.keys() | compiled.keys() if expected.get(k) != compiled.get(k))
    assert stale == [], f"{mo} is out of date with its .po (run `make messages`): {stale[:10]}"
    assert f"Plural-Forms: {header['Plural-Forms']}" in compiled_header
    with mo.open("rb") as f:
        catalog = gettext.GNUTranslations(f)
    assert catalog.ngettext("%(counter)s organisation", "%(counter)s organisations", 1) == "%(counter)s organisation"


def test_the_code_has_no_string_missing_from_the_catalogs(tmp_path: Path) -> None:
    """makemessages on a copy of the package finds no new, changed or removed string."""
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"GNU gettext is not installed ({', '.join(missing)} missing): cannot extract the code's strings"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    copy = tmp_path / PACKAGE_DIR.name
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc"))
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "synergies.settings",
        "SYNERGIES_VAR_DIR": str(tmp_path / "var"),
    }
    subprocess.run(
        [sys.executable, "-m", "django", *MAKEMESSAGES],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    for language in LANGUAGES:
        committed = {e.key for e in read_po(po_path(language))[1]}
        _, entries = read_po(po_path(language, copy / "locale"))
        new = [str(e) for e in entries if e.key not in committed]
        changed = [str(e) for e in entries if e.key in committed and (e.fuzzy or not e.translated)]
        removed = sorted(committed - {e.key for e in entries})
        assert (new, changed, removed) == ([], [], []), (
            f"{language}/django.po is out of date with the code; run `make messages`, then translate the English. "
            f"New: {new}. Changed: {changed}. No longer in the code: {removed}."
        )


def test_django_takes_the_french_catalog_for_belgian_french() -> None:
    assert translation.check_for_language("fr-be")
    for language in ("fr-be", "fr"):
        with translation.override(language):
            counts = [
                translation.ngettext("%(counter)s organisation", "%(counter)s organisations", n) % {"counter": n}
                for n in (0, 1, 2)
            ]
            assert counts == ["0 organisation", "1 organisation", "2 organisations"]
            assert translation.gettext("Annuaire") == "Annuaire"
    with translation.override("en"):
        assert translation.gettext("Annuaire") == "Directory"
        assert translation.ngettext("%(counter)s organisation", "%(counter)s organisations", 0) == (
            "%(counter)s organisations"
        )


# --- The pages ------------------------------------------------------------------------------------------------


def main_navigation(text: str) -> list[str]:
    nav = text.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def directory_count(client: Client, prefix: str = "") -> str:
    text = page_text(client.get(f"{prefix}/annuaire/"))
    match = re.search(r'<h2 id="resultats"[^>]*>([^<]*)</h2>', text)
    assert match, "no result count on the directory page"
    return match.group(1).strip()


@pytest.mark.django_db
def test_the_navigation_speaks_french_at_the_root_and_english_under_en(client: Client, basin: Basin) -> None:
    french = page_text(client.get("/"))
    english = page_text(client.get("/en/"))
    assert {"Accueil", "Bassins", "Annuaire"} <= set(main_navigation(french))
    assert {"Home", "Basins", "Directory"} <= set(main_navigation(english))
    assert "Annuaire" not in main_navigation(english) and "Directory" not in main_navigation(french)
    assert 'aria-label="Main navigation"' in english and 'aria-label="Navigation principale"' in french
    assert "Skip to main content" in english
    assert "Aller au contenu principal" in french


@pytest.mark.django_db
def test_the_directory_count_follows_each_language_plural_rule(client: Client, basin: Basin) -> None:
    counts: dict[int, tuple[str, str]] = {}
    for total in (0, 1, 2):
        if total:
            OrganisationFactory(basin=basin)
        counts[total] = (directory_count(client), directory_count(client, "/en"))
    assert counts == {
        0: ("0 organisation", "0 organisations"),
        1: ("1 organisation", "1 organisation"),
        2: ("2 organisations", "2 organisations"),
    }


@pytest.mark.django_db
def test_an_english_page_keeps_french_data_but_translates_the_labels(client: Client, basin: Basin) -> None:
    OrganisationFactory(basin=basin, name="Centre Alpha", type="company")
    english = page_text(client.get("/en/annuaire/"))
    assert "Directory of organisations" in english
    assert "Centre Alpha" in english
    assert "Company · Businesses and social partners" in english
    french = page_text(client.get("/annuaire/"))
    assert "Entreprise · Entreprises et partenaires sociaux" in french
