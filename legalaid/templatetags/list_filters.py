"""`{% load list_filters %}`: the filter forms of list pages, rendered without Django's widget templates.

A list is requested far more often than any form, and a widget template renders each <option> of a select
through an include of its own (a quarter of the consultation ledger's time). `lists/filter_field.html` and
this filter write the same markup in one pass.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

SELECTED = mark_safe(" selected")


@register.filter
def select_options(bound_field) -> str:
    """The <option> tags of a choice field, the current value selected."""
    value = bound_field.value()
    current = "" if value is None else str(value)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((str(key), SELECTED if str(key) == current else "", label) for key, label in bound_field.field.choices),
    )
