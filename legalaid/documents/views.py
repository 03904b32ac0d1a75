"""The generic document pages: a record's documents (文书), each printed alone, and batch print runs.

Every record is loaded through its stage's selector (outside the user's scope: 404); without the
subject's permission: 403. Printing a document that shows personal data is logged.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from legalaid.audit.services import log_access
from legalaid.errors import DomainError
from legalaid.middleware import document_response
from legalaid.models import AccessRecord, DocumentBatch
from legalaid.pdf import pdf_response

from . import registry, services
from .exports import batches_listed, kind_title


def _record(request, subject_key: str, pk: int):
    try:
        subject = registry.subject(subject_key)
    except LookupError:
        raise Http404 from None
    if subject.permission and not request.user.has_perm(subject.permission):
        raise PermissionDenied
    return subject, get_object_or_404(subject.selector(request.user), pk=pk)


def _kind(subject, code: str):
    try:
        document_kind = registry.kind(code)
    except LookupError:
        raise Http404 from None
    if document_kind.subject.lower() != subject.key:
        raise Http404
    return document_kind


def _printable(request, subject, obj, document_kind):
    """The document's issue when it is numbered; refuse what is missing, not applicable or not issued yet."""
    issued = registry.issued_document(document_kind, obj)
    state, reason = registry.state_of(document_kind, obj, issued)
    if state not in registry.PRINTABLE:
        raise Http404(reason)
    if document_kind.numbered and issued is None:
        raise Http404(_("该文书尚未出具编号。"))
    if document_kind.personal_data:
        log_access(
            request, kind=AccessRecord.Kind.DOCUMENT, subject=subject.describe(obj), obj=obj, detail=document_kind.title
        )
    return issued


@login_required
def document_list(request, subject: str, pk: int):
    subject, obj = _record(request, subject, pk)
    issued = registry.issued_documents(obj)
    may_issue = request.user.has_perm(subject.may_issue)
    rows = []
    for document_kind, state, reason in registry.documents_of(obj):
        printable = registry.is_printable(document_kind, state, issued)
        rows.append(
            {
                "kind": document_kind,
                "state": state,
                "state_label": registry.DocumentState(state).label,
                "reason": reason,
                "issued": issued.get(document_kind.code),
                "printable": printable,
                "issuable": may_issue
                and document_kind.numbered
                and document_kind.code not in issued
                and state in registry.PRINTABLE,
            }
        )
    return render(
        request,
        "documents/list.html",
        {
            "subject": subject,
            "record": obj,
            "rows": rows,
            "record_url": subject.detail_url(obj),
            "may_batch": bool(services.batchable_kinds(request.user)),
        },
    )


@login_required
@require_POST
def document_issue(request, subject: str, pk: int, code: str):
    subject, obj = _record(request, subject, pk)
    if not request.user.has_perm(subject.may_issue):
        raise PermissionDenied  # may see the documents, not issue them (read-only roles)
    document_kind = _kind(subject, code)
    try:
        issued = services.document_issue(document_kind, obj, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(title)s已出具，文号%(number)s。") % {"title": document_kind.title, "number": issued.number}
        )
    return redirect("documents:list", subject=subject.key, pk=obj.pk)


@login_required
def document_html(request, subject: str, pk: int, code: str):
    subject, obj = _record(request, subject, pk)
    document_kind = _kind(subject, code)
    _printable(request, subject, obj, document_kind)
    links = {
        "pdf_url": reverse("documents:pdf", kwargs={"subject": subject.key, "pk": obj.pk, "code": document_kind.code}),
        "list_url": reverse("documents:list", kwargs={"subject": subject.key, "pk": obj.pk}),
    }
    return document_response(registry.render_html(document_kind, obj, print_view=True, extra=links))


@login_required
def document_pdf(request, subject: str, pk: int, code: str):
    subject, obj = _record(request, subject, pk)
    document_kind = _kind(subject, code)
    issued = _printable(request, subject, obj, document_kind)
    if issued is not None and issued.pdf:
        try:
            with issued.pdf.open("rb") as stored:
                return pdf_response(registry.filename(document_kind, obj), stored.read())
        except FileNotFoundError:
            pass  # the stored copy is gone: print it afresh, with the same number and date
    filename, content = registry.render_document(document_kind, obj)
    return pdf_response(filename, content)


class BatchForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("文书种类"))
    start = forms.DateField(label=gettext_lazy("日期自"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("日期至"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(each.code, each.title) for each in kinds]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


@login_required
def batches(request):
    """Choose a kind and a period; the print run is made by a task and listed here when ready."""
    kinds = services.batchable_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    today = timezone.localdate()
    form = BatchForm(request.POST or None, kinds=kinds, initial={"start": today, "end": today})
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.document_batch_request(
                request.user,
                kind_code=form.cleaned_data["kind"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            batch.refresh_from_db()
            if batch.status == DocumentBatch.Status.READY:
                messages.success(request, _("已生成 %(count)s 份文书的 PDF。") % {"count": batch.document_count})
            else:
                messages.info(
                    request,
                    _("正在生成 %(count)s 份文书的 PDF，完成后可在本页下载。") % {"count": batch.document_count},
                )
            return redirect("documents:batches")
    rows = [{"batch": batch, "title": kind_title(batch.kind)} for batch in batches_listed(request.user)]
    return render(request, "documents/batches.html", {"form": form, "rows": rows})


@login_required
def batch_pdf(request, pk: int):
    """Only the requester downloads a run: its records were chosen within their scope."""
    batch = get_object_or_404(DocumentBatch, pk=pk, requested_by=request.user, status=DocumentBatch.Status.READY)
    document_kind = registry.kind(batch.kind)
    if document_kind.personal_data:
        log_access(
            request,
            kind=AccessRecord.Kind.DOCUMENT,
            subject=_("批量打印：%(title)s") % {"title": document_kind.title},
            obj=batch,
            detail=_("%(count)s 份文书") % {"count": batch.document_count},
        )
    with batch.pdf.open("rb") as stored:
        title = registry.official_title(document_kind)
        return pdf_response(f"{title}-{batch.start:%Y%m%d}-{batch.end:%Y%m%d}.pdf", stored.read())
