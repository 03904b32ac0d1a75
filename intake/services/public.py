"""The public online application (no login), filed as `PUBLIC`.

Its answer must not tell a stranger anything about the registry: whether the ID number typed is
registered, or whether a name matches it. So a registered ID number files for the registered
person exactly as a new one would be filed; a name that differs from the registered one is noted
in the application's history for the centre, which checks identity when it accepts (online
applications always wait for the centre's acceptance).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.errors import DomainError
from legalaid.kernel import PUBLIC
from legalaid.messaging.services import contact_consent
from legalaid.models import MatterCategory, Organisation
from legalaid.validators import validate_mobile
from legalaid.vocabulary import CaseType, CriminalStage

from .. import selectors
from ..models import Application, Channel, Consultation, ServiceRequested
from .applications import application_submit
from .attachments import ScanUpload
from .common import validation_to_domain
from .consultations import CALL_BACK_HOURS
from .persons import person_create

ONLINE_CHANNEL = "online"

# The public form asks for the kind of problem in plain words; the form of aid follows from it.
SERVICE_FOR_CASE_TYPE = {
    CaseType.CIVIL: ServiceRequested.LITIGATION,
    CaseType.LABOUR_ARBITRATION: ServiceRequested.ARBITRATION,
    CaseType.CRIMINAL: ServiceRequested.CRIMINAL_DEFENCE,
    CaseType.ADMINISTRATIVE: ServiceRequested.LITIGATION,
    CaseType.NON_LITIGATION: ServiceRequested.NON_LITIGATION,
}


def public_application_submit(
    *,
    centre,
    name: str,
    id_number: str,
    phone: str,
    address: str,
    case_type: str,
    facts: str,
    opposing_party: str = "",
    deadline_date=None,
    files=(),
    submission_token: str | None = None,
) -> Application:
    name = name.strip()
    with transaction.atomic():
        applicant = selectors.person_by_id_number(id_number)
        if applicant is None:
            applicant = person_create(
                actor=PUBLIC, name=name, id_number=id_number, phone=phone, residence_address=address
            )
        note = ""
        if applicant.name != name:
            note = _("网上填写的姓名“%(typed)s”与该证件号码登记的姓名不一致，受理时请核对身份") % {"typed": name}
        return application_submit(
            actor=PUBLIC,
            applicant=applicant,
            channel=Channel.objects.get(code=ONLINE_CHANNEL),
            receiving_organisation=centre,
            case_type=case_type,
            criminal_stage=CriminalStage.INVESTIGATION if case_type == CaseType.CRIMINAL else "",
            facts=facts,
            service_requested=SERVICE_FOR_CASE_TYPE[case_type],
            deadline_date=deadline_date,
            contact_phone=phone,
            opposing_parties=[{"name": opposing_party}] if opposing_party else [],
            attachments=[ScanUpload(f, title=_("网上申请材料")) for f in files],
            submission_token=submission_token,
            filing_note=note,
        )


CALL_TIME_WORDS = {
    "any": gettext_lazy("工作时间都可以"),
    "morning": gettext_lazy("工作日上午"),
    "afternoon": gettext_lazy("工作日下午"),
}


def public_consultation_submit(
    *,
    centre: Organisation,
    name: str,
    phone: str,
    question: str,
    call_time: str = "any",
    matter: MatterCategory | None = None,
    submission_token: str | None = None,
) -> Consultation:
    """A question the public leaves online (12348-style): it lands in the centre's call-back list with the
    same clock as a hotline message, and the caller's consent to be called and texted is recorded."""
    name, phone, question = (name or "").strip(), (phone or "").strip(), (question or "").strip()
    if not question:
        raise DomainError(_("请填写咨询问题。"), field="question")
    if not centre.is_centre or not centre.is_active:
        raise DomainError(_("请选择法律援助中心。"), field="centre")
    try:
        validate_mobile(phone)
    except ValidationError as error:
        raise validation_to_domain(error, "phone") from None
    if call_time not in CALL_TIME_WORDS:
        raise DomainError(_("请选择方便接电话的时间。"), field="call_time")
    now = timezone.now()
    preferred = _("希望回电时间：%(when)s") % {"when": CALL_TIME_WORDS[call_time]}
    try:
        with transaction.atomic():
            consultation = Consultation.objects.create(
                channel=Channel.objects.get(code=ONLINE_CHANNEL),
                organisation=centre,
                taken_by=None,
                consulted_at=now,
                visitor_name=name,
                visitor_phone=phone,
                matter=matter,
                question=f"{question}\n\n{preferred}",
                outcome=Consultation.Outcome.CALL_BACK,
                call_back_due=now + timedelta(hours=CALL_BACK_HOURS),
                submission_token=submission_token or None,
            )
            contact_consent(phone, actor=PUBLIC, note=_("网上咨询时同意回电和短信"))
    except IntegrityError:
        raise DomainError(_("这条咨询已经提交过，请勿重复提交。"), field="submission_token") from None
    return consultation
