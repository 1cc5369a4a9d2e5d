from django.urls import path

from . import api

urlpatterns = [path("rules/", api.rules, name="api_rules")]
