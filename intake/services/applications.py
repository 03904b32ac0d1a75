"""Filing an application from any channel, and correcting it while it is open."""

import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import PUBLIC, actor_user, locked, record_transition, require_permission, transition
from legalaid.models import MatterCategory, Organisation
from legalaid.validators import normalise_id_number, parse_resident_id, validate_phone
from legalaid.vocabulary import CaseType

from .. import clock, rules
from ..models import Application, Attachment, Channel, Consultation, OpposingParty, Person
from .attachments import ScanUpload, store_attachments
from .common import require_application, require_organisation, require_person, validation_to_domain

Status = Application.Status


def _receipt_number(today: date) -> str:
    """14 digits, typeable on a phone: the date and six random digits."""
    for _attempt in range(20):
        number = f"{today:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Application.objects.filter(number=number).exists():
            return number
    raise DomainError(_("生成受理编号失败，请重试。"))


def clean_opposing_parties(parties: list[dict], today: date) -> list[dict]:
    cleaned = []
    for party in parties:
        name = (party.get("name") or "").strip()
        if not name:
            continue
        kind = party.get("kind") or OpposingParty.Kind.PERSON
        id_number = normalise_id_number(party.get("id_number") or "")
        birth_date = party.get("birth_date")
        if kind == OpposingParty.Kind.PERSON and id_number and len(id_number) == 18:
            try:
                birth_date = parse_resident_id(id_number).birth_date
            except ValidationError as error:
                raise DomainError(
                    _("对方当事人“%(name)s”的身份证号码有误：%(error)s") % {"name": name, "error": error.messages[0]},
                    field="opposing_parties",
                ) from None
        if birth_date and birth_date > today:
            raise DomainError(
                _("对方当事人“%(name)s”的出生日期不能晚于今天。") % {"name": name}, field="opposing_parties"
            )
        cleaned.append(
            {
                "kind": kind,
                "name": name,
                "id_number": id_number,
                "birth_date": birth_date if kind == OpposingParty.Kind.PERSON else None,
                "role": (party.get("role") or "").strip(),
                "phone": (party.get("phone") or "").strip(),
                "address": (party.get("address") or "").strip(),
            }
        )
    return cleaned


def _check_filing(
    *,
    channel: Channel,
    case_type: str,
    criminal_stage: str,
    facts: str,
    deadline_date: date | None,
    received_at: datetime,
    applied_at: datetime | None,
    contact_phone: str,
) -> None:
    if received_at > timezone.now() + timedelta(minutes=5):
        raise DomainError(_("接收时间不能晚于当前时间。"), field="received_at")
    if not channel.is_active or not channel.for_application:
        raise DomainError(_("该渠道不能用于提交申请。"), field="channel")
    if case_type not in CaseType.values:
        raise DomainError(_("请选择案件类型。"), field="case_type")
    if case_type == CaseType.CRIMINAL and not criminal_stage:
        raise DomainError(_("刑事案件请选择诉讼阶段。"), field="criminal_stage")
    if not (facts or "").strip():
        raise DomainError(_("请填写案情及申请理由。"), field="facts")
    received_date = timezone.localdate(received_at)
    if deadline_date and deadline_date < received_date:
        raise DomainError(
            _("时效或期限届满日不能早于接收日期(%(date)s)。") % {"date": received_date}, field="deadline_date"
        )
    if applied_at and applied_at > received_at:
        raise DomainError(_("当事人提出申请的时间不能晚于接收时间。"), field="applied_at")
    if contact_phone:
        try:
            validate_phone(contact_phone)
        except ValidationError as error:
            raise validation_to_domain(error, "contact_phone") from None


def _check_parties(actor, applicant: Person, representative: Person | None, relationship: str, typed) -> None:
    """The people named must be ones the actor may link (see `common.require_person`)."""
    message = _("所选人员不在您的工作范围内，请填写完整证件号码后使用已登记的人员信息。")
    require_person(actor, applicant, typed_id_numbers=typed, message=message)
    if representative is not None:
        require_person(actor, representative, typed_id_numbers=typed, message=message)
        if representative.pk == applicant.pk:
            raise DomainError(_("代为申请人不能是申请人本人。"), field="representative")
        if not relationship:
            raise DomainError(_("请选择代为申请人与申请人的关系。"), field="representative_relationship")


def application_submit(
    *,
    actor,
    applicant: Person,
    channel: Channel,
    receiving_organisation: Organisation,
    case_type: str,
    facts: str,
    service_requested: str,
    matter: MatterCategory | None = None,
    criminal_stage: str = "",
    representative: Person | None = None,
    representative_relationship: str = "",
    deadline_date: date | None = None,
    deadline_kind: str = "",
    needs_preservation: bool = False,
    urgent_reason: str = "",
    waiver_claimed: str = "",
    applied_at: datetime | None = None,
    received_at: datetime | None = None,
    contact_phone: str = "",
    opposing_parties: list[dict] | None = None,
    attachments: list[ScanUpload] | None = None,
    submission_token: str | None = None,
    consultation: Consultation | None = None,
    filing_note: str = "",
    typed_id_numbers: tuple[str, ...] = (),
) -> Application:
    """File an application received through any channel.

    Filed at a workstation it starts in preliminary review there; filed at (or for) a centre,
    it waits for the centre to accept it. The online form files as `PUBLIC`; `filing_note` is
    added to the first history row for whoever accepts it. `typed_id_numbers` are the full ID
    numbers typed in the filing form: a person registered elsewhere is linked only through one.
    """
    require_permission(actor, "intake.add_application", public=True)
    require_organisation(actor, receiving_organisation)
    now = timezone.now()
    received_at = received_at or now
    if submission_token and Application.objects.filter(submission_token=submission_token).exists():
        existing = Application.objects.get(submission_token=submission_token)
        raise DomainError(
            _("该申请已经提交过(受理编号 %(number)s)，请勿重复提交。") % {"number": existing.number},
            field="submission_token",
        )
    _check_filing(
        channel=channel,
        case_type=case_type,
        criminal_stage=criminal_stage,
        facts=facts,
        deadline_date=deadline_date,
        received_at=received_at,
        applied_at=applied_at,
        contact_phone=contact_phone,
    )
    _check_parties(actor, applicant, representative, representative_relationship, typed_id_numbers)
    if representative is None:
        representative_relationship = ""
    if case_type != CaseType.CRIMINAL:
        criminal_stage = ""
    if deadline_date and not deadline_kind:
        deadline_kind = Application.DeadlineKind.LIMITATION
    centre = receiving_organisation.responsible_centre()
    if centre is None:
        raise DomainError(_("接收机构不属于任何法律援助中心，无法提交。"), field="receiving_organisation")
    received_date = timezone.localdate(received_at)
    parties = clean_opposing_parties(opposing_parties or [], received_date)
    is_urgent = clock.is_urgent(deadline_date, received_date, needs_preservation) or bool(urgent_reason.strip())
    at_workstation = receiving_organisation.kind in Organisation.WORKSTATION_KINDS
    status = Status.PRELIMINARY_REVIEW if at_workstation else Status.RECEIVED
    reason = _("经“%(channel)s”提交") % {"channel": channel.name}
    if clock.forwarded_late(applied_at, received_at, channel.forward_hours):
        reason += _("；转交超过%(hours)s小时(法律援助法第三十九条)") % {"hours": channel.forward_hours}
    if filing_note:
        reason += _(";") + filing_note
    try:
        with transaction.atomic():
            application = Application.objects.create(
                number=_receipt_number(received_date),
                applicant=applicant,
                representative=representative,
                representative_relationship=representative_relationship,
                channel=channel,
                receiving_organisation=receiving_organisation,
                centre=centre,
                case_type=case_type,
                criminal_stage=criminal_stage,
                matter=matter,
                facts=facts.strip(),
                service_requested=service_requested,
                deadline_date=deadline_date,
                deadline_kind=deadline_kind if deadline_date else "",
                needs_preservation=needs_preservation,
                is_urgent=is_urgent,
                urgent_reason=urgent_reason.strip(),
                waiver_claimed=waiver_claimed,
                applied_at=applied_at,
                received_at=received_at,
                received_by=actor_user(actor),
                decision_due=clock.decision_due(received_date),
                status=status,
                status_changed_at=now,
                contact_phone=contact_phone or applicant.phone,
                submission_token=submission_token or None,
            )
            for party in parties:
                OpposingParty.objects.create(application=application, **party)
            source = Attachment.Source.ONLINE if actor is PUBLIC else Attachment.Source.FILING
            store_attachments(application, attachments or [], actor, source)
            record_transition(application, actor=actor, from_status="", to_status=status, reason=reason, at=now)
            if consultation is not None:
                consultation.application = application
                consultation.outcome = Consultation.Outcome.REFERRED_TO_APPLICATION
                consultation.save(update_fields=["application", "outcome"])
    except IntegrityError:
        if submission_token and Application.objects.filter(submission_token=submission_token).exists():
            raise DomainError(_("该申请已经提交过，请勿重复提交。"), field="submission_token") from None
        raise
    return application


EDITABLE_DETAILS = {
    "matter",
    "case_type",
    "criminal_stage",
    "facts",
    "service_requested",
    "deadline_date",
    "deadline_kind",
    "needs_preservation",
    "urgent_reason",
    "waiver_claimed",
    "contact_phone",
}


def _locked_open(application: Application, actor, permission: str, action: str) -> Application:
    """Check permission and scope, lock the row, and refuse unless the application is open."""
    require_permission(actor, permission)
    require_application(actor, application)
    application = locked(application)
    if application.status not in rules.OPEN:
        raise DomainError(
            _("当前状态为“%(status)s”，不能%(action)s。")
            % {"status": application.get_status_display(), "action": action}
        )
    return application


def application_update_details(application: Application, *, actor, **fields) -> Application:
    """Correct the details of an open application (matter, facts, deadline...), keeping history."""
    with transaction.atomic():
        application = _locked_open(application, actor, "intake.change_application", _("修改"))
        received_date = timezone.localdate(application.received_at)
        deadline = fields.get("deadline_date", application.deadline_date)
        if deadline and deadline < received_date:
            raise DomainError(
                _("时效或期限届满日不能早于接收日期(%(date)s)。") % {"date": received_date}, field="deadline_date"
            )
        changed = []
        for key, value in fields.items():
            if key in EDITABLE_DETAILS and getattr(application, key) != value:
                setattr(application, key, value)
                changed.append(key)
        if application.case_type != CaseType.CRIMINAL and application.criminal_stage:
            application.criminal_stage = ""
            changed.append("criminal_stage")
        if application.case_type == CaseType.CRIMINAL and not application.criminal_stage:
            raise DomainError(_("刑事案件请选择诉讼阶段。"), field="criminal_stage")
        urgent = clock.is_urgent(application.deadline_date, timezone.localdate(), application.needs_preservation)
        if (urgent or application.urgent_reason) and not application.is_urgent:
            application.is_urgent = True
            changed.append("is_urgent")
        if changed:
            application._change_reason = _("修改申请信息")
            application._history_user = actor_user(actor)
            application.save(update_fields=sorted(set(changed)))
    return application


def opposing_party_add(application: Application, *, actor, **fields) -> OpposingParty:
    with transaction.atomic():
        application = _locked_open(application, actor, "intake.change_application", _("添加对方当事人"))
        parties = clean_opposing_parties([fields], timezone.localdate())
        if not parties:
            raise DomainError(_("请填写对方当事人姓名或名称。"), field="name")
        return OpposingParty.objects.create(application=application, **parties[0])


def attachments_add(application: Application, *, actor, uploads: list[ScanUpload]) -> list[Attachment]:
    """Add scans to an open application (outside a one-time notice)."""
    if not uploads:
        raise DomainError(_("请选择要上传的文件。"), field="file")
    with transaction.atomic():
        application = _locked_open(application, actor, "intake.change_application", _("上传材料"))
        return store_attachments(application, uploads, actor, Attachment.Source.FILING)


def application_mark_urgent(application: Application, *, actor, reason: str) -> Application:
    """Flag an application urgent (LAL 44): it goes to the top of every queue."""
    if not (reason or "").strip():
        raise DomainError(_("请说明紧急情形。"), field="reason")
    with transaction.atomic():
        application = _locked_open(application, actor, "intake.change_application", _("标记为紧急"))
        application.is_urgent = True
        application.urgent_reason = reason.strip()[:200]
        # The status stays; the history row records who flagged it and why.
        transition(
            application,
            to=application.status,
            actor=actor,
            reason=_("标记为紧急：%(reason)s") % {"reason": reason.strip()},
            fields=("is_urgent", "urgent_reason"),
        )
    return application


def resume_clock(application: Application) -> list[str]:
    """Add the days spent waiting for materials to the decision due date."""
    if application.paused_since is None:
        return []
    paused = clock.days_paused(timezone.localdate(application.paused_since), timezone.localdate())
    application.paused_days += paused
    application.decision_due = clock.decision_due(timezone.localdate(application.received_at), application.paused_days)
    application.paused_since = None
    return ["paused_days", "decision_due", "paused_since"]


def application_withdraw(application: Application, *, actor, reason: str) -> Application:
    """The applicant withdraws their application."""
    from ..models import MaterialsNotice

    if not (reason or "").strip():
        raise DomainError(_("请填写撤回原因(如申请人书面撤回)。"), field="reason")
    require_permission(actor, "intake.withdraw_application")
    require_application(actor, application)
    with transaction.atomic():
        application = locked(application)
        notice = MaterialsNotice.objects.select_for_update().filter(application=application).first()
        fields = resume_clock(application)
        transition(
            application,
            to=Status.WITHDRAWN,
            actor=actor,
            reason=reason.strip(),
            allowed_from=rules.OPEN,
            action=_("撤回"),
            fields=fields,
        )
        if notice is not None and notice.is_open:
            notice.lapsed_at = timezone.now()
            notice.save(update_fields=["lapsed_at"])
    return application
