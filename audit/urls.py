from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("story/<str:object_type>/<int:pk>/", views.story, name="story"),
]
