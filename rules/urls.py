from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [path("", views.rules_in_force, name="in_force")]
