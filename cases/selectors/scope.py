"""Scope: which cases, requests, duty records and subsidies a user may see.

Centre roles see the records of the centres in their subtree; a handler only the cases they
currently handle; a workstation clerk the cases whose application their workstation received;
administrators everything. Outside the scope a view answers 404.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from legalaid.models import Organisation
from legalaid.roles import CENTRE_ROLES, Role
from legalaid.selectors import sees_everything, user_profile, visible_centre_ids

from ..models import Case, CooperationRequest, DutyHelp, Subsidy


def cases_for_user(user) -> QuerySet[Case]:
    if not user.is_authenticated:
        return Case.objects.none()
    if sees_everything(user):
        return Case.objects.all()
    profile = user_profile(user)
    if profile is None:
        return Case.objects.none()
    if profile.role in CENTRE_ROLES:
        return Case.objects.filter(centre_id__in=visible_centre_ids(user))
    if profile.role == Role.HANDLER:
        return Case.objects.filter(handler=user)
    if profile.role == Role.WORKSTATION_CLERK:
        return Case.objects.filter(received_by_id=profile.organisation_id)
    if profile.role == Role.PROVIDER_MANAGER:
        # A firm's or legal service office's manager reads the cases assigned to its people.
        return Case.objects.filter(handler_organisation_id=profile.organisation_id)
    return Case.objects.none()


CASE_RELATED = ("centre", "matter", "handler", "handler_organisation", "received_by", "accepted_by", "coordinator")


def case_for_user(user, pk: int) -> Case:
    """One case in the user's scope, or Http404."""
    return get_object_or_404(cases_for_user(user).select_related(*CASE_RELATED), pk=pk)


def centres_for_user(user) -> QuerySet[Organisation]:
    """The centres a user may open cases for."""
    ids = visible_centre_ids(user)
    centres = Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS, is_active=True)
    return centres if ids is None else centres.filter(pk__in=ids)


def cooperation_for_user(user) -> QuerySet[CooperationRequest]:
    ids = visible_centre_ids(user)
    requests = CooperationRequest.objects.select_related("case", "counterpart")
    return requests if ids is None else requests.filter(centre_id__in=ids)


def cooperation_for_user_pk(user, pk: int) -> CooperationRequest:
    return get_object_or_404(cooperation_for_user(user), pk=pk)


def duty_helps_for_user(user) -> QuerySet[DutyHelp]:
    if sees_everything(user):
        return DutyHelp.objects.all()
    profile = user_profile(user)
    if profile is None:
        return DutyHelp.objects.none()
    if profile.role in CENTRE_ROLES:
        return DutyHelp.objects.filter(centre_id__in=visible_centre_ids(user))
    if profile.role == Role.WORKSTATION_CLERK:
        return DutyHelp.objects.filter(workstation_id=profile.organisation_id)
    if profile.role == Role.HANDLER:
        return DutyHelp.objects.filter(lawyer=user)
    return DutyHelp.objects.none()


def duty_workstations_for_user(user) -> QuerySet[Organisation]:
    """The workstations a user may record duty-lawyer help for."""
    from legalaid.selectors import visible_organisations

    return visible_organisations(user).filter(kind__in=DutyHelp.WORKSTATION_KINDS)


def duty_lawyers() -> QuerySet:
    from legalaid.models import User
    from legalaid.vocabulary import HandlerType

    return User.objects.filter(handler_profile__handler_type__in=HandlerType.lawyers(), is_active=True).order_by(
        "last_name", "first_name"
    )


def coordinator_choices(case: Case) -> QuerySet:
    """The centre's own staff, who may coordinate its group case."""
    from legalaid.models import User

    return User.objects.filter(
        profile__organisation=case.centre, profile__role__in=[Role.CENTRE_DIRECTOR, Role.CENTRE_STAFF], is_active=True
    )


def applications_to_open(user) -> QuerySet:
    """Granted applications of the user's centres that have no case yet, in intake's queue order.

    Only the grants since the grant clock's watermark are read (every older grant has its case), so
    the page does not grow with every grant ever made: the partial index intake_app_granted_since
    serves the range."""
    from intake.models import Application
    from intake.selectors import applications_for_user, queue_order, simplified_expression

    from .board.watermark import since_watermark

    return (
        applications_for_user(user)
        .filter(since_watermark(user), status=Application.Status.GRANTED, case__isnull=True)
        .select_related("applicant", "matter", "centre", "receiving_organisation")
        .order_by(
            *queue_order(
                simplified=simplified_expression(), urgent=Q(is_urgent=True), due="decided_at", since="decided_at"
            )
        )
    )


def subsidies_for_user(user) -> QuerySet[Subsidy]:
    if sees_everything(user):
        return Subsidy.objects.all()
    profile = user_profile(user)
    if profile is None:
        return Subsidy.objects.none()
    if profile.role in CENTRE_ROLES:
        return Subsidy.objects.filter(centre_id__in=visible_centre_ids(user))
    if profile.role == Role.HANDLER:
        return Subsidy.objects.filter(handler=user)
    if profile.role == Role.PROVIDER_MANAGER:
        return Subsidy.objects.filter(handler__profile__organisation_id=profile.organisation_id)
    return Subsidy.objects.none()


def subsidy_for_user(user, pk: int) -> Subsidy:
    return get_object_or_404(subsidies_for_user(user).select_related("case", "handler", "centre"), pk=pk)


def subsidy_list(user, *, period: date | None = None, handler_id: int | None = None, status: str = ""):
    subsidies = subsidies_for_user(user).select_related("case", "handler", "centre", "case__matter")
    if period:
        subsidies = subsidies.filter(period=period)
    if handler_id:
        subsidies = subsidies.filter(handler_id=handler_id)
    if status:
        subsidies = subsidies.filter(status=status)
    subsidies = subsidies.order_by("handler__last_name", "handler__first_name", "handler_id", "case__number")
    totals = subsidies.aggregate(count=Count("pk"), amount=Sum("amount"))
    return subsidies, totals
