from django.urls import path

from . import duty_views, rule_views, views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("handlers/<int:pk>/", views.handler_edit, name="handler_edit"),
    path("duty/", duty_views.rota, name="duty"),
    path("duty/copy/", duty_views.rota_copy, name="duty_copy"),
    path("duty/<int:pk>/remove/", duty_views.rota_remove, name="duty_remove"),
    path("duty/mine/", duty_views.my_duties, name="my_duties"),
    path("rules/", rule_views.index, name="rules"),
    path("rules/holidays/", rule_views.holidays, name="holidays"),
    path("rules/<slug:key>/new/", rule_views.version_new, name="rule_new"),
]
