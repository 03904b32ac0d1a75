import logging
import secrets

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import figures, selectors
from .navigation import HOME_PANELS, allowed
from .paginators import ListPaginator

logger = logging.getLogger("legalaid.errors")


@login_required
def home(request):
    """Each role's home page: the user's organisation and the panels apps register for the role."""
    profile = selectors.user_profile(request.user)
    role = profile.role if profile else None
    panels = []
    with figures.counted_once():  # a figure shown by several panels is counted once
        for panel in HOME_PANELS:
            if not allowed(request.user, role, panel.roles, panel.permission):
                continue
            context = panel.context(request)
            if context is not None:
                panels.append({"template_name": panel.template_name, "context": context})
    return render(request, "legalaid/home.html", {"profile": profile, "panels": panels})


@login_required
@permission_required("legalaid.view_organisation", raise_exception=True)
def organisation_list(request):
    organisations = selectors.organisation_tree(request.user)
    kind = request.GET.get("kind", "")
    if kind:
        organisations = organisations.filter(kind=kind)
    page = ListPaginator(organisations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "legalaid/organisation_list.html",
        {"page": page, "kind": kind, "kinds": selectors.Organisation.Kind.choices},
    )


@login_required
@permission_required("legalaid.view_organisation", raise_exception=True)
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_for_user(request.user, pk)
    members = selectors.organisation_members(organisation) if request.user.has_perm("legalaid.view_userprofile") else []
    children = selectors.visible_organisations(request.user).filter(parent=organisation)
    return render(
        request,
        "legalaid/organisation_detail.html",
        {"organisation": organisation, "members": members, "children": children},
    )


# Display mode ------------------------------------------------------------------------------------
# The larger, higher-contrast display for elderly and low-vision users (in the manner of the
# national 适老化 guidelines): chosen with a button in the footer and remembered in a cookie, so it
# holds on the public pages without an account. Anyone may switch it; it changes only the look.

DISPLAY_COOKIE = "legalaid_display"
DISPLAY_MODES = {"standard", "large"}


@require_POST
def set_display_mode(request):
    mode = request.POST.get("mode", "")
    target = request.POST.get("next", "")
    # Only a path on this site: anything else (another host, a bare word) goes home.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if mode in DISPLAY_MODES:
        response.set_cookie(
            DISPLAY_COOKIE, mode, max_age=365 * 24 * 3600, samesite="Lax", httponly=True, secure=request.is_secure()
        )
    return response


# Error pages -------------------------------------------------------------------------------------
# The root URLconf points Django's handler400/403/404/500 here so that errors are shown in the
# site's layout, in the chosen language, with a way back instead of Django's bare English pages.

ERROR_PAGES = {
    400: (_("请求无法处理"), _("浏览器发送的请求不完整或格式不正确。请返回上一页重新操作。")),
    403: (_("没有权限"), _("您的账号没有权限查看此页面或执行此操作。如需权限，请联系本机构管理员。")),
    404: (_("页面不存在"), _("您要找的页面不存在、已被删除，或不在您的工作范围内。")),
    500: (_("系统出错了"), _("处理您的请求时系统发生错误，工作人员可凭下方的参考编号在日志中查找原因。")),
}


def _back_url(request) -> str:
    """The page the user came from, if it is on this site; otherwise nothing (the home link remains)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the very error a 400 page may be showing
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return referer
    return ""


def _error_page(request, status: int, *, detail: str = "", reference: str = "") -> HttpResponse:
    title, message = ERROR_PAGES[status]
    context = {
        "status": status,
        "title": title,
        "message": message,
        "detail": detail,
        "reference": reference,
        "back_url": _back_url(request),
    }
    return render(request, "errors/error.html", context, status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400)


def permission_denied(request, exception=None):
    # A view may raise PermissionDenied with a translated reason written for the user; show it.
    detail = str(exception.args[0]) if exception is not None and exception.args and exception.args[0] else ""
    return _error_page(request, 403, detail=detail)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def csrf_failure(request, reason=""):
    """A form sent after its page expired or from another site: a 403 that says what to do."""
    return _error_page(request, 403, detail=_("表单已过期或来源不明。请返回上一页，刷新后重新提交。"))


def server_error(request):
    """Log the failure under a short reference the user can quote, and show that reference.

    Django has already logged the traceback; logging it again with the reference ties the two
    together in the log. The page is rendered in the layout when possible; if the layout itself
    fails (the database is down, say), a plain page with the same reference is returned.
    """
    reference = secrets.token_hex(4).upper()
    logger.error("Server error reference %s: %s %s", reference, request.method, request.get_full_path(), exc_info=True)
    try:
        return _error_page(request, 500, reference=reference)
    except Exception:
        logger.exception("Server error reference %s: the error page itself failed", reference)
        title, message = ERROR_PAGES[500]
        body = PLAIN_ERROR.format(title=escape(title), message=escape(message), reference=reference)
        return HttpResponseServerError(body, content_type="text/html; charset=utf-8")


PLAIN_ERROR = (
    '<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8"><title>{title}</title></head>'
    "<body><main><h1>{title}</h1><p>{message}</p><p>参考编号 Reference: <strong>{reference}</strong></p>"
    '<p><a href="/">返回首页 Home</a></p></main></body></html>'
)
