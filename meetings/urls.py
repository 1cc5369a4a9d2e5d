from django.urls import path

from . import views, views_actions

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/items/add/", views_actions.item_add, name="item_add"),
    path("<int:pk>/notice/", views_actions.notice_publish, name="notice"),
    path("<int:pk>/attendance/", views_actions.attendance_set, name="attendance"),
    path("<int:pk>/protocol/", views.protocol, name="protocol"),
    path("<int:pk>/protocol.pdf", views.protocol_pdf, name="protocol_pdf"),
    path("<int:pk>/protocol/approve/", views_actions.protocol_approve, name="protocol_approve"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/presentation/", views.presentation_edit, name="presentation_edit"),
    path("items/<int:pk>/saksframlegg.pdf", views.presentation_pdf, name="presentation_pdf"),
    path("items/<int:pk>/decide/", views_actions.item_decide, name="decide"),
    path("items/<int:pk>/postpone/", views_actions.item_postpone, name="postpone"),
    path("items/<int:pk>/amendments/", views_actions.amendment_add, name="amendment_add"),
    path("items/<int:pk>/disqualifications/", views_actions.disqualification_add, name="disqualification_add"),
    path("items/<int:pk>/vote/open/", views_actions.vote_open, name="vote_open"),
    path("items/<int:pk>/vote/close/", views_actions.vote_close, name="vote_close"),
    path("items/<int:pk>/vote/", views_actions.vote_cast, name="vote_cast"),
    # Readable without signing in once the protocol is approved.
    path("protokoller/<int:pk>/", views.public_protocol, name="public_protocol"),
    path("protokoller/<int:pk>/protokoll.pdf", views.public_protocol_pdf, name="public_protocol_pdf"),
]
