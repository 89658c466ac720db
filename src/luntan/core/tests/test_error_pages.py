import pytest
from django.test import Client, override_settings
from django.urls import path


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]
handler500 = "luntan.core.views.server_error"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_is_a_plain_chinese_page_even_when_everything_else_fails():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "服務器出錯" in response.content.decode()
