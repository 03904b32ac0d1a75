from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from legalaid.roles import Role

VIEW = [
    "supervision.view_qualityassessment",
    "supervision.view_supervisionactivity",
    "supervision.view_followupvisit",
    "supervision.view_supervisionflag",
    "supervision.view_supervisioncard",
    "supervision.view_complaint",
    "supervision.view_enforcementwatch",
    "supervision.view_bulletin",
]
FRONT_DESK = [
    "supervision.record_follow_up",
    "supervision.enter_card_return",
    "supervision.print_cards",
    "supervision.handle_complaint",
    "supervision.follow_enforcement",
]
CONFIGURATION = ["qualityrubric", "rubricitem", "gradeband", "holiday", "supervisionpolicy"]


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "supervision"
    verbose_name = _("案件监督")
    role_permissions = {
        Role.SUPERVISOR: [
            *VIEW,
            *FRONT_DESK,
            "supervision.assess_quality",
            "supervision.add_supervisionactivity",
            "supervision.change_supervisionactivity",
        ],
        Role.CENTRE_DIRECTOR: [*VIEW, "supervision.resolve_flag", "supervision.handle_complaint"],
        Role.CENTRE_STAFF: [*VIEW, *FRONT_DESK],
        Role.ADMINISTRATOR: [
            *[f"supervision.{action}_{model}" for model in CONFIGURATION for action in ("view", "add", "change")],
        ],
    }

    def ready(self):
        from cases import hooks as case_hooks
        from legalaid.kernel import repairs
        from legalaid.navigation import HomePanel, NavItem, register_home_panel, register_nav

        from . import official_documents, panels, services, statistics
        from .hooks import case_assigned

        statistics.setup(self)
        official_documents.register_all()  # 征询意见函, a document of the case
        if case_assigned not in case_hooks.on_case_assigned:
            case_hooks.on_case_assigned.append(case_assigned)
        repairs.register("supervision.cards", services.cards_repair)
        repairs.register("supervision.card_batches", services.card_batches_repair)
        repairs.register("supervision.bulletins", services.bulletins_repair)
        repairs.register("supervision.follow_ups_of_ended_cases", services.follow_ups_cancel_for_ended_cases)
        register_nav(
            NavItem(
                label=_("案件监督"),
                url_name="supervision:index",
                permission="supervision.view_followupvisit",
                order=400,
            )
        )
        register_home_panel(
            HomePanel(
                "supervision/panels/supervisor.html",
                panels.supervisor_panel,
                roles=frozenset({Role.SUPERVISOR, Role.CENTRE_STAFF}),
                permission="supervision.view_followupvisit",
                order=40,
            )
        )
        register_home_panel(
            HomePanel(
                "supervision/panels/flags.html",
                panels.flags_panel,
                roles=frozenset({Role.CENTRE_DIRECTOR, Role.SUPERVISOR}),
                permission="supervision.view_supervisionflag",
                order=41,
            )
        )
