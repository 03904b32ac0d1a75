"""Duty-lawyer help at a court, procuratorate or detention-centre workstation (counted apart from cases)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import require_permission
from legalaid.models import Organisation, User
from legalaid.validators import normalise_id_number, parse_resident_id

from ..models import DutyHelp
from .common import not_future


def duty_help_record(
    *,
    actor,
    workstation: Organisation,
    lawyer: User,
    person_name: str,
    helped_on: date,
    help_kinds: list[str],
    notes: str,
    person_id_number: str = "",
    charge: str = "",
) -> DutyHelp:
    """A duty lawyer's help at a workstation. A record of help given, with no status to change."""
    from legalaid.selectors import visible_organisations

    require_permission(actor, "cases.record_duty_help")
    if workstation.kind not in DutyHelp.WORKSTATION_KINDS:
        raise DomainError(_("值班律师法律帮助只在驻法院、检察院或看守所的工作站登记。"), field="workstation")
    if not visible_organisations(actor).filter(pk=workstation.pk).exists():
        raise DomainError(_("您不能为该工作站登记。"), field="workstation")
    profile = getattr(lawyer, "handler_profile", None)
    if profile is None or not profile.is_lawyer:
        raise DomainError(_("值班律师须是律师。"), field="lawyer")
    if not (person_name or "").strip():
        raise DomainError(_("请填写受帮助人姓名。"), field="person_name")
    not_future(helped_on, _("帮助日期"), "helped_on")
    unknown = set(help_kinds) - set(DutyHelp.HelpKind.values)
    if not help_kinds or unknown:
        raise DomainError(_("请至少选择一项帮助内容。"), field="help_kinds")
    if not (notes or "").strip():
        raise DomainError(_("请填写情况记录。"), field="notes")
    person_id_number = normalise_id_number(person_id_number)
    if person_id_number:
        try:
            parse_resident_id(person_id_number)
        except ValidationError as exc:
            raise DomainError(exc.messages[0], field="person_id_number") from exc
    centre = workstation.responsible_centre()
    if centre is None:
        raise DomainError(_("该工作站没有上级法律援助中心。"), field="workstation")
    return DutyHelp.objects.create(
        workstation=workstation,
        centre=centre,
        lawyer=lawyer,
        person_name=person_name.strip(),
        person_id_number=person_id_number,
        charge=(charge or "").strip(),
        helped_on=helped_on,
        help_kinds=list(help_kinds),
        notes=notes.strip(),
        recorded_by=actor,
    )
