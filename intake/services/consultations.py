"""The consultation ledger: recording a consultation and calling back a hotline message."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from legalaid.errors import DomainError
from legalaid.kernel import locked, require_permission, require_scope
from legalaid.models import MatterCategory, Organisation
from legalaid.selectors import user_profile
from legalaid.validators import validate_phone

from .. import selectors
from ..models import Channel, Consultation, Person
from .common import require_organisation, require_person, validation_to_domain

CALL_BACK_HOURS = 24


def _check_outcome(outcome, *, answer, referred_agency, visitor_phone, person, consulted_at, call_back_due):
    """The outcome's own requirements; returns the call-back due time (None unless one is owed)."""
    if outcome == Consultation.Outcome.REFERRED_TO_AGENCY and not (referred_agency or "").strip():
        raise DomainError(_("转介其他部门时，请填写转介的部门。"), field="referred_agency")
    if outcome == Consultation.Outcome.ANSWERED and not (answer or "").strip():
        raise DomainError(_("已解答的咨询请填写解答摘要。"), field="answer")
    if outcome != Consultation.Outcome.CALL_BACK:
        return None
    if not visitor_phone and not (person and person.phone):
        raise DomainError(_("需要回复的咨询请留下联系电话。"), field="visitor_phone")
    call_back_due = call_back_due or consulted_at + timedelta(hours=CALL_BACK_HOURS)
    if call_back_due < consulted_at:
        raise DomainError(_("回复期限不能早于咨询时间。"), field="call_back_due")
    return call_back_due


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
    require_permission(actor, "intake.add_consultation")
    profile = user_profile(actor)
    organisation = organisation or (profile.organisation if profile else None)
    if organisation is None:
        raise DomainError(_("您的账号没有所属机构，不能登记咨询。"))
    require_organisation(actor, organisation)
    if person is not None:
        require_person(actor, person)
    now = timezone.now()
    consulted_at = consulted_at or now
    if consulted_at > now + timedelta(minutes=5):
        raise DomainError(_("咨询时间不能晚于当前时间。"), field="consulted_at")
    if not (question or "").strip():
        raise DomainError(_("请填写咨询问题。"), field="question")
    if not channel.is_active or not channel.for_consultation:
        raise DomainError(_("该渠道不能用于登记咨询。"), field="channel")
    call_back_due = _check_outcome(
        outcome,
        answer=answer,
        referred_agency=referred_agency,
        visitor_phone=visitor_phone,
        person=person,
        consulted_at=consulted_at,
        call_back_due=call_back_due,
    )
    if visitor_phone:
        try:
            validate_phone(visitor_phone)
        except ValidationError as error:
            raise validation_to_domain(error, "visitor_phone") from None
    if submission_token and Consultation.objects.filter(submission_token=submission_token).exists():
        raise DomainError(_("这条咨询已经登记过，请勿重复提交。"), field="submission_token")
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
        raise DomainError(_("这条咨询已经登记过，请勿重复提交。"), field="submission_token") from None


def consultation_call_back(consultation: Consultation, *, actor, note: str) -> Consultation:
    """Record that a hotline message was called back."""
    require_permission(actor, "intake.change_consultation")
    require_scope(actor, consultation, selectors.consultations_for_user)
    if not (note or "").strip():
        raise DomainError(_("请填写回复内容。"), field="note")
    with transaction.atomic():
        consultation = locked(consultation)
        if consultation.call_back_due is None:
            raise DomainError(_("这条咨询不需要回复。"))
        if consultation.called_back_at is not None:
            at = formats.date_format(timezone.localtime(consultation.called_back_at), "DATETIME_FORMAT")
            raise DomainError(_("这条咨询已于%(at)s回复。") % {"at": at})
        consultation.called_back_at = timezone.now()
        consultation.called_back_by = actor
        consultation.call_back_note = note.strip()
        if not consultation.answer:
            consultation.answer = note.strip()
        consultation.save(update_fields=["called_back_at", "called_back_by", "call_back_note", "answer"])
    return consultation
