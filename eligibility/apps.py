from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from legalaid.roles import Role

RULE_MODELS = ("hardshipstandard", "matterscope", "waivercategory", "prioritygroup", "spotcheckpolicy", "pledgetext")
RECORD_MODELS = (
    "meansassessment",
    "householdmember",
    "claimedcategory",
    "decision",
    "legalaidcard",
    "objection",
    "objectiontransition",
    "spotcheckdraw",
    "pledgespotcheck",
    "recovery",
)

VIEW_RULES = [f"eligibility.view_{m}" for m in RULE_MODELS]
VIEW_RECORDS = [f"eligibility.view_{m}" for m in RECORD_MODELS]
CENTRE_WORK = [
    "eligibility.add_meansassessment",
    "eligibility.decide_application",
    "eligibility.add_legalaidcard",
    "eligibility.add_objection",
    "eligibility.verify_pledge",
    "eligibility.change_recovery",
]


class EligibilityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "eligibility"
    verbose_name = _("经济困难审查与决定")
    role_permissions = {
        Role.CENTRE_DIRECTOR: VIEW_RULES + VIEW_RECORDS + CENTRE_WORK + ["eligibility.revoke_legalaidcard"],
        Role.CENTRE_STAFF: VIEW_RULES + VIEW_RECORDS + CENTRE_WORK + ["eligibility.revoke_legalaidcard"],
        Role.SUPERVISOR: VIEW_RULES + VIEW_RECORDS + ["eligibility.verify_pledge"],
        Role.WORKSTATION_CLERK: VIEW_RULES
        + [
            "eligibility.view_meansassessment",
            "eligibility.add_meansassessment",
            "eligibility.view_decision",
            "eligibility.view_legalaidcard",
            "eligibility.view_objection",
            "eligibility.add_objection",
        ],
        # The bureau decides objections to its centres' refusals itself (LAL 49).
        Role.JUSTICE_BUREAU: [
            "eligibility.view_objection",
            "eligibility.decide_objection",
            "eligibility.view_decision",
            # Deciding an objection means reading the means test and the decision it contests.
            "eligibility.view_meansassessment",
        ],
        Role.LIAISON_STAFF: ["eligibility.view_decision"],
        Role.ADMINISTRATOR: [
            f"eligibility.{action}_{model}" for action in ("view", "add", "change") for model in RULE_MODELS
        ]
        + VIEW_RECORDS
        + ["eligibility.view_documentsequence", "eligibility.decide_objection"],
    }

    def ready(self):
        from intake.waivers import register_waiver_provider
        from legalaid.navigation import HomePanel, NavItem, register_home_panel, register_nav

        from . import official_documents, panels  # noqa: F401 - official_documents registers on import

        register_waiver_provider(panels.waiver_choices_today)
        for label, url_name, permission, order in (
            (_("审查与决定"), "eligibility:decision_queue", "eligibility.decide_application", 300),
            (_("法律援助卡"), "eligibility:card_list", "eligibility.view_legalaidcard", 310),
            (_("异议"), "eligibility:objection_list", "eligibility.view_objection", 320),
            (_("诚信抽查"), "eligibility:spot_check_list", "eligibility.view_pledgespotcheck", 325),
            (_("援助标准"), "eligibility:rules", "eligibility.view_hardshipstandard", 330),
        ):
            register_nav(NavItem(label=label, url_name=url_name, permission=permission, order=order))
        register_home_panel(
            HomePanel(
                "eligibility/panels/decisions.html",
                panels.decisions_panel,
                permission="eligibility.decide_application",
                order=40,
            )
        )
        register_home_panel(
            HomePanel(
                "eligibility/panels/objections.html",
                panels.objections_panel,
                permission="eligibility.view_objection",
                order=45,
            )
        )
        register_home_panel(
            HomePanel(
                "eligibility/panels/spot_checks.html",
                panels.spot_checks_panel,
                permission="eligibility.verify_pledge",
                order=50,
            )
        )
