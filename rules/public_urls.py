from django.urls import path

from . import public_views

app_name = "public_rules"
urlpatterns = [
    path("", public_views.ask, name="ask"),
    path("<str:number>/", public_views.answer, name="answer"),
]
