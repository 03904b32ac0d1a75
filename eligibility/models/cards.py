"""Legal-aid cards (法律援助卡): issued to grade-1/2 disabled people, minimum-allowance households and
other local groups; a valid card proves the `legal_aid_card` waiver category."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Organisation
from legalaid.validators import validate_phone, validate_resident_id


class LegalAidCard(models.Model):
    class Group(models.TextChoices):
        DISABLED = "disabled_grade_1_2", _("一、二级残疾人")
        MINIMUM_ALLOWANCE = "minimum_allowance", _("最低生活保障家庭成员")
        EXTREME_POVERTY = "extreme_poverty", _("特困供养人员")
        OTHER = "other", _("其他本地困难群体")

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        REVOKED = "revoked", _("已注销")

    number = models.CharField(_("卡号"), max_length=30, unique=True)
    holder_name = models.CharField(_("持卡人姓名"), max_length=50)
    holder_id_number = models.CharField(
        _("持卡人身份证号码"), max_length=18, db_index=True, validators=[validate_resident_id]
    )
    holder_phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])
    holder_address = models.CharField(_("住址"), max_length=200, blank=True)
    group = models.CharField(_("发卡对象类别"), max_length=30, choices=Group.choices)
    group_detail = models.CharField(_("类别说明"), max_length=100, blank=True, help_text=_("其他困难群体时必填"))
    proof_document = models.CharField(
        _("核验的证件"), max_length=200, help_text=_("如残疾人证、最低生活保障证的名称和编号")
    )
    issuing_centre = models.ForeignKey(
        Organisation, verbose_name=_("发卡机构"), on_delete=models.PROTECT, related_name="legal_aid_cards"
    )
    issued_on = models.DateField(_("发卡日期"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发卡人"), on_delete=models.PROTECT, related_name="+"
    )
    revoked_on = models.DateField(_("注销日期"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("注销人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("注销理由"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("法律援助卡")
        verbose_name_plural = _("法律援助卡")
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("issued_on")), name="card_valid_after_issue"),
        ]
        permissions = [("revoke_legalaidcard", _("可以注销法律援助卡"))]

    def __str__(self) -> str:
        return f"{self.number}({self.holder_name})"

    def is_valid_on(self, day: date) -> bool:
        if self.issued_on > day or day > self.valid_until:
            return False
        return self.status == self.Status.ACTIVE or (self.revoked_on is not None and day < self.revoked_on)

    @property
    def is_valid_today(self) -> bool:
        return self.is_valid_on(timezone.localdate())

    @property
    def validity_display(self) -> str:
        return _("%(start)s 至 %(end)s") % {"start": self.issued_on.isoformat(), "end": self.valid_until.isoformat()}
