"""Home visits for elderly and disabled people who cannot come in (上门服务)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, record_transition, require_permission, require_scope, transition
from legalaid.models import Organisation
from legalaid.selectors import user_profile, visible_organisations
from legalaid.vocabulary import PersonGroup

from .. import selectors
from ..models import Application, HomeVisit, Person
from .common import require_application, require_organisation, require_person

VISIT_GROUPS = {PersonGroup.ELDERLY, PersonGroup.DISABLED}


def may_be_visited(person: Person, on=None) -> bool:
    """Home visits are for elderly and disabled people; the person page offers one only to them."""
    return bool(VISIT_GROUPS & set(person.groups(on)))


def home_visit_book(
    *,
    actor,
    person: Person,
    scheduled_for: datetime,
    staff,
    address: str,
    purpose: str,
    application: Application | None = None,
    organisation: Organisation | None = None,
) -> HomeVisit:
    """Book a home visit for an elderly or disabled person."""
    require_permission(actor, "intake.add_homevisit")
    profile = user_profile(actor)
    organisation = organisation or (profile.organisation if profile else None)
    if organisation is None:
        raise DomainError(_("您的账号没有所属机构，不能预约上门服务。"))
    require_organisation(actor, organisation)
    require_person(actor, person)
    if application is not None:
        require_application(actor, application)
    if not may_be_visited(person, timezone.localdate(scheduled_for)):
        raise DomainError(_("上门服务面向行动不便的老年人、残疾人；该人员不属于上述人群。"), field="person")
    if scheduled_for < timezone.now() - timedelta(hours=1):
        raise DomainError(_("预约时间不能早于现在。"), field="scheduled_for")
    if not (address or "").strip():
        raise DomainError(_("请填写上门地址。"), field="address")
    staff_profile = user_profile(staff)
    if staff_profile is None or not visible_organisations(actor).filter(pk=staff_profile.organisation_id).exists():
        raise DomainError(_("上门人员不在您的工作范围内。"), field="staff")
    with transaction.atomic():
        visit = HomeVisit.objects.create(
            person=person,
            application=application,
            organisation=organisation,
            scheduled_for=scheduled_for,
            staff=staff,
            address=address.strip(),
            purpose=(purpose or "").strip() or _("上门受理法律援助申请"),
            booked_by=actor,
        )
        record_transition(visit, actor=actor, from_status="", to_status=visit.status)
    return visit


def _close(visit: HomeVisit, *, actor, to: str, action: str, **values) -> HomeVisit:
    require_permission(actor, "intake.change_homevisit")
    require_scope(actor, visit, selectors.home_visits_for_user)
    with transaction.atomic():
        visit = locked(visit)
        for name, value in values.items():
            setattr(visit, name, value)
        transition(
            visit,
            to=to,
            actor=actor,
            reason=visit.outcome,
            allowed_from=(HomeVisit.Status.SCHEDULED,),
            action=action,
            fields=tuple(values),
        )
    return visit


def home_visit_complete(visit: HomeVisit, *, actor, outcome: str, done_at: datetime | None = None) -> HomeVisit:
    if not (outcome or "").strip():
        raise DomainError(_("请填写服务结果。"), field="outcome")
    done_at = done_at or timezone.now()
    if done_at > timezone.now() + timedelta(minutes=5):
        raise DomainError(_("完成时间不能晚于当前时间。"), field="done_at")
    return _close(
        visit, actor=actor, to=HomeVisit.Status.DONE, action=_("登记完成"), outcome=outcome.strip(), done_at=done_at
    )


def home_visit_cancel(visit: HomeVisit, *, actor, reason: str) -> HomeVisit:
    if not (reason or "").strip():
        raise DomainError(_("请填写取消原因。"), field="outcome")
    return _close(visit, actor=actor, to=HomeVisit.Status.CANCELLED, action=_("取消"), outcome=reason.strip())
