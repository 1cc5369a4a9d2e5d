from django.urls import path

from . import api

urlpatterns = [
    path("regulations/", api.regulations, name="api_regulations"),
]
