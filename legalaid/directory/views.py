"""Directors' self-service pages. A user outside the director's subtree is not found (404); a user who
is not a centre director may not open these pages (403)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..errors import DomainError
from . import forms, selectors, services


def director_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not services.may_manage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@director_required
def index(request):
    users = selectors.users_for_director(request.user)
    return render(request, "directory/index.html", {"users": users})


@director_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    form = forms.UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已添加用户。"))
            return redirect("directory:index")
    return render(request, "directory/user_form.html", {"form": form, "managed": None})


@director_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    managed = selectors.user_for_director(request.user, pk)
    initial = {"organisation": managed.profile.organisation_id, "role": managed.profile.role}
    form = forms.PlacementForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_role(managed, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已修改角色。"))
            return redirect("directory:index")
    return render(request, "directory/user_form.html", {"form": form, "managed": managed})


@director_required
@require_POST
def user_set_active(request, pk: int):
    managed = selectors.user_for_director(request.user, pk)
    try:
        services.user_set_active(managed, actor=request.user, active=request.POST.get("active") == "1")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已启用该账号。") if managed.is_active else _("已停用该账号。"))
    return redirect("directory:index")


@director_required
@require_http_methods(["GET", "POST"])
def handler_edit(request, pk: int):
    handler = selectors.handler_for_director(request.user, pk)
    initial = {
        "handler_type": handler.handler_type,
        "specialties": list(handler.specialties.all()),
        "trained_for_minors": handler.trained_for_minors,
        "criminal_defence_years": handler.criminal_defence_years,
        "status": handler.status,
    }
    form = forms.HandlerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.handler_update(handler, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已更新承办人名册。"))
            return redirect("directory:index")
    return render(request, "directory/handler_form.html", {"form": form, "handler": handler})
