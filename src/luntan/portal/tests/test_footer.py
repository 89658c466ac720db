import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from luntan.conftest import make_thread
from luntan.portal.models import SitePage, SiteSettings


def footer_of(client, url: str = "/") -> str:
    html = client.get(url).content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_footer_links_read_like_the_reference_page(client, demo_site):
    footer = footer_of(client)
    nav = footer[: footer.index("</nav>")]
    labels = re.findall(r">([^<>|]+)</a>", nav)
    assert labels == [
        "Archiver",
        "網站介紹",
        "廣告服務",
        "聯繫方式",
        "關於我們",
        "免責聲明",
        "網站地圖",
        "設為首頁",
        "霍林河信息港",
    ]
    assert nav.count('<span class="sep">|</span>') == 8


def test_footer_links_lead_to_the_archiver_site_pages_map_and_homepage_help(client, demo_site):
    footer = footer_of(client)
    for href in (
        reverse("archiver"),
        "/page/intro/",
        "/page/ads/",
        "/page/contact/",
        "/page/about/",
        "/page/disclaimer/",
        reverse("site-map"),
        reverse("set-homepage"),
        reverse("index"),
    ):
        assert f'href="{href}"' in footer
        assert client.get(href).status_code == 200, href


def test_footer_shows_powered_by_and_copyright_from_the_start_year_to_this_year(
    client, demo_site, clock
):
    footer = footer_of(client)
    assert "Powered by <strong>luntan</strong> Copyright © 2011–2026 霍林河信息港" in footer


def test_the_copyright_year_turns_at_midnight_in_shanghai_not_in_utc(client, demo_site, clock):
    clock.move_to(datetime(2026, 12, 31, 15, 59, 30, tzinfo=UTC))  # 23:59:30 in Shanghai
    assert "Copyright © 2011–2026 霍林河信息港" in footer_of(client)
    clock.move_to(datetime(2026, 12, 31, 16, 0, 30, tzinfo=UTC))  # still 31 December in UTC
    assert "Copyright © 2011–2027 霍林河信息港" in footer_of(client)


def test_icp_number_links_to_the_miit_filing_site(client, demo_site):
    footer = footer_of(client)
    assert (
        '備案編號：<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">'
        "蒙ICP備11001371號-1</a>" in footer
    )


def test_police_number_links_to_its_record_page_with_the_badge_drawn_beside_it(client, demo_site):
    footer = footer_of(client)
    police = footer[footer.index('<span class="police">') :]
    assert police.index('<svg class="police-badge"') < police.index("<a ")
    assert (
        '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=15058102000003" '
        'rel="noopener" target="_blank">蒙公網安備 15058102000003號</a>' in police
    )


def test_contact_line_and_special_notice_are_shown(client, demo_site):
    footer = footer_of(client)
    assert "地址：內蒙古霍林郭勒市" in footer
    assert "官方QQ群：12340475" in footer
    assert "騰訊QQ：1595215298" in footer
    assert "電話：13204759339" in footer
    assert '郵箱：<a href="mailto:huolinhe@163.com">huolinhe@163.com</a>' in footer
    assert "特別聲明：本站禁止發佈任何違反國家法律、法規的言論與圖片等內容" in footer


def test_back_to_top_link_is_kept(client, demo_site):
    assert '<a href="#top">返回頂部</a>' in footer_of(client)


def test_each_footer_item_hides_when_its_setting_is_empty(client, demo_site, clock):
    demo_site.copyright_start_year = None  # (the clock fixture says 2026)
    for field in ("icp_number", "police_number", "address", "qq_group", "phone", "notice"):
        setattr(demo_site, field, "")
    demo_site.save()
    footer = footer_of(client)
    assert "Copyright © 2026 霍林河信息港" in footer
    assert "beian" not in footer and "police-badge" not in footer and "備案" not in footer
    assert "地址" not in footer and "官方QQ群" not in footer and "電話" not in footer
    assert "特別聲明" not in footer
    assert "騰訊QQ：1595215298" in footer and "郵箱" in footer


def test_contact_line_disappears_when_every_contact_is_empty(client, demo_site):
    for field in ("address", "qq_group", "contact_qq", "phone", "email"):
        setattr(demo_site, field, "")
    demo_site.save()
    assert 'class="contact"' not in footer_of(client)


def test_a_page_left_out_of_the_footer_is_not_linked(client, demo_site):
    page = SitePage.objects.get(slug="ads")
    page.show_in_footer = False
    page.save()
    footer = footer_of(client)
    assert "/page/ads/" not in footer and "廣告服務" not in footer
    assert "/page/intro/" in footer


def test_a_footer_already_shown_follows_a_change_to_the_settings_or_the_pages(client, demo_site):
    assert "電話：13204759339" in footer_of(client)
    demo_site.phone = "04757771234"
    demo_site.save()
    assert "電話：04757771234" in footer_of(client)
    page = SitePage.objects.get(slug="ads")
    page.show_in_footer = False
    page.save()
    assert "廣告服務" not in footer_of(client)


def test_a_footer_already_shown_in_traditional_is_shown_in_simplified_to_a_simplified_reader(
    client, demo_site
):
    assert "網站地圖" in footer_of(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    footer = footer_of(client)
    assert "网站地图" in footer and "网站地圖" not in footer and "霍林河信息港" in footer


def test_the_footers_archiver_link_follows_the_page_it_is_on(client, demo_site, board, alice):
    thread = make_thread(board, alice)
    assert reverse("archiver-board", args=[board.pk]) in footer_of(client, f"/board/{board.pk}/")
    thread_footer = footer_of(client, thread.get_absolute_url())
    assert reverse("archiver-thread", args=[thread.pk]) in thread_footer


def test_malformed_filing_numbers_are_shown_as_escaped_text(client, demo_site):
    demo_site.icp_number = '<script>alert("icp")</script>'
    demo_site.police_number = '"><img src=x onerror=alert(1)>'
    demo_site.save()
    footer = footer_of(client)
    assert "<script>alert" not in footer and "<img src=x" not in footer
    assert "&lt;script&gt;alert(&quot;icp&quot;)&lt;/script&gt;" in footer
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in footer
    # Without a record code there is nothing to link the public-security number to.
    assert "beian.mps.gov.cn" not in footer


@pytest.mark.django_db
def test_footer_shows_the_defaults_when_the_settings_row_is_missing(client, clock):
    SiteSettings.objects.all().delete()
    footer = footer_of(client)
    assert "Copyright © 2026 霍林河信息港" in footer
    assert "beian" not in footer
