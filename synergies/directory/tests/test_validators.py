import pytest
from django.core.exceptions import ValidationError

from synergies.directory.tests.utils import plain
from synergies.directory.validators import (
    format_enterprise_number,
    normalise_enterprise_number,
    validate_enterprise_number,
)


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("0403.170.701", "0403170701"),
        ("0403170701", "0403170701"),
        ("BE 0403170701", "0403170701"),
        ("BE0403.170.701", "0403170701"),
        ("be 0403 170 701", "0403170701"),
        ("0403-170-701", "0403170701"),
        ("403.170.701", "0403170701"),
        ("403170701", "0403170701"),
        ("  0202.039.221 ", "0202039221"),
        ("1000.000.021", "1000000021"),
    ],
)
def test_a_valid_enterprise_number_is_accepted_in_any_usual_spelling_and_normalised_to_ten_digits(
    raw: str, digits: str
) -> None:
    assert validate_enterprise_number(raw) == digits


def test_a_check_digit_of_97_is_accepted_when_the_first_eight_digits_are_a_multiple_of_97() -> None:
    base = 97 * 41567
    number = f"{base:08d}97"
    assert validate_enterprise_number(number) == number


@pytest.mark.parametrize("raw", ["0403.170.702", "0403170700", "BE 0403170799", "0202.039.212"])
def test_a_wrong_check_digit_is_refused_with_a_french_message(raw: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_enterprise_number(raw)
    error = excinfo.value
    assert error.code == "checksum"
    message = plain(error.messages[0])
    assert f"« {raw} »" in message
    assert "est invalide" in message
    assert "modulo 97" in message


@pytest.mark.parametrize(
    "raw", ["", "12345", "2403170701", "0403.170.70A", "04031707011", "abcdefghij", "NL 0403170701", "0403/170"]
)
def test_a_malformed_enterprise_number_is_refused_with_a_french_message(raw: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_enterprise_number(raw)
    error = excinfo.value
    assert error.code == "format"
    message = plain(error.messages[0])
    assert "n'est pas un numéro d'entreprise" in message
    assert "dix chiffres commençant par 0 ou 1" in message


def test_normalising_strips_the_country_prefix_and_separators_without_validating() -> None:
    assert normalise_enterprise_number("BE 0403.170.702") == "0403170702"


def test_ten_digits_are_displayed_in_the_official_grouping() -> None:
    assert format_enterprise_number("0403170701") == "0403.170.701"


def test_a_value_that_is_not_ten_digits_is_displayed_as_is() -> None:
    assert format_enterprise_number("") == ""
    assert format_enterprise_number("12345") == "12345"
