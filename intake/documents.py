"""Printed documents: one template each, rendered as an HTML print view or a WeasyPrint PDF.

Renderers return (filename, bytes) and hold no storage code. Official documents are Chinese
whatever the reader's language: their context is built under the site language too, because
labels (person groups, statuses) are turned into text while it is built.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from legalaid.documents.typography import chinese_date
from legalaid.pdf import render_html, render_pdf

from .models import ApplicantLetter, Application, MaterialsNotice, NoticeText
from .selectors import application_checklist, notice_text

# slug: (template, title); the slugs appear in URLs. The titles are marked so that the buttons on
# the application page read in the user's language; the documents themselves are rendered in Chinese.
FORMS = {
    "application-form": ("intake/pdf/preliminary_application_form.html", _("法律援助初审案件申请表")),
    "approval-form": ("intake/pdf/preliminary_approval_form.html", _("法律援助初审案件审批表")),
    "acceptance-notice": ("intake/pdf/acceptance_notice.html", _("法律援助初审案件受理通知书")),
}


class _SafeDict(dict):
    """Leaves an unknown placeholder as typed, so an admin's typo shows instead of failing."""

    def __missing__(self, key):
        return "{" + key + "}"


def _chinese_date(day) -> str:
    return chinese_date(day)


def notice_placeholders(application: Application, notice: MaterialsNotice | None = None) -> dict:
    return {
        "applicant": application.applicant.name,
        "number": application.number,
        "centre": application.centre.name,
        "received_date": _chinese_date(timezone.localdate(application.received_at)),
        "decision_due": _chinese_date(application.decision_due),
        "due_date": _chinese_date(notice.due_date) if notice else "",
        "notice_date": _chinese_date(timezone.localdate(notice.issued_at)) if notice else "",
    }


def fill_notice_text(kind: str, application: Application, notice: MaterialsNotice | None = None) -> tuple[str, str]:
    """The title and body of a notice (wording edited in admin), its placeholders filled."""
    text = notice_text(kind)
    if text is None:
        return str(NoticeText.Kind(kind).label), ""
    return text.title, text.body.format_map(_SafeDict(notice_placeholders(application, notice)))


def form_context(application: Application) -> dict:
    review = application.preliminary_reviews.select_related("reviewer", "organisation").first()
    title, body = fill_notice_text(NoticeText.Kind.ACCEPTANCE_NOTICE, application)
    _rights_title, rights = fill_notice_text(NoticeText.Kind.RIGHTS_AND_DUTIES, application)
    received = timezone.localtime(application.received_at)
    return {
        "application": application,
        "applicant": application.applicant,
        "representative": application.representative,
        "opposing_parties": list(application.opposing_parties.all()),
        "attachments": list(application.attachments.all()),
        "checklist": application_checklist(application),
        "review": review,
        "received": received,
        "applicant_groups": "、".join(application.applicant.group_labels(received.date())) or "无",
        "acceptance_title": title,
        "acceptance_body": body,
        "rights_and_duties": rights,
        "today": timezone.localdate(),
    }


def form_html(slug: str, application: Application, *, print_view: bool = True) -> str:
    template, title = FORMS[slug]
    with translation.override(settings.LANGUAGE_CODE):
        return render_html(template, {**form_context(application), "title": str(title), "print_view": print_view})


def render_form(slug: str, application: Application) -> tuple[str, bytes]:
    template, title = FORMS[slug]
    with translation.override(settings.LANGUAGE_CODE):
        title = str(title)
        content = render_pdf(template, {**form_context(application), "title": title, "print_view": False})
    return f"{title}-{application.number}.pdf", content


def notice_context(notice: MaterialsNotice) -> dict:
    title, body = fill_notice_text(NoticeText.Kind.MATERIALS_NOTICE, notice.application, notice)
    return {
        "notice": notice,
        "application": notice.application,
        "title": title,
        "paragraphs": [p for p in body.splitlines() if p.strip()],
        "issued": timezone.localtime(notice.issued_at),
    }


def materials_notice_html(notice: MaterialsNotice) -> str:
    return render_html("intake/pdf/materials_notice.html", {**notice_context(notice), "print_view": True})


def render_materials_notice(notice: MaterialsNotice) -> tuple[str, bytes]:
    content = render_pdf("intake/pdf/materials_notice.html", {**notice_context(notice), "print_view": False})
    return f"一次性告知书-{notice.application.number}.pdf", content


def letter_context(letter: ApplicantLetter) -> dict:
    text = notice_text(letter.kind, timezone.localdate(letter.created_at))
    return {
        "letter": letter,
        "application": letter.application,
        "title": text.title if text else letter.get_kind_display(),
        "paragraphs": [p for p in letter.body.splitlines() if p.strip()],
        "issued": timezone.localtime(letter.created_at),
    }


def applicant_letter_html(letter: ApplicantLetter) -> str:
    return render_html("intake/pdf/applicant_letter.html", {**letter_context(letter), "print_view": True})


def render_applicant_letter(letter: ApplicantLetter) -> tuple[str, bytes]:
    content = render_pdf("intake/pdf/applicant_letter.html", {**letter_context(letter), "print_view": False})
    return f"{letter.get_kind_display()}-{letter.application.number}.pdf", content
