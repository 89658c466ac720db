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


@pytest.mark.django_db
def test_a_host_the_site_does_not_serve_gets_a_chinese_400_not_a_500():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "請求無效" in response.content.decode()


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_a_chinese_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "alice", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "表單已過期" in page and "CSRF verification failed" not in page
