from django.urls import path

from . import views

# Included at letters/cases/ (config/urls.py): the case pages kept the paths they had in letters.
app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/incoming/", views.case_incoming_register, name="incoming_register"),
    path("<int:pk>/links/", views.case_link_add, name="link_add"),
    path("<int:pk>/reference/", views.case_external_reference, name="external_reference"),
    path("<int:pk>/incoming/<int:doc_pk>/pdf/", views.incoming_pdf, name="incoming_pdf"),
]
