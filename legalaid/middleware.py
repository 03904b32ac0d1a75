import time

from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import BadRequest
from django.db import router
from django.db.models import Q
from django.http import HttpResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .compiled import USER_STAND_IN, CompiledRead
from .models import User, UserProfile


class ChosenLanguageMiddleware:
    """Chinese unless the user picked another language (the cookie set by the footer switcher).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a centre's shared
    computers often have English browsers, and the working language of the office is Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # restored afterwards: threads are reused
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Scripts only from our own static files (every script is an external file; inline scripts and
# on* handlers are refused). Stylesheets only from our own files; `style` attributes stay
# allowed because Bootstrap and ECharts set them from their scripts and a style attribute cannot
# load anything from elsewhere (img-src and font-src are 'self'). data: images are Bootstrap's
# inline SVG icons (select arrows, check marks, the menu button).
DEFAULT_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The office needs none of these browser features; a page that is ever compromised cannot ask for them.
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response, and no caching of anything
    shown to a signed-in user: a centre's computers are shared, and the browser's cache or the back
    button must not show the next person an applicant's file after the first one logged out.

    Settings CONTENT_SECURITY_POLICY and PERMISSIONS_POLICY replace the defaults (an empty string
    leaves the header out).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP)
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        return response


# Printable documents seen on screen carry the stylesheet WeasyPrint renders them with, inline in the
# document (one template for paper and screen). Their pages may use inline styles; scripts stay 'self'.
DOCUMENT_CSP = DEFAULT_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", 1)


def document_response(html: str) -> HttpResponse:
    """An HTML page of a printable document, under the document policy (the middleware keeps it)."""
    response = HttpResponse(html)
    response.headers["Content-Security-Policy"] = DOCUMENT_CSP
    return response


class RejectNulMiddleware:
    """A NUL character in a query or form value is refused with the site's 400 page.

    Nobody types one; PostgreSQL cannot store or compare one, so a filter built from such a value would
    fail deep inside a view. Forms already refuse it in their fields; this covers the raw parameters
    (filters, search boxes, ids) before any view sees them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        for values in sources:
            for key, items in values.lists():
                if "\x00" in key or any("\x00" in item for item in items):
                    raise BadRequest(_("请求中含有无效的字符。"))
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Keeps a session alive while it is used, writing it at most once per SESSION_REFRESH_INTERVAL seconds.

    The idle timeout (SESSION_COOKIE_AGE) counts from the session's last save. Saving it on every request
    (SESSION_SAVE_EVERY_REQUEST) cost every page a write transaction; saving it when the last save is older
    than the interval keeps the timeout exact to within the interval (a user idle for the whole timeout is
    signed out, one who works on is not) for one write per user every few minutes. Placed after
    SessionMiddleware, so that the session it marks is saved on the way out.
    """

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request read and that holds something: an anonymous visitor gets no session row.
        if session is None or not session.accessed or not session.keys():
            return response
        now = int(time.time())
        # A session saved anyway (a login, a message) is stamped at no cost; another once its stamp is old.
        if session.modified or now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_INTERVAL:
            session[self.KEY] = now
        return response


def stamp_session_at_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: a login saves the session anyway, so it starts its refresh interval then,
    whichever way it happened (the login form, a second factor, a test's `force_login`)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionRefreshMiddleware.KEY] = int(time.time())


PROFILE = CompiledRead(
    lambda user_id: UserProfile.objects.select_related("organisation").filter(user_id=user_id).order_by()[:1],
    USER_STAND_IN,
    related="organisation",
)
# The permissions ModelBackend reads (the user's own and their groups'), as one plain statement: as the union
# of the two ModelBackend runs, PostgreSQL took 3.3 ms to plan it and 1.2 to run it at 1,000,000 cases on every
# signed-in page; this form plans in 0.4 ms and runs in 0.4, with the same rows.
PERMISSIONS = CompiledRead(
    lambda user_id: (
        Permission.objects.filter(
            Q(pk__in=User.user_permissions.through.objects.filter(user_id=user_id).values("permission_id"))
            | Q(
                pk__in=Group.permissions.through.objects.filter(
                    group__in=User.groups.through.objects.filter(user_id=user_id).values("group_id")
                ).values("permission_id")
            )
        )
        .order_by()
        .values_list("content_type__app_label", "codename")
    ),
    USER_STAND_IN,
)


def _with_profile_and_permissions(user):
    """The signed-in user with their profile, organisation and permissions loaded in two queries.

    Nearly every page reads all three (the menu, the header, the scope of every selector); read one by one
    they took four queries per request. Permissions are those ModelBackend reads (own and groups'), kept
    where it looks for them first; they are read per request, never carried over, so a changed role applies
    to the next page.
    """
    if not user.is_authenticated:
        return user
    alias = router.db_for_read(UserProfile)
    profiles = PROFILE.records(alias, user.pk)
    # Cached as the descriptor would after its own query (None too: user.profile then raises DoesNotExist).
    type(user).profile.related.set_cached_value(user, profiles[0] if profiles else None)
    if user.is_active and not user.is_superuser:
        user._perm_cache = {f"{app}.{codename}" for app, codename in PERMISSIONS.rows(alias, user.pk)}
    return user


class SignedInUserMiddleware:
    """request.user with what every page reads of it loaded together (see _with_profile_and_permissions).

    Still lazy: a request that never looks at the user (a static file, a public page) runs no query.
    Placed right after AuthenticationMiddleware, whose cached get_user it wraps.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _with_profile_and_permissions(get_user(request)))
        return self.get_response(request)
