"""The intake lists' exports (applications, persons), registered with legalaid's one list-export registry.

Each export reads the same selector with the same filters as its list page, and masks ID numbers and
phones as the page does.
"""

from django.http import QueryDict
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from legalaid.exports import ListExport, register_list_export
from legalaid.validators import mask_id_number, mask_phone

from . import selectors
from .models import Application


def _applications(user, params: QueryDict):
    status = params.get("status", "")
    return selectors.application_list(
        user, status=status if status in Application.Status.values else "", query=params.get("q", "").strip()
    )


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
            (_("接收时间"), lambda a: localtime(a.received_at).strftime("%Y-%m-%d %H:%M")),
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
