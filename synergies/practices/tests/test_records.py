"""Writing a record: validation that loses nothing, relations, and a revision for every change."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from synergies.lib.models import AuditEntry
from synergies.practices.models import Link, Practice, Revision
from synergies.practices.services.records import (
    PartnerRole,
    Relations,
    create_practice,
    update_practice,
)
from synergies.practices.tests.factories import make_practice
from synergies.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FIELDS = {"title": "Atelier CV", "summary": "Rédiger son CV en petit groupe.", "kind": "methode"}


def test_a_new_record_is_a_draft_with_its_first_revision(
    pole: Any, contributor: Any, contributor_organisation: Any
) -> None:
    practice = create_practice(pole, by=contributor, fields={**FIELDS, "holder": contributor_organisation})
    assert practice.status == Practice.Status.DRAFT
    assert practice.slug == "atelier-cv"
    revision = practice.revisions.get()
    assert (revision.number, revision.author, revision.snapshot["title"]) == (1, contributor, "Atelier CV")
    assert revision.snapshot["holder"] == contributor_organisation.name


def test_titles_that_collide_get_distinct_addresses(pole: Any, contributor_organisation: Any) -> None:
    first = create_practice(pole, by=None, fields={**FIELDS, "holder": contributor_organisation})
    second = create_practice(pole, by=None, fields={**FIELDS, "holder": contributor_organisation})
    assert (first.slug, second.slug) == ("atelier-cv", "atelier-cv-2")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"publics": ["DE", "MARTIENS"]}, "publics"),
        ({"levels": ["P9"]}, "levels"),
        ({"kind": "recette"}, "kind"),
        ({"modality": "telepathie"}, "modality"),
        ({"title": ""}, "title"),
        ({"group_size_min": 12, "group_size_max": 4}, "group_size_max"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"contact_email": "pas-une-adresse"}, "contact_email"),
    ],
)
def test_a_bad_value_is_refused_on_its_field_and_nothing_is_written(
    pole: Any, contributor_organisation: Any, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        create_practice(pole, by=None, fields={**FIELDS, "holder": contributor_organisation, **fields})
    assert field in info.value.message_dict
    assert Practice.objects.count() == 0 and Revision.objects.count() == 0


def test_codes_are_kept_in_the_vocabulary_order(pole: Any, contributor_organisation: Any) -> None:
    practice = create_practice(
        pole,
        by=None,
        fields={**FIELDS, "holder": contributor_organisation, "publics": ["PRO", "DE"], "levels": ["P2", "P1"]},
    )
    assert (practice.publics, practice.levels) == (["DE", "PRO"], ["P1", "P2"])


def test_an_external_id_is_unique_in_a_catalogue(pole: Any, contributor_organisation: Any) -> None:
    make_practice(pole, external_id="EPALE-42")
    with pytest.raises(ValidationError) as info:
        create_practice(pole, by=None, fields={**FIELDS, "holder": contributor_organisation, "external_id": "EPALE-42"})
    assert "external_id" in info.value.message_dict


def test_an_update_that_changes_nothing_saves_no_revision(practice: Practice, contributor: Any) -> None:
    before = practice.revisions.count()
    update_practice(practice, by=contributor, fields={"title": practice.title})
    assert practice.revisions.count() == before


def test_an_update_saves_a_revision_with_its_note_and_an_audit_entry(practice: Practice, contributor: Any) -> None:
    update_practice(practice, by=contributor, fields={"title": "Lire ensemble"}, note="Titre plus parlant")
    latest = practice.revisions.first()
    assert latest is not None
    assert (latest.snapshot["title"], latest.note, latest.author) == (
        "Lire ensemble",
        "Titre plus parlant",
        contributor,
    )
    entry = AuditEntry.objects.filter(verb="practices.update").get()
    assert entry.changes["title"] == ["Atelier de lecture", "Lire ensemble"]


def test_the_holder_is_never_its_own_partner_and_partners_are_listed_once(practice: Practice) -> None:
    other = OrganisationFactory.create(basin=practice.pole.basin, name="CPAS de Binche")
    update_practice(
        practice,
        by=None,
        fields={},
        relations=Relations(
            partners=[
                PartnerRole(practice.holder, "porteur"),
                PartnerRole(other, "accueil des stagiaires"),
                PartnerRole(other, "doublon"),
            ]
        ),
    )
    assert [(p.organisation.name, p.role) for p in practice.partners.all()] == [("CPAS de Binche", "doublon")]


def test_links_keep_their_check_history_when_the_list_is_edited(practice: Practice) -> None:
    update_practice(practice, by=None, fields={}, relations=Relations(links=[("https://example.org/a", "A")]))
    Link.objects.update(status=Link.Status.OK)
    update_practice(
        practice,
        by=None,
        fields={},
        relations=Relations(links=[("https://example.org/b", "B"), ("https://example.org/a", "A bis")]),
    )
    links = list(practice.links.all())
    assert [(link.url, link.label, link.status) for link in links] == [
        ("https://example.org/b", "B", Link.Status.UNCHECKED),
        ("https://example.org/a", "A bis", Link.Status.OK),
    ]


def test_a_practice_never_takes_the_address_of_a_catalogue_page(pole: Any, contributor_organisation: Any) -> None:
    practice = create_practice(
        pole, by=None, fields={**FIELDS, "title": "Recherche", "holder": contributor_organisation}
    )
    assert practice.slug == "recherche-2"


def test_a_duration_typed_differently_is_not_a_change(practice: Practice) -> None:
    update_practice(practice, by=None, fields={"duration_hours": "20.0"})
    before = practice.revisions.count()
    update_practice(practice, by=None, fields={"duration_hours": 20})
    assert practice.revisions.count() == before
