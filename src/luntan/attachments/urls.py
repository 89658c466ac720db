from django.urls import path

from . import views

urlpatterns = [
    path("attachments/upload/", views.upload, name="attachment-upload"),
    path("attachments/<id:attachment_id>/", views.attachment, name="attachment"),
    path("attachments/<id:attachment_id>/buy/", views.buy, name="attachment-buy"),
    path("attachments/<id:attachment_id>/price/", views.set_price, name="attachment-price"),
    path(
        "attachments/<id:attachment_id>/thumb/",
        views.attachment_thumbnail,
        name="attachment-thumbnail",
    ),
]
