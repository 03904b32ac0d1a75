"""The eligibility lists' exports (the decision queue, legal-aid cards) in legalaid's one list-export registry.

Each reads the same selector in the same order as its list page; ID numbers are masked as the page masks them.
"""

from django.http import QueryDict
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from legalaid.exports import ListExport, register_list_export
from legalaid.validators import mask_id_number

from . import selectors


def _decision_queue(user, params: QueryDict):
    return selectors.decision_queue(user)


def _cards(user, params: QueryDict):
    return selectors.cards_for_user(user).order_by("-issued_on", "-pk")


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
