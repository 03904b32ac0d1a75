"""Change of handler (LAL 55) and termination of legal aid (LAL 48, 49)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from legalaid.pdf import pdf_response

from .. import documents, forms, services
from ..models import HandlerChange, Termination
from .common import load_case, simple_action


def _reported(termination: Termination) -> str:
    return _("承办人报告：%(ground)s。%(facts)s") % {
        "ground": termination.get_ground_display(),
        "facts": termination.facts,
    }


@login_required
@permission_required("cases.view_case", raise_exception=True)
def handler_change_request(request, pk: int):
    case = load_case(request, pk)
    for_handler = case.handler_id == request.user.pk
    if not for_handler and not request.user.has_perm("cases.change_handler"):
        raise PermissionDenied
    form = forms.HandlerChangeForm(request.POST or None, for_handler=for_handler)
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("更换承办人"),
        lambda data: services.handler_change_request(case, actor=request.user, **data),
        _("更换承办人申请已登记，等待中心决定。"),
    )


@login_required
@permission_required("cases.change_handler", raise_exception=True)
def handler_change_decide(request, pk: int, change_pk: int):
    case = load_case(request, pk)
    change = get_object_or_404(case.handler_changes, pk=change_pk, status=HandlerChange.Status.PENDING)
    form = forms.DecisionForm(request.POST or None)
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("决定是否更换承办人"),
        lambda data: services.handler_change_decide(change, actor=request.user, **data),
        _("已决定。同意更换的，请重新指派承办人。"),
        intro=f"{change.get_requested_by_display()}:{change.reasons}",
    )


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def termination_report(request, pk: int):
    case = load_case(request, pk)
    form = forms.TerminationReportForm(request.POST or None)
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("报告终止法律援助的事由"),
        lambda data: services.termination_report(case, actor=request.user, **data),
        _("已报告，等待中心决定。"),
    )


@login_required
@permission_required("cases.terminate_case", raise_exception=True)
def case_terminate(request, pk: int):
    case = load_case(request, pk)
    reported = case.terminations.filter(status=Termination.Status.REPORTED).first()
    initial = {"ground": reported.ground, "reasons": reported.facts} if reported else {}
    form = forms.TerminateForm(request.POST or None, initial=initial)
    intro = _reported(reported) if reported else ""
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("终止法律援助"),
        lambda data: services.case_terminate(case, actor=request.user, termination=reported, **data),
        _("已决定终止法律援助，请打印决定书送达受援人。"),
        intro=intro,
        danger=True,
    )


@login_required
@permission_required("cases.terminate_case", raise_exception=True)
def termination_decline(request, pk: int, termination_pk: int):
    case = load_case(request, pk)
    termination = get_object_or_404(case.terminations, pk=termination_pk, status=Termination.Status.REPORTED)
    form = forms.ReasonForm(request.POST or None)
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("不予终止法律援助"),
        lambda data: services.termination_decline(termination, actor=request.user, **data),
        _("已决定不予终止。"),
        intro=_reported(termination),
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def termination_decision_pdf(request, pk: int, termination_pk: int):
    case = load_case(request, pk)
    # A decision later corrected on the bureau's order stays on file and printable.
    termination = get_object_or_404(
        case.terminations,
        pk=termination_pk,
        status__in=(Termination.Status.TERMINATED, Termination.Status.CORRECTED),
    )
    return pdf_response(*documents.render_termination_decision(termination))


@login_required
@permission_required("cases.terminate_case", raise_exception=True)
def termination_objection(request, pk: int, termination_pk: int):
    case = load_case(request, pk)
    termination = get_object_or_404(
        case.terminations, pk=termination_pk, status=Termination.Status.TERMINATED, objection__isnull=True
    )
    form = forms.ObjectionForm(request.POST or None)
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("登记对终止决定的异议"),
        lambda data: services.termination_objection_record(termination, actor=request.user, **data),
        _("异议已登记，转司法行政部门在 5 日内审查。"),
        intro=_(
            "受援人对终止法律援助决定有异议的，向设立本中心的司法行政部门提出，司法行政部门自收到之日起五日内审查"
            "(法律援助法第四十九条)。"
        ),
    )


@login_required
@permission_required("cases.terminate_case", raise_exception=True)
def termination_correct(request, pk: int, termination_pk: int):
    """Carry out the justice bureau's order to correct a termination: the aid is restored (LAL 49)."""
    case = load_case(request, pk)
    termination = get_object_or_404(case.terminations.select_related("objection"), pk=termination_pk)
    if services.termination_correction_refusal(termination, request.user):
        raise Http404
    objection = termination.objection
    form = forms.CorrectionForm(request.POST or None)
    return simple_action(
        request,
        case,
        form,
        "cases/case_form.html",
        _("执行责令改正，恢复法律援助"),
        lambda data: services.termination_correct(termination, actor=request.user, **data),
        _("已恢复法律援助，案件回到终止前的办理状态。"),
        intro=_("%(body)s审查意见(%(day)s)：%(opinion)s")
        % {
            "body": objection.review_body,
            "day": objection.review_decided_on.isoformat() if objection.review_decided_on else "—",
            "opinion": objection.review_opinion,
        },
    )
