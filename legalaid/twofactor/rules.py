"""Who needs a second factor: one rule, used by the middleware and the views."""

from django.conf import settings

from ..roles import Role
from ..selectors import user_role

SECOND_FACTOR_ROLES = frozenset({Role.CENTRE_DIRECTOR, Role.ADMINISTRATOR})


def needs_second_factor(user) -> bool:
    if not settings.SECOND_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user_role(user) in SECOND_FACTOR_ROLES


def has_confirmed_device(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
