"""Every write of intake records and every change of an application's status.

Each transition is one function named for it: it takes `actor=`, runs atomically with the
row locked, checks the current status and the actor's permission, raises DomainError with
a Chinese message when not allowed, writes an ApplicationTransition row, and leaves side
effects (PDFs, letters) to `transaction.on_commit`.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.models import MatterCategory, Organisation
from legalaid.selectors import user_profile, visible_organisations
from legalaid.uploads import CONTENT_TYPES, validate_scan
from legalaid.validators import normalise_id_number, parse_resident_id, validate_division_code, validate_phone
from legalaid.vocabulary import CaseType

from . import clock
from .models import (
    ApplicantLetter,
    Application,
    ApplicationTransition,
    Attachment,
    Channel,
    Consultation,
    HomeVisit,
    MaterialRequirement,
    MaterialsNotice,
    NoticeText,
    OpposingParty,
    Person,
    PreliminaryReview,
)

Status = Application.Status

# ---------------------------------------------------------------- helpers


def _require_perm(actor, permission: str) -> None:
    if actor is not None and not actor.has_perm(permission):
        raise DomainError(_("你没有执行此操作的权限。"))


def _require_scope(actor, organisation: Organisation) -> None:
    if actor is None:
        return
    if not visible_organisations(actor).filter(pk=organisation.pk).exists():
        raise DomainError(_("该机构不在你的工作范围内。"))


def _require_status(application: Application, allowed: tuple[str, ...], action: str) -> None:
    if application.status not in allowed:
        raise DomainError(
            _("申请当前状态为“%(status)s”,不能%(action)s。")
            % {"status": application.get_status_display(), "action": action}
        )


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _record(application: Application, actor, from_status: str, reason: str = "", at: datetime | None = None) -> None:
    ApplicationTransition.objects.create(
        application=application,
        actor=actor,
        from_status=from_status,
        to_status=application.status,
        reason=reason,
        at=at or timezone.now(),
    )


def _move(application: Application, to_status: str, actor, reason: str, extra_fields: tuple[str, ...] = ()) -> None:
    from_status = application.status
    now = timezone.now()
    application.status = to_status
    application.status_changed_at = now
    application.save(update_fields=["status", "status_changed_at", *extra_fields])
    _record(application, actor, from_status, reason, at=now)


def _validation_to_domain(error: ValidationError, field: str) -> DomainError:
    return DomainError(" ".join(error.messages), field=field)


# ---------------------------------------------------------------- persons

PERSON_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "nationality",
    "phone",
    "household_address",
    "household_division_code",
    "residence_address",
    "residence_division_code",
    "work_unit",
    "is_disabled",
    "disability_grade",
    "is_migrant_worker",
    "is_service_member",
)


def normalise_person_fields(fields: dict, *, today: date | None = None) -> dict:
    """Check a person's fields and derive what the resident ID tells (birth date, sex, division)."""
    today = today or timezone.localdate()
    data = {key: value for key, value in fields.items() if key in PERSON_FIELDS}
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        raise DomainError(_("请填写姓名。"), field="name")
    id_type = data.get("id_type") or Person.IdType.RESIDENT_ID
    data["id_type"] = id_type
    number = normalise_id_number(data.get("id_number") or "")
    if id_type == Person.IdType.NONE:
        number = ""
    data["id_number"] = number
    if id_type == Person.IdType.RESIDENT_ID and number:
        try:
            parsed = parse_resident_id(number)
        except ValidationError as error:
            raise _validation_to_domain(error, "id_number") from None
        data["birth_date"] = parsed.birth_date
        data["sex"] = parsed.sex
        if not data.get("household_division_code"):
            data["household_division_code"] = parsed.division_code
    elif id_type not in (Person.IdType.RESIDENT_ID, Person.IdType.NONE) and not number:
        raise DomainError(_("请填写证件号码,或将证件类型选为“未提供”。"), field="id_number")
    birth_date = data.get("birth_date")
    if birth_date and birth_date > today:
        raise DomainError(_("出生日期不能晚于今天。"), field="birth_date")
    if birth_date and birth_date.year < 1880:
        raise DomainError(_("出生日期无效。"), field="birth_date")
    phone = (data.get("phone") or "").strip()
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as error:
            raise _validation_to_domain(error, "phone") from None
    data["phone"] = phone
    for key in ("household_division_code", "residence_division_code"):
        code = (data.get(key) or "").strip()
        if code:
            try:
                validate_division_code(code)
            except ValidationError as error:
                raise _validation_to_domain(error, key) from None
        data[key] = code
    if data.get("disability_grade"):
        data["is_disabled"] = True
    elif "disability_grade" in data:
        data["disability_grade"] = None
    if id_type in Person.FOREIGN_ID_TYPES and (data.get("nationality") or "中国") == "中国":
        raise DomainError(_("持护照或外国人居留证件的,请填写国籍。"), field="nationality")
    return data


def person_create(*, actor, **fields) -> Person:
    """Register a person; an ID number already registered is refused (the form offers that person)."""
    if actor is not None:
        _require_perm(actor, "intake.add_person")
    data = normalise_person_fields(fields)
    if data["id_number"] and Person.objects.filter(id_number=data["id_number"]).exists():
        raise DomainError(_("该证件号码已登记,请使用已登记的人员信息。"), field="id_number")
    try:
        with transaction.atomic():
            return Person.objects.create(created_by=actor, **data)
    except IntegrityError:
        raise DomainError(_("该证件号码已登记,请使用已登记的人员信息。"), field="id_number") from None


def person_update(person: Person, *, actor, **fields) -> Person:
    _require_perm(actor, "intake.change_person")
    current = {key: getattr(person, key) for key in PERSON_FIELDS}
    data = normalise_person_fields({**current, **fields})
    if data["id_number"] and Person.objects.filter(id_number=data["id_number"]).exclude(pk=person.pk).exists():
        raise DomainError(_("该证件号码已登记为另一人员,不能重复登记。"), field="id_number")
    changed = [key for key, value in data.items() if getattr(person, key) != value]
    for key in changed:
        setattr(person, key, data[key])
    if changed:
        person._change_reason = f"由{actor}修改" if actor else ""
        person.save(update_fields=changed)
    return person


def person_for_filing(*, actor, existing: Person | None = None, fields: dict | None = None) -> Person:
    """The person to file for: one already registered, or a new one from the fields."""
    if existing is not None:
        return existing
    if not fields:
        raise DomainError(_("请填写申请人信息。"))
    return person_create(actor=actor, **fields)


# ---------------------------------------------------------------- numbers


def _receipt_number(today: date) -> str:
    """14 digits, typeable on a phone: the date and six random digits."""
    for _attempt in range(20):
        number = f"{today:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Application.objects.filter(number=number).exists():
            return number
    raise DomainError(_("生成受理编号失败,请重试。"))


# ---------------------------------------------------------------- applications


@dataclass
class ScanUpload:
    """An uploaded file and what it is."""

    file: object
    title: str = ""
    requirement_id: int | None = None


def _store_attachments(application: Application, uploads: list[ScanUpload], actor, source: str) -> list[Attachment]:
    stored = []
    for upload in uploads:
        try:
            validate_scan(upload.file)
        except ValidationError as error:
            raise _validation_to_domain(error, "attachments") from None
        suffix = upload.file.name.rsplit(".", 1)[-1].lower() if "." in upload.file.name else ""
        requirement = None
        if upload.requirement_id:
            requirement = MaterialRequirement.objects.filter(pk=upload.requirement_id).first()
        title = (upload.title or (requirement.name if requirement else "") or upload.file.name)[:100]
        stored.append(
            Attachment.objects.create(
                application=application,
                requirement=requirement,
                title=title,
                file=upload.file,
                original_name=upload.file.name[:200],
                content_type=CONTENT_TYPES.get(f".{suffix}", "application/octet-stream"),
                size=upload.file.size,
                source=source,
                uploaded_by=actor,
            )
        )
    return stored


def _clean_opposing_parties(parties: list[dict], today: date) -> list[dict]:
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
                    _("对方当事人“%(name)s”的身份证号码有误:%(error)s") % {"name": name, "error": error.messages[0]},
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
) -> Application:
    """File an application received through any channel.

    Filed at a workstation it starts in preliminary review there; filed at (or for) a centre,
    it waits for the centre to accept it. `actor` is None only for the public online form.
    """
    now = timezone.now()
    received_at = received_at or now
    if actor is not None:
        _require_perm(actor, "intake.add_application")
        _require_scope(actor, receiving_organisation)
    if received_at > now + timedelta(minutes=5):
        raise DomainError(_("接收时间不能晚于当前时间。"), field="received_at")
    received_date = timezone.localdate(received_at)
    if submission_token and Application.objects.filter(submission_token=submission_token).exists():
        existing = Application.objects.get(submission_token=submission_token)
        raise DomainError(
            _("该申请已经提交过(受理编号 %(number)s),请勿重复提交。") % {"number": existing.number},
            field="submission_token",
        )
    if not channel.is_active or not channel.for_application:
        raise DomainError(_("该渠道不能用于提交申请。"), field="channel")
    if case_type not in CaseType.values:
        raise DomainError(_("请选择案件类型。"), field="case_type")
    if case_type == CaseType.CRIMINAL and not criminal_stage:
        raise DomainError(_("刑事案件请选择诉讼阶段。"), field="criminal_stage")
    if case_type != CaseType.CRIMINAL:
        criminal_stage = ""
    if not (facts or "").strip():
        raise DomainError(_("请填写案情及申请理由。"), field="facts")
    if deadline_date and deadline_date < received_date:
        raise DomainError(
            _("时效或期限届满日不能早于接收日期(%(date)s)。") % {"date": received_date},
            field="deadline_date",
        )
    if deadline_date and not deadline_kind:
        deadline_kind = Application.DeadlineKind.LIMITATION
    if representative is not None:
        if representative.pk == applicant.pk:
            raise DomainError(_("代为申请人不能是申请人本人。"), field="representative")
        if not representative_relationship:
            raise DomainError(_("请选择代为申请人与申请人的关系。"), field="representative_relationship")
    else:
        representative_relationship = ""
    if applied_at and applied_at > received_at:
        raise DomainError(_("当事人提出申请的时间不能晚于接收时间。"), field="applied_at")
    if contact_phone:
        try:
            validate_phone(contact_phone)
        except ValidationError as error:
            raise _validation_to_domain(error, "contact_phone") from None
    centre = receiving_organisation.responsible_centre()
    if centre is None:
        raise DomainError(_("接收机构不属于任何法律援助中心,无法提交。"), field="receiving_organisation")
    parties = _clean_opposing_parties(opposing_parties or [], received_date)
    is_urgent = clock.is_urgent(deadline_date, received_date, needs_preservation) or bool(urgent_reason.strip())
    at_workstation = receiving_organisation.kind in Organisation.WORKSTATION_KINDS
    status = Status.PRELIMINARY_REVIEW if at_workstation else Status.RECEIVED
    reason = _("经“%(channel)s”提交") % {"channel": channel.name}
    if clock.forwarded_late(applied_at, received_at, channel.forward_hours):
        reason += _(";转交超过%(hours)s小时(法律援助法第三十九条)") % {"hours": channel.forward_hours}
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
                received_by=actor,
                decision_due=clock.decision_due(received_date),
                status=status,
                status_changed_at=now,
                contact_phone=contact_phone or applicant.phone,
                submission_token=submission_token or None,
            )
            for party in parties:
                OpposingParty.objects.create(application=application, **party)
            source = Attachment.Source.ONLINE if actor is None else Attachment.Source.FILING
            _store_attachments(application, attachments or [], actor, source)
            _record(application, actor, "", reason, at=now)
            if consultation is not None:
                consultation.application = application
                consultation.outcome = Consultation.Outcome.REFERRED_TO_APPLICATION
                consultation.save(update_fields=["application", "outcome"])
    except IntegrityError:
        if submission_token and Application.objects.filter(submission_token=submission_token).exists():
            raise DomainError(_("该申请已经提交过,请勿重复提交。"), field="submission_token") from None
        raise
    return application


def application_update_details(application: Application, *, actor, **fields) -> Application:
    """Correct the details of an open application (matter, facts, deadline...), keeping history."""
    _require_perm(actor, "intake.change_application")
    editable = {
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
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, Application.OPEN_STATUSES, _("修改"))
        received_date = timezone.localdate(application.received_at)
        deadline = fields.get("deadline_date", application.deadline_date)
        if deadline and deadline < received_date:
            raise DomainError(
                _("时效或期限届满日不能早于接收日期(%(date)s)。") % {"date": received_date}, field="deadline_date"
            )
        changed = []
        for key, value in fields.items():
            if key in editable and getattr(application, key) != value:
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
            application._change_reason = "修改申请信息"
            application.save(update_fields=sorted(set(changed)))
    return application


def opposing_party_add(application: Application, *, actor, **fields) -> OpposingParty:
    _require_perm(actor, "intake.change_application")
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, Application.OPEN_STATUSES, _("添加对方当事人"))
        parties = _clean_opposing_parties([fields], timezone.localdate())
        if not parties:
            raise DomainError(_("请填写对方当事人姓名或名称。"), field="name")
        return OpposingParty.objects.create(application=application, **parties[0])


def attachments_add(application: Application, *, actor, uploads: list[ScanUpload]) -> list[Attachment]:
    """Add scans to an open application (outside a one-time notice)."""
    _require_perm(actor, "intake.change_application")
    if not uploads:
        raise DomainError(_("请选择要上传的文件。"), field="file")
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, Application.OPEN_STATUSES, _("上传材料"))
        return _store_attachments(application, uploads, actor, Attachment.Source.FILING)


def preliminary_review_submit(
    application: Application,
    *,
    actor,
    materials_complete: bool,
    recommendation: str,
    reasons: str,
    provided_items: list[str] | None = None,
    missing_items: str = "",
    waiver_basis: str = "",
) -> PreliminaryReview:
    """The workstation's preliminary review (初审): opinion recorded and the file sent to the centre."""
    _require_perm(actor, "intake.preliminary_review_application")
    if not (reasons or "").strip():
        raise DomainError(_("请填写初审理由。"), field="reasons")
    if recommendation not in PreliminaryReview.Recommendation.values:
        raise DomainError(_("请选择初审意见。"), field="recommendation")
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, (Status.PRELIMINARY_REVIEW,), _("报送初审意见"))
        _require_scope(actor, application.receiving_organisation)
        if not materials_complete:
            if not (missing_items or "").strip():
                raise DomainError(_("材料不齐全时,请写明缺少的材料。"), field="missing_items")
            if not _urgent_today(application):
                raise DomainError(
                    _("材料不齐全:请先向申请人发出一次性告知;只有紧急案件(先行提供)可以在材料不全时报送。"),
                    field="materials_complete",
                )
        profile = user_profile(actor)
        review = PreliminaryReview.objects.create(
            application=application,
            organisation=profile.organisation if profile else application.receiving_organisation,
            reviewer=actor,
            materials_complete=materials_complete,
            provided_items=list(provided_items or []),
            missing_items=(missing_items or "").strip(),
            waiver_basis=waiver_basis,
            recommendation=recommendation,
            reasons=reasons.strip(),
        )
        application.accepted_at = application.accepted_at or timezone.now()
        fields = ["accepted_at"]
        if waiver_basis and waiver_basis != application.waiver_claimed:
            application.waiver_claimed = waiver_basis
            fields.append("waiver_claimed")
        _move(
            application,
            Status.UNDER_REVIEW,
            actor,
            _("初审意见:%(recommendation)s。%(reasons)s")
            % {"recommendation": review.get_recommendation_display(), "reasons": review.reasons},
            tuple(fields),
        )
    return review


def _urgent_today(application: Application) -> bool:
    return application.is_urgent or clock.is_urgent(
        application.deadline_date, timezone.localdate(), application.needs_preservation
    )


def application_accept(application: Application, *, actor, reason: str = "") -> Application:
    """The centre accepts (受理) an application received at the centre or online."""
    _require_perm(actor, "intake.review_application")
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, (Status.RECEIVED,), _("受理"))
        application.accepted_at = timezone.now()
        _move(application, Status.UNDER_REVIEW, actor, reason or _("中心受理,进入审查"), ("accepted_at",))
    return application


def application_mark_urgent(application: Application, *, actor, reason: str) -> Application:
    """Flag an application urgent (LAL 44): it goes to the top of every queue."""
    _require_perm(actor, "intake.change_application")
    if not (reason or "").strip():
        raise DomainError(_("请说明紧急情形。"), field="reason")
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, Application.OPEN_STATUSES, _("标记为紧急"))
        application.is_urgent = True
        application.urgent_reason = reason.strip()[:200]
        application.save(update_fields=["is_urgent", "urgent_reason"])
        _record(application, actor, application.status, _("标记为紧急:%(reason)s") % {"reason": reason.strip()})
    return application


def application_pre_provide(application: Application, *, actor, reason: str) -> Application:
    """Urgent pre-provision (先行提供, LAL 44): accepted with incomplete materials, completed later."""
    _require_perm(actor, "intake.approve_pre_provision")
    if not (reason or "").strip():
        raise DomainError(_("请填写先行提供的理由。"), field="reason")
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, Application.OPEN_STATUSES, _("先行提供"))
        if not _urgent_today(application):
            raise DomainError(
                _("只有距时效或期限届满不足七日,或需要保全、先予执行的紧急案件才能先行提供法律援助。"), field="reason"
            )
        if application.pre_provision_at:
            raise DomainError(_("该申请已决定先行提供。"))
        now = timezone.now()
        application.pre_provision_at = now
        application.is_urgent = True
        application.accepted_at = application.accepted_at or now
        fields = ["pre_provision_at", "is_urgent", "accepted_at"]
        if application.status == Status.AWAITING_MATERIALS:
            fields += _resume_clock(application)
        _move(
            application,
            Status.UNDER_REVIEW,
            actor,
            _("先行提供法律援助,材料事后补充:%(reason)s") % {"reason": reason.strip()},
            tuple(fields),
        )
    return application


def _resume_clock(application: Application) -> list[str]:
    """Add the days spent waiting for materials to the decision due date."""
    if application.paused_since is None:
        return []
    paused = clock.days_paused(timezone.localdate(application.paused_since), timezone.localdate())
    application.paused_days += paused
    application.decision_due = clock.decision_due(timezone.localdate(application.received_at), application.paused_days)
    application.paused_since = None
    return ["paused_days", "decision_due", "paused_since"]


def _notice_number(application: Application) -> str:
    return f"GZ{application.number}"


def notice_issue(
    application: Application, *, actor, items: list[str], due_date: date, note: str = ""
) -> MaterialsNotice:
    """The one-time notice (一次性告知): everything missing, at once; the decision clock pauses."""
    items = [item.strip() for item in items if item and item.strip()]
    if not items:
        raise DomainError(_("请列出需要补充的全部材料。"), field="items")
    today = timezone.localdate()
    if due_date <= today:
        raise DomainError(_("补充期限应晚于今天。"), field="due_date")
    if due_date > today + timedelta(days=60):
        raise DomainError(_("补充期限不宜超过60日。"), field="due_date")
    with transaction.atomic():
        application = _lock(application)
        if application.status == Status.PRELIMINARY_REVIEW:
            _require_perm(actor, "intake.issue_materials_notice")
        else:
            _require_perm(actor, "intake.review_application")
        _require_status(
            application, (Status.RECEIVED, Status.PRELIMINARY_REVIEW, Status.UNDER_REVIEW), _("发出一次性告知")
        )
        existing = MaterialsNotice.objects.filter(application=application).first()
        if existing is not None:
            raise DomainError(
                _("一次性告知已于%(date)s发出(%(number)s),不能再次告知。")
                % {"date": timezone.localdate(existing.issued_at), "number": existing.number}
            )
        profile = user_profile(actor)
        now = timezone.now()
        notice = MaterialsNotice.objects.create(
            application=application,
            number=_notice_number(application),
            items=items,
            note=(note or "").strip(),
            issued_by=actor,
            issuing_organisation=profile.organisation if profile else application.centre,
            issued_at=now,
            due_date=due_date,
            resume_status=application.status,
        )
        application.paused_since = now
        _move(
            application,
            Status.AWAITING_MATERIALS,
            actor,
            _("一次性告知补充材料(%(count)s项),期限至%(due)s;审查期限暂停计算")
            % {"count": len(items), "due": due_date},
            ("paused_since",),
        )
        transaction.on_commit(lambda: _enqueue("render_materials_notice_pdf", notice.pk))
    return notice


def materials_supply(
    application: Application, *, actor, note: str = "", uploads: list[ScanUpload] | None = None
) -> Application:
    """The applicant supplied what the notice asked for: the clock resumes where it stopped."""
    _require_perm(actor, "intake.record_materials")
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, Application.OPEN_STATUSES, _("登记补充材料"))
        notice = MaterialsNotice.objects.select_for_update().filter(application=application).first()
        if notice is None or not notice.is_open:
            raise DomainError(_("该申请没有待补充的一次性告知。"))
        today = timezone.localdate()
        if clock.notice_lapsed(notice.due_date, today) and application.status == Status.AWAITING_MATERIALS:
            raise DomainError(
                _("补充期限已于%(date)s届满,申请视为撤回;请申请人重新提出申请。") % {"date": notice.due_date}
            )
        if not (note or "").strip() and not uploads:
            raise DomainError(_("请说明补充了哪些材料,或上传材料扫描件。"), field="note")
        _store_attachments(application, uploads or [], actor, Attachment.Source.SUPPLEMENT)
        now = timezone.now()
        notice.supplied_at = now
        notice.supplied_recorded_by = actor
        notice.supply_note = (note or "").strip()
        notice.save(update_fields=["supplied_at", "supplied_recorded_by", "supply_note"])
        if application.status == Status.AWAITING_MATERIALS:
            fields = _resume_clock(application)
            _move(
                application,
                notice.resume_status,
                actor,
                _("材料已补充,审查期限恢复计算,决定期限为%(due)s") % {"due": application.decision_due},
                tuple(fields),
            )
        else:
            _record(application, actor, application.status, _("先行提供后补齐材料"), at=now)
    return application


def application_deem_withdrawn(
    application: Application, *, actor=None, reason: str = "", today: date | None = None
) -> Application:
    """Nothing supplied by the notice's due date: the application is deemed withdrawn (LAL 43)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, (Status.AWAITING_MATERIALS,), _("视为撤回"))
        notice = MaterialsNotice.objects.select_for_update().get(application=application)
        if not clock.notice_lapsed(notice.due_date, today):
            raise DomainError(_("补充期限%(date)s尚未届满,不能视为撤回。") % {"date": notice.due_date})
        now = timezone.now()
        notice.lapsed_at = now
        notice.save(update_fields=["lapsed_at"])
        fields = _resume_clock(application)
        _move(
            application,
            Status.DEEMED_WITHDRAWN,
            actor,
            reason or _("一次性告知补充期限(%(date)s)届满未补充材料,视为撤回申请") % {"date": notice.due_date},
            tuple(fields),
        )
        letter = _letter_create(application, NoticeText.Kind.DEEMED_WITHDRAWAL, notice=notice)
        transaction.on_commit(lambda: _enqueue("render_applicant_letter_pdf", letter.pk))
    return application


def deem_overdue_applications_withdrawn(today: date | None = None) -> int:
    """Periodic: every application whose notice lapsed with nothing supplied. Safe to run twice."""
    today = today or timezone.localdate()
    ids = list(
        MaterialsNotice.objects.filter(
            due_date__lt=today,
            supplied_at__isnull=True,
            lapsed_at__isnull=True,
            application__status=Status.AWAITING_MATERIALS,
        ).values_list("application_id", flat=True)
    )
    done = 0
    for application in Application.objects.filter(pk__in=ids):
        try:
            application_deem_withdrawn(application, actor=None, today=today)
        except DomainError:
            continue  # supplied or withdrawn meanwhile
        done += 1
    return done


def application_withdraw(application: Application, *, actor, reason: str) -> Application:
    """The applicant withdraws their application."""
    _require_perm(actor, "intake.withdraw_application")
    if not (reason or "").strip():
        raise DomainError(_("请填写撤回原因(如申请人书面撤回)。"), field="reason")
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, Application.OPEN_STATUSES, _("撤回"))
        fields = _resume_clock(application)
        notice = MaterialsNotice.objects.filter(application=application, supplied_at__isnull=True).first()
        if notice is not None and notice.lapsed_at is None:
            notice.lapsed_at = timezone.now()
            notice.save(update_fields=["lapsed_at"])
        _move(application, Status.WITHDRAWN, actor, reason.strip(), tuple(fields))
    return application


def application_record_decision(application: Application, *, actor, granted: bool, reason: str) -> Application:
    """Record the centre's decision (called by eligibility): granted or refused, with reasons."""
    _require_perm(actor, "intake.review_application")
    if not (reason or "").strip():
        raise DomainError(_("请填写决定理由。"), field="reason")
    with transaction.atomic():
        application = _lock(application)
        allowed: tuple[str, ...] = (Status.UNDER_REVIEW,)
        if application.pre_provision_at or application.is_urgent:
            allowed = (Status.UNDER_REVIEW, Status.AWAITING_MATERIALS)
        _require_status(application, allowed, _("作出决定"))
        fields = _resume_clock(application)
        application.decided_at = timezone.now()
        _move(
            application,
            Status.GRANTED if granted else Status.REFUSED,
            actor,
            reason.strip(),
            ("decided_at", *fields),
        )
    return application


def application_reopen(application: Application, *, actor, reason: str) -> Application:
    """An objection to a refusal was upheld (LAL 49): the centre reviews the application again."""
    _require_perm(actor, "intake.review_application")
    if not (reason or "").strip():
        raise DomainError(_("请填写重新审查的原因。"), field="reason")
    with transaction.atomic():
        application = _lock(application)
        _require_status(application, (Status.REFUSED,), _("重新审查"))
        application.decided_at = None
        application.decision_due = clock.decision_due(timezone.localdate())
        _move(application, Status.UNDER_REVIEW, actor, reason.strip(), ("decided_at", "decision_due"))
    return application


# ---------------------------------------------------------------- letters and PDFs


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def notice_context(application: Application, notice: MaterialsNotice | None = None) -> dict:
    return {
        "applicant": application.applicant.name,
        "number": application.number,
        "centre": application.centre.name,
        "received_date": f"{timezone.localdate(application.received_at):%Y年%m月%d日}",
        "decision_due": f"{application.decision_due:%Y年%m月%d日}",
        "due_date": f"{notice.due_date:%Y年%m月%d日}" if notice else "",
        "notice_date": f"{timezone.localdate(notice.issued_at):%Y年%m月%d日}" if notice else "",
    }


def fill_notice_text(kind: str, application: Application, notice: MaterialsNotice | None = None) -> tuple[str, str]:
    """The title and body of a notice, its placeholders filled."""
    from .selectors import notice_text

    text = notice_text(kind)
    if text is None:
        return NoticeText.Kind(kind).label, ""
    return text.title, text.body.format_map(_SafeDict(notice_context(application, notice)))


def _letter_create(application: Application, kind: str, notice: MaterialsNotice | None = None) -> ApplicantLetter:
    _title, body = fill_notice_text(kind, application, notice)
    letter, _created = ApplicantLetter.objects.get_or_create(
        application=application,
        kind=kind,
        defaults={"body": body},
    )
    return letter


def _enqueue(task_name: str, pk: int) -> None:
    from . import tasks

    getattr(tasks, task_name).delay(pk)


def notice_store_pdf(notice: MaterialsNotice) -> MaterialsNotice:
    """Render the one-time notice and keep the PDF as issued (idempotent)."""
    from django.core.files.base import ContentFile

    from .documents import render_materials_notice

    if notice.pdf:
        return notice
    filename, content = render_materials_notice(notice)
    notice.pdf.save(filename, ContentFile(content), save=False)
    MaterialsNotice.objects.filter(pk=notice.pk).update(pdf=notice.pdf.name)
    return notice


def letter_store_pdf(letter: ApplicantLetter) -> ApplicantLetter:
    from django.core.files.base import ContentFile

    from .documents import render_applicant_letter

    if letter.pdf:
        return letter
    filename, content = render_applicant_letter(letter)
    letter.pdf.save(filename, ContentFile(content), save=False)
    ApplicantLetter.objects.filter(pk=letter.pk).update(pdf=letter.pdf.name)
    return letter


# ---------------------------------------------------------------- consultations

CALL_BACK_HOURS = 24


def consultation_record(
    *,
    actor,
    channel: Channel,
    question: str,
    organisation: Organisation | None = None,
    consulted_at: datetime | None = None,
    person: Person | None = None,
    visitor_name: str = "",
    visitor_phone: str = "",
    matter: MatterCategory | None = None,
    answer: str = "",
    outcome: str = Consultation.Outcome.ANSWERED,
    referred_agency: str = "",
    call_back_due: datetime | None = None,
    duration_minutes: int | None = None,
    submission_token: str | None = None,
) -> Consultation:
    """Record one consultation; the staff member who took it is first-contact responsible."""
    _require_perm(actor, "intake.add_consultation")
    profile = user_profile(actor)
    organisation = organisation or (profile.organisation if profile else None)
    if organisation is None:
        raise DomainError(_("你的账号没有所属机构,不能登记咨询。"))
    _require_scope(actor, organisation)
    now = timezone.now()
    consulted_at = consulted_at or now
    if consulted_at > now + timedelta(minutes=5):
        raise DomainError(_("咨询时间不能晚于当前时间。"), field="consulted_at")
    if not (question or "").strip():
        raise DomainError(_("请填写咨询问题。"), field="question")
    if not channel.is_active or not channel.for_consultation:
        raise DomainError(_("该渠道不能用于登记咨询。"), field="channel")
    if outcome == Consultation.Outcome.REFERRED_TO_AGENCY and not (referred_agency or "").strip():
        raise DomainError(_("转介其他部门时,请填写转介的部门。"), field="referred_agency")
    if outcome == Consultation.Outcome.CALL_BACK:
        if not visitor_phone and not (person and person.phone):
            raise DomainError(_("需要回复的咨询请留下联系电话。"), field="visitor_phone")
        call_back_due = call_back_due or consulted_at + timedelta(hours=CALL_BACK_HOURS)
        if call_back_due < consulted_at:
            raise DomainError(_("回复期限不能早于咨询时间。"), field="call_back_due")
    else:
        call_back_due = None
    if outcome == Consultation.Outcome.ANSWERED and not (answer or "").strip():
        raise DomainError(_("已解答的咨询请填写解答摘要。"), field="answer")
    if visitor_phone:
        try:
            validate_phone(visitor_phone)
        except ValidationError as error:
            raise _validation_to_domain(error, "visitor_phone") from None
    if submission_token and Consultation.objects.filter(submission_token=submission_token).exists():
        raise DomainError(_("这条咨询已经登记过,请勿重复提交。"), field="submission_token")
    try:
        with transaction.atomic():
            return Consultation.objects.create(
                channel=channel,
                organisation=organisation,
                taken_by=actor,
                consulted_at=consulted_at,
                person=person,
                visitor_name=(visitor_name or "").strip() or (person.name if person else ""),
                visitor_phone=visitor_phone or (person.phone if person else ""),
                matter=matter,
                question=question.strip(),
                answer=(answer or "").strip(),
                outcome=outcome,
                referred_agency=(referred_agency or "").strip()
                if outcome == Consultation.Outcome.REFERRED_TO_AGENCY
                else "",
                call_back_due=call_back_due,
                duration_minutes=duration_minutes,
                submission_token=submission_token or None,
            )
    except IntegrityError:
        raise DomainError(_("这条咨询已经登记过,请勿重复提交。"), field="submission_token") from None


def consultation_call_back(consultation: Consultation, *, actor, note: str) -> Consultation:
    """Record that a hotline message was called back."""
    _require_perm(actor, "intake.change_consultation")
    if not (note or "").strip():
        raise DomainError(_("请填写回复内容。"), field="note")
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.call_back_due is None:
            raise DomainError(_("这条咨询不需要回复。"))
        if consultation.called_back_at is not None:
            raise DomainError(_("这条咨询已于%(at)s回复。") % {"at": timezone.localtime(consultation.called_back_at)})
        consultation.called_back_at = timezone.now()
        consultation.called_back_by = actor
        consultation.call_back_note = note.strip()
        if not consultation.answer:
            consultation.answer = note.strip()
        consultation.save(update_fields=["called_back_at", "called_back_by", "call_back_note", "answer"])
    return consultation


# ---------------------------------------------------------------- home visits


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
    _require_perm(actor, "intake.add_homevisit")
    profile = user_profile(actor)
    organisation = organisation or (profile.organisation if profile else None)
    if organisation is None:
        raise DomainError(_("你的账号没有所属机构,不能预约上门服务。"))
    _require_scope(actor, organisation)
    groups = person.groups(timezone.localdate(scheduled_for))
    if "elderly" not in groups and "disabled" not in groups:
        raise DomainError(_("上门服务面向行动不便的老年人、残疾人;该人员不属于上述人群。"), field="person")
    if scheduled_for < timezone.now() - timedelta(hours=1):
        raise DomainError(_("预约时间不能早于现在。"), field="scheduled_for")
    if not (address or "").strip():
        raise DomainError(_("请填写上门地址。"), field="address")
    staff_profile = user_profile(staff)
    if staff_profile is None or not visible_organisations(actor).filter(pk=staff_profile.organisation_id).exists():
        raise DomainError(_("上门人员不在你的工作范围内。"), field="staff")
    return HomeVisit.objects.create(
        person=person,
        application=application,
        organisation=organisation,
        scheduled_for=scheduled_for,
        staff=staff,
        address=address.strip(),
        purpose=(purpose or "").strip() or _("上门受理法律援助申请"),
        booked_by=actor,
    )


def home_visit_complete(visit: HomeVisit, *, actor, outcome: str, done_at: datetime | None = None) -> HomeVisit:
    _require_perm(actor, "intake.change_homevisit")
    if not (outcome or "").strip():
        raise DomainError(_("请填写服务结果。"), field="outcome")
    with transaction.atomic():
        visit = HomeVisit.objects.select_for_update().get(pk=visit.pk)
        if visit.status != HomeVisit.Status.SCHEDULED:
            raise DomainError(_("该上门服务已%(status)s。") % {"status": visit.get_status_display()})
        done_at = done_at or timezone.now()
        if done_at > timezone.now() + timedelta(minutes=5):
            raise DomainError(_("完成时间不能晚于当前时间。"), field="done_at")
        visit.status = HomeVisit.Status.DONE
        visit.outcome = outcome.strip()
        visit.done_at = done_at
        visit.save(update_fields=["status", "outcome", "done_at"])
    return visit


def home_visit_cancel(visit: HomeVisit, *, actor, reason: str) -> HomeVisit:
    _require_perm(actor, "intake.change_homevisit")
    if not (reason or "").strip():
        raise DomainError(_("请填写取消原因。"), field="outcome")
    with transaction.atomic():
        visit = HomeVisit.objects.select_for_update().get(pk=visit.pk)
        if visit.status != HomeVisit.Status.SCHEDULED:
            raise DomainError(_("该上门服务已%(status)s。") % {"status": visit.get_status_display()})
        visit.status = HomeVisit.Status.CANCELLED
        visit.outcome = reason.strip()
        visit.save(update_fields=["status", "outcome"])
    return visit
