"""The password policy refuses the demo-style passwords a guesser tries first."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize("weak", ["Demo2026", "demo20262026", "shouxian-legal"])
def test_weak_passwords_are_refused(db, weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_long_mixed_password_passes(db):
    validate_password("Huai-nan-2026!")


def test_password_reset_is_not_offered_without_mail(client, settings):
    from django.urls import NoReverseMatch, reverse

    assert not settings.EMAIL_CONFIGURED
    with pytest.raises(NoReverseMatch):
        reverse("password_reset")
    assert client.get("/accounts/password_reset/").status_code == 404
