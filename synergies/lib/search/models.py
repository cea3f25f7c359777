"""Storage of the search engine: one row per indexed document, the bitmaps of its stems and facet values, its words, and the synonyms.

The full-text part lives beside these tables and is backend-specific (an FTS5 table on SQLite, a ``tsvector``
column on PostgreSQL): migration 0003 creates it, so these models only describe what every database shares.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One indexed document; its id is also the full-text row id, so the text and the facets join on it."""

    index = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    slot = models.IntegerField(help_text="Dense position of the document in its index's bitmaps.")
    stems = models.TextField(blank=True, help_text="Distinct stems of the document, to clear its bits on removal.")
    facets = models.TextField(blank=True, help_text="Its facet values, one « facet<US>value » per line, likewise.")
    sort_time = models.BigIntegerField(null=True, help_text="Seconds since the epoch, for « newest » ordering.")
    sort_title = models.CharField(max_length=255, blank=True)
    keywords = models.TextField(blank=True, help_text="Folded words of the A and B fields, for « voir aussi ».")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index", "object_id"], name="lib_searchdoc_unique"),
            models.UniqueConstraint(fields=["index", "slot"], name="lib_searchdoc_slot"),
        ]
        indexes = [
            models.Index(fields=["index", "sort_time", "object_id"], name="lib_searchdoc_newest"),
            models.Index(fields=["index", "sort_title", "object_id"], name="lib_searchdoc_title"),
        ]

    def __str__(self) -> str:
        return f"{self.index}:{self.object_id}"


class SearchBitmap(models.Model):
    """The set of document slots holding one facet value or one stem (see ``bitmaps``), compressed."""

    index = models.CharField(max_length=64)
    kind = models.CharField(max_length=1, help_text="« f » facet value, « w » stem, « a » every document.")
    name = models.CharField(max_length=64, blank=True, help_text="The facet, for a facet value.")
    value = models.CharField(max_length=255, blank=True)
    bits = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index", "kind", "name", "value"], name="lib_searchbitmap_unique")
        ]

    def __str__(self) -> str:
        return f"{self.index}:{self.kind}:{self.name}:{self.value}"


class SearchIndexVersion(models.Model):
    """A token that every write to an index's bitmaps replaces, in the writer's transaction.

    Processes keep the facet bitmaps they last read for as long as the token they read with them is current. A
    random token rather than a counter: a rolled-back write, or a restored copy of the tables, may bring an older
    state back, and a counter would then repeat a number that a process saw with other bitmaps.
    """

    index = models.CharField(max_length=64, unique=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.index}:{self.token}"


class SearchWord(models.Model):
    """A folded word seen in an index, with how many documents brought it: the vocabulary for typo correction.

    Words of removed documents stay until the index is cleared: a stale word can only propose a correction
    that finds nothing, which costs less than counting words down on every removal.
    """

    index = models.CharField(max_length=64)
    word = models.CharField(max_length=100)
    stem = models.CharField(max_length=100)
    spelling = models.CharField(max_length=100, help_text="The word as written in a document, accents included.")
    frequency = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["index", "word"], name="lib_searchword_unique")]
        indexes = [models.Index(fields=["index", "stem"], name="lib_searchword_stem")]

    def __str__(self) -> str:
        return self.spelling


class SearchSynonym(models.Model):
    """A one-way synonym: a query containing the term also finds documents containing any of the expansions."""

    index = models.CharField(_("index"), max_length=64, db_index=True)
    term = models.CharField(_("terme"), max_length=100, help_text=_("Un mot ou une expression, p. ex. « TIC »."))
    expansions = models.TextField(
        _("équivalents"),
        help_text=_("Mots ou expressions séparés par des virgules, p. ex. « numérique, informatique »."),
    )

    class Meta:
        verbose_name = _("synonyme de recherche")
        verbose_name_plural = _("synonymes de recherche")
        ordering = ["index", "term"]
        constraints = [models.UniqueConstraint(fields=["index", "term"], name="lib_searchsynonym_unique")]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansions}"

    def expansion_list(self) -> list[str]:
        return [part.strip() for part in self.expansions.split(",") if part.strip()]
