"""Cross-region cooperation between centres, and duty-lawyer help at workstations (counted apart from cases)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Organisation

from .case import Case

User = settings.AUTH_USER_MODEL


def answer_path(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cooperation/{instance.centre_id}/{timezone.now():%Y%m%d%H%M%S%f}.{suffix}"


class CooperationRequest(models.Model):
    """A cross-region cooperation request to or from another centre (proof of hardship, investigation help)."""

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("本中心发出")
        INCOMING = "incoming", _("外地中心请求")

    class Kind(models.TextChoices):
        HARDSHIP_PROOF = "hardship_proof", _("协助出具经济困难证明")
        INVESTIGATION = "investigation", _("协助调查取证")
        SERVICE = "service", _("协助送达文书")
        MEETING = "meeting", _("协助会见或约见")
        OTHER = "other", _("其他协作事项")

    class Status(models.TextChoices):
        OPEN = "open", _("待办理")
        ACCEPTED = "accepted", _("对方已接受，办理中")
        ANSWERED = "answered", _("已办复")
        DECLINED = "declined", _("无法协助")
        WITHDRAWN = "withdrawn", _("已撤回")

    centre = models.ForeignKey(Organisation, verbose_name=_("本中心"), on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case,
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cooperation_requests",
    )
    direction = models.CharField(_("方向"), max_length=20, choices=Direction.choices)
    counterpart = models.ForeignKey(
        Organisation, verbose_name=_("对方中心"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counterpart_name = models.CharField(_("对方中心名称"), max_length=100, help_text=_("系统外的中心直接填写名称"))
    kind = models.CharField(_("协作事项"), max_length=30, choices=Kind.choices)
    request = models.TextField(_("请求内容"))
    person_name = models.CharField(_("涉及人员"), max_length=50, blank=True)
    due_date = models.DateField(_("办复期限"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("办复情况"), blank=True)
    answered_by = models.ForeignKey(
        User, verbose_name=_("办复人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("办复时间"), null=True, blank=True)
    answer_file = models.FileField(_("办复材料"), upload_to=answer_path, blank=True)
    # The request as the other centre on this system received it, and the one it came from: the
    # receiving centre works on its own row; its answer is copied back onto the sender's.
    origin = models.OneToOneField(
        "self",
        verbose_name=_("发出的协作请求"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded",
    )
    created_by = models.ForeignKey(User, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("异地协作")
        verbose_name_plural = _("异地协作")
        indexes = [models.Index(fields=["due_date"], name="cases_coop_open_due", condition=Q(status="open"))]
        permissions = [("manage_cooperation", _("办理异地协作"))]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.counterpart_name} {self.get_kind_display()}"


class DutyHelp(models.Model):
    """Help a duty lawyer gave at a court, procuratorate or detention-centre workstation (值班律师法律帮助)."""

    class HelpKind(models.TextChoices):
        CONSULTATION = "consultation", _("法律咨询")
        PROCEDURE_ADVICE = "procedure_advice", _("程序选择建议")
        COERCIVE_MEASURE = "coercive_measure", _("申请变更强制措施")
        CASE_OPINION = "case_opinion", _("对案件处理提出意见")
        PLEA_PRESENCE = "plea_presence", _("认罪认罚具结书签署在场")
        APPLICATION_FORWARDED = "application_forwarded", _("转交法律援助申请")

    # Duty lawyers sit at these workstations only.
    WORKSTATION_KINDS = (
        Organisation.Kind.COURT_WORKSTATION,
        Organisation.Kind.PROCURATORATE_WORKSTATION,
        Organisation.Kind.DETENTION_WORKSTATION,
    )

    workstation = models.ForeignKey(
        Organisation, verbose_name=_("值班工作站"), on_delete=models.PROTECT, related_name="duty_helps"
    )
    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    lawyer = models.ForeignKey(User, verbose_name=_("值班律师"), on_delete=models.PROTECT, related_name="duty_helps")
    person_name = models.CharField(_("受帮助人"), max_length=50)
    person_id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    charge = models.CharField(_("涉嫌罪名或事由"), max_length=100, blank=True)
    helped_on = models.DateField(_("帮助日期"))
    help_kinds = models.JSONField(_("帮助内容"), default=list)
    notes = models.TextField(_("情况记录"))
    recorded_by = models.ForeignKey(User, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-helped_on", "-pk"]
        verbose_name = _("值班律师法律帮助")
        verbose_name_plural = _("值班律师法律帮助")
        indexes = [models.Index(fields=["centre", "helped_on"], name="cases_duty_centre_date")]
        permissions = [("record_duty_help", _("登记值班律师法律帮助"))]

    def __str__(self) -> str:
        return f"{self.helped_on} {self.person_name}"

    def help_kind_labels(self) -> list[str]:
        labels = dict(self.HelpKind.choices)
        return [labels.get(kind, kind) for kind in self.help_kinds]
