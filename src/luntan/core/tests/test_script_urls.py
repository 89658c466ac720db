"""Each script at its own address, named by hreflang alternates, kept apart by the page caches."""

import re

import pytest
from django.urls import reverse

from luntan.conftest import make_thread
from luntan.posting.services import start_thread


@pytest.fixture
def thread(board, alice):
    return start_thread(board=board, author=alice, title="霍林郭勒市区停水", body="明天全天停水")


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'<a [^>]*href="([^"]+)"', html))


def test_each_script_has_its_own_address_whatever_the_cookie(client, thread):
    client.get(reverse("switch-language", args=["zh-hant"]))
    simplified = client.get(f"/zh-hans{thread.get_absolute_url()}").content.decode()
    assert '<html lang="zh-hans">' in simplified
    assert "霍林郭勒市区停水" in simplified
    client.get(reverse("switch-language", args=["zh-hans"]))
    traditional = client.get(f"/zh-hant{thread.get_absolute_url()}").content.decode()
    assert '<html lang="zh-hant">' in traditional
    assert "霍林郭勒市區停水" in traditional


def test_links_on_a_scripts_page_stay_in_that_script(client, thread, board):
    html = client.get(f"/zh-hans{thread.get_absolute_url()}").content.decode()
    assert f"/zh-hans/board/{board.pk}/" in hrefs(html)
    assert f"/board/{board.pk}/" not in hrefs(html)
    assert "/zh-hans/" in hrefs(html)  # the site name leads to the index in Simplified


def test_every_page_names_both_scripts_and_the_plain_address(client, thread):
    html = client.get(f"{thread.get_absolute_url()}?page=1").content.decode()
    path = thread.get_absolute_url()
    assert f'hreflang="zh-Hant" href="http://testserver/zh-hant{path}?page=1"' in html
    assert f'hreflang="zh-Hans" href="http://testserver/zh-hans{path}?page=1"' in html
    assert f'hreflang="x-default" href="http://testserver{path}?page=1"' in html
    prefixed = client.get(f"/zh-hans{path}").content.decode()
    assert f'<link rel="canonical" href="http://testserver/zh-hans{path}">' in prefixed
    assert f'hreflang="x-default" href="http://testserver{path}"' in prefixed


def test_the_script_switch_on_a_scripts_page_leads_to_the_other_scripts_address(client, thread):
    html = client.get(f"/zh-hans{thread.get_absolute_url()}").content.decode()
    switch = re.search(r'class="lang-switch" rel="nofollow" href="([^"]+)"', html).group(1)
    landed = client.get(switch.replace("&amp;", "&"), follow=True)
    assert landed.redirect_chain[-1][0] == f"/zh-hant{thread.get_absolute_url()}"
    assert '<html lang="zh-hant">' in landed.content.decode()


def test_the_page_cache_keeps_the_scripts_apart(client, thread, settings):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    path = thread.get_absolute_url()
    for _ in range(2):  # the second round comes from the cache
        assert "市区" in client.get(f"/zh-hans{path}").content.decode()
        assert "市區" in client.get(f"/zh-hant{path}").content.decode()


def test_a_reply_posted_from_a_scripts_page_lands_in_that_script(alice_client, thread):
    path = thread.get_absolute_url()
    page = alice_client.get(f"/zh-hans{path}").content.decode()
    action = re.search(r'<form[^>]+action="([^"]*/reply/)"', page).group(1)
    assert action.startswith("/zh-hans/")
    response = alice_client.post(action, {"body": "收到，谢谢通知"})
    assert response.status_code == 302
    assert response["Location"].startswith("/zh-hans/")
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_a_bare_script_segment_redirects_and_an_unknown_one_is_a_404(client, db):
    response = client.get("/zh-hans")
    assert (response.status_code, response["Location"]) == (301, "/zh-hans/")
    assert client.get("/zh-xx/").status_code == 404


def test_the_sitemap_names_both_scripts_of_every_address(client, board, alice):
    thread = make_thread(board, alice)
    xml = client.get(reverse("sitemap-section", args=["threads"])).content.decode()
    path = thread.get_absolute_url()
    assert f'hreflang="zh-Hans" href="http://testserver/zh-hans{path}"' in xml
    assert f'hreflang="zh-Hant" href="http://testserver/zh-hant{path}"' in xml
