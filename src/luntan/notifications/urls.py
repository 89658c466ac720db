from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read_all, name="notifications-read"),
    path("notifications/<id:notification_id>/", views.notification_open, name="notification-open"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("notifications/watching/", views.watch_list, name="watch-list"),
    path("notifications/members/", views.mention_members, name="mention-members"),
    path("thread/<id:thread_id>/watch/", views.thread_watch, name="thread-watch"),
]
