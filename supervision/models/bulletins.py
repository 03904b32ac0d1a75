"""The monthly supervision bulletin (月通报), one per centre and month."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from legalaid.models import Organisation


class MonthlyBulletin(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待生成")
        GENERATING = "generating", _("生成中")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.DateField(_("月份"), help_text=_("该月1日"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(_("开始生成时间"), null=True, blank=True)
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    data = models.JSONField(_("通报数据"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to="supervision/bulletins/%Y/", blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        ordering = ["-period", "organisation"]
        verbose_name = _("案件监督月通报")
        verbose_name_plural = _("案件监督月通报")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period"], name="supervision_bulletin_one_per_month")
        ]
        permissions = [("view_bulletin", _("查看监督月通报"))]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period:%Y-%m}"
