import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from luntan.conftest import login
from luntan.portal.models import SiteSettings
from luntan.portal.querysets import site_info


def test_a_saved_change_shows_on_the_next_page_view(client, demo_site):
    assert "<title>霍林河信息港</title>" in client.get("/").content.decode()
    demo_site.site_name = "霍林郭勒论坛"
    demo_site.save()
    html = client.get("/").content.decode()
    assert "<title>霍林郭勒論壇</title>" in html
    assert "霍林河信息港" not in html


def test_settings_are_served_from_the_cache_between_changes(
    client, demo_site, django_assert_num_queries
):
    site_info()
    with django_assert_num_queries(0):
        assert site_info().settings.site_name == "霍林河信息港"


def test_administrator_edits_settings_in_the_admin_and_the_footer_follows(client, root, demo_site):
    login(client, root)
    assert client.get(reverse("admin:portal_sitesettings_changelist")).url == reverse(
        "admin:portal_sitesettings_change", args=[1]
    )
    form = {
        "site_name": "霍林河信息港",
        "description": "",
        "logo_url": "/static/logo.png",
        "default_language": "zh-hant",
        "traditional_variant": "standard",
        "copyright_start_year": "2015",
        "icp_number": "蒙ICP备99999999号-2",
        "police_number": "",
        "notice": "",
        "address": "",
        "qq_group": "",
        "contact_qq": "",
        "phone": "",
        "email": "",
    }
    response = client.post(reverse("admin:portal_sitesettings_change", args=[1]), form)
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "蒙ICP備99999999號-2" in html and "Copyright © 2015–" in html
    assert '<img class="site-logo" src="/static/logo.png" alt="霍林河信息港"' in html
    assert "蒙公網安備" not in html


def test_the_admin_offers_no_second_settings_row_and_no_delete(client, root, demo_site):
    login(client, root)
    assert client.get(reverse("admin:portal_sitesettings_add")).status_code == 403
    assert client.get(reverse("admin:portal_sitesettings_delete", args=[1])).status_code == 403


def test_the_admin_names_the_portal_in_chinese(client, root, demo_site):
    login(client, root)
    html = client.get(reverse("admin:index")).content.decode()
    assert "門戶" in html and "站點設置" in html and "站點頁面" in html


@pytest.mark.parametrize(
    "logo_url", ["javascript:alert(1)", "//evil.example/x.png", '/x.png" onload="alert(1)']
)
def test_a_logo_address_a_browser_could_run_is_refused(demo_site, logo_url):
    demo_site.logo_url = logo_url
    with pytest.raises(ValidationError) as refused:
        demo_site.full_clean()
    assert "logo_url" in refused.value.message_dict


def test_a_copyright_start_year_in_the_future_is_refused(demo_site):
    demo_site.copyright_start_year = 2999
    with pytest.raises(ValidationError) as refused:
        demo_site.full_clean()
    assert refused.value.message_dict["copyright_start_year"] == ["起始年份不能晚於今年。"]


def test_the_settings_stay_one_row(demo_site):
    SiteSettings(site_name="另一個").save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.objects.get().site_name == "另一個"


def test_a_reader_without_a_preference_gets_the_default_language_of_the_settings(client, demo_site):
    assert "網站地圖" in client.get("/").content.decode()
    demo_site.default_language = "zh-hans"
    demo_site.save()
    response = client.get("/")
    assert response.headers["Content-Language"] == "zh-hans"
    assert "网站地图" in response.content.decode()
    # A browser that only asks for a language the site does not have is no preference either.
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9,zh;q=0.8"})
    assert response.headers["Content-Language"] == "zh-hans"


def test_the_browser_language_still_wins_over_the_default(client, demo_site):
    demo_site.default_language = "zh-hans"
    demo_site.save()
    response = client.get("/", headers={"Accept-Language": "zh-TW,zh;q=0.9"})
    assert response.headers["Content-Language"] == "zh-hant"


def test_the_readers_own_choice_by_cookie_still_wins(client, demo_site):
    demo_site.default_language = "zh-hans"
    demo_site.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    response = client.get("/", headers={"Accept-Language": "zh-CN"})
    assert response.headers["Content-Language"] == "zh-hant"
    assert "網站地圖" in response.content.decode()
