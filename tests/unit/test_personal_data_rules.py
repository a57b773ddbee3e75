import pytest

from accounts.rules import mask_mobile, mask_text, normalise_mobile


@pytest.mark.parametrize("raw", ["9830012345", "+91 98300 12345", "098300-12345", "919830012345", "(983) 001 2345"])
def test_indian_mobiles_normalise_to_e164(raw):
    assert normalise_mobile(raw) == "+919830012345"


@pytest.mark.parametrize("raw", ["", "12345", "5830012345", "98300123456", "+44 7700 900123", "98300abcde"])
def test_non_mobiles_are_rejected(raw):
    assert normalise_mobile(raw) is None


def test_masking_keeps_only_what_identifies_nothing():
    assert mask_mobile("+919830012345") == "+91******2345"
    assert mask_text("12 Park Street, Kolkata") == "1***"
    assert mask_mobile(None) is None
