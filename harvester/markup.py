"""Turn the light inline markup that literature APIs put in titles and abstracts into clean text.

Europe PMC (and PubMed) abstracts carry ``<h4>`` section headings and ``<i>``/``<b>``/``<sub>``
runs, but also bare ``<`` characters that are text ("median survival <1 year", "p <.01").
An HTML parser would swallow those, so only a closed list of known tags is recognised here and
every other ``<`` stays in the text.
"""

from __future__ import annotations

import html
import re

# Inline formatting: removed, their content kept ("H<sub>2</sub>S" -> "H2S").
_INLINE = r"i|b|u|em|strong|sub|sup|sc|small|span|a|inf|italic|bold|underline|font|abbr"
# Block elements: become line breaks. Headings become their own line.
_BLOCK = r"p|div|br|li|ul|ol|section|blockquote|table|tr|td|th|abstracttext"
_HEADING = r"h[1-6]|title"

# An attribute must have a value (name="..."), so "a<b and c>d" is never read as a tag.
_ATTRS = r"""(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))*\s*/?"""
_TAG_RE = re.compile(
    rf"<(?P<close>/?)(?P<name>{_HEADING}|{_BLOCK}|{_INLINE})\b{_ATTRS}>", re.IGNORECASE
)
_SPACES_RE = re.compile(r"[^\S\n]+")


def _normalise_lines(text: str) -> str:
    """Collapse runs of spaces (any Unicode space, incl. thin and no-break) and drop empty lines."""
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def clean_markup(value: str | None, *, single_line: bool = False) -> str | None:
    """Inline-marked-up text (a title, an abstract) -> plain text; headings become their own lines.

    Unknown ``<`` sequences are kept verbatim; entities are decoded after the tags are removed,
    and entity-escaped tags (``&lt;i&gt;``, seen in real Europe PMC titles) are removed as well.
    """
    if value is None:
        return None

    def replace(match: re.Match[str]) -> str:
        name = match.group("name").lower()
        if re.fullmatch(_HEADING, name):
            return "\n"
        if re.fullmatch(_BLOCK, name):
            return "\n"
        return ""

    text = html.unescape(_TAG_RE.sub(replace, value))
    if "&lt;" in value:
        # Europe PMC sometimes escapes the markup itself ("&lt;i&gt;ATM&lt;/i&gt;"): strip the
        # decoded tags too. Only known tags go, so a decoded "<1 year" is still kept.
        text = _TAG_RE.sub(replace, text)
    text = _normalise_lines(text)
    if single_line:
        text = " ".join(text.split("\n"))
    return text or None


_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|=])")


def unescape_markdown(value: str | None) -> str | None:
    """Undo markdown backslash escapes (ClinicalTrials.gov writes "\\<126 mg/dl" for "<126 mg/dl")."""
    if value is None:
        return None
    return _MD_ESCAPE_RE.sub(r"\1", value)


BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dd", "dt", "dl", "tr", "td", "th", "table", "section",
    "article", "main", "blockquote", "pre", "figure", "figcaption", "header", "footer", "aside",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "address", "details", "summary",
})


def element_text(element) -> str | None:  # element: a bs4 Tag
    """The text of a parsed HTML element, one block element per line, inline runs kept together."""
    for tag in element.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return _normalise_lines(element.get_text("")) or None


def html_to_text(fragment: str | bytes | None) -> str | None:
    """An HTML fragment (a feed item's content) -> text, one block per line."""
    if not fragment:
        return None
    if isinstance(fragment, str) and "<" not in fragment and "&" not in fragment:
        return _normalise_lines(fragment) or None  # plain text: no parser needed
    from bs4 import BeautifulSoup  # local: only the news source needs bs4

    soup = BeautifulSoup(fragment, "lxml")
    for tag in soup(["script", "style", "noscript", "iframe", "svg", "form", "template"]):
        tag.decompose()
    return element_text(soup)
