"""Members' text in the reader's script: only what people read is converted."""

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from luntan.core.chinese import to_reader_script, to_reader_script_html
from luntan.core.markup import render_bbcode
from luntan.posting.services import start_thread


def test_link_targets_and_code_come_out_byte_for_byte():
    html = render_bbcode(
        "[url=https://example.com/后台/发现?q=头发]后台发现[/url]\n[code]后台 = 发现()[/code]头发"
    )
    converted = to_reader_script_html(html, "zh-hant")
    assert 'href="https://example.com/后台/发现?q=头发"' in converted
    assert ">後臺發現</a>" in converted
    assert "后台 = 发现()" in converted
    assert converted.endswith("頭髮")


def test_taiwan_usage_converts_words_and_still_leaves_targets_and_code_alone():
    # Each short text is converted once per variant, never served from the other's memo.
    assert to_reader_script("软件网络", "zh-hant") == "軟件網絡"
    assert to_reader_script("软件网络", "zh-tw") == "軟體網路"
    # Not s2twp's computing jargon, from either script.
    assert to_reader_script("版主权限、论坛分区、主题类型、全局置顶", "zh-tw") == (
        "版主權限、論壇分區、主題類型、全域置頂"
    )
    assert to_reader_script("版主權限、論壇分區", "zh-tw") == "版主權限、論壇分區"
    html = render_bbcode("[url=https://example.com/软件/]软件下载[/url][code]软件()[/code]网络")
    assert to_reader_script_html(html, "zh-tw") == html.replace("软件下载", "軟體下載").replace(
        "网络", "網路"
    )


def test_attribute_values_holding_angle_brackets_are_left_alone():
    html = '<a href="/s?a=1>2&amp;b=后台" title="发现">发现</a>'
    assert to_reader_script_html(html, "zh-hant") == (
        '<a href="/s?a=1>2&amp;b=后台" title="发现">發現</a>'
    )


def test_simplified_readers_get_traditional_text_simplified():
    assert to_reader_script_html("<p>後臺<code>後臺</code></p>", "zh-hans") == (
        "<p>后台<code>後臺</code></p>"
    )


def test_the_script_filter_converts_plain_text_whole_and_safe_html_by_its_text():
    template = Template("{% load luntan %}{{ title|script }}|{{ body|safe|script }}")
    with_language = Context({"title": "<后台>", "body": '<a href="/后台">后台</a>'})
    with translation.override("zh-hant"):
        rendered = template.render(with_language)
    assert rendered == '&lt;後臺&gt;|<a href="/后台">後臺</a>'


def test_a_posts_link_on_the_traditional_thread_page_still_leads_to_its_target(
    client, board, alice
):
    thread = start_thread(
        board=board,
        author=alice,
        title="后台地址",
        body="[url=https://example.com/后台/]后台入口[/url]",
    )
    client.get(reverse("switch-language", args=["zh-hant"]))
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'href="https://example.com/后台/"' in page
    assert "後臺入口" in page
