from django.urls import path

from . import api

urlpatterns = [
    path("letters/", api.letters, name="api_letters"),
]
