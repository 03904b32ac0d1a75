"""The application's paper documents, registered with the documents framework (legalaid.documents).

The application is a document subject (scoped by intake's selector); its documents are rendered
from the record: the centre's application form, the power of attorney of a representative, the
receipt of materials and the service receipt of the one-time notice. The eligibility stage registers
the documents that need its records (approval form, means declaration, decision's service receipt).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.documents.registry import DocumentKind, DocumentState, register, register_subject

from .models import Application
from .selectors import application_checklist, applications_for_user


def application_received(application: Application):
    return timezone.localtime(application.received_at)


def opposing_parties(application: Application) -> list:
    return list(application.opposing_parties.all())


# ------------------------------------------------------------------ 法律援助申请表


def application_form_context(application: Application) -> dict:
    received = application_received(application)
    applicant = application.applicant
    return {
        "application": application,
        "applicant": applicant,
        "representative": application.representative,
        "groups": "、".join(applicant.group_labels(received.date())),
        "opposing_parties": opposing_parties(application),
        "received": received,
        "issued_on": received.date(),
    }


def application_form_state(application: Application) -> tuple[str, str]:
    return DocumentState.EXISTS, _("由申请记录生成。")


APPLICATION_FORM = register(
    DocumentKind(
        code="application_form",
        title=gettext_lazy("法律援助申请表"),
        subject="intake.Application",
        template="intake/official/application_form.html",
        context=application_form_context,
        state=application_form_state,
        order=10,
    )
)


# ------------------------------------------------------------------ 法律援助申请委托书


def power_of_attorney_context(application: Application) -> dict:
    received = application_received(application)
    return {
        "application": application,
        "applicant": application.applicant,
        "representative": application.representative,
        "relationship": application.get_representative_relationship_display(),
        "received": received,
        "issued_on": received.date(),
    }


def power_of_attorney_state(application: Application) -> tuple[str, str]:
    if application.representative_id is None:
        return DocumentState.NOT_APPLICABLE, _("申请人本人申请，未委托他人代为申请。")
    return DocumentState.EXISTS, _("由代为申请人%(name)s代为申请。") % {"name": application.representative.name}


POWER_OF_ATTORNEY = register(
    DocumentKind(
        code="application_power_of_attorney",
        title=gettext_lazy("法律援助申请委托书"),
        subject="intake.Application",
        template="intake/official/power_of_attorney.html",
        context=power_of_attorney_context,
        state=power_of_attorney_state,
        order=20,
    )
)


# ------------------------------------------------------------------ 申请材料接收凭证


def materials_received(application: Application) -> list[dict]:
    """The checklist as received: each required item with the files filed for it or ticked at review,
    then the files filed outside the checklist."""
    attachments = list(application.attachments.all())
    review = application.preliminary_reviews.order_by("-submitted_at", "-pk").first()
    ticked = set(review.provided_items) if review else set()
    rows, used = [], set()
    for item in application_checklist(application, timezone.localdate(application.received_at)):
        files = [each for each in attachments if each.requirement_id == item.pk]
        used.update(each.pk for each in files)
        rows.append(
            {
                "name": item.name,
                "required": item.is_required,
                "copies": len(files),
                "received": bool(files) or item.name in ticked,
            }
        )
    for each in attachments:
        if each.pk not in used:
            rows.append({"name": each.title, "required": False, "copies": 1, "received": True})
    return rows


def receipt_context(application: Application) -> dict:
    received = application_received(application)
    return {
        "application": application,
        "applicant": application.applicant,
        "received": received,
        "materials": materials_received(application),
        "receiver": application.received_by,
        "issued_on": received.date(),
    }


def receipt_state(application: Application) -> tuple[str, str]:
    if any(row["received"] for row in materials_received(application)):
        return DocumentState.EXISTS, _("已登记收到的材料。")
    return DocumentState.DUE, _("尚未登记收到的材料，凭证将列明全部应交材料。")


MATERIALS_RECEIPT = register(
    DocumentKind(
        code="materials_receipt",
        title=gettext_lazy("申请材料接收凭证"),
        subject="intake.Application",
        template="intake/official/materials_receipt.html",
        context=receipt_context,
        state=receipt_state,
        order=30,
    )
)


# ------------------------------------------------------------------ 送达回证（一次性告知书）


def notice_of(application: Application):
    from .models import MaterialsNotice

    return MaterialsNotice.objects.filter(application=application).select_related("issued_by").first()


def recipient_address(person) -> str:
    return person.residence_address or person.household_address


def notice_receipt_context(application: Application) -> dict:
    notice = notice_of(application)
    return {
        "application": application,
        "title": "送达回证",
        "served_title": "法律援助补充材料一次性告知书",
        "served_number": notice.number if notice else "",
        "recipient": application.applicant.name,
        "recipient_address": recipient_address(application.applicant),
        "served_by": notice.issued_by if notice else "",
    }


def notice_receipt_state(application: Application) -> tuple[str, str]:
    if notice_of(application) is None:
        return DocumentState.NOT_APPLICABLE, _("未出具一次性告知书。")
    return DocumentState.DUE, _("一次性告知书已出具，待送达。")


NOTICE_SERVICE_RECEIPT = register(
    DocumentKind(
        code="notice_service_receipt",
        title=gettext_lazy("送达回证（一次性告知书）"),
        subject="intake.Application",
        template="documents/service_receipt.html",
        context=notice_receipt_context,
        state=notice_receipt_state,
        number_word="送",
        order=40,
    )
)


register_subject(
    "intake.Application",
    selector=applications_for_user,
    detail_url=lambda application: reverse("intake:application_detail", args=[application.pk]),
    organisation=lambda application: application.centre,
    permission="intake.view_application",
    issue_permission="intake.change_application",
    period_field="received_at",
    describe=lambda application: application.number,
)
