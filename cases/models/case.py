"""The case itself, its aided persons, the authority's notification letter and its status history."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import MatterCategory, Organisation, TransitionRecord
from legalaid.vocabulary import CaseType, CriminalStage, HandlerType

from .. import deadlines

User = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2}


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
        help_text=_("接收申请的工作站或中心；通知辩护为中心本身"),
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
        _("先行调解"), default=False, help_text=_("简单的非刑事案件，先行诉前调解(不影响时效)")
    )
    is_urgent = models.BooleanField(
        _("紧急"), default=False, help_text=_("申请时认定的紧急情形(法律援助法第四十四条)，立案后仍在各队列中优先")
    )
    pre_provided_at = models.DateTimeField(
        _("先行提供时间"),
        null=True,
        blank=True,
        help_text=_("审查决定作出前先行立案、指派(法律援助法第四十四条)；决定随后作出"),
    )
    aided_count = models.PositiveIntegerField(_("受援人数"), default=1)
    # The aided persons' names, space-separated, kept with the parties (services.parties.add_party):
    # a one-character search (a surname) checks them from the index cases_case_centre_names alone.
    aided_names = models.TextField(_("受援人姓名"), blank=True, default="", editable=False)
    # The time of the latest entry of the case's timeline, kept by CaseEvent.save (entries are only ever
    # added): supervision's long-silent cases (长期无进展) read it from the handling cases' own index, not
    # every event of the whole network's last weeks (issue 14).
    last_event_at = models.DateTimeField(_("最近一次办案记录"), null=True, blank=True, editable=False)
    # When supervision finalised the case's quality assessment (kept by QualityAssessment.save; none is ever
    # reopened): the quality queue is the closed cases without it, a small index of its own (issue 14).
    assessed_at = models.DateTimeField(_("质量评定时间"), null=True, blank=True, editable=False)
    is_group = models.BooleanField(_("群体性案件"), default=False, help_text=_("受援人 50 人以上，由中心统一协调"))
    coordinator = models.ForeignKey(
        User, verbose_name=_("中心协调人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=30, choices=Status.choices, default=Status.ACCEPTED)
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    accepted_at = models.DateTimeField(_("受理时间"), default=timezone.now)
    # Empty when the system opened the case on the grant (cases.tasks.open_case_for_grant).
    accepted_by = models.ForeignKey(
        User, verbose_name=_("受理人"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
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
            # A surname typed alone is in one name in sixty: its capped count checks the names of a
            # centre's cases in this index (index-only), not each case's parties one probe at a time.
            models.Index(fields=["centre", "id"], include=["aided_names"], name="cases_case_centre_names"),
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
            # Supervision's counts of open or unassessed cases (长期无进展, 待评查) read only these rows,
            # from the index alone (issue 14: the home page must not grow with the closed history).
            # The handling cases by their latest entry: the long-silent ones first, in the list's order.
            models.Index(
                fields=["centre", "last_event_at", "assigned_at"],
                include=["id"],
                name="cases_case_handling",
                condition=Q(status__in=["assigned", "in_progress"]),
            ),
            models.Index(
                fields=["centre", "closed_at"],
                include=["id"],
                name="cases_case_closed_queue",
                condition=Q(status__in=["closed", "archived"], handler__isnull=False),
            ),
            # The quality queue (待评查): the closed cases not yet assessed, oldest closing first.
            models.Index(
                fields=["centre", "closed_at"],
                include=["id"],
                name="cases_case_quality_queue",
                condition=Q(status__in=["closed", "archived"], handler__isnull=False, assessed_at__isnull=True),
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
    def awaits_decision(self) -> bool:
        """Provided ahead of the eligibility decision (先行提供), which has not been made yet."""
        from intake.models import Application

        return bool(self.pre_provided_at) and self.application.status in Application.OPEN_STATUSES

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


# Case.aided_names of every case from its parties, in the order they were added (the migration that
# made the column, and the bench's generator after its COPY, on PostgreSQL).
AIDED_NAMES_FILL_SQL = """
UPDATE cases_case SET aided_names = named.names
FROM (SELECT case_id, string_agg(name, ' ' ORDER BY id) AS names FROM cases_caseparty GROUP BY case_id) AS named
WHERE named.case_id = cases_case.id
"""


# Case.last_event_at of every case from its timeline (the migration that made the column, and the bench's
# generator after its COPY); the correlated form elsewhere (SQLite).
LAST_EVENT_FILL_SQL = {
    "postgresql": """
UPDATE cases_case SET last_event_at = latest.at
FROM (SELECT case_id, MAX(at) AS at FROM cases_caseevent GROUP BY case_id) AS latest
WHERE latest.case_id = cases_case.id
""",
    "default": """
UPDATE cases_case
SET last_event_at = (SELECT MAX(at) FROM cases_caseevent WHERE cases_caseevent.case_id = cases_case.id)
""",
}


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
    # Empty when the system added the applicant to a case it opened on the grant.
    added_by = models.ForeignKey(
        User, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
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
