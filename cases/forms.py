"""Forms: validation of input only. Services hold the rules; their DomainError becomes a field error here."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.directory.selectors import lawyers_on_duty
from legalaid.errors import DomainError
from legalaid.forms import RosterChoiceField, StyledFormMixin
from legalaid.models import MatterCategory, Organisation, User
from legalaid.vocabulary import CaseType, CriminalStage

from .models import (
    Case,
    CaseEvent,
    CooperationRequest,
    DutyHelp,
    HandlerChange,
    NotificationGround,
    NotificationLetter,
    Outcome,
    Subsidy,
    TerminationGround,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal next to the field it concerns, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


PLEASE_CHOOSE = _("请选择")
ALL = _("全部")


def with_blank(choices, label=PLEASE_CHOOSE):
    return [("", label), *choices]


def handler_filter_field():
    return RosterChoiceField(label=_("承办人"), queryset=User.objects.none(), required=False, empty_label=ALL)


class OpenFromApplicationForm(StyledFormMixin, forms.Form):
    mediation_first = forms.BooleanField(
        label=_("简单的非刑事案件，先行诉前调解"),
        required=False,
        help_text=_("勾选后，承办人未登记调解情况即起诉或申请仲裁的，须说明理由"),
    )
    possible_penalty = forms.ChoiceField(
        label=_("可能判处的刑罚(刑事案件)"), choices=Case.Penalty.choices, required=False
    )
    summary = forms.CharField(
        label=_("案情摘要"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("留空则沿用申请中的案情"),
    )


class NotificationForm(StyledFormMixin, forms.Form):
    centre = forms.ModelChoiceField(label=_("受理中心"), queryset=Organisation.objects.none())
    authority_kind = forms.ChoiceField(label=_("通知机关类别"), choices=NotificationLetter.Authority.choices)
    authority_name = forms.CharField(label=_("通知机关"), max_length=100, help_text=_("如：寿县人民法院"))
    letter_number = forms.CharField(label=_("通知书文号"), max_length=60)
    letter_date = forms.DateField(label=_("通知书日期"), widget=DATE)
    received_on = forms.DateField(label=_("收到日期"), widget=DATE, help_text=_("指派期限自收到之日起 3 日"))
    accused_name = forms.CharField(label=_("犯罪嫌疑人、被告人姓名"), max_length=50)
    accused_id_number = forms.CharField(label=_("身份证号码"), max_length=40, required=False)
    accused_birth_date = forms.DateField(label=_("出生日期"), widget=DATE, required=False)
    accused_sex = forms.ChoiceField(
        label=_("性别"), choices=with_blank([("M", _("男")), ("F", _("女"))], "—"), required=False
    )
    charge = forms.CharField(label=_("涉嫌罪名"), max_length=100)
    ground = forms.ChoiceField(label=_("通知辩护情形"), choices=with_blank(NotificationGround.choices))
    criminal_stage = forms.ChoiceField(label=_("诉讼阶段"), choices=with_blank(CriminalStage.choices))
    possible_penalty = forms.ChoiceField(label=_("可能判处的刑罚"), choices=Case.Penalty.choices, required=False)
    detention_place = forms.CharField(label=_("羁押场所"), max_length=100, required=False)
    authority_contact = forms.CharField(label=_("通知机关承办人"), max_length=50, required=False)
    authority_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    authority_address = forms.CharField(label=_("通讯地址"), max_length=200, required=False)
    summary = forms.CharField(label=_("案情摘要"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        if centres is not None and centres.count() == 1:
            self.fields["centre"].initial = centres.first()


class AssignForm(StyledFormMixin, forms.Form):
    handler = forms.TypedChoiceField(label=_("承办人"), coerce=int, widget=forms.RadioSelect)
    client_choice = forms.BooleanField(label=_("受援人点援(从名册中自主选择)"), required=False)
    reason = forms.CharField(
        label=_("选择理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("未选择推荐第一名的，必须说明理由"),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Every roster member is offered; the service refuses anyone who fails a hard rule, with the reason.
        self.fields["handler"].choices = [(c.handler.user_id, c.handler.name) for c in candidates]


class EventForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"), choices=with_blank([(k.value, k.label) for k in map(CaseEvent.Kind, CaseEvent.HANDLER_KINDS)])
    )
    at = forms.DateTimeField(label=_("时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    court = forms.CharField(label=_("法院或仲裁机构(出庭)"), max_length=100, required=False)
    channel = forms.ChoiceField(
        label=_("通报方式(通报进展)"), choices=with_blank(CaseEvent.Channel.choices, "—"), required=False
    )
    mediation_result = forms.ChoiceField(
        label=_("调解结果(调解)"), choices=with_blank(CaseEvent.MediationResult.choices, "—"), required=False
    )
    reason = forms.CharField(
        label=_("说明理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("先行调解案件未经调解直接起诉、或逾期签订委托协议的，在此说明理由"),
    )


class DocumentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=100)
    upload = forms.FileField(label=_("扫描件(PDF、JPG 或 PNG)"))


class CaseEndForm(StyledFormMixin, forms.Form):
    case_end_date = forms.DateField(label=_("办结日期"), widget=DATE, help_text=_("判决、裁决送达或调解、和解之日"))
    text = forms.CharField(label=_("办结情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ClosingForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=with_blank(Outcome.choices))
    outcome_detail = forms.CharField(
        label=_("结果说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=_("如判决主文、刑期")
    )
    case_end_date = forms.DateField(label=_("办结日期"), widget=DATE)
    # A CharField: the service parses the amount so that "两万" or "-5" get its own clear message.
    recovered_amount = forms.CharField(
        label=_("挽回经济损失或避免损失(元)"), max_length=20, initial="0", help_text=_("没有的填 0；精确到分")
    )
    outside_region = forms.BooleanField(label=_("异地办案"), required=False)
    checklist = forms.TypedMultipleChoiceField(
        label=_("结案材料(已归入案卷的打勾)"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    handling_report = forms.CharField(label=_("办案小结"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].choices = [
            (item.pk, item.name if item.is_required else _("%(name)s(如有)") % {"name": item.name}) for item in items
        ]


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("审查结论"),
        choices=[("accept", _("审查通过，结案并核算补贴")), ("return", _("退回补正"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("审查意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("退回时写明需要补正的材料或问题"),
    )


class HandlerChangeForm(StyledFormMixin, forms.Form):
    requested_by = forms.ChoiceField(label=_("提出方"), choices=HandlerChange.RequestedBy.choices)
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, for_handler=False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_handler:
            self.fields["requested_by"].choices = [(HandlerChange.RequestedBy.HANDLER, _("承办人申请"))]
        else:
            self.fields["requested_by"].choices = [
                c for c in HandlerChange.RequestedBy.choices if c[0] != HandlerChange.RequestedBy.HANDLER
            ]


class DecisionForm(StyledFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("决定"),
        choices=[("yes", _("同意")), ("no", _("不同意"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TerminationReportForm(StyledFormMixin, forms.Form):
    ground = forms.ChoiceField(label=_("终止事由(法律援助法第四十八条)"), choices=with_blank(TerminationGround.choices))
    facts = forms.CharField(label=_("有关事实和理由"), widget=forms.Textarea(attrs={"rows": 3}))


class PreProvisionForm(OpenFromApplicationForm):
    reason = forms.CharField(
        label=_("先行提供的理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：仲裁时效三日后届满；需要申请财产保全"),
    )
    field_order = ["reason", "summary", "mediation_first", "possible_penalty"]

    def __init__(self, *args, needs_reason=True, **kwargs):
        super().__init__(*args, **kwargs)
        # Already decided at intake: its reason is on the application.
        self.fields["reason"].required = needs_reason
        self.fields["summary"].help_text = _("已填入申请中的案情，可修改")


class TerminateForm(StyledFormMixin, forms.Form):
    ground = forms.ChoiceField(label=_("终止事由(法律援助法第四十八条)"), choices=with_blank(TerminationGround.choices))
    reasons = forms.CharField(
        label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("写入终止法律援助决定书")
    )


class ReasonForm(StyledFormMixin, forms.Form):
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(StyledFormMixin, forms.Form):
    reasons = forms.CharField(
        label=_("执行改正情况"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如：撤销原终止决定，恢复法律援助，由原承办人继续办理"),
    )


class ObjectionForm(StyledFormMixin, forms.Form):
    objector_name = forms.CharField(label=_("异议人"), max_length=50, required=False, help_text=_("留空为受援人本人"))
    objector_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    filed_on = forms.DateField(label=_("提出异议日期"), widget=DATE, initial=date.today)
    grounds = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 3}))


class PartiesForm(StyledFormMixin, forms.Form):
    lines = forms.CharField(
        label=_("受援人(每行一人：姓名，身份证号码)"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": _("王某某，340422198001011234")}),
    )


class CoordinatorForm(StyledFormMixin, forms.Form):
    coordinator = forms.ModelChoiceField(label=_("中心协调人"), queryset=User.objects.none())

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = staff


class CaseSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("案号、姓名或身份证号"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": _("完整姓名、身份证号、案号或顺序号")}),
    )
    status = forms.ChoiceField(label=_("状态"), choices=with_blank(Case.Status.choices, ALL), required=False)
    case_type = forms.ChoiceField(label=_("案件类型"), choices=with_blank(CaseType.choices, ALL), required=False)
    matter = forms.ModelChoiceField(
        label=_("事项类别"), queryset=MatterCategory.objects.all(), required=False, empty_label=ALL
    )
    handler = handler_filter_field()
    source = forms.ChoiceField(label=_("来源"), choices=with_blank(Case.Source.choices, ALL), required=False)
    accepted_from = forms.DateField(label=_("受理日期自"), widget=DATE, required=False)
    accepted_to = forms.DateField(label=_("至"), widget=DATE, required=False)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if handlers is not None:
            self.fields["handler"].offer(handlers)

    def clean(self):
        data = super().clean()
        start, end = data.get("accepted_from"), data.get("accepted_to")
        if start and end and start > end:
            self.add_error("accepted_to", _("结束日期不能早于开始日期。"))
        return data


class BoardFilterForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("机构"), queryset=Organisation.objects.none(), required=False, empty_label=ALL
    )
    handler = handler_filter_field()

    def __init__(self, *args, organisations=None, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["handler"].offer(handlers)


class CooperationForm(StyledFormMixin, forms.Form):
    centre = forms.ModelChoiceField(label=_("本中心"), queryset=Organisation.objects.none())
    direction = forms.ChoiceField(label=_("方向"), choices=CooperationRequest.Direction.choices)
    counterpart = forms.ModelChoiceField(
        label=_("对方中心(系统内)"), queryset=Organisation.objects.none(), required=False, empty_label="—"
    )
    counterpart_name = forms.CharField(label=_("对方中心名称(系统外)"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("协作事项"), choices=with_blank(CooperationRequest.Kind.choices))
    request = forms.CharField(label=_("请求内容"), widget=forms.Textarea(attrs={"rows": 3}))
    person_name = forms.CharField(label=_("涉及人员"), max_length=50, required=False)
    due_date = forms.DateField(label=_("办复期限"), widget=DATE)
    case_number = forms.CharField(label=_("关联案件案号(可选)"), max_length=60, required=False)

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        if centres is not None and centres.count() == 1:
            self.fields["centre"].initial = centres.first()
        self.fields["counterpart"].queryset = Organisation.objects.filter(
            kind__in=Organisation.CENTRE_KINDS, is_active=True
        ).order_by("path")


class CooperationAnswerForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("办理结果"), choices=())
    answer = forms.CharField(label=_("办复情况"), widget=forms.Textarea(attrs={"rows": 3}))
    answer_file = forms.FileField(label=_("办复材料(可选)"), required=False)

    def __init__(self, *args, statuses=(), **kwargs):
        """`statuses`: the results this side may record now (`services.cooperation_answer_statuses`)."""
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status, CooperationRequest.Status(status).label) for status in statuses]


class DutyHelpForm(StyledFormMixin, forms.Form):
    workstation = forms.ModelChoiceField(label=_("值班工作站"), queryset=Organisation.objects.none())
    lawyer = forms.ModelChoiceField(label=_("值班律师"), queryset=User.objects.none())
    person_name = forms.CharField(label=_("受帮助人"), max_length=50)
    person_id_number = forms.CharField(label=_("身份证号码"), max_length=40, required=False)
    charge = forms.CharField(label=_("涉嫌罪名或事由"), max_length=100, required=False)
    helped_on = forms.DateField(label=_("帮助日期"), widget=DATE, initial=date.today)
    help_kinds = forms.MultipleChoiceField(
        label=_("帮助内容"), choices=DutyHelp.HelpKind.choices, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("情况记录"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, workstations=None, lawyers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstation"].queryset = workstations
        self.fields["lawyer"].queryset = lawyers
        if workstations is not None and workstations.count() == 1:
            station = workstations.first()
            self.fields["workstation"].initial = station
            if lawyers is not None:
                # The lawyer the rota puts on duty there today, when there is one.
                on_duty = lawyers_on_duty(station, timezone.localdate()).filter(pk__in=lawyers.values("pk")).first()
                self.fields["lawyer"].initial = on_duty


class SubsidyFilterForm(StyledFormMixin, forms.Form):
    month = forms.CharField(
        label=_("月份"), required=False, widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})
    )
    handler = handler_filter_field()
    status = forms.ChoiceField(label=_("状态"), choices=with_blank(Subsidy.Status.choices, ALL), required=False)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].offer(handlers)

    def clean_month(self) -> date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("月份格式应为 2026-03。")) from exc


class PaymentForm(StyledFormMixin, forms.Form):
    payment_reference = forms.CharField(label=_("支付凭证号"), max_length=60)
