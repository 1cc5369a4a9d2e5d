from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("brukere/", views.members_home, name="members_home"),
    path("brukere/<int:pk>/", views.members, name="members"),
    path("brukere/<int:pk>/<int:user_pk>/gi-rolle/", views.member_role_grant, name="member_role_grant"),
    path("brukere/<int:pk>/<int:user_pk>/fjern-rolle/", views.member_role_revoke, name="member_role_revoke"),
]
