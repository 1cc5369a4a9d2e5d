from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("", views.letter_list, name="list"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/incoming/", views.case_incoming_register, name="case_incoming_register"),
    path("cases/<int:pk>/links/", views.case_link_add, name="case_link_add"),
    path("cases/<int:pk>/incoming/<int:doc_pk>/pdf/", views.incoming_pdf, name="incoming_pdf"),
    path("new/", views.letter_create, name="create"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/edit/", views.letter_edit, name="edit"),
    path("<int:pk>/pdf/", views.letter_pdf, name="pdf"),
    path("<int:pk>/recipients/add/", views.recipient_add, name="recipient_add"),
    path("<int:pk>/recipients/group/", views.recipients_group, name="recipients_group"),
    path("<int:pk>/recipients/csv/", views.recipients_csv, name="recipients_csv"),
    path("<int:pk>/recipients/save-list/", views.recipient_list_save, name="recipient_list_save"),
    path("<int:pk>/recipients/<int:recipient_pk>/remove/", views.recipient_remove, name="recipient_remove"),
    path("<int:pk>/signatories/add/", views.signatory_add, name="signatory_add"),
    path("<int:pk>/signatories/<int:signatory_pk>/remove/", views.signatory_remove, name="signatory_remove"),
    path("<int:pk>/approvers/add/", views.approver_add, name="approver_add"),
    path("<int:pk>/approvers/<int:step_pk>/remove/", views.approver_remove, name="approver_remove"),
    path("<int:pk>/approve/", views.letter_approve, name="approve"),
    path("<int:pk>/dispatch/", views.letter_dispatch, name="dispatch"),
    path("<int:pk>/dispatch/resume/", views.letter_dispatch_resume, name="dispatch_resume"),
    path("<int:pk>/progress/", views.letter_progress, name="progress"),
    path("<int:pk>/deliveries/<int:delivery_pk>/pdf/", views.delivery_pdf, name="delivery_pdf"),
    path("<int:pk>/deliveries/<int:delivery_pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("<int:pk>/<str:name>/", views.letter_transition, name="transition"),
]
