from django.urls import path

from . import views

urlpatterns = [
    path("favourites/", views.favourite_list, name="favourites"),
    path("thread/<id:thread_id>/favourite/", views.thread_favourite, name="thread-favourite"),
    path("board/<id:board_id>/favourite/", views.board_favourite, name="board-favourite"),
]
