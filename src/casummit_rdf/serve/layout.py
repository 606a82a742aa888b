"""The frame every HTML page of ``casummit serve`` shares: head, site header with the language
switch, footer; and the language a request asks for.

Pages are written in the reader's language (:func:`request_language`); the switch links to the
same address with ``lang=`` set, keeping the other parameters.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from casummit_rdf.i18n import LANGUAGE_NAMES, LANGUAGES, choose_language, t
from casummit_rdf.serve.messages import Request, parse_params


def h(text: object) -> str:
    """HTML-escape ``text`` (quotes too, for attributes)."""
    return html.escape(str(text), quote=True)


def request_language(request: Request) -> str:
    """The page language: ``?lang=`` first, then ``Accept-Language``, else English."""
    values = parse_params(request.query).get("lang") or []
    return choose_language(values[0] if values else None, request.header("Accept-Language"))


def with_params(path: str, query: str, **changes: str | None) -> str:
    """``path`` with the query string ``query`` changed: a value sets a parameter, ``None`` drops it."""
    params = {k: v[0] for k, v in parse_params(query).items() if v}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return path + ("?" + urlencode(params) if params else "")


def language_switch(request: Request, lang: str) -> str:
    """Links to this page in each language; the current one is marked."""
    links = []
    for code in LANGUAGES:
        href = with_params(request.path, request.query, lang=code)
        current = ' aria-current="true"' if code == lang else ""
        links.append(f'<a class="lang-link" data-lang="{code}" href="{h(href)}" hreflang="{code}" lang="{code}"{current}>{h(LANGUAGE_NAMES[code])}</a>')
    return f'<nav class="lang-switch" aria-label="{h(t("lang.switch", lang))}">' + "".join(links) + "</nav>"


def site_header(request: Request, lang: str) -> str:
    """The header: brand, sections, language switch."""
    q = f"?lang={lang}"
    nav = (f'<a href="/{q}#story">{h(t("nav.story", lang))}</a>'
           f'<a href="/{q}#timeline">{h(t("nav.timeline", lang))}</a>'
           f'<a href="/{q}#query">{h(t("nav.query", lang))}</a>'
           f'<a href="/id/{q}">{h(t("nav.index", lang))}</a>'
           f'<a href="/api/{q}">{h(t("nav.api", lang))}</a>')
    return (f'<header class="site"><a class="brand" href="/{q}">{h(t("site.title", lang))}</a>'
            f'<nav class="sections" aria-label="{h(t("site.title", lang))}">{nav}</nav>{language_switch(request, lang)}</header>')


def site_footer(lang: str) -> str:
    return (f'<footer class="site"><p>{h(t("footer.data", lang))}</p>'
            f'<p>{h(t("footer.machine", lang))}: <a href="/sparql">{h(t("footer.sparql", lang))}</a> · '
            f'<a href="/api/openapi.json">OpenAPI</a> · <a href="/api/queries">/api/queries</a></p></footer>')


def page(request: Request, lang: str, title: str, body: str, *, head: str = "", main_class: str = "entity",
         scripts: tuple[str, ...] = ()) -> str:
    """A whole HTML page in ``lang``."""
    script_tags = "".join(f'<script src="{h(src)}" defer></script>' for src in scripts)
    alternates = "".join(
        f'<link rel="alternate" hreflang="{code}" href="{h(with_params(request.path, request.query, lang=code))}">'
        for code in LANGUAGES)
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{h(title)} · {h(t('site.title', lang))}</title>"
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        f'<link rel="stylesheet" href="/static/app.css">{alternates}{head}{script_tags}</head>'
        f"<body>{site_header(request, lang)}"
        f'<main class="{main_class}">{body}</main>{site_footer(lang)}</body></html>\n'
    )
