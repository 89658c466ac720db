import random
import re
import time
from html.parser import HTMLParser

import pytest

from luntan.core import markup
from luntan.core.markup import excerpt, quote_source, render_bbcode

A = 'target="_blank" rel="nofollow noopener ugc"'


def link(href: str, text: str | None = None) -> str:
    return f'<a href="{href}" {A}>{href if text is None else text}</a>'


# --- simple tags ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[b]粗[/b]", "<strong>粗</strong>"),
        ("[i]斜[/i]", "<em>斜</em>"),
        ("[u]下[/u]", "<u>下</u>"),
        ("[s]删[/s]", "<s>删</s>"),
        ("[B]x[/b] [I]y[/I]", "<strong>x</strong> <em>y</em>"),
        ("[b][/b]", "<strong></strong>"),
    ],
)
def test_simple_inline_tags(source: str, expected: str) -> None:
    assert render_bbcode(source) == expected


def test_plain_text_chinese_and_emoji_pass_through() -> None:
    source = "你好，世界！😀👨‍👩‍👧 «ü»"
    assert render_bbcode(source) == source


def test_html_is_escaped() -> None:
    assert render_bbcode("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"


def test_newlines_become_br_and_outer_whitespace_is_trimmed() -> None:
    assert render_bbcode("\n 一\r\n二\r三\n\n") == "一<br>二<br>三"


def test_control_characters_are_dropped() -> None:
    assert render_bbcode("a\x00b\x07c\td") == "abc\td"


# --- color / size / align ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[color=red]x[/color]", '<span data-color="red">x</span>'),
        ("[color=Orange]x[/color]", '<span data-color="orange">x</span>'),
        ("[color=#F00]x[/color]", '<span data-color="#f00">x</span>'),
        ("[color=#00aa11]x[/color]", '<span data-color="#00aa11">x</span>'),
        ("[color=rgb(255, 0, 16)]x[/color]", '<span data-color="#ff0010">x</span>'),
        ('[color="blue"]x[/color]', '<span data-color="blue">x</span>'),
    ],
)
def test_color(source: str, expected: str) -> None:
    assert render_bbcode(source) == expected


@pytest.mark.parametrize(
    "arg",
    ["#12345", "#ggg", "redd", "", "rgb(256,0,0)", "expression(alert(1))", "red;x:y"],
)
def test_bad_color_is_literal(arg: str) -> None:
    assert render_bbcode(f"[color={arg}]x[/color]") == f"[color={arg}]x[/color]"


@pytest.mark.parametrize(
    ("arg", "px"),
    [("1", 10), ("3", 16), ("7", 48), ("12px", 12), ("8PX", 8), ("48px", 48), ("14", 14)],
)
def test_size(arg: str, px: int) -> None:
    assert render_bbcode(f"[size={arg}]x[/size]") == f'<span data-size="{px}">x</span>'


@pytest.mark.parametrize("arg", ["0", "49", "7px", "100px", "2em", "-1", "12px;color:red"])
def test_bad_size_is_literal(arg: str) -> None:
    assert render_bbcode(f"[size={arg}]x[/size]") == f"[size={arg}]x[/size]"


def test_align() -> None:
    assert (
        render_bbcode("[align=center]中[/align][align=Right]右[/align]")
        == '<div class="bb-align-center">中</div><div class="bb-align-right">右</div>'
    )
    assert render_bbcode("[align=justify]x[/align]") == "[align=justify]x[/align]"


# --- url / img -----------------------------------------------------------------------------


def test_url_forms() -> None:
    assert render_bbcode("[url]http://example.com/a?b=1&c=2[/url]") == link(
        "http://example.com/a?b=1&amp;c=2"
    )
    assert render_bbcode("[url=https://example.com]示例[/url]") == link(
        "https://example.com", "示例"
    )
    assert render_bbcode("[URL=HTTPS://EXAMPLE.COM]x[/URL]") == link("HTTPS://EXAMPLE.COM", "x")
    assert render_bbcode("[url=www.example.com]x[/url]") == link("http://www.example.com", "x")
    assert render_bbcode("[url]www.example.com[/url]") == link(
        "http://www.example.com", "www.example.com"
    )
    assert render_bbcode("[url=mailto:a.b@example.com]写信[/url]") == link(
        "mailto:a.b@example.com", "写信"
    )
    assert render_bbcode('[url="http://q.com"]q[/url]') == link("http://q.com", "q")


def test_url_with_markup_inside() -> None:
    assert render_bbcode("[url=http://a.com][b]粗[/b][img]http://a.com/i.png[/img][/url]") == (
        f'<a href="http://a.com" {A}><strong>粗</strong>'
        '<img src="http://a.com/i.png" alt="" loading="lazy"></a>'
    )


def test_url_is_not_nested() -> None:
    assert render_bbcode("[url=http://a.com][url=http://b.com]x[/url][/url]") == (
        f'<a href="http://a.com" {A}>[url=http://b.com]x</a>[/url]'
    )
    assert render_bbcode("[url=http://a.com][url]http://b.com[/url][/url]") == (
        f'<a href="http://a.com" {A}>[url]http://b.com</a>[/url]'
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "//evil.com",
        "/relative/path",
        "http://",
        "http:///x",
        "example.com",
        "mailto:",
        "http://a.com/x y",
    ],
)
def test_bad_url_argument_is_literal(url: str) -> None:
    out = render_bbcode(f"[url={url}]x[/url]")
    assert out.startswith("[url=") and out.endswith("x[/url]")
    assert "<a" not in out


def test_bad_url_content_is_literal() -> None:
    assert render_bbcode("[url]javascript:alert(1)[/url]") == "[url]javascript:alert(1)[/url]"
    assert render_bbcode("[url]mailto:[/url]") == "[url]mailto:[/url]"


def test_img() -> None:
    assert (
        render_bbcode("[img]https://example.com/a.png[/img]")
        == '<img src="https://example.com/a.png" alt="" loading="lazy">'
    )
    assert (
        render_bbcode("[img=120,80]http://example.com/a.png[/img]")
        == '<img src="http://example.com/a.png" alt="" loading="lazy" width="120" height="80">'
    )
    assert (
        render_bbcode("[img=0,0]http://example.com/a.png[/img]")
        == '<img src="http://example.com/a.png" alt="" loading="lazy">'
    )


@pytest.mark.parametrize(
    "content",
    ["javascript:alert(1)", "data:image/png;base64,AAAA", "/a.png", "mailto:a@b.com", ""],
)
def test_bad_img_is_literal(content: str) -> None:
    assert render_bbcode(f"[img]{content}[/img]") == f"[img]{content}[/img]"


def test_bad_img_size_is_literal() -> None:
    out = render_bbcode("[img=a,b]http://x.com/a.png[/img]")
    assert out == f"[img=a,b]{link('http://x.com/a.png')}[/img]"


def test_unclosed_url_and_img_are_literal() -> None:
    assert render_bbcode("[img]http://x.com/a.png") == f"[img]{link('http://x.com/a.png')}"
    assert render_bbcode("[url]http://x.com") == f"[url]{link('http://x.com')}"


# --- quote / code / list -------------------------------------------------------------------


def test_quote() -> None:
    assert (
        render_bbcode("[quote]\n引用\n[/quote]\n之后")
        == '<blockquote class="bb-quote">引用</blockquote>之后'
    )


def test_nested_quote() -> None:
    assert render_bbcode("[quote]a[quote]b[/quote]c[/quote]") == (
        '<blockquote class="bb-quote">a<blockquote class="bb-quote">b</blockquote>c</blockquote>'
    )


def test_only_one_newline_after_block_is_dropped() -> None:
    assert render_bbcode("前\n\n[quote]x[/quote]\n\n后") == (
        '前<br><br><blockquote class="bb-quote">x</blockquote><br>后'
    )


def test_code_is_not_parsed_or_linked() -> None:
    source = "[code]\n[b]x[/b] <script>\n  http://example.com\n[/code]\n后"
    assert render_bbcode(source) == (
        '<pre class="bb-code"><code>[b]x[/b] &lt;script&gt;\n  http://example.com</code></pre>后'
    )


def test_code_keeps_inner_blank_line() -> None:
    assert render_bbcode("[code]\n\n  a\n[/code]") == (
        '<pre class="bb-code"><code>\n  a</code></pre>'
    )


def test_code_ends_at_first_close_and_unclosed_code_is_literal() -> None:
    assert render_bbcode("[code][code]x[/code][/code]") == (
        '<pre class="bb-code"><code>[code]x</code></pre>[/code]'
    )
    assert render_bbcode("[code][b]x[/b]") == "[code]<strong>x</strong>"


def test_lists() -> None:
    assert render_bbcode("[list]\n[*]一\n[*]二\n[/list]\n后") == "<ul><li>一</li><li>二</li></ul>后"
    assert render_bbcode("[list=1][*]a[*]b[/list]") == "<ol><li>a</li><li>b</li></ol>"
    assert render_bbcode("[list=a][*]a[/list]") == '<ol type="a"><li>a</li></ol>'
    assert render_bbcode("[list][*]a[/*] [*]b[/*][/list]") == "<ul><li>a</li><li>b</li></ul>"


def test_nested_list() -> None:
    source = "[list]\n[*]a\n[list=1]\n[*]n1\n[*]n2\n[/list]\n[*]b\n[/list]"
    assert render_bbcode(source) == (
        "<ul><li>a<br><ol><li>n1</li><li>n2</li></ol></li><li>b</li></ul>"
    )


def test_list_text_before_first_item_gets_an_item() -> None:
    assert render_bbcode("[list]前[*]a[/list]") == "<ul><li>前</li><li>a</li></ul>"


def test_list_item_outside_list_is_literal() -> None:
    assert render_bbcode("a [*] b [/*] [/list]") == "a [*] b [/*] [/list]"
    assert render_bbcode("[list=9][*]x[/list]") == "[list=9][*]x[/list]"


def test_unclosed_list_is_literal_without_stray_li() -> None:
    assert render_bbcode("[list]\n[*]a\n[*]b") == "[list]<br>[*]a<br>[*]b"


# --- nesting and broken markup -------------------------------------------------------------


def test_nesting() -> None:
    assert render_bbcode("[b][i][color=red]x[/color][/i][/b]") == (
        '<strong><em><span data-color="red">x</span></em></strong>'
    )
    assert render_bbcode("[quote][list][*][b]x[/b][/list][/quote]") == (
        '<blockquote class="bb-quote"><ul><li><strong>x</strong></li></ul></blockquote>'
    )


def test_misnested_inline_tags_stay_literal() -> None:
    assert render_bbcode("[b][i]x[/b][/i]") == "[b]<em>x[/b]</em>"
    assert render_bbcode("[color=red][b]x[/color][/b]") == "[color=red]<strong>x[/color]</strong>"


def test_unclosed_and_stray_tags_stay_literal() -> None:
    assert render_bbcode("[b]未闭合") == "[b]未闭合"
    assert render_bbcode("多余[/b]") == "多余[/b]"
    assert render_bbcode("[quote]x") == "[quote]x"
    assert render_bbcode("[url]http://a.com[/url") == f"[url]{link('http://a.com')}[/url"


def test_unknown_tags_stay_literal() -> None:
    assert render_bbcode("[foo]x[/foo] [marquee] [b=1]y[/b] [quote=bob]z[/quote]") == (
        "[foo]x[/foo] [marquee] [b=1]y[/b] [quote=bob]z[/quote]"
    )
    assert render_bbcode("[] [[b]] [/] [b") == "[] [[b]] [/] [b"


def test_inline_tags_close_at_block_end() -> None:
    assert render_bbcode("[quote][b]x[/quote]") == (
        '<blockquote class="bb-quote"><strong>x</strong></blockquote>'
    )
    assert render_bbcode("[list][*][b]a[*]b[/list]") == (
        "<ul><li><strong>a</strong></li><li>b</li></ul>"
    )


def test_inline_tags_resume_after_block_inside_them() -> None:
    assert render_bbcode("[b]前[quote]引[/quote]后[/b]") == (
        '<strong>前</strong><blockquote class="bb-quote">引</blockquote><strong>后</strong>'
    )
    assert render_bbcode("[url=http://a.com]x[code]c[/code]y[/url]") == (
        f'<a href="http://a.com" {A}>x</a><pre class="bb-code"><code>c</code></pre>'
        f'<a href="http://a.com" {A}>y</a>'
    )


def test_block_close_across_other_block_is_literal() -> None:
    assert render_bbcode("[quote][list][*]a[/quote]") == "[quote][list][*]a[/quote]"


def test_deep_nesting_is_capped() -> None:
    out = render_bbcode("[quote]" * 200 + "x" + "[/quote]" * 200)
    assert out.count("<blockquote") == out.count("</blockquote>") <= 32
    assert out.count("[quote]") == out.count("[/quote]") >= 168


# --- XSS -----------------------------------------------------------------------------------


def test_script_tag_is_escaped() -> None:
    assert render_bbcode("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_javascript_url_is_literal() -> None:
    assert render_bbcode("[url=javascript:alert(1)]点我[/url]") == (
        "[url=javascript:alert(1)]点我[/url]"
    )


def test_javascript_img_is_literal() -> None:
    assert render_bbcode("[img]javascript:alert(1)[/img]") == "[img]javascript:alert(1)[/img]"


def test_css_injection_in_color_is_literal() -> None:
    assert render_bbcode("[color=red;background:url(x)]x[/color]") == (
        "[color=red;background:url(x)]x[/color]"
    )


def test_attribute_breakout_in_text() -> None:
    assert render_bbcode('" onmouseover="alert(1)') == '" onmouseover="alert(1)'


def test_attribute_breakout_in_url_argument() -> None:
    assert render_bbcode('[url=http://a" onclick="x]y[/url]') == (
        '[url=http://a" onclick="x]y[/url]'
    )


def test_attribute_breakout_in_img() -> None:
    out = render_bbcode('[img]http://x.com/a.png" onerror="alert(1)[/img]')
    assert out == f'[img]{link("http://x.com/a.png")}" onerror="alert(1)[/img]'


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


_SAFE_ATTRS = {
    "a": {"href", "rel", "target"},
    "img": {"src", "alt", "loading", "width", "height"},
    "span": {"data-color", "data-size", "data-bgcolor", "data-font"},
    "div": {"class"},
    "blockquote": {"class"},
    "pre": {"class"},
    "ol": {"type"},
    "table": {"class", "width", "data-bgcolor"},
    "tr": {"data-bgcolor"},
    "td": {"colspan", "rowspan", "width"},
    "section": {"class", "data-credits"},
}
_SAFE_VALUES = {
    "data-color": re.compile(r"#[0-9a-f]{3,6}|[a-z]+"),
    "data-bgcolor": re.compile(r"#[0-9a-f]{3,6}|[a-z]+"),
    "data-size": re.compile(r"\d{1,2}"),
    "data-font": re.compile(r"[\w ,\-]+"),
    "class": re.compile(
        r"bb-quote|bb-code|bb-table|bb-hide|bb-free|bb-indent|bb-p|bb-float-(left|right)"
        r"|bb-align-(left|center|right)|bb-p bb-align-(left|center|right)"
    ),
}


def assert_safe(html: str) -> None:
    """Every tag and attribute in the output is one the renderer is meant to emit."""
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    for tag, attrs in collector.tags:
        assert tag in {
            "strong",
            "em",
            "u",
            "s",
            "code",
            "ul",
            "li",
            "br",
            "sup",
            "sub",
            "hr",
        } | set(_SAFE_ATTRS) | {"tbody"}
        for name, value in attrs:
            assert name in _SAFE_ATTRS.get(tag, set()), (tag, name)
            assert value is not None
            if name in ("href", "src"):
                assert value.lower().startswith(("http://", "https://", "mailto:")), value
            if name in _SAFE_VALUES:
                assert _SAFE_VALUES[name].fullmatch(value), (name, value)


XSS = [
    "<script>alert(1)</script>",
    "[url=javascript:alert(1)]x[/url]",
    "[url]javascript:alert(1)[/url]",
    "[img]javascript:alert(1)[/img]",
    "[img]data:image/svg+xml;base64,PHN2Zz4=[/img]",
    "[color=red;background:url(x)]x[/color]",
    '" onmouseover="alert(1)',
    '[url=http://a" onclick="x]y[/url]',
    "[url=http://a.com/'onmouseover='alert(1)]x[/url]",
    "[url]http://a.com/<script>[/url]",
    '[img]http://x.com/a.png" onerror="alert(1)[/img]',
    "[img]http://a.com/a.png?<svg/onload=alert(1)>[/img]",
    '[color=#fff" onclick="x]x[/color]',
    "[color=expression(alert(1))]x[/color]",
    "[size=3 onclick=x]x[/size]",
    '[align=center" style="x]x[/align]',
    '[list=1" onclick="x][*]a[/list]',
    "[img=1,1 onerror=alert(1)]http://a.com/a.png[/img]",
    "[url=http://a.com]<img src=x onerror=alert(1)>[/url]",
    'http://a.com/"><script>alert(1)</script>',
    "www.a.com/'onmouseover='alert(1)'",
    "[url=\tjavascript:alert(1)]x[/url]",
    "[url= javascript:alert(1)]x[/url]",
    "[url=java\nscript:alert(1)]x[/url]",
    "[url=http://a.com][quote]x[/url][/quote]",
    "[b][quote][/b][/quote]<b>",
    "[code]</code></pre><script>[/code]",
    '[font=Arial" onclick="x]x[/font]',
    "[font=x;position:fixed]x[/font]",
    "[backcolor=url(x)]x[/backcolor]",
    '[table=100%" onclick="x][tr][td]x[/td][/tr][/table]',
    "[td=1,1,1px;color:red]x[/td]",
    "[email]javascript:alert(1)[/email]",
    '[email=a@b.cn" onclick="x]y[/email]',
    "[media]javascript:alert(1)[/media]",
    '[media=x,1,1]https://player.bilibili.com/x" onload="alert(1)[/media]',
    "[flash]javascript:alert(1)[/flash]",
    "[attach]1 onerror=x[/attach]",
    '[hide=1" onclick="x]x[/hide]',
    "[float=left;position:fixed]x[/float]",
    "[p=1,1,left;x]x[/p]",
    '<section class="bb-hide" data-credits="0">',
    '<span data-attach="1"></span>',
]


@pytest.mark.parametrize("source", XSS)
def test_xss_corpus_renders_only_allowed_markup(source: str) -> None:
    out = render_bbcode(source)
    assert_safe(out)
    assert "<script" not in out


def test_safety_checker_accepts_every_feature_and_rejects_handlers() -> None:
    out = render_bbcode(KITCHEN_SINK)
    assert_safe(out)
    for tag in ("strong", "em", "<u>", "<s>", "span", "<a ", "img", "blockquote", "pre", "ol"):
        assert tag in out
    with pytest.raises(AssertionError):
        assert_safe('<a href="http://a.com" onclick="x">')
    with pytest.raises(AssertionError):
        assert_safe('<span data-color="red;position:fixed">')


KITCHEN_SINK = """[b]粗[/b][i]斜[/i][u]下[/u][s]删[/s][color=#f00]红[/color][size=5]大[/size]
[url]http://a.com[/url] [url=https://b.com]b[/url] [img=10,10]http://a.com/i.png[/img]
[quote]引用 www.c.com[/quote][code]x[/code][list=1][*]一[*]二[/list][align=center]中[/align]"""


_VOID = {"br", "img", "hr"}
_INLINE_HTML = {"strong", "em", "u", "s", "span", "a", "sup", "sub"}


class _StructureChecker(HTMLParser):
    """Fails on anything an HTML parser would have to repair."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            assert "a" not in self.stack, "nested links"
        parent = {"li": ("ul", "ol"), "tr": ("table",), "td": ("tr",)}
        if tag in parent:
            assert self.stack and self.stack[-1] in parent[tag], f"{tag} outside its parent"
        elif self.stack and self.stack[-1] in ("ul", "ol", "table", "tr"):
            raise AssertionError(f"<{tag}> directly inside a list or table")
        if tag == "section":
            assert "section" not in self.stack, "nested [hide]"
        if tag not in _INLINE_HTML and tag not in _VOID and tag != "code":
            assert not _INLINE_HTML & set(self.stack), f"block <{tag}> inside inline"
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in ("ul", "ol", "table", "tr"):
            raise AssertionError("text directly inside a list or table")


def _raw_html(source: str) -> str:
    """The renderer's own output, before nh3 gets to repair anything."""
    out: list[str] = []
    markup._render(markup._parse(source), out, in_link=False)
    return "".join(out)


def test_random_markup_soup_is_well_formed_and_safe() -> None:
    pieces = [
        "[b]", "[/b]", "[i]", "[/i]", "[u]", "[/u]", "[s]", "[/s]", "[color=red]",
        "[/color]", "[size=4]", "[/size]", "[url=http://a.com]", "[url]", "[/url]",
        "http://b.com", "www.c.com", "[img]", "[/img]", "[quote]", "[/quote]", "[code]",
        "[/code]", "[list]", "[list=1]", "[/list]", "[*]", "[/*]", "[align=right]",
        "[/align]", "[foo]", "[", "]", "\n", "字", " ", "<", "&", '"', "[url=javascript:x]",
        "[table]", "[table=50%]", "[/table]", "[tr]", "[/tr]", "[td]", "[td=2,1]", "[/td]",
        "[hide]", "[hide=10]", "[/hide]", "[hr]", "[indent]", "[/indent]", "[float=left]",
        "[/float]", "[font=宋体]", "[/font]", "[sup]", "[/sup]", "[email=a@b.cn]", "[/email]",
        "[attach]", "[/attach]", "1", "[free]", "[/free]", "[p]", "[/p]",
    ]  # fmt: skip
    rng = random.Random(20240601)
    for _ in range(3000):
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        checker = _StructureChecker()
        checker.feed(_raw_html(source))
        checker.close()
        assert checker.stack == [], source
        assert_safe(render_bbcode(source))


def test_single_quote_in_url_stays_inside_attribute() -> None:
    out = render_bbcode("[url=http://a.com/'onmouseover='alert(1)]x[/url]")
    assert out == link("http://a.com/'onmouseover='alert(1)", "x")


# --- autolinking ---------------------------------------------------------------------------


def test_autolink() -> None:
    assert render_bbcode("见 http://example.com/a?b=1 和 https://x.cn") == (
        f"见 {link('http://example.com/a?b=1')} 和 {link('https://x.cn')}"
    )
    assert render_bbcode("www.baidu.com") == link("http://www.baidu.com", "www.baidu.com")


def test_autolink_stops_at_chinese_punctuation_and_text() -> None:
    source = (
        "看http://example.com/a，很好。还有https://x.cn/p?q=1！（www.baidu.com）「http://y.com」"
    )
    assert render_bbcode(source) == (
        f"看{link('http://example.com/a')}，很好。还有{link('https://x.cn/p?q=1')}！"
        f"（{link('http://www.baidu.com', 'www.baidu.com')}）「{link('http://y.com')}」"
    )
    assert render_bbcode("网址http://a.com？对吗") == f"网址{link('http://a.com')}？对吗"
    assert render_bbcode("http://a.com/路径") == f"{link('http://a.com/')}路径"


def test_autolink_trailing_ascii_punctuation() -> None:
    assert render_bbcode("去 http://a.com/x. 或 (http://a.com/(y)), 好!") == (
        f"去 {link('http://a.com/x')}. 或 ({link('http://a.com/(y)')}), 好!"
    )


def test_autolink_skips_invalid() -> None:
    assert render_bbcode("http:// www. ftp://a.com xhttp://a.com") == (
        "http:// www. ftp://a.com xhttp://a.com"
    )


def test_no_autolink_inside_url_img_code() -> None:
    assert render_bbcode("[url=http://a.com]见 http://b.com[/url]") == (
        f'<a href="http://a.com" {A}>见 http://b.com</a>'
    )
    assert render_bbcode("[code]http://b.com[/code]") == (
        '<pre class="bb-code"><code>http://b.com</code></pre>'
    )
    assert render_bbcode("[img]http://b.com/i.png[/img]") == (
        '<img src="http://b.com/i.png" alt="" loading="lazy">'
    )


def test_no_autolink_inside_literal_tag_text() -> None:
    assert render_bbcode("[url=http://a.com/ x]y") == "[url=http://a.com/ x]y"


# --- quote_source --------------------------------------------------------------------------


@pytest.fixture
def simplified():
    """The quote header is in the active language; these tests read the Simplified source."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.mark.usefixtures("simplified")
def test_quote_source() -> None:
    assert quote_source("张三", "你好[b]世界[/b]") == (
        "[quote][size=2][color=#999999]张三 写道：[/color][/size]\n你好世界[/quote]\n"
    )


@pytest.mark.usefixtures("simplified")
def test_quote_source_strips_nested_quotes_and_trims() -> None:
    body = "[quote]旧的引用[quote]更旧[/quote][/quote]\n" + "长" * 300
    out = quote_source("李四", body, limit=10)
    assert (
        out
        == "[quote][size=2][color=#999999]李四 写道：[/color][/size]\n长长长长长长长长长…[/quote]\n"
    )


@pytest.mark.usefixtures("simplified")
def test_quote_source_neutralises_tags_in_text_and_name() -> None:
    out = quote_source("[b]王五[/b]", "[code][/quote][b][/code]未闭合[i]")
    assert out == (
        "[quote][size=2][color=#999999]［b］王五［/b］ 写道：[/color][/size]\n"
        "［/quote]［b]\n未闭合［i][/quote]\n"
    )
    # The prefilled reply renders as exactly one quote.
    html = render_bbcode(out + "回复")
    assert html.count("<blockquote") == 1
    assert html.endswith("</blockquote>回复")


@pytest.mark.usefixtures("simplified")
def test_quote_source_renders() -> None:
    html = render_bbcode(quote_source("张三", "第一行\n第二行 http://a.com"))
    assert html == (
        '<blockquote class="bb-quote"><span data-size="13">'
        '<span data-color="#999999">张三 写道：</span></span><br>'
        f"第一行<br>第二行 {link('http://a.com')}</blockquote>"
    )


# --- excerpt -------------------------------------------------------------------------------


def test_excerpt() -> None:
    source = "[quote]别人说的[/quote]\n你好[b]世界[/b]\n[img]http://x/a.png[/img]第二  行\n[url=http://a.com]链接[/url]"
    assert excerpt(source) == "你好世界 第二 行 链接"
    assert excerpt(source, limit=7) == "你好世界 第…"
    assert excerpt(source, limit=6) == "你好世界…"


def test_excerpt_keeps_blocks_apart_and_code_text() -> None:
    assert excerpt("[list][*]一[*]二[/list]后[code]x = 1[/code]") == "一 二 后 x = 1"


def test_excerpt_of_only_a_quote_falls_back_to_the_quote() -> None:
    assert excerpt("[quote]只有引用[/quote]") == "只有引用"


def test_excerpt_does_not_split_emoji_sequences() -> None:
    family = "👨‍👩‍👧"
    assert excerpt("ab" + family + "cd", limit=5) == "ab…"


def test_excerpt_is_plain_text_not_html() -> None:
    assert excerpt("<b>&amp;</b>") == "<b>&amp;</b>"


# --- size, and no input that takes super-linear time ------------------------------------------
# Speed itself is measured by `python bench/markup.py`; these only catch a pattern that backtracks
# or rescans: at 100,000 characters such a pattern takes minutes, so a bound of seconds separates
# it from a loaded machine without timing anything finely.
CATASTROPHE_SECONDS = 2.0

REALISTIC_CHUNK = (
    "本地新闻[b]重要[/b]：详情见 http://example.com/news?id=1，欢迎讨论。😀\n"
    "[quote]楼上说得对[/quote]\n[color=red]红字[/color][size=4]大字[/size]\n"
    "[list][*]第一[*]第二[/list][code]print('hi')[/code]\n"
)


def realistic_post(size: int) -> str:
    return (REALISTIC_CHUNK * (size // len(REALISTIC_CHUNK) + 1))[:size]


def _timed(source: str) -> tuple[str, float]:
    start = time.perf_counter()
    out = render_bbcode(source)
    return out, time.perf_counter() - start


def test_a_large_realistic_post_renders_whole() -> None:
    out, seconds = _timed(realistic_post(100_000))
    assert out.count("<blockquote") == out.count("</blockquote>") > 500
    assert seconds < CATASTROPHE_SECONDS


@pytest.mark.parametrize(
    "source",
    [
        "[b]" * 33_000,
        "[url]" * 20_000 + "[/url]",
        "[img]" * 20_000 + "[/img]",
        "[a=" * 33_000,
        "[quote]" * 14_000 + "[/quote]" * 14_000,
        "http://a.b" + ")" * 99_000,
        "http://" + "a." * 50_000,
        "www." * 25_000,
        "[code]" + "x" * 99_990,
        "[b]x[/b]" * 12_500,
    ],
)
def test_pathological_input_is_linear(source: str) -> None:
    _, seconds = _timed(source)
    assert seconds < CATASTROPHE_SECONDS


@pytest.mark.usefixtures("simplified")
def test_empty_input() -> None:
    assert render_bbcode("") == ""
    assert render_bbcode("  \n ") == ""
    assert excerpt("") == ""
    assert quote_source("张三", "") == (
        "[quote][size=2][color=#999999]张三 写道：[/color][/size]\n[/quote]\n"
    )


# --- the rest of Discuz!'s BBCode ----------------------------------------------------------


def test_table_with_widths_colspan_and_background() -> None:
    source = (
        "[table=98%,#eeeeee]\n[tr][td=2,1,30%]标题[/td][/tr]\n"
        "[tr][td]甲[/td][td=120]乙[/td][/tr]\n[/table]"
    )
    assert render_bbcode(source) == (
        '<table class="bb-table" width="98%" data-bgcolor="#eeeeee"><tbody>'
        '<tr><td colspan="2" width="30%">标题</td></tr>'
        '<tr><td>甲</td><td width="120">乙</td></tr></tbody></table>'
    )


def test_table_cells_and_rows_close_themselves_like_list_items() -> None:
    assert render_bbcode("[table][tr][td]a[td]b[tr][td]c[/table]") == (
        '<table class="bb-table"><tbody><tr><td>a</td><td>b</td></tr>'
        "<tr><td>c</td></tr></tbody></table>"
    )
    assert render_bbcode("[table]裸字[/table]") == (
        '<table class="bb-table"><tbody><tr><td>裸字</td></tr></tbody></table>'
    )


def test_unclosed_or_misplaced_table_parts_stay_text() -> None:
    assert render_bbcode("[table][tr][td]a") == "[table][tr][td]a"
    assert render_bbcode("[td]a[/td] [tr]b[/tr]") == "[td]a[/td] [tr]b[/tr]"
    assert render_bbcode("[table=999%][tr][td]a[/td][/tr][/table]").startswith("[table=999%]")
    assert render_bbcode("[td=99,1]x[/td]") == "[td=99,1]x[/td]"


def test_hide_is_marked_with_its_credit_threshold() -> None:
    assert render_bbcode("[hide]回复可见[/hide]") == (
        '<section class="bb-hide" data-credits="0">回复可见</section>'
    )
    assert render_bbcode("[hide=d30,50]积分[b]50[/b][/hide]") == (
        '<section class="bb-hide" data-credits="50">积分<strong>50</strong></section>'
    )
    # One level only: its end is the first </section> of the stored HTML.
    assert render_bbcode("[hide][hide]x[/hide][/hide]") == (
        '<section class="bb-hide" data-credits="0">[hide]x</section>[/hide]'
    )


def test_replace_hidden_keeps_or_replaces_each_block() -> None:
    html = render_bbcode("公开[hide]甲[/hide]中间[hide=100]乙[/hide]")
    shown = markup.replace_hidden(html, lambda n, block: block if n < 100 else f"<i>{n}</i>")
    assert "甲" in shown and "乙" not in shown and "<i>100</i>" in shown and "中间" in shown
    assert markup.replace_hidden("无隐藏", lambda n, block: "") == "无隐藏"


def test_hidden_text_never_reaches_excerpts_or_quotes() -> None:
    source = "看得见[hide]回复才可见的电话 13800000000[/hide]"
    assert "13800000000" not in excerpt(source)
    assert "13800000000" not in quote_source("张三", source)
    assert "看得见" in quote_source("张三", source)


def test_media_embeds_only_allowed_hosts(settings) -> None:
    settings.LUNTAN_MEDIA_HOSTS = ["player.bilibili.com"]
    out = render_bbcode("[media=x,500,375]https://player.bilibili.com/player.html?bvid=1[/media]")
    assert out.startswith('<iframe class="bb-media" src="https://player.bilibili.com/player.html')
    assert 'width="500" height="375"' in out and 'sandbox="allow-scripts' in out
    assert render_bbcode("[media]https://v.example.com/a.mp4[/media]") == link(
        "https://v.example.com/a.mp4"
    )
    # http on an allowed host is not embedded: a player on an https page must be https.
    assert render_bbcode("[media]http://player.bilibili.com/x[/media]").startswith("<a ")


def test_flash_becomes_a_link() -> None:
    assert render_bbcode("[flash]http://a.com/x.swf[/flash]") == link("http://a.com/x.swf")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[free]免费[/free]", '<div class="bb-free">免费</div>'),
        ("[float=right]浮[/float]", '<div class="bb-float-right">浮</div>'),
        ("[indent]缩进[/indent]", '<div class="bb-indent">缩进</div>'),
        ("[p=30, 2, center]段[/p]", '<div class="bb-p bb-align-center">段</div>'),
        ("[p]段[/p]", '<div class="bb-p">段</div>'),
        ("上[hr]下", "上<hr>下"),
        ("[font=宋体]字[/font]", '<span data-font="宋体">字</span>'),
        ("[backcolor=yellow]底[/backcolor]", '<span data-bgcolor="yellow">底</span>'),
        ("x[sup]2[/sup]y[sub]3[/sub]", "x<sup>2</sup>y<sub>3</sub>"),
        ("[email]a@b.cn[/email]", f'<a href="mailto:a@b.cn" {A}>a@b.cn</a>'),
        ("[email=a@b.cn]写信[/email]", f'<a href="mailto:a@b.cn" {A}>写信</a>'),
        ("[list=a][*]甲[/list]", '<ol type="a"><li>甲</li></ol>'),
        ("[float=middle]x[/float]", "[float=middle]x[/float]"),
        ("[email]not-an-address[/email]", "[email]not-an-address[/email]"),
    ],
)
def test_layout_and_inline_tags(source: str, expected: str) -> None:
    assert render_bbcode(source) == expected


def test_attachments_placed_inline_from_trusted_html() -> None:
    source = "图一[attach]12[/attach]图二[attachimg]7[/attachimg][code][attach]3[/attach][/code]"
    assert markup.attachment_refs(source) == {12, 7}
    out = render_bbcode(source, attachments={12: '<img src="/attachments/12/">'})
    assert out.startswith('图一<img src="/attachments/12/">图二<pre')
    assert "data-attach" not in out
    assert render_bbcode("[attach]x[/attach]") == "[attach]x[/attach]"


def test_discuz_smiley_codes_become_our_emoji() -> None:
    assert render_bbcode("好{:1_1:}哭{:1_4:}") == f"好{markup.SMILIES[0]}哭{markup.SMILIES[3]}"
    assert (
        render_bbcode("[code]{:1_1:}[/code]") == '<pre class="bb-code"><code>{:1_1:}</code></pre>'
    )


def test_quote_header_names_the_time_in_the_writers_language() -> None:
    from datetime import UTC, datetime

    from django.utils import translation

    posted = datetime(2017, 2, 9, 21, 55, tzinfo=UTC)  # 2017-2-10 05:55 in Asia/Shanghai
    with translation.override("zh-hans"):
        out = quote_source("张三", "内容", posted_at=posted)
    assert out.startswith("[quote][size=2][color=#999999]张三 发表于 2017-2-10 05:55[/color]")


# --- @mentions -----------------------------------------------------------------------------


def test_a_mention_of_a_member_links_to_their_page_and_others_stay_text() -> None:
    html = render_bbcode("@alice 你好，@ghost 也好。問 @alice.", mentions={"alice": 7})
    assert html.count('href="/member/7/"') == 2
    assert "@ghost" in html and "/member/" not in html.split("@ghost")[1].split("問")[0]
    assert html.endswith("</a>.")


def test_mentions_never_link_inside_a_link_or_an_email_address() -> None:
    html = render_bbcode("[url=http://a.com]@alice[/url] mail bob@alice.cn", mentions={"alice": 7})
    assert "/member/7/" not in html


def test_no_other_relative_link_survives_the_sanitiser() -> None:
    from luntan.core.markup import _CLEANER

    cleaned = _CLEANER.clean('<a href="/admin/">x</a><a href="//evil.test/member/1/">y</a>')
    assert "href" not in cleaned
    assert 'href="/member/3/"' in _CLEANER.clean('<a href="/member/3/">z</a>')
