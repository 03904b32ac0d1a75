"""Django validators for eligibility's fields, with Chinese messages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from legalaid.validators import PROVINCE_PREFIXES

from .regions import is_region_code


def validate_region_code(value: str) -> None:
    """A 6-digit division code (province, city, county) or a 9-digit township code."""
    v = (value or "").strip()
    if not is_region_code(v):
        raise ValidationError(_("地区代码应为6位行政区划代码，或9位乡镇(街道)代码。"), code="region_format")
    if v[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(_("地区代码的省级代码无效。"), code="region_province")


def validate_province_code(value: str) -> None:
    v = (value or "").strip()
    validate_region_code(v)
    if len(v) != 6 or not v.endswith("0000"):
        raise ValidationError(_("省级行政区划代码应以0000结尾，如 340000。"), code="province_format")
