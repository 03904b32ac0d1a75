"""Statistics (issue 7): monthly reports rolled up the organisation tree, targets and obligations,
the centre director's dashboard, and exports to screen, XLSX and PDF.

`setup(app_config)` is called from `SupervisionConfig.ready()`: it adds this package's role
permissions, menu entries and home panels, registers the tasks, and gives SQLite a median.
"""

import statistics as pystats

from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from legalaid.roles import Role

READ = ["supervision.view_statistics", "supervision.view_annualtarget"]
ROLE_PERMISSIONS = {
    Role.CENTRE_DIRECTOR: [
        *READ,
        "supervision.generate_statistics",
        "supervision.submit_statisticsreport",
        "supervision.view_statistics_dashboard",
        "supervision.add_annualtarget",
        "supervision.change_annualtarget",
    ],
    Role.CENTRE_STAFF: [*READ, "supervision.generate_statistics"],
    Role.SUPERVISOR: READ,
    Role.WORKSTATION_CLERK: ["supervision.view_statistics"],
    Role.JUSTICE_BUREAU: [*READ, "supervision.view_statistics_dashboard"],
    # Their own firm's obligation only (statistics.provider); the centre reports stay closed to them.
    Role.PROVIDER_MANAGER: ["supervision.view_annualtarget"],
    Role.ADMINISTRATOR: [
        *READ,
        "supervision.view_statistics_dashboard",
        "supervision.view_organisationobligation",
        "supervision.add_organisationobligation",
        "supervision.change_organisationobligation",
    ],
}


class _Median:
    """SQLite has no median; PostgreSQL's percentile_cont(0.5) is its equal."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return pystats.median(self.values) if self.values else None


def _sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("STATS_MEDIAN", 1, _Median)


def setup(app_config) -> None:
    from legalaid.kernel import repairs
    from legalaid.navigation import HomePanel, NavItem, register_home_panel, register_nav

    from . import admin, filing, panels, tasks  # noqa: F401 — registers the admin and the Celery tasks

    repairs.register("statistics_stale_reports", filing.retake_stale_claims)

    merged = {role: list(perms) for role, perms in getattr(app_config, "role_permissions", {}).items()}
    for role, perms in ROLE_PERMISSIONS.items():
        merged.setdefault(role, [])
        merged[role] += [perm for perm in perms if perm not in merged[role]]
    app_config.role_permissions = merged

    connection_created.connect(_sqlite_functions, dispatch_uid="supervision.statistics.sqlite_median")
    register_nav(
        NavItem(
            label=_("统计报表"),
            url_name="supervision:statistics_index",
            permission="supervision.view_statistics",
            order=500,
        )
    )
    register_nav(
        NavItem(
            label=_("统计看板"),
            url_name="supervision:statistics_dashboard",
            permission="supervision.view_statistics_dashboard",
            order=499,
        )
    )
    register_nav(
        NavItem(
            label=_("本所办案义务"),
            url_name="supervision:statistics_provider_obligations",
            permission="supervision.view_annualtarget",
            roles=frozenset({Role.PROVIDER_MANAGER}),
            order=501,
        )
    )
    register_home_panel(
        HomePanel(
            "supervision/reports/panels/director.html",
            panels.director_panel,
            roles=frozenset({Role.CENTRE_DIRECTOR}),
            permission="supervision.view_statistics_dashboard",
            order=15,
        )
    )
    register_home_panel(
        HomePanel(
            "supervision/reports/panels/reports.html",
            panels.reports_panel,
            roles=frozenset({Role.CENTRE_STAFF, Role.WORKSTATION_CLERK}),
            permission="supervision.view_statistics",
            order=60,
        )
    )
