"""Writes of the directors' self-service. A centre director manages the accounts of their own subtree and
grants only roles below their own; every change is attributed to them in the records' history
(simple-history rows, whose `history_user` is set here so a change outside a request is attributed too)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..kernel import locked, require_actor, transition
from ..models import HandlerProfile, MatterCategory, Organisation, User, UserProfile
from ..roles import ROLE_ORGANISATION_KINDS, Role, group_name, roles_below
from ..selectors import user_role, visible_organisations
from ..vocabulary import HandlerType

# Who may manage accounts: a centre director (the administrator keeps Django admin).
MANAGING_ROLES = frozenset({Role.CENTRE_DIRECTOR})


def may_manage(user) -> bool:
    return user.is_authenticated and user_role(user) in MANAGING_ROLES


def require_manager(actor) -> None:
    require_actor(actor)
    if not may_manage(actor):
        raise DomainError(_("只有中心主任可以管理本中心的人员。"))


def _check_placement(actor, organisation: Organisation, role: str) -> None:
    if not visible_organisations(actor).filter(pk=organisation.pk).exists():
        raise DomainError(_("只能在本中心及下属机构中设置人员。"), field="organisation")
    if role not in roles_below(user_role(actor)):
        raise DomainError(_("不能授予与本人相同或更高的角色。"), field="role")
    kinds = ROLE_ORGANISATION_KINDS.get(role)
    if kinds and organisation.kind not in kinds:
        raise DomainError(
            _("%(role)s只能设在%(kinds)s。")
            % {"role": Role(role).label, "kinds": "、".join(str(Organisation.Kind(k).label) for k in kinds)},
            field="organisation",
        )


def attributed(obj, actor):
    obj._history_user = actor  # simple-history: who made this change
    return obj


def _place(user: User, organisation: Organisation, role: str, actor, **profile_fields) -> UserProfile:
    profile, _created = UserProfile.objects.get_or_create(
        user=user, defaults={"organisation": organisation, "role": role, **profile_fields}
    )
    if not _created:
        profile.organisation, profile.role = organisation, role
        for name, value in profile_fields.items():
            setattr(profile, name, value)
        attributed(profile, actor).save()
    user.groups.set([Group.objects.get(name=group_name(role))])
    return profile


def user_create(
    *,
    actor,
    username: str,
    full_name: str,
    organisation: Organisation,
    role: str,
    password: str,
    phone: str = "",
    title: str = "",
    handler_type: str = "",
) -> User:
    """A new account in the director's subtree, with a role below the director's own; a handler joins
    the roster at once (as `handler_type`)."""
    require_manager(actor)
    _check_placement(actor, organisation, role)
    if role == Role.HANDLER and handler_type not in HandlerType.values:
        raise DomainError(_("请选择承办人类型。"), field="handler_type")
    full_name = full_name.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名已被使用。"), field="username")
    with transaction.atomic():
        user = User(username=username, last_name=full_name[:1], first_name=full_name[1:])
        user.set_password(password)
        attributed(user, actor).save()
        _place(user, organisation, role, actor, phone=phone, title=title)
        if role == Role.HANDLER:
            attributed(HandlerProfile(user=user, handler_type=handler_type), actor).save()
    return user


def _managed_profile(actor, user: User) -> UserProfile:
    profile = getattr(user, "profile", None)
    if profile is None or not visible_organisations(actor).filter(pk=profile.organisation_id).exists():
        raise DomainError(_("该用户不在本中心的管理范围内。"))
    if profile.role not in roles_below(user_role(actor)):
        raise DomainError(_("不能管理与本人相同或更高角色的用户。"))
    return profile


def user_change_role(user: User, *, actor, organisation: Organisation, role: str) -> User:
    require_manager(actor)
    with transaction.atomic():
        user = locked(user)
        _managed_profile(actor, user)
        _check_placement(actor, organisation, role)
        _place(user, organisation, role, actor)
    return user


def user_set_active(user: User, *, actor, active: bool) -> User:
    """Deactivate (or reactivate) an account: it can no longer log in; its records keep its name."""
    require_manager(actor)
    with transaction.atomic():
        user = locked(user)
        _managed_profile(actor, user)
        if user.pk == actor.pk:
            raise DomainError(_("不能停用自己的账号。"))
        user.is_active = active
        attributed(user, actor).save(update_fields=["is_active"])
    return user


def handler_update(
    handler: HandlerProfile,
    *,
    actor,
    handler_type: str,
    specialties: list[MatterCategory],
    trained_for_minors: bool,
    status: str,
    criminal_defence_years: int,
) -> HandlerProfile:
    """The roster entry of a handler in the director's subtree: specialties, minors' training, leave."""
    require_manager(actor)
    if handler_type not in HandlerType.values:
        raise DomainError(_("未知的承办人类型。"), field="handler_type")
    with transaction.atomic():
        handler = locked(handler)
        if not visible_organisations(actor).filter(pk=handler.user.profile.organisation_id).exists():
            raise DomainError(_("该承办人不在本中心的管理范围内。"))
        handler.handler_type = handler_type
        handler.trained_for_minors = trained_for_minors
        handler.criminal_defence_years = criminal_defence_years
        if handler.status != status:
            transition(
                handler,
                to=status,
                actor=actor,
                reason=_("名册调整"),
                fields=("handler_type", "trained_for_minors", "criminal_defence_years"),
            )
        else:
            attributed(handler, actor).save()
        handler.specialties.set(specialties)
    return handler
