"""The operator chooses the site's 繁體 in the admin: standard characters (軟件, 網絡, 登錄) or
Taiwan usage (軟體, 網路, 登入), for the interface and members' text alike."""

import re

import feedparser
import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from luntan.conftest import login, make_thread, use_traditional_variant
from luntan.posting.services import reply_to_thread

BODY = (
    "软件和网络信息，[url=https://example.com/软件/网络]软件下载[/url]\n[code]软件 = 网络()[/code]"
)


@pytest.fixture
def thread(demo_site, board, alice):
    thread = make_thread(board, alice, title="软件网络")
    reply_to_thread(thread=thread, author=alice, body=BODY)
    return thread


def choose_in_admin(client: Client, demo_site, variant: str) -> None:
    form = {
        key: "" if value is None else value
        for key, value in model_to_dict(demo_site).items()
        if key != "id"
    }
    form["traditional_variant"] = variant
    response = client.post(reverse("admin:portal_sitesettings_change", args=[1]), form)
    assert response.status_code == 302, response.content.decode()


def test_the_admin_offers_both_variants_and_standard_is_the_default(client, root, demo_site):
    assert demo_site.traditional_variant == "standard"
    page = login(client, root).get(reverse("admin:portal_sitesettings_change", args=[1]))
    html = page.content.decode()
    assert "繁體·標準用字" in html and "繁體·臺灣用語" in html


def test_switching_in_the_admin_changes_posts_and_interface_and_back(root, demo_site, thread):
    operator, guest = login(Client(), root), Client()
    url = f"/zh-hant{thread.get_absolute_url()}"

    standard = guest.get(url).content.decode()
    assert "軟件和網絡信息" in standard and "登錄" in standard and "登入" not in standard

    choose_in_admin(operator, demo_site, "taiwan")
    taiwan = guest.get(url).content.decode()
    assert "軟體和網路資訊" in taiwan and "<title>軟體網路" in taiwan
    assert "登入" in taiwan and "登錄" not in taiwan and "軟件" not in taiwan
    assert 'lang="zh-tw"' in taiwan

    choose_in_admin(operator, demo_site, "standard")
    again = guest.get(url).content.decode()
    assert "軟件和網絡信息" in again and "登錄" in again and "登入" not in again


def test_the_readers_plain_address_follows_the_variant_too(client, demo_site, thread):
    use_traditional_variant("taiwan")
    client.get(reverse("switch-language", args=["zh-hant"]))
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "軟體和網路資訊" in page


def test_link_targets_and_code_are_byte_for_byte_in_taiwan_usage(client, demo_site, thread):
    use_traditional_variant("taiwan")
    page = client.get(f"/zh-hant{thread.get_absolute_url()}").content.decode()
    assert 'href="https://example.com/软件/网络"' in page
    assert "軟體下載</a>" in page
    assert "软件 = 网络()" in page


def test_simplified_pages_are_the_same_in_either_variant(client, demo_site, thread):
    url = f"/zh-hans{thread.get_absolute_url()}"
    use_traditional_variant("standard")
    standard = client.get(url).content.decode()
    use_traditional_variant("taiwan")
    taiwan = client.get(url).content.decode()
    assert "软件和网络信息" in taiwan and "登录" in taiwan
    # The thread was viewed once more in between.
    assert re.sub(r'view-count">\d+', "", standard) == re.sub(r'view-count">\d+', "", taiwan)


def test_hreflang_and_addresses_say_zh_hant_in_taiwan_usage(client, demo_site, thread):
    use_traditional_variant("taiwan")
    page = client.get(f"/zh-hant{thread.get_absolute_url()}").content.decode()
    path = thread.get_absolute_url()
    assert f'hreflang="zh-Hant" href="http://testserver/zh-hant{path}"' in page
    assert f'<link rel="canonical" href="http://testserver/zh-hant{path}"' in page
    # The internal language shows only as the page's lang, never in an address.
    assert "zh-tw" not in page.replace('<html lang="zh-tw">', "")


def test_the_page_cache_never_serves_a_page_of_the_other_variant(
    root, demo_site, thread, settings, django_capture_on_commit_callbacks
):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    operator, guest = login(Client(), root), Client()
    url = f"/zh-hant{thread.get_absolute_url()}"
    assert "軟件和網絡信息" in guest.get(url).content.decode()
    assert "軟件和網絡信息" in guest.get(url).content.decode()  # now from the cache

    with django_capture_on_commit_callbacks(execute=True):
        choose_in_admin(operator, demo_site, "taiwan")
    assert "軟體和網路資訊" in guest.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        choose_in_admin(operator, demo_site, "standard")
    assert "軟件和網絡信息" in guest.get(url).content.decode()


def test_a_change_nobody_forgot_reaches_the_pages_within_the_bound(
    client, demo_site, thread, settings, clock
):
    """A bulk update (no save, so no forgetting) shows once the configuration's copies are
    older than LUNTAN_CONFIG_MAX_AGE, like every site setting."""
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    url = f"/zh-hant{thread.get_absolute_url()}"
    assert "軟件和網絡信息" in client.get(url).content.decode()
    type(demo_site).objects.update(traditional_variant="taiwan")
    clock.shift(settings.LUNTAN_CONFIG_MAX_AGE + 1)
    assert "軟體和網路資訊" in client.get(url).content.decode()


def test_the_feed_speaks_the_variant_and_names_it_as_its_language(client, demo_site, thread):
    use_traditional_variant("taiwan")
    feed = feedparser.parse(client.get(f"/zh-hant{reverse('feed')}").content)
    assert not feed.bozo
    assert feed.entries[0].title == "軟體網路"
    assert feed.feed.language == "zh-tw"
