from django.urls import path

from . import views
from .endpoints import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/tokens/", views.token_list, name="api-tokens"),
    path("api/tokens/<id:token_id>/revoke/", views.token_revoke, name="api-token-revoke"),
]
