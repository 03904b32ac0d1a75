"""Roles, the Django groups they map to, and the permissions each group holds.

Each app lists the permissions its roles need in its AppConfig as
`role_permissions = {Role.X: ["app_label.codename", ...]}`; after every migrate
`sync_role_groups` gives each group exactly the union of those lists. The groups
themselves are created by a migration.
"""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTRE_DIRECTOR = "centre_director", _("中心主任")
    CENTRE_STAFF = "centre_staff", _("中心工作人员")
    SUPERVISOR = "supervisor", _("质量监督员")
    WORKSTATION_CLERK = "workstation_clerk", _("工作站工作人员")
    HANDLER = "handler", _("承办人")
    ADMINISTRATOR = "administrator", _("系统管理员")
    JUSTICE_BUREAU = "justice_bureau", _("司法局工作人员")
    PROVIDER_MANAGER = "provider_manager", _("律师事务所/基层法律服务所负责人")
    LIAISON_STAFF = "liaison_staff", _("联络点/合作单位工作人员")


# Roles that work for a legal-aid centre and see its whole subtree of organisations.
CENTRE_ROLES = frozenset({Role.CENTRE_DIRECTOR, Role.CENTRE_STAFF, Role.SUPERVISOR})

# Roles that oversee a subtree without working in it: the justice bureau reads its centres'
# figures and decides objections to their refusals (LAL 49), never handles an application.
OVERSIGHT_ROLES = frozenset({Role.JUSTICE_BUREAU})

# Where each role's user belongs in the organisation tree (a profile elsewhere is refused).
ROLE_ORGANISATION_KINDS = {
    Role.JUSTICE_BUREAU: ("justice_bureau",),
    Role.PROVIDER_MANAGER: ("law_firm", "legal_service_office"),
    Role.LIAISON_STAFF: ("liaison_point", "partner_office"),
}

# Rank for the directors' self-service: a director grants only roles below their own.
ROLE_RANK = {
    Role.ADMINISTRATOR: 100,
    Role.JUSTICE_BUREAU: 90,
    Role.CENTRE_DIRECTOR: 80,
    Role.SUPERVISOR: 60,
    Role.CENTRE_STAFF: 50,
    Role.WORKSTATION_CLERK: 40,
    Role.PROVIDER_MANAGER: 30,
    Role.HANDLER: 20,
    Role.LIAISON_STAFF: 10,
}


def roles_below(role: str) -> list[str]:
    """The roles a user of `role` may grant: strictly below their own rank."""
    rank = ROLE_RANK.get(role, 0)
    return [r for r in Role.values if ROLE_RANK[r] < rank]


def group_name(role: str) -> str:
    return f"role:{role}"


def declared_role_permissions() -> dict[str, set[str]]:
    """Union of `role_permissions` declared by installed apps, by role."""
    wanted: dict[str, set[str]] = {role: set() for role in Role.values}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            wanted[role].update(perms)
    return wanted


def sync_role_groups(sender=None, **kwargs) -> None:
    """post_migrate: make each role group hold exactly its declared permissions.

    Django sends post_migrate once per app, creating that app's permissions first; the sync
    runs once, for the last app, when every permission exists.
    """
    if sender is not None and sender.label != list(apps.get_app_configs())[-1].label:
        return
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for role, perms in declared_role_permissions().items():
        group, _created = Group.objects.get_or_create(name=group_name(role))
        group.permissions.set([by_name[name] for name in sorted(perms) if name in by_name])
