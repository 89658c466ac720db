"""Discuz!-style BBCode for post bodies.

Posts keep their BBCode source and the HTML produced here, rendered once at write time.
The renderer escapes every piece of user text itself and only ever emits attribute values it
has validated against a strict pattern; nh3 then re-sanitises the result with a tight
allowlist as an independent second line of defence.

Colours, font sizes and alignment are kept as inline ``style`` attributes: nh3's
``filter_style_properties`` drops every CSS property except ``color``, ``font-size`` and
``text-align``. nh3 does not check property *values* (``color:expression(...)`` survives it),
so the values are whitelisted here before they reach the HTML.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from html import escape
from types import MappingProxyType
from urllib.parse import urlsplit

import nh3

__all__ = ["MENTION_RE", "excerpt", "quote_source", "render_bbcode"]

# Caps the tag stack so the recursive renderer and the HTML parser in nh3 stay shallow even
# on hostile input; deeper tags are shown as literal text.
_MAX_DEPTH = 32
_MAX_URL = 2048

# The argument part is bounded and cannot cross "[", "]" or a newline, so a failed match
# never scans further than the next bracket: the tokenizer stays linear.
_TAG_RE = re.compile(r"\[(/?)([A-Za-z]{1,10}|\*)(?:=([^\[\]\n]{0,1000}))?\]")
_CTRL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CLOSE_RES = {name: re.compile(rf"\[/{name}\]", re.IGNORECASE) for name in ("code", "img", "url")}

_INLINE = frozenset({"b", "i", "u", "s", "color", "size", "url"})
_CONTAINERS = frozenset({"quote", "list", "align", "li"})
_KNOWN = _INLINE | _CONTAINERS | {"img", "code"}
_NO_ARG = frozenset({"b", "i", "u", "s", "quote"})
_SIMPLE_HTML = {"b": "strong", "i": "em", "u": "u", "s": "s"}
_RAW_TAGS = frozenset({"img", "code"})
_HTML_CLOSE = {
    "b": "</strong>", "i": "</em>", "u": "</u>", "s": "</s>", "color": "</span>",
    "size": "</span>", "url": "</a>", "quote": "</blockquote>", "align": "</div>",
}  # fmt: skip

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

_ALLOWED_TAGS = {
    "b", "i", "u", "s", "strong", "em", "span", "a", "img", "blockquote", "pre", "code",
    "ul", "ol", "li", "div", "br", "p",
}  # fmt: skip
_CLEANER = nh3.Cleaner(
    tags=_ALLOWED_TAGS,
    attributes={
        "a": {"href"},
        "img": {"src", "alt", "width", "height"},
        "span": {"style"},
        "div": {"style"},
    },
    tag_attribute_values={
        "img": {"loading": {"lazy"}},
        "ol": {"type": {"a", "A", "i", "I"}},
    },
    set_tag_attribute_values={"a": {"target": "_blank"}},
    allowed_classes={"blockquote": {"bb-quote"}, "pre": {"bb-code"}, "a": {"mention"}},
    filter_style_properties={"color", "font-size", "text-align"},
    link_rel="nofollow noopener ugc",
    url_schemes={"http", "https", "mailto"},
    # The one relative link the renderer writes is a mention's link to a member's page.
    url_relative=lambda url: url if _MEMBER_PATH_RE.fullmatch(url) else None,
)


def render_bbcode(source: str, *, mentions: Mapping[str, int] | None = None) -> str:
    """Discuz!-compatible BBCode subset -> safe HTML (the stored rendered form of a post).
    `mentions` maps the @names that are members to their ids: those become links to their
    pages, any other @name stays text."""
    out: list[str] = []
    _render(_parse(source), out, in_link=False, mentions=mentions or {})
    return _CLEANER.clean("".join(out))


def quote_source(author_name: str, body_source: str, *, limit: int = 200) -> str:
    """BBCode to prefill a reply that quotes a post: [quote] with who wrote it + trimmed text
    (nested quotes of the quoted post stripped)."""
    text = _plain_text(_parse(body_source), skip_quotes=True)
    lines = [line.strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    # Tag-like text left in the excerpt (literal or from [code]) must not re-open markup in
    # the reply, e.g. a stray "[/quote]" ending the quote early.
    text = _neutralise_tags(_truncate(text, limit))
    name = " ".join(author_name.split()).replace("[", "［").replace("]", "］")
    return f"[quote][size=2][color=#999999]{name} 写道：[/color][/size]\n{text}[/quote]\n"


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
    def __init__(self, src: str) -> None:
        self.src = src
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
        if name not in _KNOWN or len(self.stack) >= _MAX_DEPTH:
            self.literal(raw)
            return end
        if arg is not None:
            arg = _unquote(arg.strip())
        if name in _RAW_TAGS or (name == "url" and arg is None):
            return self.raw_tag(name, arg, raw, end)
        opening = _opening_html(name, arg)
        if opening is None or (name == "url" and self.links_open):
            self.literal(raw)
            return end
        closing_html = opening[:3].replace("<", "</") + ">" if name == "list" else _HTML_CLOSE[name]
        el = _Element(name, opening, closing_html, raw)
        if name in _INLINE:
            self.push_inline(el)
        else:
            self.add_block(el)
        return end

    def raw_tag(self, name: str, arg: str | None, raw: str, end: int) -> int:
        """[code], [img] and [url]x[/url]: content up to the closing tag is not parsed."""
        found = self.find_close(name, end)
        if found is None or (name == "url" and self.links_open):
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
        url = _safe_url(content, mailto=name == "url")
        if url is None:
            self.literal(raw)
            return end
        href = escape(url)
        if name == "img":
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
        if top.name != "list":
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
        if top.name == "list":
            # Content before the first [*] still needs an <li> to be valid inside <ul>/<ol>.
            li = _Element("li", "<li>", "</li>", "")
            top.children.append(li)
            self.stack.append(li)
            return li
        return top

    def push_inline(self, el: _Element) -> None:
        self.container().children.append(el)
        self.stack.append(el)
        if el.name == "url":
            self.links_open += 1

    def pop(self, raw_close: str = "") -> _Element:
        el = self.stack.pop()
        el.state = _CLOSED
        el.raw_close = raw_close
        if el.name == "url":
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
        if name == "list" and self.stack[i].name == "li":
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

    def finish(self) -> None:
        while len(self.stack) > 1:
            el = self.stack.pop()
            el.state = _LITERAL
            if el.name == "list":
                for child in el.children:
                    if isinstance(child, _Element) and child.name == "li":
                        child.state = _LITERAL


def _parse(source: str) -> _Element:
    source = _CTRL_RE.sub("", source.replace("\r\n", "\n").replace("\r", "\n"))
    return _Parser(source.strip()).parse()


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
        return '<blockquote class="bb-quote">' if name == "quote" else f"<{_SIMPLE_HTML[name]}>"
    if name == "list":
        return "<ul>" if arg is None else _LIST_TYPES.get(arg)
    if arg is None:
        return None
    if name == "color":
        color = _css_color(arg)
        return None if color is None else f'<span style="color:{color}">'
    if name == "size":
        px = _font_px(arg)
        return None if px is None else f'<span style="font-size:{px}px">'
    if name == "align":
        align = arg.lower()
        return f'<div style="text-align:{align}">' if align in _ALIGNS else None
    if name == "url":
        url = _safe_url(arg, mailto=True)
        return None if url is None else f'<a href="{escape(url)}" {_LINK_ATTRS}>'
    return None


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


# --- output -------------------------------------------------------------------------------


def _render(
    el: _Element, out: list[str], *, in_link: bool, mentions: Mapping[str, int] = _NO_MENTIONS
) -> None:
    literal = el.state != _CLOSED
    out.append(escape(el.raw_open, False) if literal else el.html_open)
    in_link = in_link or (el.name == "url" and not literal)
    # Newlines hugging the inside of a block would show as blank lines.
    trim = not literal and el.name in _CONTAINERS
    skip_text = not literal and el.name == "list"
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
            if not (skip_quotes and child.name == "quote" and child.state == _CLOSED):
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
