"""Writing many new records fast: multi-row INSERTs (COPY on PostgreSQL), each value prepared by its model field.

Building a model instance and going through `bulk_create` costs more than the database itself for the tens of
thousands of rows of a large file, so the rows are inserted as tuples, many per statement; every value still passes
through its field's `get_db_prep_save`, so what is stored is what the ORM would store. The practices' ids are then
read back by their slugs, which the importer allocated and which are unique. None of these models overrides `save`
and no signal is involved (DESIGN §4): nothing is skipped but the instances.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from synergies.directory.models import Organisation
from synergies.lib import audit
from synergies.poles.models import Pole
from synergies.practices.interchange.lookups import chunked
from synergies.practices.interchange.planning import RowPlan
from synergies.practices.models import Partner, Practice, PracticeSkill, Revision, Status
from synergies.practices.services.records import EDITABLE_FIELDS
from synergies.practices.services.workflow import REVIEW_PERIOD

SNAPSHOT_FIELDS = [f for f in EDITABLE_FIELDS if f not in ("holder", "contact_person")]


# Field types whose Python values (str, int, bool, None) every driver takes as they are; the others (JSON,
# decimals, dates) go through their field's preparation.
PLAIN_TYPES = frozenset(
    {
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
        "BooleanField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "IntegerField",
        "ForeignKey",
    }
)


def _preparer(field: models.Field[Any, Any]) -> Any:
    if field.get_internal_type() in PLAIN_TYPES:
        return None
    return field


@functools.lru_cache(maxsize=256)
def _prepared_once(field: models.Field[Any, Any], value: Any) -> Any:
    """Dates and times shared by a whole batch (« now ») are adapted once."""
    return field.get_db_prep_save(value, connection)


def _prepare(field: models.Field[Any, Any] | None, value: Any) -> Any:
    if field is None or value is None:
        return value
    if isinstance(value, datetime.date):
        return _prepared_once(field, value)
    return field.get_db_prep_save(value, connection)


def insert(model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """INSERT the rows (values in the order of `attnames`) into the model's table."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    preparers = [_preparer(f) for f in fields]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    prepared = [[_prepare(p, v) for p, v in zip(preparers, row, strict=True)] for row in rows]
    if not prepared:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's own bulk path; quoting thousands of parameters into INSERTs costs far more.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in prepared:
                    copy.write_row(values)
            return
        one = "({})".format(", ".join(["%s"] * len(fields)))
        size = max(1, min(500, connection.ops.bulk_batch_size(fields, prepared)))
        for start in range(0, len(prepared), size):
            batch = prepared[start : start + size]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * len(batch)),
                [value for values in batch for value in values],
            )


def _defaults() -> dict[str, Any]:
    """A new practice's value for every column, as `Practice()` has them."""
    blank = Practice()
    return {f.attname: getattr(blank, f.attname) for f in Practice._meta.concrete_fields if not f.primary_key}


def _plain_snapshot_defaults() -> dict[str, Any]:
    return audit.snapshot(Practice(), SNAPSHOT_FIELDS)


class NewRecords:
    """Inserts a batch of new practices with their skills, communes, partners and first revision."""

    def __init__(self, pole: Pole, *, user: Any):
        self.pole, self.user = pole, user
        self.defaults = _defaults()
        self.columns = list(self.defaults)
        self.snapshot_defaults = _plain_snapshot_defaults()

    def snapshot(self, row: RowPlan, holder: Organisation, partners: list[Organisation]) -> dict[str, Any]:
        """What `records.snapshot` would read back from the database for this record."""
        data = {**self.snapshot_defaults}
        for name, value in row.fields.items():
            if name in data:
                data[name] = str(value) if isinstance(value, Decimal) else value  # as lib.audit writes decimals
        data["holder"] = holder.name
        data["contact_person"] = ""
        data["skills"] = sorted(concept.code for concept in row.concepts)
        data["communes"] = sorted(commune.name for commune in row.communes)
        data["partners"] = [organisation.name for organisation in partners]
        data["links"] = []
        return data

    def practice_values(self, row: RowPlan, slug: str, holder: Organisation, now: datetime.datetime) -> list[Any]:
        values = {**self.defaults, **row.fields}
        values.update(
            pole_id=self.pole.pk,
            slug=slug,
            holder_id=holder.pk,
            created_by_id=getattr(self.user, "pk", None),
            revision=1,
            created_at=now,
            updated_at=now,
        )
        if row.publish:
            values.update(
                status=Status.PUBLISHED.value,
                published_at=now,
                review_due=timezone.localdate() + REVIEW_PERIOD,
            )
        return [values[name] for name in self.columns]

    def write(
        self,
        rows: Sequence[RowPlan],
        slugs: Sequence[str],
        holders: Sequence[Organisation],
        partners: Sequence[list[Organisation]],
    ) -> list[int]:
        """Insert the batch; the new practices' ids, in the order of `rows`."""
        now = timezone.now()
        insert(
            Practice,
            self.columns,
            (self.practice_values(r, s, h, now) for r, s, h in zip(rows, slugs, holders, strict=True)),
        )
        ids: dict[str, int] = {}
        for chunk in chunked(list(slugs)):
            ids.update(Practice.objects.filter(slug__in=chunk).values_list("slug", "pk"))
        pks = [ids[slug] for slug in slugs]
        insert(
            PracticeSkill,
            ["practice_id", "concept_id", "is_main"],
            ((pk, concept.pk, True) for pk, row in zip(pks, rows, strict=True) for concept in row.concepts),
        )
        insert(
            Practice.communes.through,
            ["practice_id", "commune_id"],
            ((pk, commune.pk) for pk, row in zip(pks, rows, strict=True) for commune in row.communes),
        )
        insert(
            Partner,
            ["practice_id", "organisation_id", "role", "position"],
            ((pk, o.pk, "", i) for pk, others in zip(pks, partners, strict=True) for i, o in enumerate(others)),
        )
        published, draft = (
            (Status.PUBLISHED.value, _("Créée par import et publiée")),
            (Status.DRAFT.value, _("Créée par import")),
        )
        author = getattr(self.user, "pk", None)
        insert(
            Revision,
            ["practice_id", "number", "status", "note", "snapshot", "author_id", "created_at"],
            (
                (pk, 1, *(published if row.publish else draft), self.snapshot(row, holder, others), author, now)
                for pk, row, holder, others in zip(pks, rows, holders, partners, strict=True)
            ),
        )
        return pks
