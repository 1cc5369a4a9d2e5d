from django.urls import path

from . import views

app_name = "lovtidend"
urlpatterns = [
    path("versions/<int:pk>/lovtidend.json", views.package_json, name="package_json"),
    path("versions/<int:pk>/lovtidend.xml", views.package_xml_view, name="package_xml"),
    path("versions/<int:pk>/lovtidend/announce/", views.announcement_record, name="announcement_record"),
]
