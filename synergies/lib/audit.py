"""The audit log of domain writes. Services call `record` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from synergies.lib.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time | decimal.Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance` (foreign keys as their display), for a before/after diff."""
    names = (
        list(fields) if fields is not None else [f.name for f in instance._meta.concrete_fields if not f.primary_key]
    )
    result: dict[str, Any] = {}
    for name in names:
        field = instance._meta.get_field(name)
        assert isinstance(field, models.Field)
        if field.is_relation and field.many_to_one:
            result[name] = _plain(getattr(instance, name))
        else:
            result[name] = _plain(getattr(instance, field.attname))
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for each field whose value changed."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def record(
    *,
    actor: Any,
    verb: str,
    action: str = AuditEntry.Action.UPDATE,
    target: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    message: str = "",
    scope: models.Model | None = None,
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    if scope is None:
        # A model names the scope its entries are filed under (e.g. its basin) with an `audit_scope` attribute.
        scope = getattr(target, "audit_scope", None)
    return AuditEntry.objects.create(
        actor=user,
        verb=verb,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        changes=_plain(dict(changes or {})),
        message=message,
        scope_content_type=ContentType.objects.get_for_model(scope) if scope is not None else None,
        scope_object_id=str(scope.pk) if scope is not None else "",
    )


def record_creation(*, actor: Any, verb: str, target: models.Model, fields: Iterable[str]) -> AuditEntry:
    """A new record, with the values it was created with."""
    return record(
        actor=actor,
        verb=verb,
        action=AuditEntry.Action.CREATE,
        target=target,
        changes=diff({}, snapshot(target, fields)),
    )


def record_update(
    *, actor: Any, verb: str, target: models.Model, before: Mapping[str, Any], fields: Iterable[str]
) -> AuditEntry | None:
    """The fields that changed since `before` (a snapshot read from the database), or nothing when none did."""
    changes = diff(before, snapshot(target, fields))
    return record(actor=actor, verb=verb, target=target, changes=changes) if changes else None


def scrub(target: models.Model, *, replacement: str) -> int:
    """Erase the recorded values of every entry about `target`: the log keeps that something happened, not what."""
    return AuditEntry.objects.for_object(target).update(object_repr=replacement, changes={}, message="")
