"""Template helpers of the cases pages."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

SELECTED = mark_safe(" selected")


@register.filter
def select_options(bound_field) -> str:
    """The <option> tags of a choice field, in one pass (filter forms are shown on every list request)."""
    value = bound_field.value()
    current = "" if value is None else str(value)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((str(key), SELECTED if str(key) == current else "", label) for key, label in bound_field.field.choices),
    )


STATUS_CSS = {
    "accepted": "text-bg-warning",
    "handler_changed": "text-bg-warning",
    "assigned": "text-bg-info",
    "in_progress": "text-bg-primary",
    "closing_submitted": "text-bg-secondary",
    "closed": "text-bg-success",
    "terminated": "text-bg-danger",
    "archived": "text-bg-dark",
}


@register.filter
def status_css(status: str) -> str:
    return STATUS_CSS.get(status, "text-bg-light")
