"""A practice described for search engines and aggregators: a schema.org `LearningResource` in JSON-LD.

Only what the record holds is said (an empty field is left out rather than guessed), and the JSON is escaped the way
Django's `json_script` does, so that a title holding `</script>` cannot close the element it is written in.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from synergies.lib.text import fold
from synergies.practices.models import Palier, Practice, Public
from synergies.practices.models.vocabulary import LICENCE_URLS
from synergies.practices.views.showcase.common import Skill

# The characters that could end a <script> element or start markup, as JSON escapes (the meaning is unchanged).
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

LICENCE_URL_OF: dict[str, str] = {str(code.value): url for code, url in LICENCE_URLS.items()}

FREE_WORDS = ("gratuit", "gratuite", "sans frais", "aucun frais")


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def dumps(data: dict[str, Any]) -> SafeString:
    """JSON fit for the inside of a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=1).translate(_SCRIPT_SAFE)
    return mark_safe(text)  # every character that HTML could read as markup is escaped just above


def is_free(cost: str) -> bool:
    folded = fold(cost)
    return any(word in folded for word in FREE_WORDS)


def _organisation(organisation: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Organization",
        "name": organisation.name,
        "url": absolute(organisation.get_absolute_url()),
    }
    if organisation.website:
        data["sameAs"] = organisation.website
    return data


def _term(skill: Skill) -> dict[str, Any]:
    framework = skill.concept.framework
    term: dict[str, Any] = {
        "@type": "DefinedTerm",
        "@id": skill.concept.resolved_uri,
        "termCode": skill.code,
        "url": skill.concept.resolved_uri,
        "inDefinedTermSet": {"@type": "DefinedTermSet", "@id": framework.scheme_uri, "name": framework.name},
    }
    if skill.label:
        term["name"] = skill.label
    return term


def _place(commune: Any) -> dict[str, Any]:
    return {
        "@type": "Place",
        "name": commune.name,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": commune.name,
            "postalCode": commune.postal_code,
            "addressCountry": "BE",
        },
    }


def learning_resource(practice: Practice, skills: list[Skill]) -> dict[str, Any]:
    url = absolute(practice.get_absolute_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "@id": url,
        "url": url,
        "name": practice.title,
        "description": practice.summary,
        "inLanguage": practice.language,
        "learningResourceType": str(practice.get_kind_display()),
        "author": _organisation(practice.holder),
        "publisher": {
            "@type": "Organization",
            "name": f"{practice.pole.name} — {practice.pole.basin.instance_name}",
            "url": absolute(practice.pole.get_absolute_url()),
        },
        "dateCreated": practice.created_at.isoformat(),
        "dateModified": practice.updated_at.isoformat(),
    }
    if practice.published_at:
        data["datePublished"] = practice.published_at.isoformat()
    partners = [_organisation(partner.organisation) for partner in practice.partners.all()]
    if partners:
        data["contributor"] = partners
    levels = [str(Palier(code).label) for code in practice.levels if code in Palier.values]
    if levels:
        data["educationalLevel"] = levels
    publics = [str(Public(code).label) for code in practice.publics if code in Public.values]
    if publics:
        data["audience"] = [{"@type": "EducationalAudience", "educationalRole": label} for label in publics]
    if skills:
        data["teaches"] = [_term(skill) for skill in skills]
    licence = LICENCE_URL_OF.get(practice.licence)
    if licence:
        data["license"] = licence
    communes = [_place(commune) for commune in practice.communes.all()]
    if communes:
        data["spatialCoverage"] = communes
    if practice.cost and is_free(practice.cost):
        data["isAccessibleForFree"] = True
    if practice.duration_hours is not None:
        data["timeRequired"] = f"PT{practice.duration_hours.normalize():f}H"
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (("Erasmus+", practice.erasmus_id), ("EPALE", practice.epale_id))
        if value
    ]
    if identifiers:
        data["identifier"] = identifiers
    if practice.url:
        data["sameAs"] = practice.url
    return data
