"""A directory export made in one language imports in the other: types are read in every language."""

from typing import Any

import pytest
from django.utils import translation

from synergies.basins.models import Basin
from synergies.directory.models import Organisation
from synergies.directory.transfer import HEADER, export_rows, import_organisations
from synergies.lib import csvio
from synergies.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_export_made_in_english_reimports_in_french_without_change(basin: Basin, secretary: Any) -> None:
    OrganisationFactory.create(basin=basin, name="Atelier Lecture", type="literacy")
    OrganisationFactory.create(basin=basin, name="CPAS de Dour", type="cpas")
    with translation.override("en"):
        data = b"".join(csvio.write(HEADER, export_rows(Organisation.objects.for_listing().order_by("name"))))
    assert "Literacy" in data.decode("utf-8-sig") or "literacy" in data.decode("utf-8-sig").lower()
    with translation.override("fr-be"):
        report = import_organisations(data, basin=basin, by=secretary)
    assert (len(report.created), len(report.updated)) == (0, 2)
    assert dict(Organisation.objects.values_list("name", "type")) == {
        "Atelier Lecture": "literacy",
        "CPAS de Dour": "cpas",
    }
