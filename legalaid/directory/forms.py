"""Forms of the directors' self-service: validation only; the services decide who may do what."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from ..forms import StyledFormMixin
from ..models import HandlerProfile, MatterCategory, Organisation
from ..roles import Role, roles_below
from ..selectors import user_role, visible_organisations
from ..vocabulary import HandlerType


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
