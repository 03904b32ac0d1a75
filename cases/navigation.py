"""Menu entries and home-page panels of the cases app (registered in CasesConfig.ready)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.navigation import HomePanel, NavItem, register_home_panel, register_nav
from legalaid.roles import CENTRE_ROLES, Role

from . import selectors


def handler_cases_panel(request):
    cases = list(selectors.my_cases(request.user)[:50])
    today = timezone.localdate()
    rows = []
    for case in cases:
        deadline = case.next_deadline()
        rows.append({"case": case, "deadline": deadline, "urgency": case.urgency(today)})
    rows.sort(key=lambda row: (row["deadline"] is None, row["deadline"][1] if row["deadline"] else today))
    return {"rows": rows[:8], "counts": selectors.my_case_counts(request.user)}


def centre_deadlines_panel(request):
    board = selectors.deadline_board(request.user, limit=0)  # the panel shows the counts alone
    return {"sections": board["sections"], "today": board["today"]}


def register() -> None:
    register_nav(NavItem(label=_("我的案件"), url_name="cases:my_cases", permission="cases.handle_case", order=200))
    register_nav(
        NavItem(label=_("开庭日程"), url_name="cases:hearing_calendar", permission="cases.handle_case", order=201)
    )
    register_nav(
        NavItem(
            label=_("待立案"),
            url_name="cases:open_queue",
            permission="cases.open_case",
            roles=frozenset(CENTRE_ROLES),
            order=205,
        )
    )
    register_nav(NavItem(label=_("案件查询"), url_name="cases:case_list", permission="cases.view_case", order=210))
    register_nav(
        NavItem(label=_("期限看板"), url_name="cases:deadline_board", permission="cases.view_deadline_board", order=220)
    )
    register_nav(
        NavItem(
            label=_("异地协作"),
            url_name="cases:cooperation_list",
            permission="cases.view_cooperationrequest",
            roles=frozenset(CENTRE_ROLES),
            order=230,
        )
    )
    register_nav(NavItem(label=_("值班律师"), url_name="cases:duty_list", permission="cases.view_dutyhelp", order=240))
    register_nav(
        NavItem(label=_("案卷档案"), url_name="cases:archive:list", permission="cases.archive_case", order=245)
    )
    register_nav(
        NavItem(label=_("办案补贴"), url_name="cases:subsidy_list", permission="cases.view_subsidy", order=250)
    )
    register_home_panel(
        HomePanel(
            "cases/panels/handler_cases.html",
            handler_cases_panel,
            roles=frozenset({Role.HANDLER}),
            permission="cases.handle_case",
            order=5,
        )
    )
    register_home_panel(
        HomePanel(
            "cases/panels/centre_deadlines.html",
            centre_deadlines_panel,
            roles=frozenset({Role.CENTRE_DIRECTOR, Role.CENTRE_STAFF, Role.SUPERVISOR}),
            permission="cases.view_deadline_board",
            order=30,
        )
    )
