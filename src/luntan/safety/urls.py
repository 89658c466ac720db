from django.urls import path

from . import views

urlpatterns = [
    path("review/", views.review_queue, name="review-queue"),
    path("review/decide/", views.review_decide, name="review-decide"),
    path("review/<int:held_id>/edit/", views.review_edit, name="review-edit"),
    path("review/mine/", views.review_mine, name="review-mine"),
]
