import pytest

from synergies.directory.models import Organisation


@pytest.mark.django_db
def test_directory_page_lists_active_organisations(client, basin):
    from synergies.testing.factories import OrganisationFactory

    OrganisationFactory(name="École des Possibles")
    response = client.get("/annuaire/")
    assert response.status_code == 200
    assert "École des Possibles" in response.content.decode()
    assert Organisation.objects.count() == 1
