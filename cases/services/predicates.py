"""Which actions a case allows now: each predicate returns the reason it is refused, or None.

The services raise that reason; the case page shows a button only when its predicate is None, so
the page never offers what the service would refuse. Scope is not checked here: the page has
already loaded the case through the user's selector, and the services check it again.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Case
from .common import handler_refusal, status_refusal

Status = Case.Status


def assign_refusal(case: Case, actor=None) -> str | None:
    if case.awaits_assignment:
        return None
    if case.handler_id:
        return _("案件 %(number)s 已于 %(at)s 指派给 %(handler)s，不能重复指派。") % {
            "number": case.number,
            "at": timezone.localtime(case.assigned_at).strftime("%Y-%m-%d %H:%M"),
            "handler": case.handler.get_full_name(),
        }
    return status_refusal(case, _("指派"))


def handling_refusal(case: Case, actor, action: str) -> str | None:
    """The handler's work while the case is being handled (events, end, termination report, change)."""
    return handler_refusal(case, actor, action) or (None if case.is_handling else status_refusal(case, action))


def event_refusal(case: Case, actor) -> str | None:
    return handling_refusal(case, actor, _("记录办案过程"))


def case_end_refusal(case: Case, actor) -> str | None:
    return handling_refusal(case, actor, _("登记案件办结"))


def termination_report_refusal(case: Case, actor) -> str | None:
    return handling_refusal(case, actor, _("报告终止事由"))


def change_request_refusal(case: Case, actor) -> str | None:
    return handling_refusal(case, actor, _("申请更换承办人"))


def change_record_refusal(case: Case, actor=None) -> str | None:
    return None if case.is_handling else status_refusal(case, _("更换承办人"))


def closing_submit_refusal(case: Case, actor) -> str | None:
    action = _("提交结案")
    refused = handler_refusal(case, actor, action)
    if refused:
        return refused
    return None if case.status in (*Case.HANDLING, Status.TERMINATED) else status_refusal(case, action)


def terminate_refusal(case: Case, actor=None) -> str | None:
    if case.status in (*Case.AWAITING_ASSIGNMENT, *Case.HANDLING):
        return None
    return status_refusal(case, _("终止法律援助"))


def closing_review_refusal(case: Case, actor=None) -> str | None:
    return None if case.status == Status.CLOSING_SUBMITTED else status_refusal(case, _("审查结案"))


def archive_refusal(case: Case, actor=None) -> str | None:
    unassigned_termination = case.status == Status.TERMINATED and case.handler_id is None
    return None if case.status == Status.CLOSED or unassigned_termination else status_refusal(case, _("归档"))


def parties_refusal(case: Case, actor=None) -> str | None:
    closed = case.status in (Status.CLOSED, Status.ARCHIVED)
    return status_refusal(case, _("增加受援人")) if closed else None


def coordinator_refusal(case: Case, actor=None) -> str | None:
    return None if case.is_group else _("只有群体性案件(受援人 50 人以上)才指定中心协调人。")


def upload_refusal(case: Case, actor) -> str | None:
    if case.handler_id != actor.pk and not actor.has_perm("cases.open_case"):
        return _("您没有执行此操作的权限。")
    return status_refusal(case, _("上传材料")) if case.status == Status.ARCHIVED else None


def no_refusal(case: Case, actor=None) -> None:
    return None


# Each button of the case page: the permission it needs and the predicate the service applies.
CASE_ACTIONS = {
    "assign": ("cases.assign_case", assign_refusal),
    "event": ("cases.handle_case", event_refusal),
    "end": ("cases.handle_case", case_end_refusal),
    "closing": ("cases.handle_case", closing_submit_refusal),
    "report_termination": ("cases.handle_case", termination_report_refusal),
    "request_change": ("cases.handle_case", change_request_refusal),
    "record_change": ("cases.change_handler", change_record_refusal),
    "terminate": ("cases.terminate_case", terminate_refusal),
    "review": ("cases.review_closing", closing_review_refusal),
    "archive": ("cases.archive_case", archive_refusal),
    "parties": ("cases.manage_parties", parties_refusal),
    "coordinator": ("cases.manage_parties", coordinator_refusal),
    "upload": ("cases.view_case", upload_refusal),
    "cooperation": ("cases.manage_cooperation", no_refusal),
}


def case_actions(case: Case, actor) -> dict[str, bool]:
    """What the actor may do on this case now (the buttons of the case page)."""
    allowed = {
        name: actor.has_perm(permission) and predicate(case, actor) is None
        for name, (permission, predicate) in CASE_ACTIONS.items()
    }
    allowed["objection"] = actor.has_perm("cases.terminate_case") and actor.has_perm("eligibility.add_objection")
    return allowed
