"""Statistics URLs, included under supervision's namespace at /supervision/statistics/."""

from django.urls import path

from . import provider, views

urlpatterns = [
    path("", views.index, name="statistics_index"),
    path("dashboard/", views.dashboard, name="statistics_dashboard"),
    path("targets/", views.targets, name="statistics_targets"),
    path("obligations/mine/", provider.provider_obligations_view, name="statistics_provider_obligations"),
    path("generate/", views.generate, name="statistics_generate"),
    path("monthly/<int:pk>/", views.monthly_detail, name="statistics_monthly"),
    path("monthly/<int:pk>/xlsx/", views.monthly_export, {"output": "xlsx"}, name="statistics_monthly_xlsx"),
    path("monthly/<int:pk>/pdf/", views.monthly_export, {"output": "pdf"}, name="statistics_monthly_pdf"),
    path("monthly/<int:pk>/refresh/", views.refresh, name="statistics_refresh"),
    path("monthly/<int:pk>/submit/", views.submit, name="statistics_submit"),
    path("monthly/<int:pk>/correct/", views.correct, name="statistics_correct"),
    path("report/<slug:identifier>/", views.report, name="statistics_report"),
]
