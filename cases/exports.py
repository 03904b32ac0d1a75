"""The cases lists' exports (case search results, duty-lawyer help) in legalaid's one list-export registry.

Each reads the same selector with the same filters (the search form itself) as its list page.
"""

from itertools import islice

from django.http import QueryDict
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from legalaid.exports import ListExport, register_list_export

from . import forms, selectors
from .selectors.search import _attach_primary_party

CHUNK = 500


def _cases(user, params: QueryDict):
    form = forms.CaseSearchForm(params or None, handlers=selectors.handler_choices_for_user(user))
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
            (_("受理日期"), lambda c: localtime(c.accepted_at).date().isoformat() if c.accepted_at else ""),
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
