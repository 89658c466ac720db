from django.urls import path

from . import feeds, views

urlpatterns = [
    path("page/<slug:slug>/", views.site_page, name="site-page"),
    path("sitemap/", views.site_map, name="site-map"),
    path("homepage/", views.set_homepage, name="set-homepage"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("feed/", feeds.site_feed, name="feed"),
    path("board/<id:board_id>/feed/", feeds.board_feed, name="board-feed"),
    path("archiver/", views.archiver_index, name="archiver"),
    path("archiver/board/<id:board_id>/", views.archiver_board, name="archiver-board"),
    path("archiver/thread/<id:thread_id>/", views.archiver_thread, name="archiver-thread"),
]
