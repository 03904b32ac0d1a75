"""The archive's pages: a case's 卷宗 (documents, archiving, the archived file) and the centre's archive list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.errors import DomainError
from legalaid.paginators import ListPaginator

from ..models import CaseArchive
from ..views.common import load_case
from . import selectors, services


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_file(request, pk: int):
    case = load_case(request, pk)
    return render(request, "cases/archive/case_file.html", {"case": case, **selectors.case_file(case, request.user)})


@login_required
@require_POST
@permission_required("cases.archive_case", raise_exception=True)
def case_file_archive(request, pk: int):
    case = load_case(request, pk)
    try:
        archive = services.archive_case(case, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("案卷已归档，档案号%(number)s；卷宗PDF正在生成。") % {"number": archive.number})
    return redirect("cases:archive:case_file", case.pk)


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_file_pdf(request, pk: int):
    """The archived whole-file PDF, for whoever may see the case; every download is in the access log."""
    from eligibility.selectors import mask_name
    from legalaid.audit.services import Kind, log_access
    from legalaid.uploads import serve_protected

    case = load_case(request, pk)
    archive = CaseArchive.objects.filter(case=case, status=CaseArchive.Status.READY).exclude(pdf="").first()
    if archive is None:
        raise Http404
    primary = case.parties.order_by("-is_primary", "pk").first()
    subject = mask_name(primary.name) if primary else case.number
    log_access(
        request,
        kind=Kind.DOCUMENT,
        subject=subject,
        obj=archive,
        detail=_("卷宗 %(number)s") % {"number": archive.number},
    )
    return serve_protected(archive.pdf, download_name=f"卷宗-{archive.number}.pdf")


@login_required
@permission_required("cases.archive_case", raise_exception=True)
def archive_list(request):
    archives = selectors.archives_for_user(request.user).order_by("-archived_at", "-pk")
    page = ListPaginator(archives, 50).get_page(request.GET.get("page"))
    return render(request, "cases/archive/archive_list.html", {"page": page})
