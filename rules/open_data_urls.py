"""Open data: the bulk exports, the feeds and the page documenting them (all public)."""

from django.urls import path

from . import feeds, open_data

app_name = "open_data"
urlpatterns = [
    path("api/rules/export.csv", open_data.export_csv, name="export_csv"),
    path("api/rules/export.json", open_data.export_json, name="export_json"),
    path("api/rules/feed.atom", feeds.feed_all, name="feed_all"),
    path("api/rules/<str:number>/feed.atom", feeds.feed_municipality, name="feed_municipality"),
    path("apne-data/", open_data.open_data_page, name="page"),
]
