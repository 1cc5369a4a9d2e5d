from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="list"),
    path("ny/", views.region_create, name="create"),
    path("<int:pk>/", views.region_detail, name="detail"),
    path("<int:pk>/endre/", views.region_edit, name="edit"),
    path("<int:pk>/csv/", views.region_csv, name="csv"),
    path("<int:pk>/brevutkast/", views.region_letter, name="letter"),
]
