from django.urls import path

from . import views

urlpatterns = [
    path("favourites/", views.favourite_list, name="favourites"),
    path("thread/<int:thread_id>/favourite/", views.thread_favourite, name="thread-favourite"),
    path("board/<int:board_id>/favourite/", views.board_favourite, name="board-favourite"),
]
