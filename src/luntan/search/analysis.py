"""The analyser: the same text → the same tokens, at index time and at query time.

Text is folded first (NFKC: full-width → half-width; casefold; OpenCC t2s: Traditional →
Simplified), so 扎魯特旗, 扎鲁特旗 and ＡＢＣ/abc meet. Each run of Han characters gives
  * every character and every pair of neighbours (1- and 2-character queries, and words no
    dictionary knows — place, shop and nick names — are found through them), and
  * the words of 3 or more characters rjieba finds in search mode (they rank a post that has the
    word above one that merely has its pairs).
Other letters and digits give one token per run; a phone number written in groups (138-1234-5678)
also gives its digits joined, so it is found as typed either way.

Every token is stored encoded: "z" + each character's code point in 4 base-36 digits. Each
backend's full-text parser then sees plain ASCII words of 5+ characters, above MariaDB's
innodb_ft_min_token_size and outside any stopword list, and no query text can ever reach a query
syntax (", *, NEAR, OR, -, :). A post lists each of its tokens once: how often a pair recurs
says little about a post, and the index stays about half the size.
"""

import operator
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

# CJK unified ideographs (and extension A, compatibility ideographs).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_HAN}]+|[^\W_{_HAN}]+")
_IS_HAN = re.compile(rf"[{_HAN}]")
# Digits in groups separated by single dashes, dots or spaces, 7 digits or more in all.
_PHONE = re.compile(r"(?<![\d])\d{2,}(?:[-. ]\d{2,})+(?![\d])")
_PHONE_MIN_DIGITS = 7
# Longer runs are cut to this many characters (MariaDB indexes tokens of at most 84 characters).
_MAX_TOKEN_CHARS = 16
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_WORD_MIN_CHARS = 3


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Full-width/half-width, case and script folded: what the index sees of `text`."""
    return _t2s().convert(unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """`fold` of one character, for lining highlights up with the text as written."""
    return fold(char)


@lru_cache(maxsize=16384)
def _base36(char: str) -> str:
    code = ord(char)
    digits = []
    for _ in range(4):  # 36**4 > 0x10FFFF, the last code point
        code, digit = divmod(code, 36)
        digits.append(_DIGITS[digit])
    return "".join(reversed(digits))


@lru_cache(maxsize=65536)
def encode(token: str) -> str:
    return "z" + "".join(map(_base36, token[:_MAX_TOKEN_CHARS]))


# --- the segmenter: rjieba's dictionary plus the operator's words --------------------------------

_segmenter_lock = threading.Lock()
_added_words: set[str] = set()


def _jieba(extra_words: tuple[str, ...]):
    """rjieba's own instance (importing rjieba loads its dictionary, about 35 MB; a second
    instance would cost a worker another 25 MB), taught the operator's words as they appear.
    Imported on first use, so a web worker that neither searches nor indexes never loads it.
    A word the operator deletes stays known to a worker until it restarts: it only ever
    changed ranking, never what is found."""
    import rjieba

    if not _added_words.issuperset(extra_words):
        with _segmenter_lock:
            for word in extra_words:
                if word not in _added_words:
                    rjieba.add_word(fold(word), None, None)
                    _added_words.add(word)
    return rjieba


def _words(run: str, extra_words: tuple[str, ...]) -> list[str]:
    return [w for w in _jieba(extra_words).cut_for_search(run, False) if len(w) >= _WORD_MIN_CHARS]


def _words_of_runs(runs: list[str], extra_words: tuple[str, ...]) -> list[list[str]]:
    """`_words` of each run, in one call to the segmenter: it cuts at whitespace anyway, so the
    runs joined by newlines segment exactly as each alone would."""
    words: list[list[str]] = [[]]
    for word in _jieba(extra_words).cut_for_search("\n".join(runs), False):
        if word == "\n":
            words.append([])
        elif len(word) >= _WORD_MIN_CHARS:
            words[-1].append(word)
    return words


# --- index side ----------------------------------------------------------------------------------


def index_tokens(text: str, extra_words: tuple[str, ...] = ()) -> str:
    """The encoded tokens of `text`, space-separated, in text order."""
    folded = fold(text)
    runs = _RUN.findall(folded)
    han = [run for run in runs if _IS_HAN.match(run)]
    words = iter(_words_of_runs(han, extra_words) if han else ())
    tokens: list[str] = []
    for run in runs:
        if _IS_HAN.match(run):
            tokens.extend(run)
            tokens.extend(map(operator.add, run, run[1:]))
            tokens.extend(next(words))
        else:
            tokens.append(run)
    tokens.extend(_joined_numbers(folded))
    # Unique before encoding (most tokens recur), and after: tokens cut to the same
    # _MAX_TOKEN_CHARS characters encode alike.
    return " ".join(dict.fromkeys(map(encode, dict.fromkeys(tokens))))


def _joined_numbers(folded: str) -> list[str]:
    joined = (re.sub(r"\D", "", m.group()) for m in _PHONE.finditer(folded))
    return [digits for digits in joined if len(digits) >= _PHONE_MIN_DIGITS]


# --- query side ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One piece of the query a post must contain: all of `required`; `boost`, when set, is a
    dictionary word of the piece that ranks posts holding it higher (it changes no result)."""

    required: tuple[str, ...]
    boost: str | None = None


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...]
    # The folded pieces the reader typed, for highlighting.
    terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.clauses)


def parse_query(text: str, extra_words: tuple[str, ...] = ()) -> Query:
    """The clauses of a query: every piece must be present (AND). A Han piece of one character is
    that character, of two the pair, longer ones each of their pairs."""
    folded = fold(text)
    clauses: list[Clause] = []
    terms: list[str] = []
    phones = _PHONE.finditer(folded)
    for phone in phones:
        digits = re.sub(r"\D", "", phone.group())
        if len(digits) >= _PHONE_MIN_DIGITS:
            clauses.append(Clause((encode(digits),)))
            terms.append(phone.group())
            folded = folded.replace(phone.group(), " ")
    for match in _RUN.finditer(folded):
        run = match.group()
        terms.append(run)
        if not _IS_HAN.match(run) or len(run) <= 2:
            clauses.append(Clause((encode(run),)))
            continue
        pairs = tuple(dict.fromkeys(encode(run[i : i + 2]) for i in range(len(run) - 1)))
        words = _words(run, extra_words)
        longest = max(words, key=len) if words else None
        clauses.append(Clause(pairs, encode(longest) if longest else None))
    unique = tuple(dict.fromkeys(clauses))
    return Query(clauses=unique, terms=tuple(dict.fromkeys(terms)))
