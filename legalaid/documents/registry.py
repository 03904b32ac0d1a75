"""The registry of official documents: what each record's paper file holds and how each page is made.

A stage registers its records as subjects (`register_subject`, with the selector that scopes them)
and its documents as kinds (`register`), in its AppConfig.ready(). A kind renders from the record
alone (`context`), says whether it exists, is due, is missing or does not apply (`state`), and, when
it carries a number, takes one from the organisation's counter the first time it is issued; the
number and date are kept (`IssuedDocument`) so every reprint repeats them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from legalaid.models import IssuedDocument, Organisation
from legalaid.pdf import render_html as render_template_html
from legalaid.pdf import render_pdf as render_template_pdf


class DocumentState(models.TextChoices):
    EXISTS = "exists", _("已生成")
    DUE = "due", _("待出具")
    MISSING = "missing", _("缺失")
    NOT_APPLICABLE = "not_applicable", _("不适用")


PRINTABLE = frozenset({DocumentState.EXISTS, DocumentState.DUE})


@dataclass(frozen=True)
class DocumentKind:
    code: str  # "application_form", "closing_report", …
    title: str  # gettext_lazy("法律援助申请表"): read in the user's language on pages, Chinese on paper
    subject: str  # model label of the record: "intake.Application", "cases.Case"
    template: str  # extends documents/official.html (letters) or documents/form.html (table forms)
    context: Callable[[models.Model], dict]  # everything the template needs, from the record
    state: Callable[[models.Model], tuple[str, str]]  # (DocumentState, the reason in words)
    number_word: str = ""  # set → numbered from DocumentCounter when first issued (函、通、决、协、送…)
    order: int = 100  # position in the case file catalogue (卷内目录)
    personal_data: bool = True  # printing it is logged in the access log
    period_field: str = ""  # the record's date(time) that puts it in a batch; "" → the subject's

    @property
    def numbered(self) -> bool:
        return bool(self.number_word)


@dataclass(frozen=True)
class Subject:
    label: str  # "intake.Application"
    selector: Callable  # selector(user) → the records the user may see
    detail_url: Callable[[models.Model], str]  # the record's own page
    organisation: Callable[[models.Model], Organisation]  # the centre that issues (and numbers) them
    permission: str = ""  # to see and print the record's documents
    issue_permission: str = ""  # to give a numbered document its number; empty → `permission`
    period_field: str = ""  # default date(time) field for batches
    describe: Callable[[models.Model], str] = field(default=str)  # how the access log names the record

    @property
    def key(self) -> str:
        return self.label.lower()

    @property
    def may_issue(self) -> str:
        return self.issue_permission or self.permission


_kinds: dict[str, DocumentKind] = {}
_subjects: dict[str, Subject] = {}


def register_subject(
    label: str,
    *,
    selector: Callable,
    detail_url: Callable[[models.Model], str],
    organisation: Callable[[models.Model], Organisation],
    permission: str = "",
    issue_permission: str = "",
    period_field: str = "",
    describe: Callable[[models.Model], str] = str,
) -> Subject:
    subject = Subject(
        label=label,
        selector=selector,
        detail_url=detail_url,
        organisation=organisation,
        permission=permission,
        issue_permission=issue_permission,
        period_field=period_field,
        describe=describe,
    )
    _subjects[subject.key] = subject
    return subject


def register(document_kind: DocumentKind) -> DocumentKind:
    existing = _kinds.get(document_kind.code)
    if existing is not None and existing != document_kind:
        raise ValueError(f"document kind {document_kind.code!r} is registered twice")
    _kinds[document_kind.code] = document_kind
    return document_kind


def kind(code) -> DocumentKind:
    if isinstance(code, DocumentKind):
        return code
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"no document kind {code!r}") from None


def all_kinds() -> list[DocumentKind]:
    return sorted(_kinds.values(), key=lambda each: (each.order, each.code))


def label_of(obj_or_label) -> str:
    return obj_or_label if isinstance(obj_or_label, str) else obj_or_label._meta.label


def subject(obj_or_label) -> Subject:
    try:
        return _subjects[label_of(obj_or_label).lower()]
    except KeyError:
        raise LookupError(f"no document subject {label_of(obj_or_label)!r}") from None


def has_subject(obj_or_label) -> bool:
    return label_of(obj_or_label).lower() in _subjects


def kinds_for(obj_or_label) -> list[DocumentKind]:
    """The kinds of a record (or model label), in catalogue order."""
    label = label_of(obj_or_label).lower()
    return [each for each in all_kinds() if each.subject.lower() == label]


def period_field(document_kind: DocumentKind) -> str:
    return document_kind.period_field or subject(document_kind.subject).period_field


def is_printable(document_kind, state, issued: dict) -> bool:
    """Printable when it exists or is due, a numbered one only once its number is issued (it prints its number)."""
    return state in PRINTABLE and (not document_kind.numbered or document_kind.code in issued)


def issued_documents(obj) -> dict[str, IssuedDocument]:
    """The numbered documents issued for a record, by kind code (one query)."""
    content_type = ContentType.objects.get_for_model(type(obj))
    rows = IssuedDocument.objects.filter(content_type=content_type, object_id=obj.pk)
    return {row.kind: row for row in rows}


def issued_document(document_kind, obj) -> IssuedDocument | None:
    return issued_documents(obj).get(kind(document_kind).code)


_LOOK_UP = object()


def state_of(document_kind, obj, issued=_LOOK_UP) -> tuple[str, str]:
    """A numbered document once issued exists, whatever its kind would say of the record now.

    `issued`: the record's issue of this kind when the caller has it (None: not issued); looked up if not given.
    """
    document_kind = kind(document_kind)
    if issued is _LOOK_UP:
        issued = issued_document(document_kind, obj) if document_kind.numbered else None
    if issued is not None:
        return DocumentState.EXISTS, _("已出具，%(number)s") % {"number": issued.number}
    state, reason = document_kind.state(obj)
    return state, str(reason)


def documents_of(obj) -> list[tuple[DocumentKind, str, str]]:
    """Every document of the record: (kind, state, reason), in catalogue order."""
    issued = issued_documents(obj)
    return [(each, *state_of(each, obj, issued.get(each.code))) for each in kinds_for(obj)]


def document_context(document_kind, obj, issued: IssuedDocument | None = None) -> dict:
    """What the template gets: the kind's own context and the blocks of the official layout.

    `number` and `issued_on` come from the issue when there is one; an unnumbered document is dated
    the day it is printed unless its context says otherwise (a decision's date, a receipt's time).
    """
    document_kind = kind(document_kind)
    if issued is None and document_kind.numbered:
        issued = issued_document(document_kind, obj)
    context = {
        "title": str(document_kind.title),
        "kind": document_kind,
        "record": obj,
        "organisation": subject(document_kind.subject).organisation(obj),
        "number": issued.number if issued else "",
        "issued_on": timezone.localdate(issued.issued_at) if issued else timezone.localdate(),
    }
    context.update(document_kind.context(obj))
    return context


def render_html(document_kind, obj, *, print_view: bool = False, extra: dict | None = None) -> str:
    """The document as HTML; `print_view=True` adds the screen toolbar (its links in `extra`)."""
    document_kind = kind(document_kind)
    # Labels (statuses, person groups) become text while the context is built: build it in Chinese too.
    with translation.override(settings.LANGUAGE_CODE):
        context = {**document_context(document_kind, obj), "print_view": print_view, **(extra or {})}
        return render_template_html(document_kind.template, context)


def render_pdf(document_kind, obj) -> bytes:
    document_kind = kind(document_kind)
    with translation.override(settings.LANGUAGE_CODE):
        context = {**document_context(document_kind, obj), "print_view": False}
        return render_template_pdf(document_kind.template, context)


def official_title(document_kind) -> str:
    """The title as printed: Chinese, whatever the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(kind(document_kind).title)


def filename(document_kind, obj) -> str:
    reference = getattr(obj, "number", "") or obj.pk
    return f"{official_title(document_kind)}-{reference}.pdf"


def render_document(document_kind, obj) -> tuple[str, bytes]:
    """The renderer shape of CONVENTIONS: (filename, bytes), no storage."""
    return filename(document_kind, obj), render_pdf(document_kind, obj)
