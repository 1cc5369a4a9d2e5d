from django.urls import path

from . import views, views_drafting

app_name = "regulations"
urlpatterns = [
    path("", views.regulation_list, name="list"),
    path("new/", views.regulation_create, name="create"),
    path("<int:pk>/", views.regulation_detail, name="detail"),
    path("<int:pk>/new-version/", views.regulation_new_version, name="new_version"),
    path("<int:pk>/compare/", views.regulation_compare, name="compare"),
    path("<int:pk>/history/", views.regulation_history_view, name="history"),
    path("<int:pk>/risk-answer/", views.regulation_risk_answer, name="risk_answer"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/adopt/", views.version_adopt, name="version_adopt"),
    path("versions/<int:pk>/reject/", views.version_reject, name="version_reject"),
    path("versions/<int:pk>/urgent/", views.version_issue_urgent, name="version_issue_urgent"),
    path("versions/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("versions/<int:pk>/pdf/retry/", views.version_pdf_retry, name="version_pdf_retry"),
    path("versions/<int:pk>/sections/<int:section_pk>/measures/add/", views_drafting.measure_add, name="measure_add"),
    path("versions/<int:pk>/measures/<int:measure_pk>/edit/", views_drafting.measure_edit, name="measure_edit"),
    path("versions/<int:pk>/measures/<int:measure_pk>/remove/", views_drafting.measure_remove, name="measure_remove"),
    path("versions/<int:pk>/placements/add/", views_drafting.placement_add, name="placement_add"),
    path(
        "versions/<int:pk>/placements/<int:placement_pk>/remove/",
        views_drafting.placement_remove,
        name="placement_remove",
    ),
    path("versions/<int:pk>/<str:name>/", views.version_transition, name="version_transition"),
]
