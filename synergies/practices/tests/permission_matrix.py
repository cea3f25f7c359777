"""Who may reach the catalogue's pages (see synergies/testing/permissions.py).

The world's pôle (public, with its referential in force) has a published practice and a draft, both held by the
contributor's organisation, the published one with an attachment; a person of the basin moderates by delegation (no
named user: the matrix's member stays a plain member). Published practices are everyone's; a draft exists only for
its editors (the contributor) and its moderators (the basin's secretariat, platform admins): for anyone else it is
not found. Moderation is the secretariat's; the synonyms list is shared by every secretariat.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from synergies.lib.search import SearchSynonym
from synergies.practices.models import Attachment, ImportJob
from synergies.practices.services.moderators import delegate_moderation
from synergies.practices.tests.factories import make_practice
from synergies.testing.factories import UserFactory
from synergies.testing.permissions import (
    ALLOW,
    LOGIN,
    NOT_FOUND,
    REDIRECT,
    Rule,
    everyone,
    logged_in,
    staff_only,
)

POLE = lambda w: {"basin": w.pole.basin.code, "code": w.pole.code}  # noqa: E731
PUBLISHED = lambda w: {"slug": w.practice.slug}  # noqa: E731
DRAFT = lambda w: {"slug": w.practice_draft.slug}  # noqa: E731
ATTACHMENT = lambda w: {"slug": w.practice.slug, "pk": w.practice_attachment.pk}  # noqa: E731

# A draft: its editor and its moderators; the others do not find it.
ON_DRAFT = {
    **everyone(NOT_FOUND),
    "anonymous": LOGIN,
    "contributor": ALLOW,
    "secretary": ALLOW,
    "platform_admin": ALLOW,
}
# The follow-up of a published record: its editor and its moderators; the others see it is there but may not.
FOLLOW_PUBLISHED = {**staff_only(), "contributor": ALLOW}
MODERATION = staff_only()
SYNONYMS = {**staff_only(), "other_secretary": ALLOW}


def extend_world(world: Any, users: dict[str, Any]) -> None:
    contributor = users["contributor"]
    organisation = contributor.person.affiliations.get().organisation
    world.practice = make_practice(
        world.pole, holder=organisation, title="Pratique publiée de la matrice", skills=("MX-01",)
    )
    world.practice_draft = make_practice(
        world.pole, status="draft", holder=organisation, title="Brouillon de la matrice", skills=("MX-01",)
    )
    world.practice_attachment = Attachment.objects.create(
        practice=world.practice,
        title="Guide",
        file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf"),
        filename="guide.pdf",
        content_type="application/pdf",
        size=14,
    )
    world.practice_import = ImportJob.objects.create(pole=world.pole, filename="pratiques.csv", status="done")
    world.synonym = SearchSynonym.objects.create(index="practices", term="matrice", expansions="grille")
    moderator = UserFactory(email="moderateur.matrice@example.org")
    world.practice_moderator = delegate_moderation(world.pole, moderator, by=users["secretary"])


EXPECTATIONS = [
    # The public catalogue and showcase.
    Rule("practices:index", everyone(ALLOW)),
    Rule("practices:feed_rss", everyone(ALLOW)),
    Rule("practices:feed_atom", everyone(ALLOW)),
    Rule("practices:territory", everyone(ALLOW)),
    Rule("practices:commune", everyone(ALLOW), kwargs=lambda w: {"commune": "la-louviere"}),
    Rule("practices:pole", everyone(ALLOW), kwargs=POLE),
    Rule("practices:practice", everyone(ALLOW), kwargs=PUBLISHED),
    Rule("practices:print", everyone(ALLOW), kwargs=PUBLISHED),
    Rule(
        "practices:contact",
        everyone(ALLOW),
        kwargs=PUBLISHED,
        method="post",
        data=lambda w: {"name": "Val", "email": "val@example.org", "message": "Bonjour.", "consent": "on"},
    ),
    Rule("practices:attachment", everyone(ALLOW), kwargs=ATTACHMENT),
    Rule("practices:search", everyone(ALLOW), query="?q=matrice"),
    # Interchange: the published catalogue is everyone's to download; importing is the secretariat's.
    Rule("practices:export", everyone(ALLOW), kwargs=POLE, query="?format=csv"),
    Rule("practices:import_template", everyone(ALLOW)),
    Rule("practices:import", MODERATION, kwargs=POLE),
    Rule("practices:import_job", MODERATION, kwargs=lambda w: {**POLE(w), "pk": w.practice_import.pk}),
    # Editors.
    # Those who may add to a single catalogue go straight to it; the others are told there is none for them.
    Rule(
        "practices:create_choose",
        {**logged_in(ALLOW), "contributor": REDIRECT, "secretary": REDIRECT, "platform_admin": REDIRECT},
    ),
    Rule("practices:create", {**staff_only(), "contributor": ALLOW}, kwargs=POLE),
    Rule("practices:mine", logged_in(ALLOW)),
    Rule("practices:edit", ON_DRAFT, kwargs=DRAFT),
    Rule("practices:review", FOLLOW_PUBLISHED, kwargs=PUBLISHED),
    Rule("practices:history", ON_DRAFT, kwargs=DRAFT),
    Rule("practices:transition", ON_DRAFT, kwargs=lambda w: {**DRAFT(w), "transition": "archive"}, method="post"),
    Rule("practices:comment", ON_DRAFT, kwargs=DRAFT, method="post", data=lambda w: {"body": "Une remarque."}),
    Rule("practices:attachment_add", ON_DRAFT, kwargs=DRAFT),
    Rule("practices:attachment_delete", MODERATION, kwargs=ATTACHMENT, method="post"),  # published: moderators only
    # Moderation.
    Rule("practices:moderation", MODERATION, kwargs=POLE),
    Rule("practices:moderators", MODERATION, kwargs=POLE),
    Rule(
        "practices:moderator_remove",
        MODERATION,
        kwargs=lambda w: {**POLE(w), "pk": w.practice_moderator.pk},
        method="post",
    ),
    Rule("practices:synonyms", SYNONYMS),
    Rule("practices:synonym_edit", SYNONYMS, kwargs=lambda w: {"pk": w.synonym.pk}),
    Rule("practices:synonym_delete", SYNONYMS, kwargs=lambda w: {"pk": w.synonym.pk}, method="post"),
    Rule("practices:label_propose", MODERATION, kwargs=PUBLISHED, method="post"),
]
