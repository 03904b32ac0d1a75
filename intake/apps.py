from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from legalaid.roles import Role

_VIEW = [
    "intake.view_application",
    "intake.view_person",
    "intake.view_consultation",
    "intake.view_homevisit",
    "intake.view_materialsnotice",
]
_WRITE = [
    "intake.add_application",
    "intake.change_application",
    "intake.add_person",
    "intake.change_person",
    "intake.add_consultation",
    "intake.change_consultation",
    "intake.export_consultation",
    "intake.add_homevisit",
    "intake.change_homevisit",
    "intake.issue_materials_notice",
    "intake.record_materials",
    "intake.withdraw_application",
]
_CONFIG = [
    f"intake.{action}_{model}"
    for action in ("view", "add", "change")
    for model in ("channel", "materialrequirement", "noticetext")
]


class IntakeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = _("咨询与申请")
    role_permissions = {
        Role.CENTRE_DIRECTOR: _VIEW
        + _WRITE
        + ["intake.review_application", "intake.approve_pre_provision", "intake.preliminary_review_application"],
        Role.CENTRE_STAFF: _VIEW
        + _WRITE
        + ["intake.review_application", "intake.approve_pre_provision", "intake.preliminary_review_application"],
        Role.SUPERVISOR: _VIEW + ["intake.export_consultation"],
        Role.WORKSTATION_CLERK: _VIEW + _WRITE + ["intake.preliminary_review_application"],
        Role.LIAISON_STAFF: _VIEW + _WRITE,  # files applications on the centre's behalf (代受理)
        Role.ADMINISTRATOR: _VIEW + _CONFIG,
    }

    def ready(self):
        from legalaid.kernel import repairs

        from . import navigation, official_documents  # noqa: F401  (register menu entries, panels and documents)
        from .services import repair_missing_pdfs

        repairs.register("intake.notice_and_letter_pdfs", repair_missing_pdfs)
