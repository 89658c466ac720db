from django.urls import path

from . import views

urlpatterns = [
    path("review/", views.review_queue, name="review-queue"),
    path("review/decide/", views.review_decide, name="review-decide"),
    path("review/<id:held_id>/edit/", views.review_edit, name="review-edit"),
    path("review/mine/", views.review_mine, name="review-mine"),
    path("post/<id:post_id>/report/", views.report_new, name="post-report"),
    path("reports/", views.report_queue, name="report-queue"),
    path("reports/handle/", views.report_handle, name="report-handle"),
]
