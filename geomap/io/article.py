"""A news report from a file: plain text as it is, HTML reduced to its article's main text
and metadata by trafilatura (menus, adverts, comments and scripts left out)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["Article", "article_from_html", "article_from_text", "read_article",
           "ARTICLE_SUFFIXES"]

#: The file types a report may come in, by suffix.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class Article:
    """A report's text, with what the page says of itself (None where it says nothing)."""

    text: str
    title: str | None = None
    published: date | None = None
    source_name: str | None = None
    url: str | None = None


def article_from_text(data: bytes) -> Article:
    """A plain-text report (UTF-8, a byte-order mark allowed).

    Raises:
        ValueError: the bytes are not UTF-8.
    """
    try:
        return Article(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ValueError(f"the file is not UTF-8 text (byte {error.start})") from None


def _day(value: str | None) -> date | None:
    if not value or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def article_from_html(data: bytes | str) -> Article:
    """The main text of an HTML page, and its title, date, site name and URL.

    Raises:
        ValueError: no article text was found in the page.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                      include_tables=False, include_images=False,
                                      include_links=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise ValueError("no article text was found in the HTML")
    url = getattr(doc, "url", None)
    return Article(text=text, title=getattr(doc, "title", None) or None,
                   published=_day(getattr(doc, "date", None)),
                   source_name=getattr(doc, "sitename", None) or None,
                   url=url if isinstance(url, str) and url.startswith(("http://", "https://"))
                   else None)


def read_article(name: str, data: bytes) -> Article:
    """A report from a file's name and bytes: ``.txt`` as text, ``.html``/``.htm`` as HTML.

    Raises:
        ValueError: another suffix, text that is not UTF-8, or HTML without article text.
    """
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == ".txt":
        return article_from_text(data)
    if suffix in (".html", ".htm"):
        return article_from_html(data)
    raise ValueError(f"upload a .txt or .html file, not {name!r}")
