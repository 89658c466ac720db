"""Discuz!-style BBCode for post bodies.

Posts keep their BBCode source and the HTML produced here, rendered once at write time.
The renderer escapes every piece of user text itself and only ever emits attribute values it
has validated against a strict pattern; nh3 then re-sanitises the result with a tight
allowlist as an independent second line of defence.

Pages are served under a Content-Security-Policy that refuses inline styles, so no ``style``
attribute is ever emitted: alignment is a class, and colours, background colours, fonts and
font sizes are ``data-color`` / ``data-bgcolor`` / ``data-font`` / ``data-size`` attributes that
``core/luntan.js`` applies through the CSSOM (which the policy allows). Their values are
whitelisted here before they reach the HTML; nh3 keeps only these attributes and classes.

Two things depend on more than the source and are left as markers in the stored HTML, which
user text can never produce (the renderer escapes it and never copies it into an attribute):

- ``[attach]N[/attach]`` becomes ``<span data-attach="N"></span>`` and is replaced after
  sanitising by the HTML its owner (the attachments app) supplies for attachment N;
- ``[hide]`` becomes ``<section class="bb-hide" data-credits="N">…</section>``. Whether a reader
  may see it depends on the reader, so whoever shows a post passes it through `replace_hidden`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime
from html import escape
from types import MappingProxyType
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

__all__ = [
    "MENTION_RE",
    "attachment_refs",
    "excerpt",
    "quote_source",
    "render_bbcode",
    "replace_hidden",
]

# Caps the tag stack so the recursive renderer and the HTML parser in nh3 stay shallow even
# on hostile input; deeper tags are shown as literal text.
_MAX_DEPTH = 32
_MAX_URL = 2048

# The argument part is bounded and cannot cross "[", "]" or a newline, so a failed match
# never scans further than the next bracket: the tokenizer stays linear.
_TAG_RE = re.compile(r"\[(/?)([A-Za-z]{1,10}|\*)(?:=([^\[\]\n]{0,1000}))?\]")
_CTRL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Tags whose content is not parsed: everything up to the closing tag is their argument.
_RAW_TAGS = frozenset({"img", "code", "media", "flash", "attach", "attachimg"})
_CLOSE_RES = {
    name: re.compile(rf"\[/{name}\]", re.IGNORECASE) for name in (*_RAW_TAGS, "url", "email")
}

_LINKS = frozenset({"url", "email"})
_INLINE = frozenset({"b", "i", "u", "s", "color", "size", "font", "backcolor", "sup", "sub"})
_INLINE |= _LINKS
_CONTAINERS = frozenset({"quote", "list", "align", "li", "table", "tr", "td", "hide", "free"})
_CONTAINERS |= {"float", "indent", "p"}
_KNOWN = _INLINE | _CONTAINERS | _RAW_TAGS | {"hr"}
_NO_ARG = frozenset({"b", "i", "u", "s", "sup", "sub", "quote", "free", "indent"})
_SIMPLE_HTML = {"b": "strong", "i": "em", "u": "u", "s": "s", "sup": "sup", "sub": "sub"}
_NO_ARG_HTML = {
    "quote": '<blockquote class="bb-quote">', "free": '<div class="bb-free">',
    "indent": '<div class="bb-indent">',
}  # fmt: skip
_HTML_CLOSE = {
    "b": "</strong>", "i": "</em>", "u": "</u>", "s": "</s>", "sup": "</sup>", "sub": "</sub>",
    "color": "</span>", "size": "</span>", "font": "</span>", "backcolor": "</span>",
    "url": "</a>", "email": "</a>", "quote": "</blockquote>", "align": "</div>",
    "free": "</div>", "float": "</div>", "indent": "</div>", "p": "</div>",
    "table": "</table>", "tr": "</tr>", "td": "</td>", "hide": "</section>",
}  # fmt: skip
# Text directly inside these is only layout whitespace; anything else goes into an implied
# item/cell, as HTML allows no text there.
_STRUCTURAL = frozenset({"list", "table", "tr"})
# What closing (or opening a sibling of) a structural tag closes implicitly on its way.
_IMPLIED_CLOSE = {"list": ("li",), "table": ("td", "tr"), "tr": ("td",), "li": (), "td": ()}
_TABLE_PARENT = {"tr": "table", "td": "tr"}

_LINK_ATTRS = 'rel="nofollow noopener ugc" target="_blank"'

# Autolinks are ASCII-only: this is what lets a link end at Chinese text or full-width
# punctuation (，。！？）」) that usually follows it without a space.
_AUTOLINK_RE = re.compile(
    r"(?<![A-Za-z0-9_@./-])(?:(?i:https?)://|www\.)[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+"
)
_TRAILING_PUNCT = frozenset(".,;:!?'*")
_URL_BAD_RE = re.compile(r'[\s"<>\\`\x00-\x1f\x7f-\x9f]')
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")

# @name: runs from @ to a space or punctuation (\w takes Chinese names too), not inside a word
# or an e-mail address.
MENTION_RE = re.compile(r"(?<![\w@.])@([\w.+-]{2,150})")
_MEMBER_PATH_RE = re.compile(r"/member/\d{1,12}/")
_NO_MENTIONS: Mapping[str, int] = MappingProxyType({})

_HEX_COLOR_RE = re.compile(r"#(?:[0-9a-f]{3}){1,2}")
_RGB_COLOR_RE = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)")
# CSS basics plus the palette of the Discuz! editor.
_NAMED_COLORS = frozenset({
    "black", "white", "red", "green", "blue", "yellow", "orange", "purple", "gray", "grey",
    "silver", "maroon", "olive", "lime", "aqua", "teal", "navy", "fuchsia", "pink", "brown",
    "cyan", "magenta", "gold", "violet", "indigo", "crimson", "tomato", "coral", "salmon",
    "khaki", "tan", "wheat", "plum", "orchid", "sienna", "chocolate", "skyblue", "royalblue",
    "orangered", "seagreen", "deeppink", "dimgray", "darkred", "darkgreen", "darkblue",
    "darkorange", "darkviolet", "darkorchid", "darkslateblue", "darkslategray",
    "darkolivegreen", "slategray", "sandybrown", "yellowgreen", "mediumturquoise",
    "deepskyblue", "lemonchiffon", "palegreen", "paleturquoise", "lightblue", "lightgreen",
    "lightgray",
})  # fmt: skip
# Discuz! [size=1..7] follows the legacy <font size> scale.
_FONT_LEVELS = {1: 10, 2: 13, 3: 16, 4: 18, 5: 24, 6: 32, 7: 48}
_SIZE_RE = re.compile(r"(\d{1,2})(px)?")
_IMG_SIZE_RE = re.compile(r"(\d{1,4})\s*,\s*(\d{1,4})")
_LIST_TYPES = {"1": "<ol>", "a": '<ol type="a">', "A": '<ol type="A">'}
_LIST_TYPES |= {"i": '<ol type="i">', "I": '<ol type="I">'}
_ALIGNS = frozenset({"left", "center", "right"})
_FLOATS = frozenset({"left", "right"})
# Font names as editors write them: letters, digits, spaces, hyphens and CJK, comma-separated.
_FONT_RE = re.compile(
    r"[A-Za-z0-9 \-\u4e00-\u9fff]{1,40}(?:,[A-Za-z0-9 \-\u4e00-\u9fff]{1,40}){0,3}"
)
_WIDTH_RE = re.compile(r"(\d{1,4})(%|px)?")
_TD_RE = re.compile(r"(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,4}(?:%|px)?))?")
_HIDE_RE = re.compile(r"(?:d\d{1,4}\s*,\s*)?(\d{1,9})")
_P_RE = re.compile(r"\d{1,3}\s*,\s*\d{1,3}\s*,\s*(left|center|right)")
_MEDIA_RE = re.compile(r"\w{1,10}\s*,\s*(\d{1,4})\s*,\s*(\d{1,4})")
_ATTACH_ID_RE = re.compile(r"\s*(\d{1,10})\s*")
_ATTACH_MARK_RE = re.compile(r'<span data-attach="(\d+)"></span>')
_HIDE_BLOCK_RE = re.compile(r'<section class="bb-hide" data-credits="(\d+)">(.*?)</section>', re.S)
_SMILEY_RE = re.compile(r"\{:(\d{1,3})_(\d{1,4}):\}")
# Discuz!'s default set, in its id order, drawn as Unicode emoji (never Discuz!'s images):
# 微笑 难过 大笑 哭 生气 惊讶 吐舌 害羞 偷笑 汗 抓狂 大笑 可爱 晕 咒骂 头晕 闭嘴 困 拥抱 胜利
# 时间 亲吻 握手 电话. Other sets' ids fold onto the same faces.
SMILIES = (
    "🙂", "🙁", "😀", "😢", "😠", "😮", "😛", "😳", "🤭", "😅", "😫", "😆",
    "🥰", "😵", "🤬", "😵‍💫", "🤐", "😴", "🤗", "✌️", "⏰", "😘", "🤝", "📞",
)  # fmt: skip

_ALLOWED_TAGS = {
    "b", "i", "u", "s", "strong", "em", "span", "a", "img", "blockquote", "pre", "code",
    "ul", "ol", "li", "div", "br", "p", "sup", "sub", "hr", "table", "tbody", "tr", "td",
    "section", "iframe",
}  # fmt: skip
_CLEANER = nh3.Cleaner(
    tags=_ALLOWED_TAGS,
    attributes={
        "a": {"href"},
        "img": {"src", "alt", "width", "height"},
        "span": {"data-color", "data-size", "data-bgcolor", "data-font", "data-attach"},
        "table": {"width", "data-bgcolor"},
        "tr": {"data-bgcolor"},
        "td": {"colspan", "rowspan", "width"},
        "section": {"data-credits"},
        "iframe": {"src", "width", "height", "allowfullscreen"},
    },
    tag_attribute_values={
        "img": {"loading": {"lazy"}},
        "ol": {"type": {"a", "A", "i", "I"}},
        "iframe": {"loading": {"lazy"}},
    },
    set_tag_attribute_values={
        "a": {"target": "_blank"},
        # A video host's player runs sandboxed: no top navigation, no access to our origin.
        "iframe": {
            "sandbox": "allow-scripts allow-same-origin allow-popups allow-presentation",
            "referrerpolicy": "no-referrer",
        },
    },
    allowed_classes={
        "blockquote": {"bb-quote"},
        "pre": {"bb-code"},
        "div": {
            "bb-free",
            "bb-indent",
            "bb-p",
            "bb-float-left",
            "bb-float-right",
            *(f"bb-align-{align}" for align in _ALIGNS),
        },
        "table": {"bb-table"},
        "section": {"bb-hide"},
        "iframe": {"bb-media"},
        "a": {"mention"},
    },
    link_rel="nofollow noopener ugc",
    url_schemes={"http", "https", "mailto"},
    # The one relative link the renderer writes is a mention's link to a member's page.
    url_relative=lambda url: url if _MEMBER_PATH_RE.fullmatch(url) else None,
)


def render_bbcode(
    source: str,
    *,
    attachments: Mapping[int, str] | None = None,
    only: frozenset[str] | None = None,
    mentions: Mapping[str, int] | None = None,
) -> str:
    """Discuz!-compatible BBCode -> safe HTML (the stored rendered form of a post).

    `attachments` maps the ids a post may place with [attach] to trusted HTML (built and
    escaped by its owner); other ids placed render as nothing. `only` limits the tags that
    work (signatures); any other shows as text. `mentions` maps the @names that are members to
    their ids: those become links to their pages, any other @name stays text."""
    out: list[str] = []
    _render(_parse(source, only), out, in_link=False, mentions=mentions or {})
    html = _CLEANER.clean("".join(out))
    if "data-attach" in html:
        known = attachments or {}
        html = _ATTACH_MARK_RE.sub(lambda m: known.get(int(m[1]), ""), html)
    return html


def attachment_refs(source: str) -> set[int]:
    """Ids of the attachments a body places inline ([attach]N[/attach], [attachimg])."""
    out: list[str] = []
    _render(_parse(source), out, in_link=False)
    return {int(n) for n in _ATTACH_MARK_RE.findall("".join(out))}


def replace_hidden(html: str, replace: Callable[[int, str], str]) -> str:
    """Stored post HTML with each [hide] block replaced by `replace(credits_needed, block)`
    (trusted HTML: the block itself, a notice, or a per-reader choice between them)."""
    if "bb-hide" not in html:
        return html
    return _HIDE_BLOCK_RE.sub(lambda m: replace(int(m[1]), m[0]), html)


def quote_source(
    author_name: str, body_source: str, *, posted_at: datetime | None = None, limit: int = 200
) -> str:
    """BBCode to prefill a reply that quotes a post: [quote] with who wrote it and when, in the
    writer's language, + trimmed text (nested quotes and hidden parts of the quoted post
    stripped)."""
    text = _plain_text(_parse(body_source), skip_quotes=True)
    lines = [line.strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    # Tag-like text left in the excerpt (literal or from [code]) must not re-open markup in
    # the reply, e.g. a stray "[/quote]" ending the quote early.
    text = _neutralise_tags(_truncate(text, limit))
    name = " ".join(author_name.split()).replace("[", "［").replace("]", "］")
    if posted_at is None:
        header = gettext("%(name)s 写道：") % {"name": name}
    else:
        t = timezone.localtime(posted_at)
        when = f"{t.year}-{t.month}-{t.day} {t:%H:%M}"  # as the floor's own 发表于 shows it
        header = gettext("%(name)s 发表于 %(when)s") % {"name": name, "when": when}
    return f"[quote][size=2][color=#999999]{header}[/color][/size]\n{text}[/quote]\n"


def excerpt(source: str, limit: int = 120) -> str:
    """Plain-text excerpt of a body (markup removed), for meta descriptions/lists.

    Quoted posts are left out unless nothing else is there. The result is plain text, not
    HTML: templates escape it. At most ``limit`` characters, ending in "…" when cut.
    """
    root = _parse(source)
    text = " ".join(_plain_text(root, skip_quotes=True).split())
    if not text:
        text = " ".join(_plain_text(root, skip_quotes=False).split())
    return _truncate(text, limit)


# --- tree --------------------------------------------------------------------------------

_OPEN, _CLOSED, _LITERAL = 0, 1, 2


class _Element:
    __slots__ = ("children", "html_close", "html_open", "name", "raw_close", "raw_open",
                 "reopen", "state")  # fmt: skip

    def __init__(self, name: str, html_open: str, html_close: str, raw_open: str) -> None:
        self.name = name
        self.html_open = html_open
        self.html_close = html_close
        self.raw_open = raw_open
        self.raw_close = ""
        self.state = _OPEN
        self.children: list[_Node] = []
        # Inline tags that a block tag interrupted, re-opened after the block ends.
        self.reopen: tuple[_Element, ...] = ()


class _Lit(str):
    """Tag text shown literally: escaped, but never autolinked."""

    __slots__ = ()


class _Leaf:
    """A finished piece of HTML ([img], [code], [url]x[/url]) and its plain-text form."""

    __slots__ = ("block", "html", "plain")

    def __init__(self, html: str, plain: str, *, block: bool = False) -> None:
        self.html = html
        self.plain = plain
        self.block = block


_Node = _Element | _Leaf | str


class _Parser:
    def __init__(self, src: str, only: frozenset[str] | None = None) -> None:
        self.src = src
        self.known = _KNOWN if only is None else _KNOWN & only
        self.root = _Element("root", "", "", "")
        self.root.state = _CLOSED
        self.stack = [self.root]
        self.links_open = 0
        self.close_cache: dict[str, tuple[int, int] | None] = {}

    def parse(self) -> _Element:
        src, pos = self.src, 0
        search, text, tag = _TAG_RE.search, self.text, self.tag
        while (m := search(src, pos)) is not None:
            start = m.start()
            if start > pos:
                text(src[pos:start])
            pos = tag(m)
        if pos < len(src):
            text(src[pos:])
        self.finish()
        return self.root

    # -- tokens --

    def tag(self, m: re.Match[str]) -> int:
        closing, name, arg = m.groups()
        name = name.lower()
        raw = m[0]
        end = m.end()
        if closing:
            if arg is not None or not self.close(name, raw):
                self.literal(raw)
            return end
        if name == "*":
            if arg is not None or not self.list_item(raw):
                self.literal(raw)
            return end
        if name not in self.known or len(self.stack) >= _MAX_DEPTH:
            self.literal(raw)
            return end
        if arg is not None:
            arg = _unquote(arg.strip())
        if name in _RAW_TAGS or (name in _LINKS and arg is None):
            return self.raw_tag(name, arg, raw, end)
        if name == "hr":
            if arg is None:
                self.add_block(_Leaf("<hr>", "", block=True))
            else:
                self.literal(raw)
            return end
        opening = _opening_html(name, arg)
        if (
            opening is None
            or (name in _LINKS and self.links_open)
            # One level of [hide]: its end is found in the stored HTML by the first </section>.
            or (name == "hide" and any(el.name == "hide" for el in self.stack))
        ):
            self.literal(raw)
            return end
        closing_html = opening[:3].replace("<", "</") + ">" if name == "list" else _HTML_CLOSE[name]
        el = _Element(name, opening, closing_html, raw)
        if name in _INLINE:
            self.push_inline(el)
        elif name in _TABLE_PARENT:
            if not self.table_part(el):
                self.literal(raw)
        else:
            self.add_block(el)
        return end

    def raw_tag(self, name: str, arg: str | None, raw: str, end: int) -> int:
        """[code], [img] and [url]x[/url]: content up to the closing tag is not parsed."""
        found = self.find_close(name, end)
        if found is None or (name in _LINKS and self.links_open):
            self.literal(raw)
            return end
        if name != "code" and found[0] - end > _MAX_URL + 100:
            # Too long to be a URL; checking before slicing keeps "[img][img]…" linear.
            self.literal(raw)
            return end
        content = self.src[end : found[0]]
        if name == "code":
            if arg is not None:
                self.literal(raw)
                return end
            # A newline right after <pre> is dropped by HTML parsers; drop it ourselves so
            # the output is stable, and the closing one for symmetry.
            content = content.removeprefix("\n").removesuffix("\n")
            body = escape(content, quote=False)
            leaf = _Leaf(f'<pre class="bb-code"><code>{body}</code></pre>', content, block=True)
            self.add_block(leaf)
            return found[1]
        if name in ("attach", "attachimg"):
            m = _ATTACH_ID_RE.fullmatch(content)
            if arg is not None or m is None:
                self.literal(raw)
                return end
            self.container().children.append(_Leaf(f'<span data-attach="{int(m[1])}"></span>', ""))
            return found[1]
        if name == "email":
            content = content.strip()
            if not _EMAIL_RE.fullmatch(content):
                self.literal(raw)
                return end
            content = "mailto:" + content
        url = _safe_url(content, mailto=name in _LINKS)
        if url is None:
            self.literal(raw)
            return end
        href = escape(url)
        if name == "email":
            label = url.removeprefix("mailto:")
            leaf = _Leaf(f'<a href="{href}" {_LINK_ATTRS}>{escape(label)}</a>', label)
        elif name == "media":
            leaf = _media(url, arg)
            if leaf is None:
                self.literal(raw)
                return end
        elif name == "img":
            dims = "" if arg is None else _img_dimensions(arg)
            if dims is None:
                self.literal(raw)
                return end
            leaf = _Leaf(f'<img src="{href}" alt="" loading="lazy"{dims}>', "")
        else:
            label = content.strip()
            leaf = _Leaf(f'<a href="{href}" {_LINK_ATTRS}>{escape(label)}</a>', label)
        self.container().children.append(leaf)
        return found[1]

    def find_close(self, name: str, pos: int) -> tuple[int, int] | None:
        # Remembering the next closing tag keeps "[url][url][url]…" without valid content
        # linear instead of re-scanning the rest of the post for every opener.
        if name in self.close_cache:
            cached = self.close_cache[name]
            if cached is None or cached[0] >= pos:
                return cached
        m = _CLOSE_RES[name].search(self.src, pos)
        found = None if m is None else (m.start(), m.end())
        self.close_cache[name] = found
        return found

    def text(self, s: str) -> None:
        top = self.stack[-1]
        if top.name not in _STRUCTURAL:
            top.children.append(s)
        elif s.isspace():
            # Kept only so a list that ends up literal shows its source faithfully.
            top.children.append(s)
        else:
            self.container().children.append(s)

    def literal(self, raw: str) -> None:
        self.container().children.append(_Lit(raw))

    # -- structure --

    def container(self) -> _Element:
        top = self.stack[-1]
        # Content before the first [*] / [td] still needs an <li> / a cell to be valid HTML.
        if top.name == "list":
            return self.implied(top, "li")
        if top.name == "table":
            top = self.implied(top, "tr")
        if top.name == "tr":
            return self.implied(top, "td")
        return top

    def implied(self, parent: _Element, name: str) -> _Element:
        el = _Element(name, f"<{name}>", f"</{name}>", "")
        parent.children.append(el)
        self.stack.append(el)
        return el

    def push_inline(self, el: _Element) -> None:
        self.container().children.append(el)
        self.stack.append(el)
        if el.name in _LINKS:
            self.links_open += 1

    def pop(self, raw_close: str = "") -> _Element:
        el = self.stack.pop()
        el.state = _CLOSED
        el.raw_close = raw_close
        if el.name in _LINKS:
            self.links_open -= 1
        return el

    def close_inline(self) -> tuple[_Element, ...]:
        """Auto-close inline tags at a block boundary; returns them outermost first."""
        closed = []
        while self.stack[-1].name in _INLINE:
            closed.append(self.pop())
        return tuple(reversed(closed))

    def reopen(self, elements: tuple[_Element, ...]) -> None:
        for el in elements:
            self.push_inline(_Element(el.name, el.html_open, el.html_close, ""))

    def add_block(self, node: _Element | _Leaf) -> None:
        # Block inside inline would be invalid HTML: suspend the inline tags around it.
        suspended = self.close_inline()
        self.container().children.append(node)
        if isinstance(node, _Element):
            node.reopen = suspended
            self.stack.append(node)
        else:
            self.reopen(suspended)

    def block_index(self) -> int:
        """Index of the innermost non-inline element on the stack."""
        i = len(self.stack) - 1
        while self.stack[i].name in _INLINE:
            i -= 1
        return i

    def close(self, name: str, raw: str) -> bool:
        if name in _INLINE:
            # Misnested inline tags ([b][i]x[/b]) are shown as text rather than guessed at.
            if self.stack[-1].name != name:
                return False
            self.pop(raw)
            return True
        if name not in _CONTAINERS and name != "*":
            return False
        i = self.block_index()
        while self.stack[i].name in _IMPLIED_CLOSE.get(name, ()):
            i -= 1
        if i == 0 or self.stack[i].name != ("li" if name == "*" else name):
            return False
        while len(self.stack) > i + 1:
            self.pop()
        el = self.pop(raw)
        self.reopen(el.reopen)
        return True

    def list_item(self, raw: str) -> bool:
        stack = self.stack
        if stack[-1].name == "li":
            stack.pop().state = _CLOSED  # the common case, kept cheap for long lists
        else:
            i = self.block_index()
            if stack[i].name == "li":
                i -= 1
            if stack[i].name != "list":
                return False
            while len(stack) > i + 1:
                self.pop()
        li = _Element("li", "<li>", "</li>", raw)
        stack[-1].children.append(li)
        stack.append(li)
        return True

    def table_part(self, el: _Element) -> bool:
        """Opens [tr] in a table or [td] in a row, closing an unclosed sibling on the way."""
        parent, stack = _TABLE_PARENT[el.name], self.stack
        i = self.block_index()
        while stack[i].name in _IMPLIED_CLOSE[parent]:
            i -= 1
        if stack[i].name != parent:
            return False
        while len(stack) > i + 1:
            self.pop()
        stack[-1].children.append(el)
        stack.append(el)
        return True

    def finish(self) -> None:
        while len(self.stack) > 1:
            el = self.stack.pop()
            el.state = _LITERAL
            _literal_parts(el)


def _literal_parts(el: _Element) -> None:
    """Items and cells of a list or table shown as text are text too: an <li> or <td> outside
    its parent would be moved about by the HTML parser."""
    for child in el.children:
        if isinstance(child, _Element) and child.name in ("li", "tr", "td"):
            child.state = _LITERAL
            _literal_parts(child)


def _parse(source: str, only: frozenset[str] | None = None) -> _Element:
    source = _CTRL_RE.sub("", source.replace("\r\n", "\n").replace("\r", "\n"))
    return _Parser(source.strip(), only).parse()


# --- validation ---------------------------------------------------------------------------


def _unquote(arg: str) -> str:
    if len(arg) >= 2 and arg[0] == arg[-1] and arg[0] in "\"'":
        return arg[1:-1].strip()
    return arg


def _opening_html(name: str, arg: str | None) -> str | None:
    """HTML start tag for an inline/container tag, or None if its argument is not allowed."""
    if name in _NO_ARG:
        if arg is not None:
            return None
        return _NO_ARG_HTML.get(name) or f"<{_SIMPLE_HTML[name]}>"
    if name == "list":
        return "<ul>" if arg is None else _LIST_TYPES.get(arg)
    if name in ("table", "tr", "td", "hide", "p"):
        return _layout_html(name, arg)
    if arg is None:
        return None
    if name in ("color", "backcolor"):
        color = _css_color(arg)
        if color is None:
            return None
        return f'<span data-{"color" if name == "color" else "bgcolor"}="{color}">'
    if name == "font":
        font = ",".join(part.strip() for part in arg.split(","))
        return f'<span data-font="{escape(font)}">' if _FONT_RE.fullmatch(font) else None
    if name == "float":
        side = arg.lower()
        return f'<div class="bb-float-{side}">' if side in _FLOATS else None
    if name == "email":
        ok = _EMAIL_RE.fullmatch(arg)
        return f'<a href="mailto:{escape(arg)}" {_LINK_ATTRS}>' if ok else None
    if name == "size":
        px = _font_px(arg)
        return None if px is None else f'<span data-size="{px}">'
    if name == "align":
        align = arg.lower()
        return f'<div class="bb-align-{align}">' if align in _ALIGNS else None
    if name == "url":
        url = _safe_url(arg, mailto=True)
        return None if url is None else f'<a href="{escape(url)}" {_LINK_ATTRS}>'
    return None


def _layout_html(name: str, arg: str | None) -> str | None:
    """Start tags of [table]/[tr]/[td] (Discuz!: [table=98%,#eee], [td=colspan,rowspan,width]),
    [hide]/[hide=credits] and [p=line-height,indent,align]."""
    if name == "hide":
        if arg is None:
            return '<section class="bb-hide" data-credits="0">'
        m = _HIDE_RE.fullmatch(arg)
        return None if m is None else f'<section class="bb-hide" data-credits="{int(m[1])}">'
    if name == "p":
        if arg is None:
            return '<div class="bb-p">'
        m = _P_RE.fullmatch(arg.lower())
        return None if m is None else f'<div class="bb-p bb-align-{m[1]}">'
    if arg is None:
        return {"table": '<table class="bb-table">'}.get(name, f"<{name}>")
    if name == "table":
        width, _, color = arg.partition(",")
        width_attr = _width(width)
        background = _css_color(color) if color else ""
        if width_attr is None or background is None:
            return None
        colour = f' data-bgcolor="{background}"' if background else ""
        return f'<table class="bb-table"{width_attr}{colour}>'
    if name == "tr":
        color = _css_color(arg)
        return None if color is None else f'<tr data-bgcolor="{color}">'
    m = _TD_RE.fullmatch(arg)
    if m is not None:
        colspan, rowspan = int(m[1]), int(m[2])
        width_attr = _width(m[3]) if m[3] else ""
        if not (1 <= colspan <= 50 and 1 <= rowspan <= 50) or width_attr is None:
            return None
        spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (
            f' rowspan="{rowspan}"' if rowspan > 1 else ""
        )
        return f"<td{spans}{width_attr}>"
    width_attr = _width(arg)
    return None if width_attr is None else f"<td{width_attr}>"


def _width(arg: str) -> str | None:
    m = _WIDTH_RE.fullmatch(arg.strip())
    if m is None:
        return None
    n, unit = int(m[1]), m[2]
    if (unit == "%" and not 1 <= n <= 100) or (unit != "%" and not 1 <= n <= 4096):
        return None
    return f' width="{n}%"' if unit == "%" else f' width="{n}"'


def _media(url: str, arg: str | None) -> _Leaf | None:
    """[media=type,w,h]: a player for the hosts the operator allows, a plain link otherwise."""
    width, height = 640, 360
    if arg is not None:
        m = _MEDIA_RE.fullmatch(arg)
        if m is None:
            return None
        width, height = min(int(m[1]), 1280) or width, min(int(m[2]), 1280) or height
    href = escape(url)
    host = (urlsplit(url).hostname or "").lower()
    if url.startswith("https://") and host in settings.LUNTAN_MEDIA_HOSTS:
        html = (
            f'<iframe class="bb-media" src="{href}" width="{width}" height="{height}" '
            'loading="lazy" allowfullscreen></iframe>'
        )
        return _Leaf(html, url)
    return _Leaf(f'<a href="{href}" {_LINK_ATTRS}>{href}</a>', url)


def _css_color(arg: str) -> str | None:
    value = arg.strip().lower()
    if value in _NAMED_COLORS or _HEX_COLOR_RE.fullmatch(value):
        return value
    # Old Discuz! editors stored rgb(); normalise to hex so only one syntax reaches CSS.
    m = _RGB_COLOR_RE.fullmatch(value)
    if m and all(int(c) <= 255 for c in m.groups()):
        return "#" + "".join(f"{int(c):02x}" for c in m.groups())
    return None


def _font_px(arg: str) -> int | None:
    m = _SIZE_RE.fullmatch(arg.strip().lower())
    if m is None:
        return None
    n = int(m.group(1))
    if m.group(2) is None and n in _FONT_LEVELS:
        return _FONT_LEVELS[n]
    # A bare 8–48 is read as px too: some editors drop the unit.
    return n if 8 <= n <= 48 else None


def _img_dimensions(arg: str) -> str | None:
    m = _IMG_SIZE_RE.fullmatch(arg)
    if m is None:
        return None
    width, height = (int(g) for g in m.groups())
    if width > 4096 or height > 4096:
        return None
    # Discuz! writes 0 for "unknown"; leave those to the browser.
    dims = f' width="{width}"' if width else ""
    return dims + (f' height="{height}"' if height else "")


def _safe_url(raw: str, *, mailto: bool) -> str | None:
    """The URL if it is an absolute http(s) (or mailto) URL safe to put in an attribute."""
    url = raw.strip()
    if not url or len(url) > _MAX_URL or _URL_BAD_RE.search(url):
        return None
    head = url[:8].lower()
    if head.startswith("mailto:"):
        return url if mailto and _EMAIL_RE.fullmatch(url[7:]) else None
    if head.startswith("www."):
        url = "http://" + url
    elif not head.startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return url if host else None


def safe_web_url(raw: str) -> str:
    """A member-supplied address (an avatar, a link) if it is an http(s) URL, else "": never
    `javascript:`, `data:` or anything else a browser would run or parse."""
    return _safe_url(raw, mailto=False) or ""


# --- output -------------------------------------------------------------------------------


def _render(
    el: _Element, out: list[str], *, in_link: bool, mentions: Mapping[str, int] = _NO_MENTIONS
) -> None:
    literal = el.state != _CLOSED
    out.append(escape(el.raw_open, False) if literal else el.html_open)
    in_link = in_link or (el.name in _LINKS and not literal)
    # Newlines hugging the inside of a block would show as blank lines.
    trim = not literal and el.name in _CONTAINERS
    skip_text = not literal and el.name in _STRUCTURAL
    last = len(el.children) - 1
    after_block = trim
    for index, child in enumerate(el.children):
        if type(child) is str:  # plain text; _Lit, a str subclass, is handled last
            if skip_text:
                continue
            # A newline right after a block end would add an empty line under it.
            if after_block and child[:1] == "\n":
                child = child[1:]
            if trim and index == last:
                child = child.removesuffix("\n")
            if "{:" in child:
                child = _SMILEY_RE.sub(_smiley, child)
            if not in_link and mentions and "@" in child:
                _render_mentions(child, out, mentions)
            else:
                _render_text(child, out, in_link=in_link)
            after_block = False
        elif isinstance(child, _Element):
            _render(child, out, in_link=in_link, mentions=mentions)
            after_block = child.state == _CLOSED and child.name in _CONTAINERS
        elif isinstance(child, _Leaf):
            out.append(child.html)
            after_block = child.block
        else:
            out.append(escape(child, False))
            after_block = False
    out.append(escape(el.raw_close, False) if literal else el.html_close)


def _smiley(m: re.Match[str]) -> str:
    return SMILIES[(int(m[2]) - 1) % len(SMILIES)]


def _render_text(text: str, out: list[str], *, in_link: bool) -> None:
    if not in_link and ("://" in text or "www." in text):
        _render_autolinked(text, out)
    else:
        out.append(escape(text, False).replace("\n", "<br>"))


def _render_mentions(text: str, out: list[str], mentions: Mapping[str, int]) -> None:
    pos = 0
    for m in MENTION_RE.finditer(text):
        name = m.group(1).rstrip(".-")  # "@alice." ends a sentence
        member_id = mentions.get(name)
        if member_id is None:
            continue
        _render_text(text[pos : m.start()], out, in_link=False)
        out.append(f'<a href="/member/{int(member_id)}/" class="mention">@{escape(name)}</a>')
        pos = m.start() + 1 + len(name)
    _render_text(text[pos:], out, in_link=False)


def _render_autolinked(text: str, out: list[str]) -> None:
    pos = 0
    for m in _AUTOLINK_RE.finditer(text):
        url = _trim_url(m.group(0))
        href = _safe_url(url, mailto=False)
        if href is None:
            continue
        out.append(escape(text[pos : m.start()], False).replace("\n", "<br>"))
        out.append(f'<a href="{escape(href)}" {_LINK_ATTRS}>{escape(url)}</a>')
        pos = m.start() + len(url)
    out.append(escape(text[pos:], False).replace("\n", "<br>"))


def _trim_url(url: str) -> str:
    """Drop sentence punctuation after a bare URL, and a ")" that closes surrounding prose."""
    end = len(url)
    unbalanced = url.count(")") - url.count("(")
    while end:
        c = url[end - 1]
        if c in _TRAILING_PUNCT:
            end -= 1
        elif c == ")" and unbalanced > 0:
            end -= 1
            unbalanced -= 1
        else:
            break
    return url[:end]


def _plain_text(el: _Element, *, skip_quotes: bool) -> str:
    out: list[str] = []
    _collect_text(el, out, skip_quotes=skip_quotes)
    return "".join(out)


def _collect_text(el: _Element, out: list[str], *, skip_quotes: bool) -> None:
    literal = el.state != _CLOSED
    # Separate blocks so words from adjacent blocks do not run together.
    sep = "\n" if el.name in _CONTAINERS and not literal else ""
    out.append(el.raw_open if literal else sep)
    for child in el.children:
        if isinstance(child, _Element):
            if child.state == _CLOSED and (
                child.name == "hide" or (skip_quotes and child.name == "quote")
            ):
                # Hidden parts never reach excerpts, feeds or quotes.
                continue
            _collect_text(child, out, skip_quotes=skip_quotes)
        elif isinstance(child, _Leaf):
            out.append(f"\n{child.plain}\n" if child.block else child.plain)
        else:
            out.append(child)
    out.append(el.raw_close if literal else sep)


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    if limit < 1:
        return ""
    cut = limit - 1
    # Do not split an emoji sequence or a base character from its combining marks.
    while cut > 0 and (
        text[cut] in "\u200d\ufe0e\ufe0f"
        or text[cut - 1] == "\u200d"
        or "\U0001f3fb" <= text[cut] <= "\U0001f3ff"
        or unicodedata.combining(text[cut])
    ):
        cut -= 1
    return text[:cut].rstrip() + "…"


def _neutralise_tags(text: str) -> str:
    def swap(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        return "［" + m.group(0)[1:] if name in _KNOWN or name == "*" else m.group(0)

    return _TAG_RE.sub(swap, text)
