"""The case's official documents, registered with `legalaid.documents.registry` in CasesConfig.ready().

Every document is rendered from the records (the case, its assignment, notification letter, closing
report, termination, archive); none has a field of its own. Each kind's `state` says whether the case
has what the document needs (已生成), should have it soon (待出具), lacks it when it should not
(缺失), or does not take it (不适用), with the reason; archiving refuses a file whose documents are
missing or due (`cases.archive.catalogue.lacking_documents`).

Templates are the official documents' own Chinese text (rendered under zh-hans): not marked for
translation. The reasons in `state` are shown on the pages, so they are.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.documents.registry import DocumentKind, DocumentState, register, register_subject
from legalaid.vocabulary import CaseType

from . import selectors
from .documents import assignment_context, justice_bureau_name
from .models import Case, ClosingSubmission, CooperationRequest, NotificationGround, Termination

EXISTS, DUE, MISSING, NOT_APPLICABLE = (
    DocumentState.EXISTS,
    DocumentState.DUE,
    DocumentState.MISSING,
    DocumentState.NOT_APPLICABLE,
)

# The letters to a court, procuratorate or police (法律援助公函): one of them fits a case.
ORDINARY_LETTER = "aid_letter"
FORWARDED_LETTER = "aid_letter_forwarded"
NOTIFICATION_LETTER = "aid_letter_notification"
TREATMENT_LETTER = "aid_letter_compulsory_treatment"
LETTER_TITLES = {
    ORDINARY_LETTER: gettext_lazy("法律援助公函"),
    FORWARDED_LETTER: gettext_lazy("法律援助公函（转交申请）"),
    NOTIFICATION_LETTER: gettext_lazy("法律援助公函（通知辩护）"),
    TREATMENT_LETTER: gettext_lazy("法律援助公函（强制医疗）"),
}
LITIGATION_TYPES = (CaseType.CRIMINAL, CaseType.CIVIL, CaseType.ADMINISTRATIVE)
DECIDED_TERMINATIONS = (Termination.Status.TERMINATED, Termination.Status.CORRECTED)


# ----- what the templates get ---------------------------------------------------------------------------


def case_context(case: Case) -> dict:
    """What every document of a case prints: the case, its aided persons, the handler and firm."""
    parties = list(case.parties.all())
    handler = case.handler
    return {
        "case": case,
        "centre": case.centre,
        "parties": parties,
        "party_names": "、".join(party.name for party in parties),
        "primary": next((party for party in parties if party.is_primary), parties[0] if parties else None),
        "handler": handler,
        "handler_profile": getattr(handler, "handler_profile", None) if handler else None,
        "handler_phone": getattr(getattr(handler, "profile", None), "phone", "") if handler else "",
        "firm": case.handler_organisation,
        "notification": getattr(case, "notification", None) if case.is_notification_defence else None,
        "application": case.application,
    }


def _latest_assignment(case: Case):
    return case.assignments.select_related("handler", "handler_organisation").order_by("-assigned_at", "-pk").first()


def _assignment_document_context(case: Case) -> dict:
    return {**case_context(case), **assignment_context(_latest_assignment(case))}


def _authority(case: Case) -> str:
    """Whom a letter is addressed to: the notifying authority, else the court of the case's hearings."""
    if case.is_notification_defence:
        return case.notification.authority_name
    hearing = case.hearings.exclude(court="").order_by("-starts_at").first()
    if hearing:
        return hearing.court
    event = case.events.exclude(court="").order_by("-at").first()
    return event.court if event else ""


def letter_context(case: Case) -> dict:
    return {**case_context(case), "authority": _authority(case), "assigned_on": _assigned_on(case)}


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def _assigned_on(case: Case):
    return _local_date(case.assigned_at)


def agreement_context(case: Case) -> dict:
    assigned_on = _assigned_on(case)
    return {
        **case_context(case),
        "assigned_on": assigned_on,
        "signed_on": case.agreement_signed_on,
        "issued_on": case.agreement_signed_on or assigned_on or timezone.localdate(),
    }


def _submission(case: Case, *statuses) -> ClosingSubmission | None:
    submissions = case.closings.select_related("submitted_by", "reviewed_by")
    if statuses:
        submissions = submissions.filter(status__in=statuses)
    return submissions.order_by("-submitted_at", "-pk").first()


def closing_report_context(case: Case) -> dict:
    submission = _submission(case)
    return {
        **case_context(case),
        "submission": submission,
        "checklist": submission.checklist if submission else [],
        "assigned_on": _assigned_on(case),
        "submitted_on": _local_date(submission.submitted_at) if submission else None,
        "issued_on": _local_date(submission.submitted_at) if submission else timezone.localdate(),
    }


def closing_review_context(case: Case) -> dict:
    submission = _submission(case, ClosingSubmission.Status.ACCEPTED, ClosingSubmission.Status.PENDING)
    subsidy = getattr(case, "subsidy", None)
    return {
        **case_context(case),
        "submission": submission,
        "subsidy": subsidy,
        "reviewed_on": _local_date(submission.reviewed_at) if submission else None,
        "submitted_on": _local_date(submission.submitted_at) if submission else None,
        "issued_on": (_local_date(submission.reviewed_at) if submission else None) or timezone.localdate(),
    }


def termination_context(case: Case) -> dict:
    termination = case.terminations.filter(status__in=DECIDED_TERMINATIONS).order_by("-decided_at", "-pk").first()
    return termination_decision_context(termination)


def termination_decision_context(termination: Termination) -> dict:
    case = termination.case
    return {
        **case_context(case),
        "termination": termination,
        "bureau": justice_bureau_name(case.centre),
        "decided_on": timezone.localdate(termination.decided_at),
        "number": case.number,
        "issued_on": timezone.localdate(termination.decided_at),
    }


def archive_context(case: Case) -> dict:
    archive = getattr(case, "archive", None)
    entries = list(archive.entries.order_by("order")) if archive else []
    return {
        **case_context(case),
        "archive": archive,
        "entries": entries,
        "archived_on": _local_date(archive.archived_at) if archive else None,
        "accepted_on": timezone.localdate(case.accepted_at),
        "closed_on": _local_date(case.closed_at or case.terminated_at),
        "issued_on": _local_date(archive.archived_at) if archive else timezone.localdate(),
    }


def cooperation_context(request: CooperationRequest) -> dict:
    case = request.case
    return {
        "request": request,
        "centre": request.centre,
        "case": case,
        "parties": list(case.parties.all()) if case else [],
        "created_on": timezone.localdate(request.created_at),
        "answered_on": _local_date(request.answered_at),
    }


# ----- which documents a case takes ---------------------------------------------------------------------


def _handled(case: Case) -> bool:
    return case.handler_id is not None


AGENCY_AGREEMENT = gettext_lazy("委托代理协议")
DEFENCE_AGREEMENT = gettext_lazy("委托辩护协议")


def _agreement_state(case: Case, criminal: bool, title: str):
    if (case.case_type == CaseType.CRIMINAL) != criminal:
        other = AGENCY_AGREEMENT if criminal else DEFENCE_AGREEMENT
        return NOT_APPLICABLE, _("本案适用《%(other)s》。") % {"other": other}
    if not _handled(case):
        return NOT_APPLICABLE, _("尚未指派承办人。")
    if case.agreement_signed_on:
        return EXISTS, _("%(date)s签订。") % {"date": case.agreement_signed_on.isoformat()}
    if case.is_handling:
        due = case.agreement_due.isoformat() if case.agreement_due else "—"
        return DUE, _("承办人应于%(due)s前与受援人签订。") % {"due": due}
    return MISSING, _("未登记%(title)s的签订日期。") % {"title": title}


def agency_agreement_state(case: Case):
    return _agreement_state(case, False, AGENCY_AGREEMENT)


def defence_agreement_state(case: Case):
    return _agreement_state(case, True, DEFENCE_AGREEMENT)


def power_of_attorney_state(case: Case):
    if not _handled(case):
        return NOT_APPLICABLE, _("尚未指派承办人。")
    if case.agreement_signed_on:
        return EXISTS, _("随委托协议于%(date)s签署。") % {"date": case.agreement_signed_on.isoformat()}
    if case.is_handling:
        return DUE, _("随委托协议签署。")
    return MISSING, _("未登记委托协议和授权委托书的签订日期。")


def fitting_letter(case: Case) -> str | None:
    """Which 法律援助公函 the case takes, by its origin and type (None: no letter to an authority)."""
    if case.is_notification_defence:
        if case.notification.ground == NotificationGround.COMPULSORY_TREATMENT:
            return TREATMENT_LETTER
        return NOTIFICATION_LETTER
    if case.case_type not in LITIGATION_TYPES:
        return None
    channel = case.application.channel if case.application_id else None
    if case.case_type == CaseType.CRIMINAL and channel is not None and channel.category == "forwarded":
        return FORWARDED_LETTER
    return ORDINARY_LETTER


def _letter_state(code: str):
    def state(case: Case):
        fitting = fitting_letter(case)
        if fitting is None:
            return NOT_APPLICABLE, _("劳动仲裁、非诉讼案件不向法院、检察院、公安机关发函。")
        if fitting != code:
            return NOT_APPLICABLE, _("本案适用《%(title)s》。") % {"title": LETTER_TITLES[fitting]}
        if not _handled(case):
            return NOT_APPLICABLE, _("指派承办人后出具。")
        return DUE, _("指派承办人后向办案机关出具并编号。")

    return state


def assignment_notice_state(case: Case):
    if case.assignments.exists():
        return EXISTS, _("指派时生成。")
    return NOT_APPLICABLE, _("尚未指派承办人。")


def notification_reply_state(case: Case):
    if not case.is_notification_defence:
        return NOT_APPLICABLE, _("只适用于通知辩护案件。")
    if case.assignments.exists():
        return EXISTS, _("指派时生成。")
    return NOT_APPLICABLE, _("尚未指派承办人。")


def termination_state(case: Case):
    if case.terminations.filter(status__in=DECIDED_TERMINATIONS).exists():
        return EXISTS, _("终止决定作出时生成。")
    return NOT_APPLICABLE, _("本案未终止法律援助。")


def closing_report_state(case: Case):
    if case.closings.exists():
        return EXISTS, _("承办人提交结案时生成。")
    if not _handled(case):
        return NOT_APPLICABLE, _("未指派承办人的案件没有结案报告。")
    if case.status in (*Case.HANDLING, Case.Status.TERMINATED):
        return DUE, _("案件办结后由承办人提交。")
    return MISSING, _("承办人未提交结案报告。")


def closing_review_state(case: Case):
    if case.closings.filter(status=ClosingSubmission.Status.ACCEPTED).exists():
        return EXISTS, _("结案审查通过时生成。")
    if case.closings.filter(status=ClosingSubmission.Status.PENDING).exists():
        return DUE, _("待中心审查结案材料。")
    return NOT_APPLICABLE, _("承办人提交结案后审查。")


def archive_state(case: Case):
    if hasattr(case, "archive"):
        return EXISTS, _("归档时生成，档案号%(number)s。") % {"number": case.archive.number}
    return NOT_APPLICABLE, _("归档时生成。")


def cooperation_letter_state(request: CooperationRequest):
    if request.direction != CooperationRequest.Direction.OUTGOING:
        return NOT_APPLICABLE, _("外地中心发来的请求，协作函由对方出具。")
    if request.status == CooperationRequest.Status.WITHDRAWN:
        return NOT_APPLICABLE, _("协作请求已撤回。")
    return DUE, _("向对方中心发函时编号。")


def cooperation_reply_state(request: CooperationRequest):
    if request.direction != CooperationRequest.Direction.INCOMING:
        return NOT_APPLICABLE, _("本中心发出的请求，复函由对方中心出具。")
    if request.status in (CooperationRequest.Status.ANSWERED, CooperationRequest.Status.DECLINED):
        return DUE, _("办复后向对方中心复函并编号。")
    return NOT_APPLICABLE, _("办复后出具。")


# ----- registration -------------------------------------------------------------------------------------


def _case_url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def _cooperation_url(request: CooperationRequest) -> str:
    return reverse("cases:cooperation_detail", args=[request.pk])


def _kind(code, title, template, context, state, *, order, number_word="", subject="cases.Case", **extra):
    return register(
        DocumentKind(
            code=code,
            title=title,
            subject=subject,
            template=f"cases/documents/{template}.html",
            context=context,
            state=state,
            number_word=number_word,
            order=order,
            **extra,
        )
    )


def register_all() -> None:
    register_subject(
        "cases.Case",
        selector=selectors.cases_for_user,
        detail_url=_case_url,
        organisation=lambda case: case.centre,
        permission="cases.view_case",
        issue_permission="cases.assign_case",
        period_field="accepted_at",
        describe=lambda case: case.number,
    )
    register_subject(
        "cases.CooperationRequest",
        selector=selectors.cooperation_for_user,
        detail_url=_cooperation_url,
        organisation=lambda request: request.centre,
        permission="cases.view_cooperationrequest",
        issue_permission="cases.manage_cooperation",
        period_field="created_at",
        describe=lambda request: request.counterpart_name,
    )
    # The archive's own pages: the cover carries the archive number (档字), given when the case is archived.
    _kind(
        "archive_cover",
        gettext_lazy("卷宗封面"),
        "archive_cover",
        archive_context,
        archive_state,
        order=1,
        number_word="档",
    )
    _kind("archive_catalogue", gettext_lazy("卷内目录"), "archive_catalogue", archive_context, archive_state, order=2)
    _kind(
        "assignment_notice",
        gettext_lazy("法律援助案件指派通知书"),
        "assignment_notice",
        _assignment_document_context,
        assignment_notice_state,
        order=110,
    )
    _kind(
        "notification_reply",
        gettext_lazy("指派律师通知书"),
        "notification_reply",
        _assignment_document_context,
        notification_reply_state,
        order=120,
    )
    for order, code in enumerate(LETTER_TITLES, start=130):
        _kind(code, LETTER_TITLES[code], code, letter_context, _letter_state(code), order=order, number_word="函")
    _kind(
        "agency_agreement",
        AGENCY_AGREEMENT,
        "agreement",
        agreement_context,
        agency_agreement_state,
        order=140,
    )
    _kind(
        "defence_agreement",
        DEFENCE_AGREEMENT,
        "agreement",
        agreement_context,
        defence_agreement_state,
        order=141,
    )
    _kind(
        "power_of_attorney",
        gettext_lazy("授权委托书"),
        "power_of_attorney",
        agreement_context,
        power_of_attorney_state,
        order=150,
    )
    _kind(
        "termination_decision",
        gettext_lazy("终止法律援助决定书"),
        "termination_decision",
        termination_context,
        termination_state,
        order=300,
    )
    _kind(
        "closing_report",
        gettext_lazy("结案报告表"),
        "closing_report",
        closing_report_context,
        closing_report_state,
        order=310,
    )
    _kind(
        "closing_review",
        gettext_lazy("结案审查表"),
        "closing_review",
        closing_review_context,
        closing_review_state,
        order=320,
    )
    _kind(
        "cooperation_letter",
        gettext_lazy("法律援助协作函"),
        "cooperation_letter",
        cooperation_context,
        cooperation_letter_state,
        order=200,
        number_word="协",
        subject="cases.CooperationRequest",
    )
    _kind(
        "cooperation_reply",
        gettext_lazy("法律援助协作复函"),
        "cooperation_reply",
        cooperation_context,
        cooperation_reply_state,
        order=210,
        number_word="协",
        subject="cases.CooperationRequest",
    )
