from django.urls import path

from . import views

urlpatterns = [
    path("post/<id:post_id>/rate/", views.post_rate, name="post-rate"),
    path("post/<id:post_id>/ratings/", views.post_ratings, name="post-ratings"),
    path("rating/<id:rating_id>/withdraw/", views.rating_withdraw, name="rating-withdraw"),
]
