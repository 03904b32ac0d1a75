"""`{% load intake_rows %}`: how an application's status is shown, in one place for every page and fragment."""

from django import template

register = template.Library()

# The badge colour of each status; any other (received, under review) is the default.
STATUS_CSS = {
    "granted": "text-bg-success",
    "refused": "text-bg-danger",
    "withdrawn": "text-bg-secondary",
    "deemed_withdrawn": "text-bg-secondary",
    "awaiting_materials": "text-bg-warning",
    "preliminary_review": "text-bg-info",
}


@register.filter
def application_status_css(status: str) -> str:
    return STATUS_CSS.get(status, "text-bg-primary")
