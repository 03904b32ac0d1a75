"""The archive (归档): retention periods, the archived file of a case and its frozen catalogue (卷内目录)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.kernel.actors import ActorKind, actor_label
from legalaid.kernel.effective import EffectiveDated, period_constraint
from legalaid.models import Organisation
from legalaid.vocabulary import CaseType, CriminalStage

from .case import Case
from .work import CaseDocument

User = settings.AUTH_USER_MODEL


class RetentionPeriod(EffectiveDated):
    """How long an archived file is kept, per case type (and criminal stage); effective-dated, edited in admin.

    A row for a stage wins over the row for the whole type. Empty years: kept permanently (永久).
    """

    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    criminal_stage = models.CharField(
        _("刑事诉讼阶段"), max_length=30, choices=CriminalStage.choices, blank=True, help_text=_("留空表示所有阶段")
    )
    years = models.PositiveSmallIntegerField(_("保管年限"), null=True, blank=True, help_text=_("留空表示永久保管"))
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    history = HistoricalRecords()

    overlap_fields = ("case_type", "criminal_stage")

    class Meta:
        ordering = ["case_type", "criminal_stage", "-effective_from"]
        verbose_name = _("档案保管期限")
        verbose_name_plural = _("档案保管期限")
        constraints = [period_constraint("cases_retention_period")]

    def __str__(self) -> str:
        stage = f" {self.get_criminal_stage_display()}" if self.criminal_stage else ""
        return f"{self.get_case_type_display()}{stage}:{self.years_display}"

    @property
    def years_display(self) -> str:
        return _("永久") if self.years is None else _("%(years)s年") % {"years": self.years}


def archive_path(instance, filename: str) -> str:
    return f"archive/{instance.centre_id}/{instance.year}/{instance.case_id}-{timezone.now():%Y%m%d%H%M%S}.pdf"


class CaseArchive(models.Model):
    """The archived file of one case: its archive number, retention and the whole-file PDF (rendered by a task)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("待生成")
        RENDERING = "rendering", _("生成中")
        READY = "ready", _("已生成")

    case = models.OneToOneField(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="archive")
    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("归档年度"))
    number = models.CharField(_("档案号"), max_length=60)
    retention_years = models.PositiveSmallIntegerField(_("保管年限"), null=True, blank=True)
    retention_until = models.DateField(_("保管至"), null=True, blank=True, help_text=_("留空表示永久保管"))
    retention_basis = models.CharField(_("保管期限依据"), max_length=200, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), default=timezone.now)
    archived_by = models.ForeignKey(
        User, verbose_name=_("归档人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    archived_by_kind = models.CharField(
        _("归档人类型"), max_length=10, choices=ActorKind.choices, default=ActorKind.USER
    )
    status = models.CharField(_("卷宗PDF"), max_length=20, choices=Status.choices, default=Status.WAITING)
    claimed_at = models.DateTimeField(_("生成开始时间"), null=True, blank=True)
    pdf = models.FileField(_("卷宗PDF"), upload_to=archive_path, blank=True)
    pages = models.PositiveIntegerField(_("总页数"), null=True, blank=True)
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-archived_at", "-pk"]
        verbose_name = _("案卷档案")
        verbose_name_plural = _("案卷档案")
        constraints = [models.UniqueConstraint(fields=["centre", "number"], name="cases_archive_unique_number")]
        indexes = [models.Index(fields=["centre", "-archived_at"], name="cases_archive_centre_at")]

    def __str__(self) -> str:
        return self.number

    @property
    def archived_by_display(self) -> str:
        return actor_label(self.archived_by, self.archived_by_kind)

    @property
    def retention_display(self) -> str:
        return _("永久") if self.retention_years is None else _("%(years)s年") % {"years": self.retention_years}


class ArchiveEntry(models.Model):
    """One line of the frozen catalogue: a generated document or an uploaded scan, with its pages in the file."""

    archive = models.ForeignKey(
        CaseArchive, verbose_name=_("案卷档案"), on_delete=models.CASCADE, related_name="entries"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("文件名称"), max_length=200)
    kind_code = models.CharField(_("文书种类"), max_length=60, blank=True)
    case_document = models.ForeignKey(
        CaseDocument, verbose_name=_("案卷材料"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attachment = models.ForeignKey(
        "intake.Attachment",
        verbose_name=_("申请材料"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The cooperation request whose letter, reply or answered file this line is (a case may have several).
    cooperation = models.ForeignKey(
        "cases.CooperationRequest",
        verbose_name=_("异地协作"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    page_from = models.PositiveIntegerField(_("起始页"), null=True, blank=True)
    page_to = models.PositiveIntegerField(_("终止页"), null=True, blank=True)

    class Meta:
        ordering = ["archive", "order"]
        verbose_name = _("卷内目录条目")
        verbose_name_plural = _("卷内目录")
        constraints = [
            models.UniqueConstraint(fields=["archive", "order"], name="cases_archive_entry_order"),
            models.CheckConstraint(
                condition=(
                    models.Q(kind_code__gt="", case_document__isnull=True, attachment__isnull=True)
                    | models.Q(
                        kind_code="", case_document__isnull=False, attachment__isnull=True, cooperation__isnull=True
                    )
                    | models.Q(
                        kind_code="", case_document__isnull=True, attachment__isnull=False, cooperation__isnull=True
                    )
                    | models.Q(
                        kind_code="", case_document__isnull=True, attachment__isnull=True, cooperation__isnull=False
                    )
                ),
                name="cases_archive_entry_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def pages_display(self) -> str:
        if self.page_from is None:
            return ""
        return str(self.page_from) if self.page_from == self.page_to else f"{self.page_from}-{self.page_to}"

    @property
    def scan(self):
        """The uploaded file behind a scan line (None for a generated document)."""
        if self.case_document_id:
            return self.case_document.file
        if self.attachment_id:
            return self.attachment.file
        if self.cooperation_id and not self.kind_code:
            return self.cooperation.answer_file
        return None
