"""What the cases stage does when an earlier stage decides: the decision on a pre-provided case.

Connected in `CasesConfig.ready()`. The eligibility stage never imports cases; it records the
decision on the application through intake, whose transition sends `status_changed`. The receiver
runs inside the decision's transaction, so the case's timeline and any termination proposal
commit (or roll back) with the decision itself.
"""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from legalaid.kernel import SYSTEM, status_changed

from ..models import Case, CaseEvent, TerminationGround
from .common import event
from .termination import termination_propose


def _pre_provided_case(application_id: int) -> Case | None:
    return Case.objects.filter(application_id=application_id, pre_provided_at__isnull=False).first()


def on_application_decided(application, *, actor, to_status: str, reason: str) -> None:
    """A grant keeps the pre-provided case (no second case); a refusal proposes ending the aid."""
    from intake.models import Application

    if to_status not in (Application.Status.GRANTED, Application.Status.REFUSED):
        return
    case = _pre_provided_case(application.pk)
    if case is None:
        return
    if to_status == Application.Status.GRANTED:
        event(
            case,
            actor=actor,
            kind=CaseEvent.Kind.NOTE,
            text=_("审查决定准予法律援助，先行提供转为正式援助，本案继续办理。%(reason)s") % {"reason": reason},
        )
        return
    termination_propose(
        case,
        actor=SYSTEM,
        ground=TerminationGround.NOT_ELIGIBLE,
        facts=_("先行提供后经审查决定不予法律援助：%(reason)s") % {"reason": reason},
    )


@receiver(status_changed, dispatch_uid="cases.pre_provision_decided")
def _application_status_changed(sender, instance, actor, from_status, to_status, record, **kwargs) -> None:
    if sender._meta.label != "intake.Application":
        return
    on_application_decided(instance, actor=actor, to_status=to_status, reason=record.reason)
