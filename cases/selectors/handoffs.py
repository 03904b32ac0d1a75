"""Reads of the hand-offs between stages that await the centre: urgent applications it may provide
for before the decision (LAL 44), termination proposals to decide, correction orders to carry out,
and cooperation requests other centres sent through the system. Each scoped to the user."""

from django.db.models import QuerySet

from ..models import Case, CooperationRequest, Termination
from .scope import cases_for_user, cooperation_for_user


def applications_to_pre_provide(user) -> QuerySet:
    """Urgent applications of the user's centres not yet decided and without a case, nearest deadline first."""
    from intake.models import Application
    from intake.selectors import applications_for_user

    return (
        applications_for_user(user)
        .filter(status__in=Application.OPEN_STATUSES, case__isnull=True)
        .exclude(is_urgent=False, pre_provision_at__isnull=True)
        .select_related("applicant", "matter", "centre", "receiving_organisation")
        .order_by("deadline_date", "received_at", "pk")
    )


def termination_proposals(user) -> QuerySet[Termination]:
    """Grounds for termination waiting for the centre's decision (the handler's, or the system's)."""
    return (
        Termination.objects.filter(status=Termination.Status.REPORTED, case__in=cases_for_user(user))
        .select_related("case", "reported_by")
        .order_by("reported_at", "pk")
    )


def corrections_to_carry_out(user) -> QuerySet[Termination]:
    """Terminations the justice bureau ordered corrected, while the case is still terminated."""
    from eligibility.models import Objection

    return (
        Termination.objects.filter(
            status=Termination.Status.TERMINATED,
            objection__status=Objection.Status.CORRECTION_ORDERED,
            case__status=Case.Status.TERMINATED,
            case__in=cases_for_user(user),
        )
        .select_related("case", "objection")
        .order_by("objection__review_decided_on", "pk")
    )


def cooperation_received(user) -> QuerySet[CooperationRequest]:
    """Requests from other centres still to be answered by the user's centres, soonest due first."""
    return (
        cooperation_for_user(user)
        .filter(
            direction=CooperationRequest.Direction.INCOMING,
            status__in=(CooperationRequest.Status.OPEN, CooperationRequest.Status.ACCEPTED),
        )
        .order_by("due_date", "pk")
    )
