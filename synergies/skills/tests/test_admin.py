"""The technical admin shows the referentials and changes none of them: no add, change or delete, adopted or not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from synergies.skills.models import FrameworkVersion, Node
from synergies.testing.auth import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(platform_admin: Any) -> Client:
    return log_in(Client(), platform_admin)


def test_the_admin_lists_versions_and_concepts(admin_client: Client, adopted: FrameworkVersion) -> None:
    assert admin_client.get(reverse("admin:skills_frameworkversion_changelist")).status_code == 200
    response = admin_client.get(reverse("admin:skills_node_changelist"))
    assert response.status_code == 200
    assert "CB-LIT-01" in response.content.decode()


def test_the_admin_refuses_to_change_or_delete_an_adopted_version(
    admin_client: Client, adopted: FrameworkVersion
) -> None:
    change = reverse("admin:skills_frameworkversion_change", args=[adopted.pk])
    delete = reverse("admin:skills_frameworkversion_delete", args=[adopted.pk])

    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.post(change, {"number": "9.9", "notes": "forgé"}).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    adopted.refresh_from_db()
    assert (adopted.number, adopted.status) == ("1.0", FrameworkVersion.Status.ADOPTED)


def test_the_admin_refuses_to_change_a_concept_even_of_a_draft(
    admin_client: Client, referential: FrameworkVersion
) -> None:
    node = Node.objects.get(version=referential, concept__code="CB-LIT-01")
    url = reverse("admin:skills_node_change", args=[node.pk])

    assert admin_client.post(url, {"label": "forgé"}).status_code == 403
    assert admin_client.get(reverse("admin:skills_node_add")).status_code == 403
    node.refresh_from_db()
    assert node.label != "forgé"
