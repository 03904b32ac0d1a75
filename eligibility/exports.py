"""The eligibility lists' exports (the decision queue, cards, objections, pledge spot-checks) in the one registry.

Each reads the same selector in the same order as its list page; ID numbers are masked as the page masks them.
"""

from django.http import QueryDict
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from legalaid.exports import ListExport, register_list_export
from legalaid.validators import mask_id_number

from . import selectors
from .models import Objection, PledgeSpotCheck


def _decision_queue(user, params: QueryDict):
    return selectors.decision_queue(user)


def cards_listed(user):
    """The cards list's rows, newest first: the page and its export."""
    return selectors.cards_for_user(user).order_by("-issued_on", "-pk")


def _cards(user, params: QueryDict):
    return cards_listed(user)


def objections_filtered(user, params: QueryDict) -> tuple[str, object]:
    """The objections list's `status` (an unknown one lists every objection) and its rows: the page and its
    export."""
    objections = selectors.objections_for_user(user).order_by("-filed_on", "-pk")
    status = params.get("status", "")
    if status not in Objection.Status.values:
        return "", objections
    return status, objections.filter(status=status)


def _objections(user, params: QueryDict):
    return objections_filtered(user, params)[1]


def spot_checks_filtered(user, params: QueryDict) -> tuple[str, object]:
    """The spot-checks list's `result` (an unknown one lists every check) and its rows: the page and its
    export."""
    checks = selectors.spot_checks_for_user(user).order_by("-draw__period", "status", "pk")
    result = params.get("result", "")
    if result not in PledgeSpotCheck.Status.values:
        return "", checks
    return result, checks.filter(status=result)


def _spot_checks(user, params: QueryDict):
    return spot_checks_filtered(user, params)[1]


register_list_export(
    ListExport(
        identifier="eligibility.decision_queue",
        title=_("审查与决定"),
        permission="eligibility.decide_application",
        records=_decision_queue,
        columns=(
            (_("受理编号"), lambda a: a.number),
            (_("申请人"), lambda a: a.applicant.name),
            (_("事项"), lambda a: a.matter.name if a.matter else ""),
            (_("审查中心"), lambda a: a.centre.name),
            (_("接收日期"), lambda a: localdate(a.received_at).isoformat()),
            (_("决定期限"), lambda a: a.decision_due.isoformat() if a.decision_due else ""),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="eligibility.cards",
        title=_("法律援助卡"),
        permission="eligibility.view_legalaidcard",
        records=_cards,
        columns=(
            (_("卡号"), lambda c: c.number),
            (_("持卡人"), lambda c: c.holder_name),
            (_("身份证号码"), lambda c: mask_id_number(c.holder_id_number)),
            (_("类别"), lambda c: c.get_group_display()),
            (_("有效期"), lambda c: c.validity_display),
            (_("状态"), lambda c: c.get_status_display()),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="eligibility.objections",
        title=_("异议"),
        permission="eligibility.view_objection",
        records=_objections,
        filters=("status",),
        columns=(
            (_("提出日期"), lambda o: o.filed_on.isoformat()),
            (_("异议人"), lambda o: o.objector_name),
            (_("类型"), lambda o: o.get_kind_display()),
            (_("所涉决定或案件"), lambda o: o.subject_display),
            (_("审查机关"), lambda o: o.review_body),
            (_("审查期限"), lambda o: o.review_due.isoformat()),
            (_("状态"), lambda o: o.get_status_display()),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="eligibility.spot_checks",
        title=_("诚信承诺抽查"),
        permission="eligibility.view_pledgespotcheck",
        records=_spot_checks,
        filters=("result",),
        columns=(
            (_("月份"), lambda c: f"{c.draw.period:%Y-%m}"),
            (_("中心"), lambda c: c.draw.centre.name),
            (_("决定书"), lambda c: c.decision.number),
            (_("受援人"), lambda c: c.decision.application.applicant.name),
            (_("人均月收入"), lambda c: c.decision.assessment.per_capita_income if c.decision.assessment_id else ""),
            (_("核查结果"), lambda c: c.get_status_display()),
        ),
    )
)
