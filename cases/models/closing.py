"""Closing a case (LAL 50) and the handler's subsidy (LAL 52)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Organisation, TransitionRecord

from .case import Case
from .rules import SubsidyStandard

User = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2}


class Outcome(models.TextChoices):
    JUDGMENT_WON = "judgment_won", _("判决胜诉")
    JUDGMENT_PARTLY = "judgment_partly", _("判决部分胜诉")
    JUDGMENT_LOST = "judgment_lost", _("判决败诉")
    MEDIATION_AGREEMENT = "mediation_agreement", _("调解结案")
    SETTLEMENT = "settlement", _("和解")
    ARBITRATION_AWARD = "arbitration_award", _("仲裁裁决")
    WITHDRAWN = "withdrawn", _("撤诉、撤回申请")
    TERMINATED = "terminated", _("终止法律援助")
    SENTENCE = "sentence", _("判处刑罚(辩护意见部分或全部采纳)")
    LIGHTER_SENTENCE = "lighter_sentence", _("从轻、减轻或免除处罚")
    ACQUITTAL = "acquittal", _("宣告无罪")
    NOT_PROSECUTED = "not_prosecuted", _("不起诉")
    CASE_DROPPED = "case_dropped", _("撤销案件")
    NON_LITIGATION_DONE = "non_litigation_done", _("非诉讼事项办结")
    OTHER = "other", _("其他")


CRIMINAL_OUTCOMES = (
    Outcome.SENTENCE,
    Outcome.LIGHTER_SENTENCE,
    Outcome.ACQUITTAL,
    Outcome.NOT_PROSECUTED,
    Outcome.CASE_DROPPED,
    Outcome.WITHDRAWN,
    Outcome.TERMINATED,
    Outcome.OTHER,
)


class ClosingSubmission(models.Model):
    """The handler's closing report and materials, and the centre's review of them (LAL 50)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审查")
        ACCEPTED = "accepted", _("审查通过")
        RETURNED = "returned", _("退回补正")

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="closings")
    outcome = models.CharField(_("办理结果"), max_length=30, choices=Outcome.choices)
    outcome_detail = models.TextField(_("结果说明"), blank=True, help_text=_("如判决主文、刑期、调解协议内容"))
    case_end_date = models.DateField(_("办结日期"))
    recovered_amount = models.DecimalField(
        _("挽回经济损失(元)"), validators=[MinValueValidator(Decimal("0"))], default=Decimal("0"), **MONEY
    )
    checklist = models.JSONField(_("结案材料清单"), default=list)
    handling_report = models.TextField(_("办案小结"))
    outside_region = models.BooleanField(_("异地办案"), default=False)
    submitted_by = models.ForeignKey(User, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    status = models.CharField(_("审查结论"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        User, verbose_name=_("审查人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    review_note = models.TextField(_("审查意见(退回时写明需补正的材料)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("结案报告")
        verbose_name_plural = _("结案报告")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="pending"), name="cases_one_pending_closing"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_outcome_display()}"


class Subsidy(models.Model):
    """The subsidy for one case, computed when the closing is accepted; keeps the standard it used."""

    class Status(models.TextChoices):
        COMPUTED = "computed", _("已核算待审批")
        APPROVED = "approved", _("已审批待发放")
        PAID = "paid", _("已发放")

    case = models.OneToOneField(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="subsidy")
    handler = models.ForeignKey(User, verbose_name=_("承办人"), on_delete=models.PROTECT, related_name="subsidies")
    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("所属月份"), help_text=_("结案审查通过的月份(该月1日)"))
    standard = models.ForeignKey(
        SubsidyStandard, verbose_name=_("适用标准"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    basis = models.JSONField(_("核算依据快照"), default=dict)
    base_amount = models.DecimalField(_("基本补贴(元)"), **MONEY)
    extras_amount = models.DecimalField(_("加发(元)"), default=Decimal("0"), **MONEY)
    quality_grade = models.CharField(_("质量评定等次"), max_length=20, blank=True)
    quality_adjustment = models.DecimalField(
        _("质量扣减(元)"), default=Decimal("0"), help_text=_("负数表示扣减"), **MONEY
    )
    quality_note = models.TextField(_("扣减说明"), blank=True)
    amount = models.DecimalField(_("应发金额(元)"), **MONEY)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.COMPUTED)
    computed_at = models.DateTimeField(_("核算时间"), default=timezone.now)
    approved_by = models.ForeignKey(
        User, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    paid_by = models.ForeignKey(
        User, verbose_name=_("发放登记人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(_("发放时间"), null=True, blank=True)
    payment_reference = models.CharField(_("支付凭证号"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period", "handler", "pk"]
        verbose_name = _("办案补贴")
        verbose_name_plural = _("办案补贴")
        indexes = [
            models.Index(fields=["centre", "period"], name="cases_subsidy_centre_period"),
            models.Index(fields=["handler", "period"], name="cases_subsidy_handler_period"),
        ]
        permissions = [
            ("approve_subsidy", _("审批办案补贴")),
            ("pay_subsidy", _("登记补贴发放")),
        ]

    def __str__(self) -> str:
        return _("%(case)s %(amount)s 元") % {"case": self.case, "amount": self.amount}


class SubsidyTransition(TransitionRecord):
    subsidy = models.ForeignKey(
        Subsidy, verbose_name=_("办案补贴"), on_delete=models.PROTECT, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        verbose_name = _("补贴状态变更记录")
        verbose_name_plural = _("补贴状态变更记录")
