"""Writes to the directory. Each is one transaction with an audit entry; views and imports call nothing else."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from synergies.accounts import services as account_services
from synergies.accounts.models import Invitation, Role
from synergies.basins.models import Basin, Commune
from synergies.directory.models import Affiliation, Organisation, Person, Site
from synergies.lib import audit
from synergies.lib.models import AuditEntry
from synergies.lib.text import fold

ORGANISATION_FIELDS = [
    "basin",
    "name",
    "is_verified",
    "acronym",
    "type",
    "enterprise_number",
    "website",
    "email",
    "phone",
    "description",
    "is_active",
]
PERSON_FIELDS = ["basin", "first_name", "last_name", "email", "phone", "public_consent"]


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(fold(name))[:200] or "organisation"
    slug, n = base, 2
    existing = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects.all()
    taken = set(existing.filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _communes_snapshot(organisation: Organisation) -> list[str]:
    return sorted(str(site.commune) for site in organisation.sites.select_related("commune"))


def _set_communes(organisation: Organisation, communes: Iterable[Commune]) -> None:
    """Keep one site per commune: add the missing ones, drop the others; the first commune is the main site."""
    wanted = list(dict.fromkeys(communes))
    organisation.sites.exclude(commune__in=wanted).delete()
    have = set(organisation.sites.values_list("commune_id", flat=True))
    Site.objects.bulk_create(
        [Site(organisation=organisation, commune=c, is_main=(i == 0)) for i, c in enumerate(wanted) if c.pk not in have]
    )
    if wanted:
        organisation.sites.update(is_main=False)
        organisation.sites.filter(commune=wanted[0]).update(is_main=True)


@transaction.atomic
def create_organisation(data: Mapping[str, Any], *, by: Any, communes: Iterable[Commune] = ()) -> Organisation:
    organisation = Organisation(**{k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    organisation.slug = unique_slug(organisation.name)
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    _set_communes(organisation, communes)
    audit.record(
        actor=by,
        verb="organisation.create",
        action=AuditEntry.Action.CREATE,
        target=organisation,
        changes=audit.diff(
            {}, {**audit.snapshot(organisation, ORGANISATION_FIELDS), "communes": _communes_snapshot(organisation)}
        ),
    )
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation, data: Mapping[str, Any], *, by: Any, communes: Iterable[Commune] | None = None
) -> Organisation:
    # "Before" is read from the database: a ModelForm's validation has already written its values on `organisation`.
    stored = Organisation.objects.select_related("basin").get(pk=organisation.pk)
    before = {**audit.snapshot(stored, ORGANISATION_FIELDS), "communes": _communes_snapshot(organisation)}
    for field, value in data.items():
        if field in ORGANISATION_FIELDS:
            setattr(organisation, field, value)
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    if communes is not None:
        _set_communes(organisation, communes)
    after = {**audit.snapshot(organisation, ORGANISATION_FIELDS), "communes": _communes_snapshot(organisation)}
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor=by, verb="organisation.update", target=organisation, changes=changes)
    return organisation


@transaction.atomic
def create_person(data: Mapping[str, Any], *, by: Any) -> Person:
    person = Person(**{k: v for k, v in data.items() if k in PERSON_FIELDS})
    if person.public_consent:
        person.consent_recorded_at = timezone.now()
    person.full_clean()
    person.save()
    audit.record_creation(actor=by, verb="person.create", target=person, fields=PERSON_FIELDS)
    return person


@transaction.atomic
def update_person(person: Person, data: Mapping[str, Any], *, by: Any) -> Person:
    # Read from the database, for the same reason as in update_organisation: consent is dated when it changes there.
    before = audit.snapshot(Person.objects.select_related("basin").get(pk=person.pk), PERSON_FIELDS)
    for field, value in data.items():
        if field in PERSON_FIELDS:
            setattr(person, field, value)
    if person.public_consent and not before["public_consent"]:
        person.consent_recorded_at = timezone.now()
    if not person.public_consent:
        person.consent_recorded_at = None
    person.full_clean()
    person.save()
    audit.record_update(actor=by, verb="person.update", target=person, before=before, fields=PERSON_FIELDS)
    return person


@transaction.atomic
def add_affiliation(
    person: Person,
    organisation: Organisation,
    *,
    function: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    by: Any,
) -> Affiliation:
    affiliation = Affiliation(
        person=person, organisation=organisation, function=function, start_date=start_date, end_date=end_date
    )
    affiliation.full_clean()
    affiliation.save()
    audit.record(
        actor=by,
        verb="affiliation.create",
        action=AuditEntry.Action.CREATE,
        target=person,
        changes={"affiliation": [None, f"{organisation} — {function}".strip(" —")]},
    )
    return affiliation


@transaction.atomic
def end_affiliation(affiliation: Affiliation, *, on: datetime.date | None = None, by: Any) -> Affiliation:
    day = on or timezone.localdate()
    if affiliation.start_date and day < affiliation.start_date:
        raise ValidationError(_("La fin ne peut précéder le début de l’affiliation."), code="end_before_start")
    before = affiliation.end_date
    affiliation.end_date = day
    affiliation.save(update_fields=["end_date"])
    audit.record(
        actor=by,
        verb="affiliation.end",
        target=affiliation.person,
        changes={f"affiliation {affiliation.organisation}": [str(before) if before else None, str(day)]},
    )
    return affiliation


@transaction.atomic
def invite_person(person: Person, *, by: Any, as_secretariat: bool = False) -> Invitation:
    """Invite a person of the directory to create an account; optionally into the secretariat of their basin."""
    if not person.email:
        raise ValidationError(_("Ajoutez d’abord une adresse e-mail à cette personne."), code="no_email")
    invitation = account_services.invite_user(
        email=person.email,
        full_name=person.full_name,
        by=by,
        role=Role.SECRETARIAT if as_secretariat else "",
        scope=person.basin if as_secretariat else None,
    )
    if person.user_id != invitation.user_id:
        clash = Person.objects.filter(user=invitation.user).exclude(pk=person.pk).first()
        if clash is not None:
            raise ValidationError(
                _("Cette adresse e-mail est déjà celle du compte de %(name)s.") % {"name": clash.full_name},
                code="taken",
            )
        person.user = invitation.user
        person.save(update_fields=["user"])
    return invitation


def secretariat_basins(user: Any) -> Any:
    """The basins a user may file records into."""
    if getattr(user, "is_platform_admin", False):
        return Basin.objects.all()
    return Basin.objects.filter(pk__in=user.scope_ids(Role.SECRETARIAT, Basin))
