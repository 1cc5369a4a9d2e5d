from django.urls import path

from . import api

urlpatterns = [
    path("audit/", api.events, name="api_audit"),
]
