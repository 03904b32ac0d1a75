"""What every intake view shares: paging, loading an application in scope, the print toolbar."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Application

PAGE_SIZE = 50


def optional_pk(value) -> int | None:
    """A primary key from a query or form parameter: None when absent, 404 when malformed."""
    if value in (None, ""):
        return None
    value = str(value).strip()
    if not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


def application_in_scope(request, pk: int) -> Application:
    return selectors.application_for_user(request.user, pk)


def done(request, application: Application, message: str):
    messages.success(request, message)
    return redirect("intake:application_detail", pk=application.pk)


def with_print_links(html: str, pk: int, kind: str, slug: str = "") -> str:
    """Point the print view's toolbar links at this application (the template has no request)."""
    if kind == "notice":
        pdf_url = reverse("intake:notice_pdf", args=[pk])
    elif kind == "letter":
        pdf_url = reverse("intake:letter_pdf", args=[pk, int(slug)])
    else:
        pdf_url = reverse("intake:form_pdf", args=[pk, slug])
    back = reverse("intake:application_detail", args=[pk])
    toolbar = format_html('<a href="{}">{}</a> <a href="{}">{}</a>', pdf_url, _("下载 PDF"), back, _("返回申请"))
    return html.replace("<!--links-->", toolbar, 1)
