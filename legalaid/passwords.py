"""Password rules beyond Django's: a mix of character kinds, so "Demo2026" is not enough."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")


class CharacterKindsValidator:
    """At least three of: lower-case letters, capitals, digits, other characters."""

    def __init__(self, kinds: int = 3):
        self.kinds = kinds

    def validate(self, password, user=None):
        if sum(bool(re.search(kind, password)) for kind in KINDS) < self.kinds:
            raise ValidationError(
                _("密码至少要包含小写字母、大写字母、数字、其他符号中的 %(kinds)d 种。") % {"kinds": self.kinds},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码至少要包含小写字母、大写字母、数字、其他符号中的 %(kinds)d 种。") % {"kinds": self.kinds}
