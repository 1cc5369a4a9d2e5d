from django.urls import path

from . import views, views_dispatch, views_parts

# The case pages under letters/cases/ are the cases app's (config/urls.py).
app_name = "letters"
urlpatterns = [
    path("", views.letter_list, name="list"),
    path("new/", views.letter_create, name="create"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/edit/", views.letter_edit, name="edit"),
    path("<int:pk>/pdf/", views.letter_pdf, name="pdf"),
    path("<int:pk>/recipients/add/", views_parts.recipient_add, name="recipient_add"),
    path("<int:pk>/recipients/group/", views_parts.recipients_group, name="recipients_group"),
    path("<int:pk>/recipients/csv/", views_parts.recipients_csv, name="recipients_csv"),
    path("<int:pk>/recipients/save-list/", views_parts.recipient_list_save, name="recipient_list_save"),
    path("<int:pk>/recipients/<int:recipient_pk>/remove/", views_parts.recipient_remove, name="recipient_remove"),
    path("<int:pk>/signatories/add/", views_parts.signatory_add, name="signatory_add"),
    path("<int:pk>/signatories/<int:signatory_pk>/remove/", views_parts.signatory_remove, name="signatory_remove"),
    path("<int:pk>/approvers/add/", views_parts.approver_add, name="approver_add"),
    path("<int:pk>/approvers/<int:step_pk>/remove/", views_parts.approver_remove, name="approver_remove"),
    path("<int:pk>/approve/", views.letter_approve, name="approve"),
    path("<int:pk>/dispatch/", views_dispatch.letter_dispatch, name="dispatch"),
    path("<int:pk>/dispatch/resume/", views_dispatch.letter_dispatch_resume, name="dispatch_resume"),
    path("<int:pk>/progress/", views_dispatch.letter_progress, name="progress"),
    path("<int:pk>/deliveries/<int:delivery_pk>/pdf/", views_dispatch.delivery_pdf, name="delivery_pdf"),
    path("<int:pk>/deliveries/<int:delivery_pk>/retry/", views_dispatch.delivery_retry, name="delivery_retry"),
    path("<int:pk>/<str:name>/", views.letter_transition, name="transition"),
]
