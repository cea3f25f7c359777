"""The import screen: who may use it, what it says about bad files, and that nothing is half-written."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from synergies.basins.models import Basin
from synergies.directory.models import Organisation
from synergies.directory.tests.utils import page_text
from synergies.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("directory:import")
HEADER = "Nom;Sigle;Type;Numéro d'entreprise;Site web;E-mail;Téléphone;Communes;Description"
GOOD = "\r\n".join(
    [HEADER, "Centre de compétence Logistique;CCL;Centre de compétence;;;;;Seneffe;Caristes et magasiniers", ""]
).encode("cp1252")


def upload(data: bytes, name: str = "organisations.csv", content_type: str = "text/csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_the_import_page_shows_the_form_and_the_recognised_columns(secretary_client: Client) -> None:
    response = secretary_client.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    assert "Importer des organisations (CSV)" in text
    assert "Numéro d'entreprise" in text
    assert 'enctype="multipart/form-data"' in text


def test_a_secretary_imports_a_file_into_their_basin(secretary_client: Client, basin: Basin) -> None:
    response = secretary_client.post(URL, {"basin": basin.pk, "file": upload(GOOD)}, follow=True)
    assert response.redirect_chain[-1] == (reverse("directory:list"), 302)
    assert "Import terminé : 1 organisation(s) ajoutée(s), 0 mise(s) à jour." in page_text(response)
    organisation = Organisation.objects.get()
    assert organisation.name == "Centre de compétence Logistique"
    assert organisation.basin == basin


def test_a_platform_admin_may_import_into_any_basin(admin_client_: Client, other_basin: Basin) -> None:
    response = admin_client_.post(URL, {"basin": other_basin.pk, "file": upload(GOOD)})
    assert response.status_code == 302
    assert Organisation.objects.get().basin == other_basin


def test_a_secretary_cannot_import_into_another_basin(other_secretary_client: Client, basin: Basin) -> None:
    response = other_secretary_client.post(URL, {"basin": basin.pk, "file": upload(GOOD)})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in page_text(response)
    assert Organisation.objects.count() == 0


def test_a_file_with_problems_returns_400_lists_them_and_imports_nothing(
    secretary_client: Client, basin: Basin
) -> None:
    OrganisationFactory.create(name="Existante", description="avant")
    data = "\r\n".join(
        [
            HEADER,
            "Existante;;CISP;;;;;Mons;après",
            "Inconnue;;Boulangerie;;;;;;",
            "Faux numéro;;CISP;0403.170.702;;;;Mons;",
            "",
        ]
    ).encode("cp1252")
    response = secretary_client.post(URL, {"basin": basin.pk, "file": upload(data)})
    assert response.status_code == 400
    text = page_text(response)
    assert "2 problèmes : rien n’a été importé" in text
    assert "Ligne 3, colonne « Type » : type « Boulangerie » inconnu." in text
    assert "Ligne 4, colonne « Numéro d'entreprise » : Le numéro d'entreprise « 0403.170.702 » est invalide" in text
    assert 'role="alert"' in text
    assert Organisation.objects.count() == 1
    assert Organisation.objects.get().description == "avant"


def test_a_binary_file_such_as_a_workbook_is_refused_in_french(secretary_client: Client, basin: Basin) -> None:
    workbook = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 200
    response = secretary_client.post(
        URL,
        {
            "basin": basin.pk,
            "file": upload(
                workbook,
                name="organisations.xlsx",
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        },
    )
    assert response.status_code == 400
    assert "Ce fichier n’est pas un CSV (fichier binaire, p. ex. un classeur .xlsx)." in page_text(response)
    assert Organisation.objects.count() == 0


def test_a_file_that_is_too_large_is_refused_in_french(secretary_client: Client, basin: Basin, settings: Any) -> None:
    settings.CSV_IMPORT_MAX_BYTES = 1_000_000
    data = GOOD + b"\r\n" * 1_500_000
    response = secretary_client.post(URL, {"basin": basin.pk, "file": upload(data)})
    assert response.status_code == 400
    assert "Le fichier pèse 3 Mo ; le maximum est 1 Mo." in page_text(response)
    assert Organisation.objects.count() == 0


def test_the_default_size_limit_is_five_megabytes(secretary_client: Client, basin: Basin) -> None:
    data = GOOD + b" " * (5 * 1024 * 1024)
    response = secretary_client.post(URL, {"basin": basin.pk, "file": upload(data)})
    assert response.status_code == 400
    assert "le maximum est 5,2 Mo" in page_text(response)


def test_a_file_in_an_unknown_encoding_is_refused_in_french(secretary_client: Client, basin: Basin) -> None:
    data = HEADER.encode("cp1252") + b"\r\nNom\x81;;CISP;;;;;;\r\n"
    response = secretary_client.post(URL, {"basin": basin.pk, "file": upload(data)})
    assert response.status_code == 400
    assert "Ligne 2 : encodage non reconnu (ni UTF-8 ni Windows-1252)." in page_text(response)


def test_posting_without_a_file_says_the_field_is_required(secretary_client: Client, basin: Basin) -> None:
    response = secretary_client.post(URL, {"basin": basin.pk})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in page_text(response)


def test_the_exported_csv_reimports_through_the_screen_without_duplicates(
    secretary_client: Client, basin: Basin
) -> None:
    secretary_client.post(URL, {"basin": basin.pk, "file": upload(GOOD)})
    exported = b"".join(secretary_client.get(reverse("directory:export")).streaming_content)  # type: ignore[attr-defined]
    response = secretary_client.post(URL, {"basin": basin.pk, "file": upload(exported)}, follow=True)
    assert "Import terminé : 0 organisation(s) ajoutée(s), 1 mise(s) à jour." in page_text(response)
    assert Organisation.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, basin: Basin) -> None:
    response = client.post(URL, {"basin": basin.pk, "file": upload(GOOD)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("who", ["outsider_client", "contributor_client"])
def test_people_without_a_secretariat_role_may_not_import(request: Any, who: str, basin: Basin) -> None:
    user_client: Client = request.getfixturevalue(who)
    assert user_client.get(URL).status_code == 403
    response = user_client.post(URL, {"basin": basin.pk, "file": upload(GOOD)})
    assert response.status_code == 403
    assert Organisation.objects.filter(name__startswith="Centre de compétence").count() == 0
