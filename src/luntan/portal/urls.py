from django.urls import path

from . import views

urlpatterns = [
    path("page/<slug:slug>/", views.site_page, name="site-page"),
    path("sitemap/", views.site_map, name="site-map"),
    path("homepage/", views.set_homepage, name="set-homepage"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("archiver/", views.archiver_index, name="archiver"),
    path("archiver/board/<id:board_id>/", views.archiver_board, name="archiver-board"),
    path("archiver/thread/<id:thread_id>/", views.archiver_thread, name="archiver-thread"),
]
