"""Template helpers of the cases pages."""

from django import template

register = template.Library()

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
