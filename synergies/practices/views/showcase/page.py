"""A practice's page and its print view: every public field of the record, what a practitioner needs to reuse it.

Visitors see published practices only; its editors and moderators also see it in any other state, under a banner
that says it is not public. The contact address never appears: visitors write through the relay form (contact.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergies.lib import search
from synergies.practices.models import EvidenceLevel, Link, Palier, Practice, Public
from synergies.practices.services.indexing import INDEX
from synergies.practices.views.showcase import jsonld
from synergies.practices.views.showcase.common import (
    Skill,
    cards,
    catalogue_crumbs,
    get_practice_for_user,
    optional_url,
    skills_of,
)

SIMILAR = 4

EVIDENCE_EXPLAINED = {
    EvidenceLevel.DESCRIBED: gettext_lazy(
        "La pratique est décrite par celles et ceux qui la mènent ; ses effets n’ont pas encore été évalués."
    ),
    EvidenceLevel.EVALUATED_INTERNALLY: gettext_lazy(
        "Ses effets ont été mesurés par l’organisation qui la porte (suivi des participants, questionnaires, "
        "résultats)."
    ),
    EvidenceLevel.EVALUATED_EXTERNALLY: gettext_lazy(
        "Ses effets ont été évalués par un organisme extérieur à celui qui la porte."
    ),
    EvidenceLevel.TRANSFERRED: gettext_lazy(
        "Elle a été reprise par d’autres organisations ou sur d’autres territoires, avec des résultats comparables."
    ),
}


def web_url(url: str) -> str:
    """`url` when it is an ordinary web address, else "": a stored value never becomes a `javascript:` link."""
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else ""


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str
    href: str
    is_broken: bool


@dataclass(frozen=True)
class ShownAttachment:
    title: str
    filename: str
    size: int
    url: str


def _links(practice: Practice) -> list[ShownLink]:
    return [
        ShownLink(link.label or link.url, link.url, web_url(link.url), link.status == Link.Status.BROKEN)
        for link in practice.links.all()
    ]


def _attachments(practice: Practice) -> list[ShownAttachment]:
    return [
        ShownAttachment(
            attachment.title,
            attachment.filename,
            attachment.size,
            optional_url("practices:attachment", slug=practice.slug, pk=attachment.pk),
        )
        for attachment in practice.attachments.all()
    ]


def _group_size(practice: Practice) -> str:
    low, high = practice.group_size_min, practice.group_size_max
    if low and high and low == high:
        return _("%(n)s personnes") % {"n": low}
    if low and high:
        return _("de %(low)s à %(high)s personnes") % {"low": low, "high": high}
    if high:
        return _("jusqu’à %(n)s personnes") % {"n": high}
    if low:
        return _("au moins %(n)s personnes") % {"n": low}
    return ""


def practice_context(request: HttpRequest, practice: Practice) -> dict[str, Any]:
    """What the page and its print view both show."""
    skills: list[Skill] = skills_of(practice)
    level = EvidenceLevel(practice.evidence_level)
    return {
        "practice": practice,
        "title": practice.title,
        "skills": skills,
        "main_skills": [s for s in skills if s.is_main],
        "secondary_skills": [s for s in skills if not s.is_main],
        "publics": [Public(code).label for code in practice.publics if code in Public.values],
        "paliers": [Palier(code).label for code in practice.levels if code in Palier.values],
        "communes": list(practice.communes.all()),
        "group_size": _group_size(practice),
        "evidence": {"level": level, "explained": EVIDENCE_EXPLAINED[level], "scale": list(EvidenceLevel)},
        "licence_url": jsonld.LICENCE_URL_OF.get(practice.licence, ""),
        "practice_href": web_url(practice.url),
        "partners": list(practice.partners.all()),
        "contact_name": practice.public_contact_name,
        "links": _links(practice),
        "attachments": _attachments(practice),
        "absolute_url": jsonld.absolute(practice.get_absolute_url()),
        "jsonld": jsonld.dumps(jsonld.learning_resource(practice, skills)),
        "is_draft_view": not practice.is_public,
        "can_follow": request.user.has_perm("practices.follow_practice", practice),
        "can_edit": request.user.has_perm("practices.change_practice", practice),
        "review_url": optional_url("practices:review", slug=practice.slug),
        "edit_url": optional_url("practices:edit", slug=practice.slug),
    }


def similar_practices(practice: Practice) -> list[Practice]:
    if not practice.is_public:
        return []
    hits = search.similar(INDEX, practice.pk, limit=SIMILAR, boost_facets=("skill", "domain"))
    return cards([hit.object_id for hit in hits])


def render_practice(request: HttpRequest, practice: Practice, *, contact_form: Any = None, status: int = 200) -> Any:
    """The practice's page, with the contact form as it stands (blank, or bound with its errors)."""
    from synergies.practices.views.showcase.contact import ContactForm

    context = practice_context(request, practice)
    context.update(
        {
            "similar": similar_practices(practice),
            "contact_form": contact_form or (ContactForm() if practice.is_public else None),
            "crumbs": catalogue_crumbs((practice.title, None)),
        }
    )
    return render(request, "practices/showcase/practice.html", context, status=status)


def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render_practice(request, get_practice_for_user(request, slug))


def qr_code(url: str) -> SafeString:
    svg = segno.make(url, error="m").svg_inline(scale=3, title=_("Code QR de l’adresse de cette fiche"))
    return mark_safe(svg)  # segno writes the SVG from the URL's bits: no text of the record enters it


def practice_print(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_practice_for_user(request, slug)
    context = practice_context(request, practice)
    context.update({"printed_on": timezone.localdate(), "qr": qr_code(context["absolute_url"])})
    return render(request, "practices/showcase/print.html", context)
