"""Official documents: the number counters, the documents issued with a number, and batch print runs.

The documents themselves are rendered from their records (`legalaid.documents.registry`); only what a
reprint must repeat exactly is kept: the number and date a document was issued with.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..kernel.actors import ActorKind


class DocumentCounter(models.Model):
    """The last number used per organisation, year and document kind; locked with SELECT ... FOR UPDATE."""

    organisation = models.ForeignKey(
        "legalaid.Organisation", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    # The word of the number (函、通、送…): kinds that share a word share a series, so no printed
    # number such as 〔2026〕皖0422法援送字第3号 is ever given twice.
    series = models.CharField(_("文书字号"), max_length=20)
    last = models.PositiveIntegerField(_("已用到的顺序号"), default=0)

    class Meta:
        verbose_name = _("文书编号计数器")
        verbose_name_plural = _("文书编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "series"], name="document_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} {self.series}:{self.last}"


def issued_pdf_path(instance: "IssuedDocument", filename: str) -> str:
    return f"documents/issued/{instance.issued_at:%Y/%m}/{filename}"


class IssuedDocument(models.Model):
    """A document issued to someone: its number and date, so every reprint shows the same ones."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("文书种类"), max_length=60)
    number = models.CharField(_("文号"), max_length=80, blank=True)
    issued_at = models.DateTimeField(_("出具时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_kind = models.CharField(_("出具人类型"), max_length=10, choices=ActorKind.choices, default=ActorKind.USER)
    pdf = models.FileField(_("出具时的PDF"), upload_to=issued_pdf_path, blank=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("已出具文书")
        verbose_name_plural = _("已出具文书")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "kind"], name="issued_document_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}".strip()


class DocumentBatch(models.Model):
    """A print run: one kind of document for every record of a period in the requester's scope, as one PDF."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RENDERING = "rendering", _("生成中")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")

    kind = models.CharField(_("文书种类"), max_length=60)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    start = models.DateField(_("日期自"))
    end = models.DateField(_("日期至"))
    # The records in the requester's scope when they asked: the task renders exactly these.
    object_ids = models.JSONField(_("文书所属记录"), default=list)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(_("开始生成时间"), null=True, blank=True)
    document_count = models.PositiveIntegerField(_("份数"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="documents/batches/%Y/%m/", blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("文书批量打印")
        verbose_name_plural = _("文书批量打印")

    def __str__(self) -> str:
        return _("%(kind)s %(start)s—%(end)s（%(count)s 份）") % {
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "count": self.document_count,
        }
