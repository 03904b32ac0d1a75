"""Template filters available in every template (registered as builtins in settings)."""

from django import template

from legalaid.validators import mask_id_number, mask_phone

register = template.Library()


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value)


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value)
