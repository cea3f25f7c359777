"""lib.fields.URLField: a website typed without scheme is taken as https."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from synergies.basins.models import Basin


def test_a_website_typed_without_scheme_is_taken_as_https():
    field = Basin._meta.get_field("website").formfield()

    assert field.clean("www.mons.be") == "https://www.mons.be"
    assert field.clean("http://www.mons.be") == "http://www.mons.be"


def test_a_website_that_is_no_address_is_refused():
    field = Basin._meta.get_field("website").formfield()

    with pytest.raises(ValidationError):
        field.clean("pas une adresse")
