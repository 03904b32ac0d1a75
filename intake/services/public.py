"""The public online application (no login), filed as `PUBLIC`.

Its answer must not tell a stranger anything about the registry: whether the ID number typed is
registered, or whether a name matches it. So a registered ID number files for the registered
person exactly as a new one would be filed; a name that differs from the registered one is noted
in the application's history for the centre, which checks identity when it accepts (online
applications always wait for the centre's acceptance).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from legalaid.kernel import PUBLIC
from legalaid.vocabulary import CaseType, CriminalStage

from .. import selectors
from ..models import Application, Channel, ServiceRequested
from .applications import application_submit
from .attachments import ScanUpload
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
