"""Forms of the directors' self-service: validation only; the services decide who may do what."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from ..forms import StyledFormMixin
from ..models import DutyShift, HandlerProfile, MatterCategory, Organisation, User
from ..roles import Role, roles_below
from ..selectors import user_role, visible_organisations
from ..vocabulary import HandlerType
from .rules import RuleTable
from .selectors import duty_stations_for_director


class PlacementForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("所属机构"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("角色"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(actor).filter(is_active=True).order_by("path")
        self.fields["role"].choices = [(r, Role(r).label) for r in roles_below(user_role(actor))]


class UserCreateForm(PlacementForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    title = forms.CharField(label=_("职务"), max_length=50, required=False)
    handler_type = forms.ChoiceField(
        label=_("承办人类型"), choices=[("", "—"), *HandlerType.choices], required=False, help_text=_("仅承办人需要")
    )
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, help_text=_("请告知本人首次登录后修改"))

    field_order = ["username", "full_name", "organisation", "role", "handler_type", "phone", "title", "password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class HandlerForm(StyledFormMixin, forms.Form):
    handler_type = forms.ChoiceField(label=_("承办人类型"), choices=HandlerType.choices)
    specialties = forms.ModelMultipleChoiceField(
        label=_("擅长领域"), queryset=MatterCategory.objects.filter(is_active=True), required=False
    )
    trained_for_minors = forms.BooleanField(label=_("熟悉未成年人案件"), required=False)
    criminal_defence_years = forms.IntegerField(label=_("刑事辩护执业年限"), min_value=0, max_value=70)
    status = forms.ChoiceField(label=_("状态"), choices=HandlerProfile.Status.choices)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LawyerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name() or user.username
        return f"{name}（{user.profile.organisation.name} · {user.handler_profile.get_status_display()}）"


class DutyShiftForm(StyledFormMixin, forms.Form):
    station = forms.ModelChoiceField(label=_("值班工作站"), queryset=Organisation.objects.none())
    day = forms.DateField(label=_("值班日期"), widget=DATE)
    period = forms.ChoiceField(label=_("时段"), choices=DutyShift.Period.choices)
    lawyer = LawyerChoiceField(label=_("值班律师"), queryset=User.objects.none())

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = duty_stations_for_director(actor)
        # Every lawyer of the subtree, those on leave included: the service says why one cannot sit.
        self.fields["lawyer"].queryset = (
            User.objects.filter(
                is_active=True,
                profile__organisation__in=visible_organisations(actor),
                handler_profile__handler_type__in=HandlerType.lawyers(),
            )
            .select_related("profile__organisation", "handler_profile")
            .order_by("profile__organisation__path", "last_name", "first_name")
        )


def rule_version_form(table: RuleTable, *args, **kwargs) -> forms.ModelForm:
    """The form of a new version of `table`'s rule: the series, the values and the start date."""

    class RuleVersionForm(StyledFormMixin, forms.ModelForm):
        class Meta:
            model = table.model
            fields = table.form_fields
            widgets = {"effective_from": DATE}

        def _post_clean(self):
            # The model's own validation (the period overlap above all) runs in the service, once the
            # version in force has been given its end date; here it would always report the overlap.
            pass

    return RuleVersionForm(*args, **kwargs)


class DayOverrideForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE)
    kind = forms.ChoiceField(label=_("类别"))
    name = forms.CharField(label=_("名称"), max_length=30, help_text=_("如“国庆节”"))

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = model._meta.get_field("kind").choices
