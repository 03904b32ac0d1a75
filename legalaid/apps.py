from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .roles import Role

NETWORK_VIEW = ["legalaid.view_organisation", "legalaid.view_userprofile", "legalaid.view_handlerprofile"]


class LegalaidConfig(AppConfig):
    name = "legalaid"
    verbose_name = _("机构与人员")
    role_permissions = {
        Role.CENTRE_DIRECTOR: NETWORK_VIEW + ["legalaid.view_mattercategory", "legalaid.view_accessrecord"],
        Role.CENTRE_STAFF: NETWORK_VIEW,
        Role.SUPERVISOR: NETWORK_VIEW,
        Role.WORKSTATION_CLERK: ["legalaid.view_organisation"],
        Role.HANDLER: ["legalaid.view_organisation"],
        Role.ADMINISTRATOR: [
            f"legalaid.{action}_{model}"
            for action in ("view", "add", "change")
            for model in ("organisation", "userprofile", "handlerprofile", "mattercategory", "division")
        ]
        + ["legalaid.view_user", "legalaid.add_user", "legalaid.change_user", "auth.view_group"]
        + ["legalaid.view_accessrecord"],
    }

    def ready(self):
        from . import checks, messaging, panels  # noqa: F401 - checks register on import
        from .documents import tasks as _document_tasks  # noqa: F401 - registers the batch task and repairers
        from .middleware import stamp_session_at_login
        from .navigation import HomePanel, NavItem, register_home_panel, register_nav
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="legalaid.sync_role_groups")
        user_logged_in.connect(stamp_session_at_login, dispatch_uid="legalaid.stamp_session_at_login")
        messaging.connect()
        register_nav(
            NavItem(
                label=_("机构网络"), url_name="organisation_list", permission="legalaid.view_organisation", order=900
            )
        )
        register_nav(NavItem(label=_("我的消息"), url_name="messaging:inbox", order=950))
        # Batch printing covers the application's documents, so whoever may see applications may print them.
        register_nav(
            NavItem(
                label=_("文书批量打印"),
                url_name="documents:batches",
                permission="intake.view_application",
                order=930,
            )
        )
        register_nav(
            NavItem(
                label=_("个人信息访问记录"),
                url_name="audit:access_log",
                permission="legalaid.view_accessrecord",
                order=960,
            )
        )
        register_home_panel(HomePanel("legalaid/panels/organisation.html", panels.organisation_panel, order=10))
        register_home_panel(HomePanel("legalaid/panels/network.html", panels.network_panel, order=20))
        register_home_panel(
            HomePanel("legalaid/panels/handler.html", panels.handler_panel, roles=frozenset({Role.HANDLER}), order=10)
        )
        register_home_panel(
            HomePanel(
                "legalaid/panels/administrator.html",
                panels.administrator_panel,
                roles=frozenset({Role.ADMINISTRATOR}),
                order=5,
            )
        )
