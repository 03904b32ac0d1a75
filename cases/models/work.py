"""The work on a case: its file and timeline, assignments, changes of handler and termination."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.kernel.actors import ActorKind, actor_label
from legalaid.models import Organisation
from legalaid.vocabulary import HandlerType

from .case import Case

User = settings.AUTH_USER_MODEL


def document_path(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cases/{instance.case_id}/{timezone.now():%Y%m%d%H%M%S%f}.{suffix}"


class CaseDocument(models.Model):
    """A scanned document of the case file (legal documents, signed agreement, judgment...)."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(_("文件"), upload_to=document_path)
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(User, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("案卷材料")
        verbose_name_plural = _("案卷材料")

    def __str__(self) -> str:
        return self.title


class CaseEvent(models.Model):
    """One entry of the case's timeline; other apps add theirs through `services.case_event_record`."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("会见、约见受援人")
        FILE_REVIEW = "file_review", _("阅卷")
        HEARING = "hearing", _("出庭")
        MEDIATION = "mediation", _("调解")
        PROGRESS_NOTICE = "progress_notice", _("向受援人通报案件进展")
        RISK_DISCLOSURE = "risk_disclosure", _("风险告知")
        AGREEMENT_SIGNED = "agreement_signed", _("签订委托协议和授权委托书")
        DOCUMENT = "document", _("上传案卷材料")
        SUIT_FILED = "suit_filed", _("起诉、申请仲裁或复议")
        DEFENCE_OPINION = "defence_opinion", _("提出辩护、代理意见")
        CASE_ENDED = "case_ended", _("案件办结")
        PARTY_CHANGE = "party_change", _("受援人变动")
        COOPERATION = "cooperation", _("异地协作")
        FOLLOW_UP = "follow_up", _("回访")
        SUPERVISION = "supervision", _("案件监督")
        COMPLAINT = "complaint", _("投诉")
        NOTE = "note", _("其他")

    HANDLER_KINDS = (
        Kind.MEETING,
        Kind.FILE_REVIEW,
        Kind.HEARING,
        Kind.MEDIATION,
        Kind.PROGRESS_NOTICE,
        Kind.RISK_DISCLOSURE,
        Kind.AGREEMENT_SIGNED,
        Kind.SUIT_FILED,
        Kind.DEFENCE_OPINION,
        Kind.NOTE,
    )

    class MediationResult(models.TextChoices):
        AGREEMENT = "agreement", _("达成调解协议")
        PARTIAL = "partial", _("部分达成")
        FAILED = "failed", _("调解不成")
        PENDING = "pending", _("调解中")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("当面")
        PHONE = "phone", _("电话")
        SMS = "sms", _("短信")
        WECHAT = "wechat", _("微信")
        LETTER = "letter", _("书面")

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(User, verbose_name=_("记录人"), null=True, on_delete=models.PROTECT, related_name="+")
    actor_kind = models.CharField(_("记录人类型"), max_length=10, choices=ActorKind.choices, default=ActorKind.USER)
    text = models.TextField(_("内容"))
    court = models.CharField(_("法院或仲裁机构"), max_length=100, blank=True)
    channel = models.CharField(_("通报方式"), max_length=20, choices=Channel.choices, blank=True)
    mediation_result = models.CharField(_("调解结果"), max_length=20, choices=MediationResult.choices, blank=True)
    reason = models.TextField(_("说明理由"), blank=True)
    document = models.ForeignKey(
        CaseDocument, verbose_name=_("材料"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("办案记录")
        verbose_name_plural = _("办案记录")
        indexes = [
            models.Index(fields=["case", "kind"], name="cases_event_case_kind"),
            # A case's timeline in order.
            models.Index(fields=["case", "at"], name="cases_event_case_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            # The case's latest entry (Case.last_event_at), unless a later one is there already (an entry
            # may be dated back). Conditional in one UPDATE: a concurrent entry's is re-read under the lock.
            later = Q(last_event_at__isnull=True) | Q(last_event_at__lt=self.at)
            Case.objects.filter(later, pk=self.case_id).update(last_event_at=self.at)
            case = self.case if CaseEvent.case.is_cached(self) else None
            if case is not None and (case.last_event_at is None or case.last_event_at < self.at):
                case.last_event_at = self.at  # the caller's copy too, should it be saved whole later

    @property
    def actor_display(self) -> str:
        return actor_label(self.actor, self.actor_kind)

    def get_kind_display(self) -> str:
        # Other apps may record kinds this app does not list; show them as they are.
        return dict(self.Kind.choices).get(self.kind, self.kind)


class Assignment(models.Model):
    """One assignment of a handler to a case, with the recommendation it was chosen from."""

    class Method(models.TextChoices):
        RECOMMENDED = "recommended", _("中心指派")
        CLIENT_CHOICE = "client_choice", _("受援人点援")

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="assignments")
    handler = models.ForeignKey(User, verbose_name=_("承办人"), on_delete=models.PROTECT, related_name="assignments")
    handler_organisation = models.ForeignKey(
        Organisation, verbose_name=_("承办机构"), on_delete=models.PROTECT, related_name="+"
    )
    handler_type = models.CharField(_("承办人类型"), max_length=30, choices=HandlerType.choices)
    method = models.CharField(_("指派方式"), max_length=20, choices=Method.choices, default=Method.RECOMMENDED)
    rank = models.PositiveSmallIntegerField(_("推荐名次"), null=True, blank=True)
    top_handler = models.ForeignKey(
        User, verbose_name=_("推荐第一名"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("未选推荐第一名的理由"), blank=True)
    ranking = models.JSONField(_("推荐名单快照"), default=list, blank=True)
    assigned_by = models.ForeignKey(User, verbose_name=_("指派人"), on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("指派时间"), default=timezone.now)
    due = models.DateField(_("指派期限"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("指派记录")
        verbose_name_plural = _("指派记录")
        constraints = [
            # At most one current assignment per case, whatever races the application loses.
            models.UniqueConstraint(fields=["case"], condition=Q(ended_at__isnull=True), name="cases_one_current"),
        ]
        indexes = [models.Index(fields=["handler", "-assigned_at"], name="cases_assignment_handler")]

    def __str__(self) -> str:
        return f"{self.case} → {self.handler}"

    @property
    def on_time(self) -> bool:
        return self.due is None or timezone.localdate(self.assigned_at) <= self.due


class HandlerChange(models.Model):
    """A request to change the handler (LAL 55), from the aided person or the centre, and its decision."""

    class RequestedBy(models.TextChoices):
        AIDED_PERSON = "aided_person", _("受援人申请")
        CENTRE = "centre", _("中心决定")
        HANDLER = "handler", _("承办人申请")

    class Status(models.TextChoices):
        PENDING = "pending", _("待决定")
        APPROVED = "approved", _("同意更换")
        DECLINED = "declined", _("不同意更换")

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="handler_changes")
    previous_handler = models.ForeignKey(User, verbose_name=_("原承办人"), on_delete=models.PROTECT, related_name="+")
    requested_by = models.CharField(_("提出方"), max_length=20, choices=RequestedBy.choices)
    reasons = models.TextField(_("理由"))
    recorded_by = models.ForeignKey(User, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, verbose_name=_("决定人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = models.TextField(_("决定意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("更换承办人")
        verbose_name_plural = _("更换承办人")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="pending"), name="cases_one_pending_change"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_requested_by_display()}"


class TerminationGround(models.TextChoices):
    """The grounds on which the centre must terminate legal aid (LAL 48)."""

    DECEPTION = "deception", _("以欺骗或者其他不正当手段获得法律援助")
    CONCEALED_FACTS = "concealed_facts", _("故意隐瞒与案件有关的重要事实或者提供虚假证据")
    UNLAWFUL_USE = "unlawful_use", _("利用法律援助从事违法活动")
    MEANS_CHANGED = "means_changed", _("受援人的经济状况发生变化，不再符合法律援助条件")
    PROCEEDINGS_ENDED = "proceedings_ended", _("案件终止审理或者已经被撤销")
    OWN_COUNSEL = "own_counsel", _("受援人自行委托律师或者其他代理人")
    AIDED_PERSON_REQUEST = "aided_person_request", _("受援人有正当理由要求终止法律援助")
    NOT_ELIGIBLE = "not_eligible", _("先行提供法律援助后，经审查不符合法律援助条件")
    OTHER = "other", _("法律法规规定的其他情形")


class Termination(models.Model):
    """Termination of legal aid (LAL 48): reported by the handler or found by the centre, then decided."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("承办人已报告待决定")
        TERMINATED = "terminated", _("决定终止")
        DECLINED = "declined", _("决定不予终止")
        CORRECTED = "corrected", _("责令改正，已恢复法律援助")

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="terminations")
    ground = models.CharField(_("终止事由"), max_length=30, choices=TerminationGround.choices)
    facts = models.TextField(_("事实和理由"))
    reported_by = models.ForeignKey(
        User, verbose_name=_("报告人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    decided_by = models.ForeignKey(
        User, verbose_name=_("决定人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_reasons = models.TextField(_("决定理由"), blank=True)
    objection = models.OneToOneField(
        "eligibility.Objection",
        verbose_name=_("异议记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="termination",
        help_text=_("受援人对终止决定提出异议时，司法行政部门的异议审查记录"),
    )
    correction_reasons = models.TextField(
        _("改正情况"), blank=True, help_text=_("执行司法行政部门责令改正、恢复法律援助的说明")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("终止法律援助")
        verbose_name_plural = _("终止法律援助")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="reported"), name="cases_one_open_termination"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_ground_display()}"

    @property
    def proposed_by_system(self) -> bool:
        """Proposed by the system (a false pledge, a refused pre-provision), not reported by the handler."""
        return self.reported_at is not None and self.reported_by_id is None
