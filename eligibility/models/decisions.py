"""Means assessments, decisions on applications, objections (LAL 49) and pledge spot-checks (LAL 41, 48, 64).

An assessment and a decision store a snapshot of what they were made on (facts, the standard and
the engine's result), so they can be explained and re-printed exactly after the rules change.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intake.models import Application
from legalaid.models import Organisation, TransitionRecord

from .. import engine
from .rules import EffectiveDated, HardshipStandard, PriorityGroup, WaiverCategory

OBJECTION_REVIEW_DAYS = 5  # LAL 49
MAX_FRAUD_FINE = Decimal("3000.00")  # LAL 64

_LABELS = engine.OUTCOME_LABELS


class Outcome(models.TextChoices):
    """The engine's outcomes, as stored."""

    OUT_OF_SCOPE = "out_of_scope", _(_LABELS[engine.Outcome.OUT_OF_SCOPE])
    NO_MEANS_TEST = "no_means_test", _(_LABELS[engine.Outcome.NO_MEANS_TEST])
    WAIVED = "waived", _(_LABELS[engine.Outcome.WAIVED])
    ELIGIBLE = "eligible", _(_LABELS[engine.Outcome.ELIGIBLE])
    INELIGIBLE = "ineligible", _(_LABELS[engine.Outcome.INELIGIBLE])
    INCOMPLETE = "incomplete", _(_LABELS[engine.Outcome.INCOMPLETE])


class PledgeText(EffectiveDated):
    """The wording of the integrity pledge the applicant signs (LAL 41); each assessment keeps its copy."""

    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("承诺内容"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("诚信承诺文本")
        verbose_name_plural = _("诚信承诺文本")

    def __str__(self) -> str:
        return f"{self.title}({self.period_display})"


class MeansAssessment(models.Model):
    """One run of the means test on an application: the facts seen, the rules used, the result.

    Append-only: new facts make a new assessment, which supersedes the one before it; the current
    one is the one a decision uses.
    """

    class Status(models.TextChoices):
        CURRENT = "current", _("现行")
        SUPERSEDED = "superseded", _("已被新的审查取代")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="means_assessments"
    )
    region_code = models.CharField(_("适用地区代码"), max_length=9, db_index=True)
    application_date = models.DateField(_("申请日期"))
    case_type = models.CharField(_("案件类型"), max_length=20)
    matter_code = models.CharField(_("事项类别代码"), max_length=40, blank=True)
    household_size = models.PositiveSmallIntegerField(_("家庭人口数"), null=True, blank=True)
    household_monthly_income = models.DecimalField(
        _("家庭月收入合计(元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    household_assets = models.DecimalField(_("家庭财产(元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    integrity_pledge = models.BooleanField(_("已签署诚信承诺"), default=False)
    pledge_text = models.TextField(_("承诺文本"), blank=True)
    pledge_signed_at = models.DateTimeField(_("承诺签署时间"), null=True, blank=True)
    priority_group = models.ForeignKey(
        PriorityGroup,
        verbose_name=_("简化程序重点人群"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    standard = models.ForeignKey(
        HardshipStandard,
        verbose_name=_("适用的经济困难标准"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    standard_snapshot = models.JSONField(_("标准快照"), null=True, blank=True)
    facts_snapshot = models.JSONField(_("事实快照"), default=dict)
    outcome = models.CharField(_("审查结果"), max_length=20, choices=Outcome.choices, db_index=True)
    basis = models.CharField(_("依据代码"), max_length=40, blank=True)
    per_capita_income = models.DecimalField(_("人均月收入(元)"), max_digits=12, decimal_places=2, null=True, blank=True)
    standard_line = models.DecimalField(_("标准(元)"), max_digits=10, decimal_places=2, null=True, blank=True)
    reasons = models.JSONField(_("理由"), default=list)
    reason_parts = models.JSONField(
        _("理由模板"), default=list, blank=True, help_text=_("每条理由的模板和数值，用于以读者的语言显示")
    )
    missing = models.JSONField(_("缺少的情况"), default=list, blank=True)
    notes = models.TextField(_("审查说明"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审查人"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("审查时间"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.CURRENT)

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        get_latest_by = ["assessed_at", "pk"]
        verbose_name = _("经济困难审查")
        verbose_name_plural = _("经济困难审查")
        indexes = [models.Index(fields=["region_code", "application_date"], name="elig_assess_region_date")]

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_outcome_display()}"

    @property
    def favourable(self) -> bool:
        return self.outcome in engine.FAVOURABLE

    @property
    def reasons_display(self) -> list[str]:
        """The reasons in the reader's language (the stored Chinese text for assessments made before
        templates were kept)."""
        if len(self.reason_parts) != len(self.reasons):
            return list(self.reasons)
        return [engine.render_reason(template, params, gettext) for template, params in self.reason_parts]

    @property
    def decision(self) -> engine.Decision:
        return engine.Decision(
            engine.Outcome(self.outcome),
            self.basis or None,
            self.per_capita_income,
            self.standard_line,
            tuple(self.reasons),
            tuple(self.missing),
        )

    def facts(self) -> engine.Facts:
        """The engine's facts, rebuilt from the snapshot (the what-if re-runs them)."""
        snap = self.facts_snapshot
        return engine.Facts(
            case_type=snap.get("case_type"),
            matter=snap.get("matter") or None,
            categories=frozenset(snap.get("categories", [])),
            household_size=snap.get("household_size"),
            household_monthly_income=_decimal(snap.get("household_monthly_income")),
            household_assets=_decimal(snap.get("household_assets")),
            integrity_pledge=bool(snap.get("integrity_pledge")),
        )


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        SELF = "self", _("本人")
        SPOUSE = "spouse", _("配偶")
        CHILD = "child", _("子女")
        PARENT = "parent", _("父母")
        SIBLING = "sibling", _("兄弟姐妹")
        GRANDPARENT = "grandparent", _("祖父母、外祖父母")
        OTHER = "other", _("其他共同生活成员")

    assessment = models.ForeignKey(
        MeansAssessment, verbose_name=_("审查"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("姓名"), max_length=50)
    relation = models.CharField(_("与申请人关系"), max_length=20, choices=Relation.choices)
    monthly_income = models.DecimalField(
        _("月收入(元)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    income_source = models.CharField(_("收入来源"), max_length=100, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")

    def __str__(self) -> str:
        return f"{self.name}({self.get_relation_display()})"


class ClaimedCategory(models.Model):
    """A waiver category the applicant claims, and the proof staff saw."""

    assessment = models.ForeignKey(
        MeansAssessment, verbose_name=_("审查"), on_delete=models.CASCADE, related_name="claims"
    )
    category = models.ForeignKey(WaiverCategory, verbose_name=_("免审类别"), on_delete=models.PROTECT, related_name="+")
    document_seen = models.CharField(_("查验的证明材料"), max_length=200, blank=True)
    card = models.ForeignKey(
        "eligibility.LegalAidCard",
        verbose_name=_("法律援助卡"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    proven = models.BooleanField(_("已查验属实"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("主张的免审类别")
        verbose_name_plural = _("主张的免审类别")

    def __str__(self) -> str:
        return str(self.category)


class RefusalReason(models.TextChoices):
    """The grounds a refusal may give (LAL 24, 29, 31, 34, 41); the text adds the particulars."""

    OUT_OF_SCOPE = "out_of_scope", _("申请事项不属于法律援助范围")
    NOT_NEEDY = "not_needy", _("申请人经济状况不符合本地区经济困难标准")
    HAS_COUNSEL = "has_counsel", _("申请人已委托辩护人或代理人")
    FALSE_STATEMENT = "false_statement", _("申请人未如实说明经济困难状况或提供虚假材料")
    NO_LEGAL_BASIS = "no_legal_basis", _("申请事项缺乏事实和法律依据")
    OTHER = "other", _("其他不符合法律援助条件的情形")


class Decision(models.Model):
    """The centre's written decision on an application: grant, or refusal with reasons (LAL 43)."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("有效")
        REOPENED = "reopened", _("已撤销重新审查")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="eligibility_decisions"
    )
    assessment = models.ForeignKey(
        MeansAssessment, verbose_name=_("经济困难审查"), on_delete=models.PROTECT, related_name="decisions"
    )
    centre = models.ForeignKey(Organisation, verbose_name=_("决定机构"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("决定书编号"), max_length=40, unique=True)
    granted = models.BooleanField(_("给予法律援助"))
    refusal_reasons = models.JSONField(_("不予援助理由"), default=list, blank=True)
    reason_text = models.TextField(_("决定理由"))
    simplified = models.BooleanField(_("简化程序(即申即批)"), default=False)
    snapshot = models.JSONField(_("决定书内容快照"), default=dict)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)
    reopened_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        get_latest_by = ["decided_at", "pk"]
        verbose_name = _("法律援助决定")
        verbose_name_plural = _("法律援助决定")
        permissions = [("decide_application", _("决定是否给予法律援助"))]
        indexes = [models.Index(fields=["centre", "decided_at"], name="elig_decision_centre_time")]

    def __str__(self) -> str:
        return self.number

    @property
    def refusal_reason_labels(self) -> list[str]:
        labels = dict(RefusalReason.choices)
        return [str(labels.get(code, code)) for code in self.refusal_reasons]

    @property
    def title(self) -> str:
        return _("给予法律援助决定书") if self.granted else _("不予法律援助决定书")


class Objection(models.Model):
    """An objection to a refusal or a termination, reviewed by the justice bureau within 5 days (LAL 49).

    A refusal objection points at the application (and its decision); a termination objection is
    about a case, which this stage cannot see: it carries the case number in `subject_reference`.
    """

    class Kind(models.TextChoices):
        REFUSAL = "refusal", _("对不予法律援助决定的异议")
        TERMINATION = "termination", _("对终止法律援助决定的异议")

    class Status(models.TextChoices):
        PENDING = "pending", _("待司法行政部门审查")
        UPHELD = "upheld", _("维持原决定")
        CORRECTION_ORDERED = "correction_ordered", _("责令改正")

    kind = models.CharField(_("异议类型"), max_length=20, choices=Kind.choices)
    centre = models.ForeignKey(
        Organisation, verbose_name=_("作出决定的机构"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("不予援助决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
    )
    subject_reference = models.CharField(
        _("异议所涉文书或案件编号"), max_length=60, blank=True, help_text=_("如终止决定所涉的案件编号")
    )
    objector_name = models.CharField(_("异议人"), max_length=50)
    objector_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    grounds = models.TextField(_("异议理由"))
    review_body = models.CharField(_("审查机关"), max_length=100)
    filed_on = models.DateField(_("提出异议日期"))
    review_due = models.DateField(_("审查期限"), db_index=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    review_decided_on = models.DateField(_("审查决定日期"), null=True, blank=True)
    review_opinion = models.TextField(_("审查意见"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        permissions = [("decide_objection", _("登记司法行政部门对异议的审查决定"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="termination") | models.Q(application__isnull=False),
                name="objection_refusal_has_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objector_name} {self.get_kind_display()}"

    @staticmethod
    def due_for(filed_on):
        return filed_on + timedelta(days=OBJECTION_REVIEW_DAYS)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def is_overdue(self, today=None) -> bool:
        return self.is_pending and (today or timezone.localdate()) > self.review_due

    @property
    def subject_display(self) -> str:
        if self.decision_id:
            return self.decision.number
        if self.application_id:
            return self.application.number
        return self.subject_reference


class ObjectionTransition(TransitionRecord):
    objection = models.ForeignKey(
        Objection, verbose_name=_("异议"), on_delete=models.PROTECT, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        verbose_name = _("异议状态变更记录")
        verbose_name_plural = _("异议状态变更记录")


class SpotCheckDraw(models.Model):
    """One month's random draw of pledge-based grants at a centre; one row per (centre, month)."""

    centre = models.ForeignKey(Organisation, verbose_name=_("中心"), on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("月份"), help_text=_("所抽查月份的第一天"))
    share_percent = models.DecimalField(_("抽查比例(%)"), max_digits=5, decimal_places=2)
    population = models.PositiveIntegerField(_("当月依承诺给予援助件数"), default=0)
    drawn_at = models.DateTimeField(_("抽取时间"), default=timezone.now)

    class Meta:
        ordering = ["-period", "centre"]
        verbose_name = _("诚信承诺抽查批次")
        verbose_name_plural = _("诚信承诺抽查批次")
        constraints = [models.UniqueConstraint(fields=["centre", "period"], name="spot_check_draw_once")]

    def __str__(self) -> str:
        return _("%(centre)s %(month)s") % {"centre": self.centre, "month": self.period.strftime("%Y-%m")}


class PledgeSpotCheck(models.Model):
    """One pledge-based grant drawn for verification (LAL 41); a false pledge leads to termination
    (LAL 48) and recovery of the cost (LAL 64)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待核查")
        CONFIRMED = "confirmed", _("承诺属实")
        FALSE_PLEDGE = "false_pledge", _("承诺不实")

    draw = models.ForeignKey(SpotCheckDraw, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="checks")
    decision = models.OneToOneField(
        Decision, verbose_name=_("决定"), on_delete=models.PROTECT, related_name="spot_check"
    )
    status = models.CharField(
        _("核查结果"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    findings = models.TextField(_("核查情况"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["draw", "pk"]
        verbose_name = _("诚信承诺抽查")
        verbose_name_plural = _("诚信承诺抽查")
        permissions = [("verify_pledge", _("核查诚信承诺"))]

    def __str__(self) -> str:
        return f"{self.decision.number} {self.get_status_display()}"


class Recovery(models.Model):
    """Recovery of the cost of aid obtained by deception, and the fine (LAL 64: up to 3,000 yuan)."""

    class Status(models.TextChoices):
        OPEN = "open", _("待追缴")
        RECOVERED = "recovered", _("已追缴")
        CLOSED = "closed", _("已结束(无法追缴或免予追缴)")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="recoveries"
    )
    spot_check = models.OneToOneField(
        PledgeSpotCheck,
        verbose_name=_("抽查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recovery",
    )
    grounds = models.TextField(_("事实和理由"))
    cost_amount = models.DecimalField(
        _("应退还的法律援助费用(元)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    fine_amount = models.DecimalField(
        _("罚款(元)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_FRAUD_FINE)],
        help_text=_("由司法行政部门依法律援助法第六十四条决定，不超过3000元"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(_("追缴情况"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("费用追缴")
        verbose_name_plural = _("费用追缴")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fine_amount__isnull=True) | models.Q(fine_amount__lte=MAX_FRAUD_FINE),
                name="recovery_fine_at_most_3000",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.number} {self.get_status_display()}"
