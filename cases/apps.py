from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from legalaid.roles import Role

CENTRE_WORK = [
    "cases.view_case",
    "cases.open_case",
    "cases.assign_case",
    "cases.change_handler",
    "cases.terminate_case",
    "cases.review_closing",
    "cases.archive_case",
    "cases.manage_parties",
    "cases.view_deadline_board",
    "cases.view_cooperationrequest",
    "cases.manage_cooperation",
    "cases.view_subsidy",
    "cases.view_dutyhelp",
    "cases.record_duty_help",
]
CONFIGURATION = ["casenumbersetting", "annualobligation", "closingchecklistitem", "subsidystandard", "subsidyextra"]


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("案件办理")
    role_permissions = {
        Role.CENTRE_DIRECTOR: [*CENTRE_WORK, "cases.approve_subsidy"],
        Role.CENTRE_STAFF: [*CENTRE_WORK, "cases.pay_subsidy"],
        Role.SUPERVISOR: [
            "cases.view_case",
            "cases.view_deadline_board",
            "cases.view_subsidy",
            "cases.view_dutyhelp",
            "cases.view_cooperationrequest",
        ],
        Role.WORKSTATION_CLERK: ["cases.view_case", "cases.view_dutyhelp", "cases.record_duty_help"],
        Role.HANDLER: ["cases.view_case", "cases.handle_case", "cases.view_subsidy"],
        Role.PROVIDER_MANAGER: ["cases.view_case", "cases.view_subsidy"],
        Role.ADMINISTRATOR: [
            "cases.view_case",
            "cases.view_subsidy",
            *[f"cases.{action}_{model}" for model in CONFIGURATION for action in ("view", "add", "change")],
        ],
    }

    def ready(self):
        from legalaid.kernel import repairs

        from . import archive, navigation
        from .services import handoffs  # noqa: F401 - connects the receiver of the eligibility decision
        from .services.termination import false_pledge_proposals_repair

        repairs.register("cases.false_pledge_proposals", false_pledge_proposals_repair)

        navigation.register()
        archive.register()  # the case's documents, the archive's admin, task and repair
