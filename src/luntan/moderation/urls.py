from django.urls import path

from . import views

urlpatterns = [
    path("thread/<id:thread_id>/moderate/", views.thread_tools, name="thread-moderate"),
    path("thread/<id:thread_id>/moderate/posts/", views.post_tools, name="posts-moderate"),
    path("board/<id:board_id>/moderate/", views.board_tools, name="board-moderate"),
    path("post/<id:post_id>/moderate/delete/", views.post_delete, name="post-moderate-delete"),
    path("moderation/log/", views.moderation_log, name="moderation-log"),
    path("moderation/bin/", views.recycle_bin, name="moderation-bin"),
    path("moderation/bin/<id:entry_id>/restore/", views.bin_restore, name="bin-restore"),
    path("moderation/bin/<id:entry_id>/purge/", views.bin_purge, name="bin-purge"),
    path("member/<id:user_id>/ban/", views.member_ban, name="member-ban"),
    path("member/<id:user_id>/unban/", views.member_unban, name="member-unban"),
]
