import re

import pytest
from django.urls import reverse

from luntan.conftest import login
from luntan.portal.models import SitePage


def test_the_data_migration_creates_the_five_footer_pages(demo_site):
    pages = list(SitePage.objects.values_list("slug", "title"))
    assert pages == [
        ("intro", "网站介绍"),
        ("ads", "广告服务"),
        ("contact", "联系方式"),
        ("about", "关于我们"),
        ("disclaimer", "免责声明"),
    ]
    assert all(SitePage.objects.values_list("html", flat=True))


def test_a_site_page_shows_its_rendered_text_in_the_readers_script(client, demo_site):
    html = client.get("/page/disclaimer/").content.decode()
    assert "<title>免責聲明 - 霍林河信息港</title>" in html
    assert "<h1>免責聲明</h1>" in html
    assert "<ol><li>本站帖子僅代表作者本人觀點" in html
    assert '<meta name="description" content="本站帖子僅代表作者本人觀點' in html


def test_an_unknown_page_is_a_chinese_404(client, demo_site):
    response = client.get("/page/no-such-page/")
    assert response.status_code == 404
    assert "頁面不存在" in response.content.decode()


@pytest.mark.django_db
def test_script_and_event_handlers_in_a_site_page_are_made_harmless(client):
    SitePage.objects.create(
        slug="evil",
        title="<b>標題</b>",
        body='<script>alert(1)</script><img src=x onerror="alert(2)">'
        "[url=javascript:alert(3)]點我[/url][img]javascript:alert(4)[/img]",
    )
    html = client.get("/page/evil/").content.decode()
    article = html[html.index('<article class="site-page">') : html.index("</article>")]
    assert "<script" not in article and "<img" not in article
    assert 'href="javascript' not in article
    assert re.search(r"<[a-z][^>]*\son[a-z]+=", article) is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;b&gt;標題&lt;/b&gt;" in html


def test_operator_adds_a_page_in_the_admin_and_it_joins_the_footer(client, root, demo_site):
    login(client, root)
    response = client.post(
        reverse("admin:portal_sitepage_add"),
        {
            "title": "招聘英才",
            "slug": "jobs",
            "body": "[b]诚聘[/b]版主",
            "position": "9",
            "show_in_footer": "on",
        },
    )
    assert response.status_code == 302
    page = SitePage.objects.get(slug="jobs")
    assert page.html == "<strong>诚聘</strong>版主"
    client.logout()
    html = client.get("/").content.decode()
    assert '<a href="/page/jobs/">招聘英才</a>' in html
    assert "<strong>誠聘</strong>版主" in client.get("/page/jobs/").content.decode()


def test_pages_deleted_in_bulk_in_the_admin_leave_the_footer(client, root, demo_site):
    login(client, root)
    client.get("/")  # fills the cache
    ids = list(SitePage.objects.filter(slug__in=["ads", "about"]).values_list("pk", flat=True))
    response = client.post(
        reverse("admin:portal_sitepage_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert "/page/ads/" not in footer and "/page/about/" not in footer
    assert "/page/intro/" in footer


def test_a_bad_slug_is_refused_with_a_chinese_message(client, root, demo_site):
    login(client, root)
    response = client.post(
        reverse("admin:portal_sitepage_add"),
        {"title": "重複", "slug": "intro", "body": "x", "position": "1"},
    )
    assert response.status_code == 200
    assert "包含 網址 的 站點頁面 已經存在。" in response.content.decode()
