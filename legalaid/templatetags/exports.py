"""`{% load exports %}{% export_link "intake.applications" %}`: the list's “导出” link, keeping its filters.

Shown only to a user who may export that list; the link carries the page's query string without
its page number and anything else not a filter of the list, so the file holds every row they select.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..exports import list_exports, list_filters, may_export

register = template.Library()


@register.simple_tag(takes_context=True)
def export_link(context, identifier: str) -> str:
    request = context["request"]
    export = list_exports()[identifier]
    if not may_export(request.user, export):
        return ""
    url = reverse("list_export", args=[identifier])
    filters = list_filters(export, request.GET).urlencode()
    return format_html(
        '<a class="btn btn-outline-secondary btn-sm" href="{}" download>{}</a>',
        f"{url}?{filters}" if filters else url,
        _("导出"),
    )
