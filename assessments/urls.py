from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create, name="create"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/edit/", views.assessment_edit, name="edit"),
    path("<int:pk>/indicators/", views.assessment_indicators, name="indicators"),
    path("<int:pk>/level/", views.assessment_level, name="level"),
    path("<int:pk>/measures/add/", views.measure_add, name="measure_add"),
    path("<int:pk>/measures/<int:measure_pk>/edit/", views.measure_edit, name="measure_edit"),
    path("<int:pk>/measures/<int:measure_pk>/<str:action>/", views.measure_change, name="measure_change"),
    path("<int:pk>/draft-regulation/", views.assessment_make_regulation, name="make_regulation"),
    path("<int:pk>/pdf/", views.assessment_pdf, name="pdf"),
    path("<int:pk>/pdf/retry/", views.assessment_pdf_retry, name="pdf_retry"),
    path("<int:pk>/<str:name>/", views.assessment_transition, name="transition"),
]
