"""Documents given to the applicant: the one-time notice, notice wording and letters."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.kernel.effective import EffectiveDated, period_constraint
from legalaid.models import Organisation

from .applications import LAL_IN_FORCE, Application


def notice_pdf_path(instance, filename: str) -> str:
    return f"intake/notices/{instance.application_id}/{filename}"


class MaterialsNotice(models.Model):
    """The one-time notice (一次性告知): every missing item, told at once in writing."""

    application = models.OneToOneField(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="materials_notice"
    )
    number = models.CharField(_("告知书编号"), max_length=30, unique=True)
    items = models.JSONField(_("需补充的材料"), default=list)
    note = models.TextField(_("其他告知事项"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("告知人"), on_delete=models.PROTECT, related_name="+"
    )
    issuing_organisation = models.ForeignKey(
        Organisation, verbose_name=_("告知机构"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("告知时间"), default=timezone.now)
    due_date = models.DateField(_("补充期限"))
    resume_status = models.CharField(_("补充后恢复的状态"), max_length=30, choices=Application.Status.choices)
    supplied_at = models.DateTimeField(_("补充时间"), null=True, blank=True)
    supplied_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supply_note = models.TextField(_("补充情况"), blank=True)
    lapsed_at = models.DateTimeField(_("逾期视为撤回时间"), null=True, blank=True)
    pdf = models.FileField(_("告知书PDF"), upload_to=notice_pdf_path, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("一次性告知书")
        verbose_name_plural = _("一次性告知书")
        indexes = [models.Index(fields=["due_date"], name="intake_notice_due")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.supplied_at is None and self.lapsed_at is None


class NoticeText(EffectiveDated):
    """Wording of printed notices, effective-dated and edited in admin.

    The body may use {applicant}, {number}, {due_date}, {centre}, {received_date}, {decision_due}.
    """

    class Kind(models.TextChoices):
        MATERIALS_NOTICE = "materials_notice", _("一次性告知书")
        DEEMED_WITHDRAWAL = "deemed_withdrawal", _("视为撤回告知书")
        ACCEPTANCE_NOTICE = "acceptance_notice", _("初审案件受理通知书")
        RIGHTS_AND_DUTIES = "rights_and_duties", _("申请人权利义务告知")
        ONLINE_RECEIPT = "online_receipt", _("网上申请回执说明")

    kind = models.CharField(_("文书"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    effective_from = models.DateField(_("生效日期"), default=LAL_IN_FORCE)
    history = HistoricalRecords()

    overlap_fields = ("kind",)  # one wording of each document at any date

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [period_constraint("intake_notice_text_period")]
        verbose_name = _("文书文本")
        verbose_name_plural = _("文书文本")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}({self.effective_from})"


def letter_pdf_path(instance, filename: str) -> str:
    return f"intake/letters/{instance.application_id}/{filename}"


class ApplicantLetter(models.Model):
    """A generated letter to the applicant (e.g. deemed withdrawal), kept as issued."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    kind = models.CharField(_("文书"), max_length=30, choices=NoticeText.Kind.choices)
    body = models.TextField(_("正文"))
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    pdf = models.FileField(_("PDF"), upload_to=letter_pdf_path, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("致申请人文书")
        verbose_name_plural = _("致申请人文书")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="intake_letter_once")]

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_kind_display()}"
