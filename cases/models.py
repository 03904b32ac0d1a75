"""Cases: opening, assignment, handling, change of handler, termination, closing and subsidies.

Status changes happen only in `cases.services`; the models hold data and derived reads.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import MatterCategory, Organisation, TransitionRecord
from legalaid.validators import validate_division_code
from legalaid.vocabulary import CaseType, CriminalStage, HandlerType

from . import deadlines
from .numbering import DEFAULT_PATTERN, PatternError, check_pattern

User = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2}


class TerminationGround(models.TextChoices):
    """The grounds on which the centre must terminate legal aid (LAL 48)."""

    DECEPTION = "deception", _("以欺骗或者其他不正当手段获得法律援助")
    CONCEALED_FACTS = "concealed_facts", _("故意隐瞒与案件有关的重要事实或者提供虚假证据")
    UNLAWFUL_USE = "unlawful_use", _("利用法律援助从事违法活动")
    MEANS_CHANGED = "means_changed", _("受援人的经济状况发生变化,不再符合法律援助条件")
    PROCEEDINGS_ENDED = "proceedings_ended", _("案件终止审理或者已经被撤销")
    OWN_COUNSEL = "own_counsel", _("受援人自行委托律师或者其他代理人")
    AIDED_PERSON_REQUEST = "aided_person_request", _("受援人有正当理由要求终止法律援助")
    OTHER = "other", _("法律法规规定的其他情形")


class NotificationGround(models.TextChoices):
    """Why the authority must (or may) notify the centre to assign a defender (LAL 25, 28)."""

    MINOR = "minor", _("未成年人")
    SENSORY_DISABLED = "sensory_disabled", _("视力、听力、言语残疾人")
    DIMINISHED_CAPACITY = "diminished_capacity", _("不能完全辨认自己行为的成年人")
    LIFE_OR_DEATH = "life_or_death", _("可能被判处无期徒刑、死刑的人")
    DEATH_PENALTY_REVIEW = "death_penalty_review", _("申请法律援助的死刑复核案件被告人")
    ABSENTIA = "absentia", _("缺席审判案件的被告人")
    COMPULSORY_TREATMENT = "compulsory_treatment", _("强制医疗案件的被申请人或者被告人")
    OTHER_ORDINARY = "other_ordinary", _("适用普通程序审理的其他刑事案件(人民法院通知)")


class CaseNumberSetting(models.Model):
    """How one centre numbers its cases; without a row the default pattern and region are used."""

    centre = models.OneToOneField(
        Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="case_number_setting"
    )
    pattern = models.CharField(
        _("编号格式"),
        max_length=100,
        default=DEFAULT_PATTERN,
        help_text=_("占位符:{year} 年度、{region} 地区代字、{type} 案件类型代字、{seq:04d} 顺序号(四位补零)"),
    )
    region = models.CharField(_("地区代字"), max_length=20, blank=True, help_text=_("如“皖0422”;留空按区划代码生成"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("案件编号规则")
        verbose_name_plural = _("案件编号规则")

    def __str__(self) -> str:
        return f"{self.centre}:{self.pattern}"

    def clean(self):
        try:
            check_pattern(self.pattern)
        except PatternError as exc:
            raise ValidationError({"pattern": str(exc)}) from exc
        if self.centre_id and not self.centre.is_centre:
            raise ValidationError({"centre": _("编号规则只能为法律援助中心设置。")})


class CaseNumberCounter(models.Model):
    """The last number used per centre, year and case type; locked with SELECT ... FOR UPDATE."""

    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    last_value = models.PositiveIntegerField(_("已用到的顺序号"), default=0)

    class Meta:
        verbose_name = _("案件编号计数器")
        verbose_name_plural = _("案件编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year", "case_type"], name="cases_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.centre} {self.year} {self.get_case_type_display()}:{self.last_value}"


class AnnualObligation(models.Model):
    """The minimum legal-aid cases a handler of a type should take each year (seed 003); effective-dated."""

    handler_type = models.CharField(_("承办人类型"), max_length=30, choices=HandlerType.choices)
    minimum_cases = models.PositiveSmallIntegerField(_("年度最低办案数"))
    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    note = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["handler_type", "-effective_from"]
        verbose_name = _("年度办案义务")
        verbose_name_plural = _("年度办案义务")

    def __str__(self) -> str:
        return f"{self.get_handler_type_display()} ≥{self.minimum_cases}({self.effective_from})"


class Case(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("已受理待指派")
        ASSIGNED = "assigned", _("已指派")
        IN_PROGRESS = "in_progress", _("承办中")
        HANDLER_CHANGED = "handler_changed", _("更换承办人待指派")
        CLOSING_SUBMITTED = "closing_submitted", _("已提交结案")
        CLOSED = "closed", _("已结案")
        ARCHIVED = "archived", _("已归档")
        TERMINATED = "terminated", _("已终止")

    AWAITING_ASSIGNMENT = (Status.ACCEPTED, Status.HANDLER_CHANGED)
    HANDLING = (Status.ASSIGNED, Status.IN_PROGRESS)
    OPEN_STATUSES = (*AWAITING_ASSIGNMENT, *HANDLING, Status.CLOSING_SUBMITTED, Status.TERMINATED)

    class Source(models.TextChoices):
        APPLICATION = "application", _("依申请")
        COURT = "court", _("人民法院通知")
        PROCURATORATE = "procuratorate", _("人民检察院通知")
        POLICE = "police", _("公安机关通知")

    NOTIFICATION_SOURCES = (Source.COURT, Source.PROCURATORATE, Source.POLICE)

    class Penalty(models.TextChoices):
        NONE = "", _("无")
        LIFE = "life", _("可能判处无期徒刑")
        DEATH = "death", _("可能判处死刑")

    number = models.CharField(_("案号"), max_length=60)
    number_year = models.PositiveSmallIntegerField(_("编号年度"))
    sequence = models.PositiveIntegerField(_("顺序号"))
    # The composite indexes below all start with the centre (or the handler): no single-column index.
    centre = models.ForeignKey(
        Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    received_by = models.ForeignKey(
        Organisation,
        verbose_name=_("接收机构"),
        on_delete=models.PROTECT,
        related_name="received_cases",
        help_text=_("接收申请的工作站或中心;通知辩护为中心本身"),
    )
    source = models.CharField(_("案件来源"), max_length=20, choices=Source.choices, default=Source.APPLICATION)
    application = models.OneToOneField(
        "intake.Application",
        verbose_name=_("法律援助申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    criminal_stage = models.CharField(_("刑事诉讼阶段"), max_length=30, choices=CriminalStage.choices, blank=True)
    matter = models.ForeignKey(
        MatterCategory, verbose_name=_("事项类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("案情摘要"), blank=True)
    possible_penalty = models.CharField(
        _("可能判处的刑罚"), max_length=10, choices=Penalty.choices, blank=True, default=Penalty.NONE
    )
    mediation_first = models.BooleanField(
        _("先行调解"), default=False, help_text=_("简单的非刑事案件,先行诉前调解(不影响时效)")
    )
    aided_count = models.PositiveIntegerField(_("受援人数"), default=1)
    is_group = models.BooleanField(_("群体性案件"), default=False, help_text=_("受援人 50 人以上,由中心统一协调"))
    coordinator = models.ForeignKey(
        User, verbose_name=_("中心协调人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=30, choices=Status.choices, default=Status.ACCEPTED)
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    accepted_at = models.DateTimeField(_("受理时间"), default=timezone.now)
    accepted_by = models.ForeignKey(User, verbose_name=_("受理人"), on_delete=models.PROTECT, related_name="+")
    assignment_due = models.DateField(_("指派期限"), null=True, blank=True)
    handler = models.ForeignKey(
        User,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
        db_index=False,
    )
    handler_organisation = models.ForeignKey(
        Organisation, verbose_name=_("承办机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handler_type = models.CharField(_("承办人类型"), max_length=30, choices=HandlerType.choices, blank=True)
    assigned_at = models.DateTimeField(_("指派时间"), null=True, blank=True)
    agreement_due = models.DateField(_("委托协议签订期限"), null=True, blank=True)
    agreement_signed_on = models.DateField(_("委托协议签订日期"), null=True, blank=True)
    case_end_date = models.DateField(_("办结日期"), null=True, blank=True)
    closing_due = models.DateField(_("结案材料提交期限"), null=True, blank=True)
    closing_submitted_at = models.DateTimeField(_("提交结案时间"), null=True, blank=True)
    review_due = models.DateField(_("结案审查期限"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    terminated_at = models.DateTimeField(_("终止时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=30, blank=True)
    recovered_amount = models.DecimalField(_("挽回经济损失(元)"), null=True, blank=True, **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        verbose_name = _("法律援助案件")
        verbose_name_plural = _("法律援助案件")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "number_year", "case_type", "sequence"], name="cases_case_unique_sequence"
            ),
            models.UniqueConstraint(fields=["centre", "number"], name="cases_case_unique_number"),
        ]
        indexes = [
            models.Index(fields=["number"], name="cases_case_number", opclasses=["varchar_pattern_ops"]),
            # Covering indexes let the capped counts of combined filters run as index-only scans.
            # Status is kept out of the first one: open or archived cases cluster in time, and the
            # planner must then take the status index rather than scan recent rows for old ones.
            models.Index(
                fields=["centre", "-accepted_at"],
                include=["case_type", "matter", "handler", "source"],
                name="cases_case_centre_accepted",
            ),
            models.Index(
                fields=["centre", "status", "-accepted_at"], include=["case_type"], name="cases_case_centre_status"
            ),
            models.Index(fields=["centre", "case_type", "-accepted_at"], name="cases_case_centre_type"),
            models.Index(
                fields=["centre", "matter", "-accepted_at"], include=["case_type"], name="cases_case_centre_matter"
            ),
            models.Index(fields=["centre", "sequence"], name="cases_case_centre_sequence"),
            # Searching by a person's name or ID joins their cases by id: keep the scope check index-only.
            models.Index(fields=["id"], include=["centre", "accepted_at"], name="cases_case_id_scope"),
            models.Index(fields=["handler", "-accepted_at"], name="cases_case_handler_accepted"),
            models.Index(
                fields=["handler", "status", "-accepted_at"], include=["centre"], name="cases_case_handler_status"
            ),
            models.Index(fields=["received_by", "-accepted_at"], name="cases_case_received_accepted"),
            models.Index(fields=["-accepted_at"], name="cases_case_accepted"),
            # The deadline board reads only open cases: small partial indexes on each due date.
            models.Index(
                fields=["centre", "assignment_due"],
                name="cases_case_assign_due",
                condition=Q(status__in=["accepted", "handler_changed"]),
            ),
            models.Index(
                fields=["centre", "agreement_due"],
                name="cases_case_agreement_due",
                condition=Q(status__in=["assigned", "in_progress"], agreement_signed_on__isnull=True),
            ),
            models.Index(
                fields=["centre", "closing_due"],
                name="cases_case_closing_due",
                condition=Q(status__in=["assigned", "in_progress", "terminated"], closing_due__isnull=False),
            ),
            models.Index(
                fields=["centre", "review_due"], name="cases_case_review_due", condition=Q(status="closing_submitted")
            ),
        ]
        permissions = [
            ("open_case", _("受理案件(含通知辩护)")),
            ("assign_case", _("指派承办人")),
            ("change_handler", _("更换承办人")),
            ("terminate_case", _("终止法律援助")),
            ("handle_case", _("承办案件(记录办案过程、提交结案)")),
            ("review_closing", _("审查结案材料")),
            ("archive_case", _("案卷归档")),
            ("manage_parties", _("管理受援人与群体案件")),
            ("view_deadline_board", _("查看期限看板")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_notification_defence(self) -> bool:
        return self.source in self.NOTIFICATION_SOURCES

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def awaits_assignment(self) -> bool:
        return self.status in self.AWAITING_ASSIGNMENT

    @property
    def is_handling(self) -> bool:
        return self.status in self.HANDLING

    @property
    def serious_penalty(self) -> bool:
        return bool(self.possible_penalty) or self.criminal_stage == CriminalStage.DEATH_PENALTY_REVIEW

    def next_deadline(self) -> tuple[str, date] | None:
        """The one deadline that matters now for this case, with its label."""
        if self.awaits_assignment and self.assignment_due:
            return _("指派"), self.assignment_due
        if self.is_handling and self.agreement_due and not self.agreement_signed_on:
            return _("签订委托协议"), self.agreement_due
        if self.status in (*self.HANDLING, self.Status.TERMINATED) and self.closing_due:
            return _("提交结案材料"), self.closing_due
        if self.status == self.Status.CLOSING_SUBMITTED and self.review_due:
            return _("结案审查"), self.review_due
        return None

    def urgency(self, today: date):
        found = self.next_deadline()
        return deadlines.urgency(found[1], today) if found else None


class CaseParty(models.Model):
    """An aided person of a case, with the name and ID number as they stood when added (searchable)."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(
        "intake.Person", verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="case_parties"
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    is_primary = models.BooleanField(_("主要受援人"), default=False)
    added_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    added_by = models.ForeignKey(User, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_primary", "pk"]
        verbose_name = _("受援人")
        verbose_name_plural = _("受援人")
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="cases_party_once")]
        indexes = [
            models.Index(fields=["name"], name="cases_party_name", opclasses=["varchar_pattern_ops"], include=["case"]),
            models.Index(fields=["id_number"], name="cases_party_id_number", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def is_minor_on(self, on: date) -> bool:
        return deadlines.is_minor(self.birth_date, on)


class NotificationLetter(models.Model):
    """The court's, procuratorate's or police's letter asking the centre to assign a defender (LAL 25, 28, 36)."""

    class Authority(models.TextChoices):
        COURT = "court", _("人民法院")
        PROCURATORATE = "procuratorate", _("人民检察院")
        POLICE = "police", _("公安机关")

    case = models.OneToOneField(
        Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="notification", primary_key=True
    )
    authority_kind = models.CharField(_("通知机关类别"), max_length=20, choices=Authority.choices)
    authority_name = models.CharField(_("通知机关"), max_length=100)
    letter_number = models.CharField(_("通知书文号"), max_length=60)
    letter_date = models.DateField(_("通知书日期"))
    received_on = models.DateField(_("收到日期"))
    authority_contact = models.CharField(_("承办人员"), max_length=50, blank=True)
    authority_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    authority_address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    accused_name = models.CharField(_("犯罪嫌疑人、被告人"), max_length=50)
    accused_id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    accused_birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    accused_sex = models.CharField(_("性别"), max_length=1, choices=[("M", _("男")), ("F", _("女"))], blank=True)
    charge = models.CharField(_("涉嫌罪名"), max_length=100)
    ground = models.CharField(_("通知辩护情形"), max_length=30, choices=NotificationGround.choices)
    detention_place = models.CharField(_("羁押场所"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通知辩护函")
        verbose_name_plural = _("通知辩护函")

    def __str__(self) -> str:
        return f"{self.authority_name} {self.letter_number}"

    @property
    def accused_is_minor(self) -> bool:
        return self.ground == NotificationGround.MINOR or deadlines.is_minor(self.accused_birth_date, self.letter_date)


class CaseTransition(TransitionRecord):
    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("案件状态变更记录")
        verbose_name_plural = _("案件状态变更记录")


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
        indexes = [models.Index(fields=["case", "kind"], name="cases_event_case_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

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


class Termination(models.Model):
    """Termination of legal aid (LAL 48): reported by the handler or found by the centre, then decided."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("承办人已报告待决定")
        TERMINATED = "terminated", _("决定终止")
        DECLINED = "declined", _("决定不予终止")

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
        help_text=_("受援人对终止决定提出异议时,司法行政部门的异议审查记录"),
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


class ClosingChecklistItem(models.Model):
    """One item of the closing-materials checklist for a case type and stage; effective-dated, edited in admin."""

    name = models.CharField(_("材料名称"), max_length=100)
    case_type = models.CharField(
        _("案件类型"), max_length=20, choices=CaseType.choices, blank=True, help_text=_("留空表示所有类型")
    )
    criminal_stage = models.CharField(
        _("刑事诉讼阶段"), max_length=30, choices=CriminalStage.choices, blank=True, help_text=_("留空表示所有阶段")
    )
    is_required = models.BooleanField(_("必须提交"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("结案材料清单项")
        verbose_name_plural = _("结案材料清单")

    def __str__(self) -> str:
        return self.name


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

    class Decision(models.TextChoices):
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
    decision = models.CharField(_("审查结论"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
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
            models.UniqueConstraint(fields=["case"], condition=Q(decision="pending"), name="cases_one_pending_closing"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_outcome_display()}"


class SubsidyStandard(models.Model):
    """The handler subsidy for a case type and stage in a region (LAL 52); effective-dated, edited in admin.

    A standard kept for a city or province applies to every county under it that has none of its own.
    """

    division_code = models.CharField(_("适用区划代码"), max_length=6, validators=[validate_division_code])
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    criminal_stage = models.CharField(
        _("刑事诉讼阶段"), max_length=30, choices=CriminalStage.choices, blank=True, help_text=_("留空表示所有阶段")
    )
    amount = models.DecimalField(_("补贴标准(元)"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    note = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["division_code", "case_type", "criminal_stage", "-effective_from"]
        verbose_name = _("办案补贴标准")
        verbose_name_plural = _("办案补贴标准")

    def __str__(self) -> str:
        stage = f"·{self.get_criminal_stage_display()}" if self.criminal_stage else ""
        return f"{self.division_code} {self.get_case_type_display()}{stage} {self.amount} 元"


class SubsidyExtra(models.Model):
    """An extra amount on top of the standard (group case, work outside the region); effective-dated."""

    class Kind(models.TextChoices):
        GROUP_CASE = "group_case", _("群体性案件补贴")
        OUTSIDE_REGION = "outside_region", _("异地办案差旅补贴")

    division_code = models.CharField(_("适用区划代码"), max_length=6, validators=[validate_division_code])
    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    amount = models.DecimalField(_("金额(元)"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    note = models.CharField(_("依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["division_code", "kind", "-effective_from"]
        verbose_name = _("补贴加发标准")
        verbose_name_plural = _("补贴加发标准")

    def __str__(self) -> str:
        return f"{self.division_code} {self.get_kind_display()} {self.amount} 元"


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
        return f"{self.case} {self.amount} 元"


class SubsidyTransition(TransitionRecord):
    subsidy = models.ForeignKey(
        Subsidy, verbose_name=_("办案补贴"), on_delete=models.PROTECT, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        verbose_name = _("补贴状态变更记录")
        verbose_name_plural = _("补贴状态变更记录")


class DutyHelp(models.Model):
    """Help a duty lawyer gave at a court, procuratorate or detention-centre workstation (值班律师法律帮助)."""

    class HelpKind(models.TextChoices):
        CONSULTATION = "consultation", _("法律咨询")
        PROCEDURE_ADVICE = "procedure_advice", _("程序选择建议")
        COERCIVE_MEASURE = "coercive_measure", _("申请变更强制措施")
        CASE_OPINION = "case_opinion", _("对案件处理提出意见")
        PLEA_PRESENCE = "plea_presence", _("认罪认罚具结书签署在场")
        APPLICATION_FORWARDED = "application_forwarded", _("转交法律援助申请")

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
