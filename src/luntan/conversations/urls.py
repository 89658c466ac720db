from django.urls import path

from . import views

urlpatterns = [
    path("pm/", views.pm_list, name="pm-list"),
    path("pm/new/", views.pm_new, name="pm-new"),
    path("pm/blocks/", views.pm_blocks, name="pm-blocks"),
    path("pm/<id:conversation_id>/", views.pm_conversation, name="pm-conversation"),
    path("pm/<id:conversation_id>/delete/", views.pm_delete, name="pm-delete"),
]
