"""The intake lists' exports (applications, the review queue, persons, the consultation ledger, call-backs,
home visits), registered with legalaid's one list-export registry.

Each export reads the same selector with the same filters as its list page, and masks ID numbers and
phones as the page does.
"""

from django.http import QueryDict
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from legalaid.exports import ListExport, local_minute, register_list_export
from legalaid.validators import mask_id_number, mask_phone

from . import selectors
from .forms import ConsultationFilterForm
from .models import Application, HomeVisit


def applications_filtered(user, params: QueryDict) -> tuple[str, str, object]:
    """The applications list's `status` (any unknown one ignored), its search text and its rows: the page
    and its export."""
    status = params.get("status", "")
    status = status if status in Application.Status.values else ""
    query = params.get("q", "").strip()
    return status, query, selectors.application_list(user, status=status, query=query)


def _applications(user, params: QueryDict):
    return applications_filtered(user, params)[2]


def review_queue_tab(params: QueryDict) -> str:
    """The review queue's tab (`view`): the applications to review by default, the page's and its export's."""
    view = params.get("view", "review")
    return view if view in selectors.QUEUE_VIEWS else "review"


def _review_queue(user, params: QueryDict):
    return selectors.review_queue(user, view=review_queue_tab(params), today=localdate())


def _consultations(user, params: QueryDict):
    # The ledger's own filter form: an invalid filter is ignored by the page, and so by its export.
    return selectors.consultation_ledger(user, ConsultationFilterForm(params or None, user=user).filters())


def _call_backs(user, params: QueryDict):
    return selectors.call_back_list(user)


def home_visits_filtered(user, params: QueryDict) -> tuple[str, object]:
    """The home visits list's `status` (scheduled by default; an unknown one lists every visit) and its rows:
    the page and its export."""
    status = params.get("status", HomeVisit.Status.SCHEDULED)
    status = status if status in HomeVisit.Status.values else ""
    return status, selectors.home_visit_list(user, status=status)


def _home_visits(user, params: QueryDict):
    return home_visits_filtered(user, params)[1]


def _full_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _persons(user, params: QueryDict):
    return selectors.person_search(user, params.get("q", "").strip())


register_list_export(
    ListExport(
        identifier="intake.applications",
        title=_("法律援助申请"),
        permission="intake.view_application",
        records=_applications,
        filters=("status", "q"),
        columns=(
            (_("受理编号"), lambda a: a.number),
            (_("申请人"), lambda a: a.applicant.name),
            (_("证件号码"), lambda a: mask_id_number(a.applicant.id_number)),
            (_("案件类型"), lambda a: a.get_case_type_display()),
            (_("事项"), lambda a: a.matter.name if a.matter else ""),
            (_("接收机构"), lambda a: a.receiving_organisation.name),
            (_("决定机构"), lambda a: a.centre.name),
            (_("接收时间"), lambda a: local_minute(a.received_at)),
            (_("状态"), lambda a: a.get_status_display()),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="intake.persons",
        title=_("当事人"),
        permission="intake.view_person",
        records=_persons,
        filters=("q",),
        columns=(
            (_("姓名"), lambda p: p.name),
            (_("性别"), lambda p: p.get_sex_display()),
            (_("出生日期"), lambda p: p.birth_date.isoformat() if p.birth_date else ""),
            (_("证件号码"), lambda p: mask_id_number(p.id_number)),
            (_("电话"), lambda p: mask_phone(p.phone)),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="intake.review_queue",
        title=_("申请审查队列"),
        permission="intake.view_application",
        records=_review_queue,
        filters=("view",),
        columns=(
            (_("受理编号"), lambda a: a.number),
            (_("申请人"), lambda a: a.applicant.name),
            (_("事项"), lambda a: a.matter.name if a.matter else a.get_case_type_display()),
            (_("接收机构"), lambda a: a.receiving_organisation.name),
            (_("渠道"), lambda a: a.channel.name if a.channel_id else ""),
            (_("接收时间"), lambda a: local_minute(a.received_at)),
            (_("决定期限"), lambda a: a.decision_due.isoformat() if a.decision_due else ""),
            (_("状态"), lambda a: a.get_status_display()),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="intake.consultations",
        title=_("咨询台账"),
        # The ledger holds visitors' questions: exporting it is its own permission, as before.
        permission="intake.export_consultation",
        records=_consultations,
        filters=tuple(ConsultationFilterForm.base_fields),
        columns=(
            (_("咨询时间"), lambda c: local_minute(c.consulted_at)),
            (_("渠道"), lambda c: c.channel.name),
            (_("统计渠道"), lambda c: c.channel.get_category_display()),
            (_("接待机构"), lambda c: c.organisation.name),
            (_("首问责任人"), lambda c: _full_name(c.taken_by)),  # an online message has none yet
            (_("咨询人"), lambda c: c.display_name),
            (_("联系电话"), lambda c: mask_phone(c.visitor_phone)),  # masked as on screen
            (_("事项类别"), lambda c: c.matter.name if c.matter_id else ""),
            (_("咨询问题"), lambda c: c.question),
            (_("解答摘要"), lambda c: c.answer),
            (_("处理结果"), lambda c: c.get_outcome_display()),
            (_("转介部门"), lambda c: c.referred_agency),
            (_("回复期限"), lambda c: local_minute(c.call_back_due)),
            (_("回复时间"), lambda c: local_minute(c.called_back_at)),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="intake.call_backs",
        title=_("待回复留言"),
        permission="intake.view_consultation",
        records=_call_backs,
        columns=(
            (_("回复期限"), lambda c: local_minute(c.call_back_due)),
            (_("留言时间"), lambda c: local_minute(c.consulted_at)),
            (_("渠道"), lambda c: c.channel.name),
            (_("咨询人"), lambda c: c.display_name),
            (_("电话"), lambda c: mask_phone(c.visitor_phone)),
            (_("问题"), lambda c: c.question),
            (_("首问责任人"), lambda c: _full_name(c.taken_by)),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="intake.home_visits",
        title=_("上门服务"),
        permission="intake.view_homevisit",
        records=_home_visits,
        filters=("status",),
        columns=(
            (_("预约时间"), lambda v: local_minute(v.scheduled_for)),
            (_("服务对象"), lambda v: v.person.name),
            (_("地址"), lambda v: v.address),
            (_("上门人员"), lambda v: _full_name(v.staff)),
            (_("机构"), lambda v: v.organisation.name),
            (_("状态"), lambda v: v.get_status_display()),
        ),
    )
)
