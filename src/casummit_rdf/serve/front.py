"""The explorer's front page: ``web/index.html`` with its ``{{key}}`` slots filled for a language.

A slot is a catalogue key of :mod:`casummit_rdf.i18n` (``{{matrix.heading}}``) or one of
``lang``, ``header``, ``footer``, ``alternates`` and ``config`` (the JSON the script reads: the
language, its strings, the prefixes and the starting query). The JSON goes in a
``<script type="application/json">`` block, which the page's CSP allows because it is not run.
"""

from __future__ import annotations

import json
import re

from casummit_rdf.i18n import LANGUAGES, STRINGS, strings, t
from casummit_rdf.namespaces import PREFIXES
from casummit_rdf.serve.layout import h, request_language, site_footer, site_header, with_params
from casummit_rdf.serve.messages import Request

_SLOT_RE = re.compile(r"\{\{([A-Za-z][A-Za-z0-9.-]*)\}\}")
#: The query shown before a question is picked.
DEFAULT_QUERY = """PREFIX cas: <https://w3id.org/casummit/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>

SELECT ?summit ?label ?date WHERE {
  ?summit a cas:Summit ;
          rdfs:label ?label ;
          schema:startDate ?date .
  FILTER(LANG(?label) = "%s")
}
ORDER BY DESC(?date)
"""
#: Counted nouns the script needs (English: one, other; Russian: one, few, many).
_PLURALS = {"rows": {"en": ["row", "rows"], "ru": ["строка", "строки", "строк"]}}


def render_front(template: str, request: Request) -> str:
    """The front page in the request's language."""
    lang = request_language(request)
    config = {
        "lang": lang,
        "strings": strings(lang),
        "plurals": {name: forms[lang] for name, forms in _PLURALS.items()},
        "prefixes": dict(PREFIXES),
        "defaultQuery": DEFAULT_QUERY % lang,
    }
    # "</" cannot close the data block early once escaped
    config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    alternates = "".join(
        f'<link rel="alternate" hreflang="{code}" href="{h(with_params("/", request.query, lang=code))}">' for code in LANGUAGES)
    fixed = {
        "lang": lang,
        "header": site_header(request, lang),
        "footer": site_footer(lang),
        "alternates": alternates,
        "config": config_json,
    }

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in fixed:
            return fixed[key]
        if key in STRINGS:
            return h(t(key, lang))
        raise KeyError(f"index.html: no string {key!r}")

    return _SLOT_RE.sub(fill, template)
