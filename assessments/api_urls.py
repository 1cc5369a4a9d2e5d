from django.urls import path

from . import api

urlpatterns = [
    path("assessments/", api.assessments, name="api_assessments"),
]
