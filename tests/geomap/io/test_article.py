"""Reports from files: text as it is, HTML reduced to its article by trafilatura."""

from __future__ import annotations

from datetime import date

import pytest

from geomap.io.article import article_from_html, article_from_text, read_article

PAGE = b"""<html><head><title>Alep : la bataille</title>
<meta property="og:site_name" content="AFP"><meta name="date" content="2016-12-11">
<link rel="canonical" href="https://www.example.org/alep"></head>
<body><nav>Accueil Monde Sport Culture</nav><article><h1>Alep : la bataille</h1>
<p>Le r\xc3\xa9gime syrien a repris le contr\xc3\xb4le de quartiers d'Alep-Est dimanche, selon
l'OSDH, apr\xc3\xa8s des bombardements intenses sur la ville.</p>
<p>Plus de 10.000 civils ont fui ces quartiers depuis minuit, a rapport\xc3\xa9 l'Observatoire
syrien des droits de l'Homme.</p><script>alert(1)</script></article>
<aside>Envie d'afficher votre publicit\xc3\xa9 ?</aside><footer>Contactez-nous</footer>
</body></html>"""


def test_html_gives_the_article_and_its_metadata() -> None:
    article = article_from_html(PAGE)
    assert "10.000 civils ont fui" in article.text and "régime syrien" in article.text
    for boilerplate in ("Accueil", "alert", "Contactez", "publicité"):
        assert boilerplate not in article.text
    assert article.title == "Alep : la bataille" and article.source_name == "AFP"
    assert article.published == date(2016, 12, 11)
    assert article.url == "https://www.example.org/alep"


def test_text_files_are_utf8() -> None:
    assert article_from_text("\ufeffAlep-Est".encode()).text == "Alep-Est"
    with pytest.raises(ValueError, match="not UTF-8"):
        article_from_text(b"Alep \xe9")


def test_files_by_suffix() -> None:
    assert read_article("report.TXT", b"Alep").text == "Alep"
    assert "10.000" in read_article("page.htm", PAGE).text
    with pytest.raises(ValueError, match=".txt or .html"):
        read_article("report.pdf", b"%PDF")
    with pytest.raises(ValueError, match="no article text"):
        read_article("empty.html", b"<html><body></body></html>")
