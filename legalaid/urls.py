from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import exports, views
from .forms import StyledPasswordChangeForm
from .twofactor import views as two_factor_views

urlpatterns = [
    path("", views.home, name="home"),
    path("work/", include("legalaid.work.urls")),
    path("network/", views.organisation_list, name="organisation_list"),
    path("network/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=StyledPasswordChangeForm),
        name="password_change",
    ),
    path("accounts/two-factor/", two_factor_views.two_factor, name="two_factor"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("display-mode/", views.set_display_mode, name="set_display_mode"),
    path("messages/", include("legalaid.messaging.urls")),
    path("access-log/", include("legalaid.audit.urls")),
    path("documents/", include("legalaid.documents.urls")),
    path("exports/<str:identifier>/", exports.export_list, name="list_export"),
    path("directory/", include("legalaid.directory.urls")),
    path("admin/", admin.site.urls),
    path("intake/", include("intake.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("cases/", include("cases.urls")),
    path("supervision/", include("supervision.urls")),
]

# Resetting a forgotten password sends a link by e-mail: offered only where e-mail is configured.
if settings.EMAIL_CONFIGURED:
    urlpatterns += [
        path("accounts/password_reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
        path("accounts/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
        path(
            "accounts/reset/<uidb64>/<token>/",
            auth_views.PasswordResetConfirmView.as_view(),
            name="password_reset_confirm",
        ),
        path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    ]

admin.site.site_header = _("法援通 管理后台")
admin.site.site_title = _("法援通")
admin.site.index_title = _("系统配置与数据管理")

# Errors in the site's layout and language (legalaid/views.py), not Django's bare English pages.
handler400 = "legalaid.views.bad_request"
handler403 = "legalaid.views.permission_denied"
handler404 = "legalaid.views.page_not_found"
handler500 = "legalaid.views.server_error"
