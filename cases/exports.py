"""The cases lists' exports in legalaid's one list-export registry: case search results, the handler's own
cases, the deadline board, the queues of applications to open and to provide early, cooperation, duty-lawyer
help, subsidies and the archive.

Where a list page filters, its filter is one function here (`board_filter`, `cooperation_filter`,
`subsidy_filter`) that both the page view and the export call, so the two cannot select different rows.
"""

from itertools import islice

from django.http import QueryDict
from django.utils.timezone import localdate
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from legalaid.exports import ListExport, local_day, local_minute, register_list_export
from legalaid.models import Organisation
from legalaid.selectors import visible_organisations

from . import deadlines, forms, selectors
from .archive.selectors import archives_for_user
from .models import CooperationRequest
from .selectors.search import _attach_primary_party

CHUNK = 500


def _cases(user, params: QueryDict):
    form = forms.CaseSearchForm(params or None, handlers=selectors.handler_roster_for_user(user))
    query = selectors.CaseQuery()
    if form.is_valid():
        data = form.cleaned_data
        query = selectors.CaseQuery(
            text=data["q"],
            status=data["status"],
            case_type=data["case_type"],
            matter_id=data["matter"].pk if data["matter"] else None,
            handler_id=data["handler"].pk if data["handler"] else None,
            source=data["source"],
            accepted_from=data["accepted_from"],
            accepted_to=data["accepted_to"],
        )
    # The aided persons' names a chunk at a time, as the page attaches them to its rows.
    cases = selectors.case_search(user, query).iterator(chunk_size=CHUNK)
    while chunk := list(islice(cases, CHUNK)):
        _attach_primary_party(chunk)
        yield from chunk


def _duty_helps(user, params: QueryDict):
    helps = selectors.duty_helps_for_user(user).select_related("workstation", "lawyer")
    return helps.order_by("-helped_on", "-pk")


def _my_cases(user, params: QueryDict):
    today = localdate()
    cases = list(selectors.my_cases(user))
    for case in cases:
        case.deadline = case.next_deadline()
    # The page's order: the nearest deadline first, cases without one last.
    return sorted(cases, key=lambda c: (c.deadline is None, c.deadline[1] if c.deadline else today))


# The board shows a section's first rows; its export has every row the board counts.
BOARD_EXPORT_LIMIT = 10_000


def board_filter(user, params: QueryDict, *, limit: int | None = None):
    """The deadline board's filter form and the board it selects: the page shows it, the export writes it."""
    organisations = visible_organisations(user).filter(
        kind__in=[*Organisation.CENTRE_KINDS, *Organisation.WORKSTATION_KINDS]
    )
    form = forms.BoardFilterForm(
        params or None, organisations=organisations, handlers=selectors.handler_roster_for_user(user)
    )
    organisation_id = handler_id = None
    if form.is_valid():
        organisation_id = form.cleaned_data["organisation"].pk if form.cleaned_data["organisation"] else None
        handler_id = form.cleaned_data["handler"].pk if form.cleaned_data["handler"] else None
    bounds = {"limit": limit} if limit is not None else {}
    board = selectors.deadline_board(user, organisation_id=organisation_id, handler_id=handler_id, **bounds)
    return form, board


def _board(user, params: QueryDict):
    _form, board = board_filter(user, params, limit=BOARD_EXPORT_LIMIT)
    for section in board["sections"]:
        for row in section["rows"]:
            yield section["label"], row


def _to_open(user, params: QueryDict):
    for application in selectors.applications_to_open(user):
        application.assignment_due = (
            deadlines.grant_assignment_due(application.decided_at) if application.decided_at else None
        )
        yield application


def _to_pre_provide(user, params: QueryDict):
    return selectors.applications_to_pre_provide(user)


def cooperation_filter(user, params: QueryDict):
    """The cooperation list's status filter (any other value: every status) and the requests it selects."""
    requests = selectors.cooperation_for_user(user).order_by("status", "due_date", "pk")
    status = params.get("status", "")
    if status in CooperationRequest.Status.values:
        return status, requests.filter(status=status)
    return status, requests


def _cooperation(user, params: QueryDict):
    _status, requests = cooperation_filter(user, params)
    return requests


def subsidy_filter(user, params: QueryDict):
    """The subsidies list's filter form, its subsidies and their totals: the page shows them, the export writes them."""
    form = forms.SubsidyFilterForm(params or None, handlers=selectors.handler_roster_for_user(user))
    period = handler_id = None
    status = ""
    if form.is_valid():
        period = form.cleaned_data["month"]
        handler_id = form.cleaned_data["handler"].pk if form.cleaned_data["handler"] else None
        status = form.cleaned_data["status"]
    subsidies, totals = selectors.subsidy_list(user, period=period, handler_id=handler_id, status=status)
    return form, subsidies, totals


def _subsidies(user, params: QueryDict):
    _form, subsidies, _totals = subsidy_filter(user, params)
    return subsidies.select_related("case__handler_organisation")


def _subsidy_totals(user, params: QueryDict):
    _form, _subsidies, totals = subsidy_filter(user, params)
    count = gettext("%(count)s 件") % {"count": totals["count"]}
    yield [gettext("合计"), "", count, "", "", "", "", "", "", totals["amount"] or 0, "", ""]


def _archives(user, params: QueryDict):
    return archives_for_user(user).order_by("-archived_at", "-pk")


def _day(value) -> str:
    return value.isoformat() if value else ""


register_list_export(
    ListExport(
        identifier="cases.cases",
        title=_("案件查询结果"),
        permission="cases.view_case",
        records=_cases,
        filters=("q", "status", "case_type", "matter", "handler", "source", "accepted_from", "accepted_to"),
        columns=(
            (_("案号"), lambda c: c.number),
            (_("受援人"), lambda c: c.party_names),
            (_("类型"), lambda c: c.get_case_type_display()),
            (_("事项"), lambda c: c.matter.name if c.matter else ""),
            (_("承办人"), lambda c: str(c.handler) if c.handler else ""),
            (_("中心"), lambda c: c.centre.name),
            (_("受理日期"), lambda c: local_day(c.accepted_at)),
            (_("状态"), lambda c: c.get_status_display()),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="cases.duty_helps",
        title=_("值班律师法律帮助"),
        permission="cases.view_dutyhelp",
        records=_duty_helps,
        columns=(
            (_("日期"), lambda h: h.helped_on.isoformat()),
            (_("工作站"), lambda h: h.workstation.name),
            (_("值班律师"), lambda h: str(h.lawyer) if h.lawyer else ""),
            (_("受帮助人"), lambda h: h.person_name),
            (_("罪名或事由"), lambda h: h.charge),
            (_("帮助内容"), lambda h: "、".join(h.help_kind_labels())),
            (_("情况"), lambda h: h.notes),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="cases.my_cases",
        title=_("我的案件"),
        permission="cases.handle_case",
        records=_my_cases,
        columns=(
            (_("案号"), lambda c: c.number),
            (_("类型"), lambda c: c.get_case_type_display()),
            (_("事项"), lambda c: c.matter.name if c.matter else ""),
            (_("指派日期"), lambda c: local_day(c.assigned_at)),
            (_("状态"), lambda c: c.get_status_display()),
            (_("下一期限"), lambda c: f"{c.deadline[0]} {c.deadline[1].isoformat()}" if c.deadline else ""),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="cases.deadline_board",
        title=_("期限看板"),
        permission="cases.view_deadline_board",
        records=_board,
        filters=("organisation", "handler"),
        columns=(
            (_("类别"), lambda item: item[0]),
            (_("期限"), lambda item: _day(item[1].due)),
            (_("事项"), lambda item: item[1].title),
            (_("情况"), lambda item: item[1].detail),
            (_("紧急程度"), lambda item: item[1].urgency.label if item[1].urgency else ""),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="cases.open_queue",
        title=_("待立案指派的申请"),
        permission="cases.open_case",
        records=_to_open,
        columns=(
            (_("受理编号"), lambda a: a.number),
            (_("申请人"), lambda a: a.applicant.name),
            (_("类型"), lambda a: a.get_case_type_display()),
            (_("事项"), lambda a: a.matter.name if a.matter else ""),
            (_("接收机构"), lambda a: a.receiving_organisation.name),
            (_("决定时间"), lambda a: local_minute(a.decided_at)),
            (_("指派期限"), lambda a: _day(a.assignment_due)),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="cases.pre_provision_queue",
        title=_("紧急申请先行提供"),
        permission="cases.open_case",
        records=_to_pre_provide,
        columns=(
            (_("受理编号"), lambda a: a.number),
            (_("申请人"), lambda a: a.applicant.name),
            (_("事项"), lambda a: a.matter.name if a.matter else a.get_case_type_display()),
            (_("紧急情形"), lambda a: a.urgent_reason),
            (_("时效或期限届满日"), lambda a: _day(a.deadline_date)),
            (_("申请状态"), lambda a: a.get_status_display()),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="cases.cooperation",
        title=_("异地协作"),
        permission="cases.view_cooperationrequest",
        records=_cooperation,
        filters=("status",),
        columns=(
            (_("方向"), lambda r: r.get_direction_display()),
            (_("对方中心"), lambda r: r.counterpart_name),
            (_("事项"), lambda r: r.get_kind_display()),
            (_("关联案件"), lambda r: r.case.number if r.case else ""),
            (_("期限"), lambda r: _day(r.due_date)),
            (_("状态"), lambda r: r.get_status_display()),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="cases.subsidies",
        title=_("办案补贴"),
        permission="cases.view_subsidy",
        records=_subsidies,
        footer=_subsidy_totals,
        filters=("month", "handler", "status"),
        columns=(
            (_("承办人"), lambda s: s.handler.get_full_name()),
            (_("承办机构"), lambda s: s.case.handler_organisation.name if s.case.handler_organisation_id else ""),
            (_("案号"), lambda s: s.case.number),
            (_("案件类型"), lambda s: s.case.get_case_type_display()),
            (_("事项"), lambda s: s.case.matter.name if s.case.matter_id else ""),
            (_("所属月份"), lambda s: f"{s.period:%Y-%m}"),
            (_("基本补贴"), lambda s: s.base_amount),
            (_("加发"), lambda s: s.extras_amount),
            (_("质量扣减"), lambda s: s.quality_adjustment),
            (_("应发金额"), lambda s: s.amount),
            (_("状态"), lambda s: s.get_status_display()),
            (_("支付凭证号"), lambda s: s.payment_reference),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="cases.archives",
        title=_("案卷档案"),
        permission="cases.archive_case",
        records=_archives,
        columns=(
            (_("档案号"), lambda a: a.number),
            (_("案号"), lambda a: a.case.number),
            (_("案件类型"), lambda a: a.case.get_case_type_display()),
            (_("归档日期"), lambda a: local_day(a.archived_at)),
            (_("保管期限"), lambda a: a.retention_display),
            (_("保管至"), lambda a: a.retention_until.isoformat() if a.retention_until else gettext("永久")),
            (_("页数"), lambda a: a.pages or ""),
        ),
    )
)
