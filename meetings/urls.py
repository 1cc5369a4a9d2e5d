from django.urls import path

from . import views, views_actions

app_name = "meetings"

# The secretary's buttons (views_actions.MEETING_BUTTONS, ITEM_BUTTONS): name → route.
MEETING_BUTTON_ROUTES = {
    "item_add": "items/add/",
    "notice": "notice/",
    "attendance": "attendance/",
    "protocol_approve": "protocol/approve/",
}
ITEM_BUTTON_ROUTES = {
    "decide": "decide/",
    "postpone": "postpone/",
    "remove": "remove/",
    "amendment_add": "amendments/",
    "disqualification_add": "disqualifications/",
    "vote_open": "vote/open/",
    "vote_close": "vote/close/",
}

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/protocol/", views.protocol, name="protocol"),
    path("<int:pk>/protocol.pdf", views.protocol_pdf, name="protocol_pdf"),
    *(
        path(f"<int:pk>/{route}", views_actions.meeting_button, {"name": name}, name=name)
        for name, route in MEETING_BUTTON_ROUTES.items()
    ),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/presentation/", views.presentation_edit, name="presentation_edit"),
    path("items/<int:pk>/saksframlegg.pdf", views.presentation_pdf, name="presentation_pdf"),
    *(
        path(f"items/<int:pk>/{route}", views_actions.item_button, {"name": name}, name=name)
        for name, route in ITEM_BUTTON_ROUTES.items()
    ),
    path("items/<int:pk>/vote/", views_actions.vote_cast, name="vote_cast"),
    # Readable without signing in once the protocol is approved.
    path("protokoller/<int:pk>/", views.public_protocol, name="public_protocol"),
    path("protokoller/<int:pk>/protokoll.pdf", views.public_protocol_pdf, name="public_protocol_pdf"),
]
