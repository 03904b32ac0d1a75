"""Printed documents of an application: notice, forms and letters, as HTML and PDF."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from legalaid.audit.services import log_access
from legalaid.middleware import document_response
from legalaid.models import AccessRecord
from legalaid.pdf import pdf_response
from legalaid.uploads import serve_protected

from .. import documents
from ..models import Application, MaterialsNotice
from .common import application_in_scope, with_print_links

Status = Application.Status


def _notice_for(request, pk: int) -> MaterialsNotice:
    application = application_in_scope(request, pk)
    return get_object_or_404(
        MaterialsNotice.objects.select_related("application__applicant", "application__centre", "issued_by"),
        application=application,
    )


@login_required
@permission_required("intake.view_application", raise_exception=True)
def notice_print(request, pk: int):
    notice = _notice_for(request, pk)
    return document_response(with_print_links(documents.materials_notice_html(notice), pk, "notice"))


@login_required
@permission_required("intake.view_application", raise_exception=True)
def notice_pdf(request, pk: int):
    notice = _notice_for(request, pk)
    if notice.pdf:
        return serve_protected(notice.pdf, download_name=f"一次性告知书-{notice.application.number}.pdf")
    filename, content = documents.render_materials_notice(notice)
    return pdf_response(filename, content)


@login_required
@permission_required("intake.view_application", raise_exception=True)
def form_print(request, pk: int, slug: str):
    if slug not in documents.FORMS:
        raise Http404
    application = application_in_scope(request, pk)
    _log_form(request, application, slug)
    return document_response(with_print_links(documents.form_html(slug, application), pk, "form", slug))


@login_required
@permission_required("intake.view_application", raise_exception=True)
def form_pdf(request, pk: int, slug: str):
    if slug not in documents.FORMS:
        raise Http404
    application = application_in_scope(request, pk)
    _log_form(request, application, slug)
    filename, content = documents.render_form(slug, application)
    return pdf_response(filename, content)


def _log_form(request, application, slug: str) -> None:
    """The forms print the applicant's full ID number and phone: every print is logged."""
    log_access(
        request,
        kind=AccessRecord.Kind.DOCUMENT,
        subject=application.number,
        obj=application,
        detail=str(documents.FORMS[slug][1]),
    )


@login_required
@permission_required("intake.view_application", raise_exception=True)
def letter_pdf(request, pk: int, letter_pk: int):
    application = application_in_scope(request, pk)
    letter = get_object_or_404(application.letters, pk=letter_pk)
    if letter.pdf:
        return serve_protected(letter.pdf, download_name=f"{letter.get_kind_display()}-{application.number}.pdf")
    filename, content = documents.render_applicant_letter(letter)
    return pdf_response(filename, content)


@login_required
@permission_required("intake.view_application", raise_exception=True)
def letter_print(request, pk: int, letter_pk: int):
    application = application_in_scope(request, pk)
    letter = get_object_or_404(application.letters, pk=letter_pk)
    return document_response(with_print_links(documents.applicant_letter_html(letter), pk, "letter", letter.pk))
