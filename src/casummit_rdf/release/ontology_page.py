"""The ontology's HTML documentation page of the release."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence

import pyoxigraph as ox

from casummit_rdf.namespaces import OWL, PREFIXES, RDF, RDFS
from casummit_rdf.release.describe import LICENSE, Release
from casummit_rdf.release.serialize import Compactor


def ontology_html(triples: Sequence[ox.Triple], release: Release) -> bytes:
    """A small, self-contained HTML page documenting classes and properties (en + ru).

    pyLODE would also do, but its output embeds the generation time; this page is byte-stable.
    """
    by_subject: dict[str, dict[str, list[ox.Term]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            by_subject[t.subject.value][t.predicate.value].append(t.object)
    compactor = Compactor(PREFIXES)
    kinds = [
        ("Classes", OWL + "Class"),
        ("Object properties", OWL + "ObjectProperty"),
        ("Datatype properties", OWL + "DatatypeProperty"),
        ("Annotation properties", OWL + "AnnotationProperty"),
    ]

    def texts(subject: str, predicate: str) -> list[str]:
        values = by_subject[subject].get(predicate, [])
        return sorted(
            f"{v.value} ({v.language})" if isinstance(v, ox.Literal) and v.language else v.value
            for v in values if isinstance(v, ox.Literal)
        )

    def links(subject: str, predicate: str) -> str:
        values = sorted(v.value for v in by_subject[subject].get(predicate, []) if isinstance(v, ox.NamedNode))
        return ", ".join(
            f'<a href="#{html.escape(compactor.iri(v))}">{html.escape(compactor.iri(v))}</a>'
            if v.startswith(PREFIXES["cas"]) else html.escape(compactor.iri(v))
            for v in values
        )

    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>casummit ontology {e(release.version)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
        "section{border-top:1px solid #ccc;padding:.5em 0}code{background:#f4f4f4}dt{font-weight:bold}</style>",
        "</head><body>",
        f"<h1>casummit ontology</h1><p>Version {e(release.version)}, issued {e(release.issued)}. "
        f'Namespace <code>{e(PREFIXES["cas"])}</code>. Licence <a href="{LICENSE}">CC BY 4.0</a>.</p>',
    ]
    for title, kind in kinds:
        members = sorted(
            s for s, props in by_subject.items()
            if any(isinstance(o, ox.NamedNode) and o.value == kind for o in props.get(RDF + "type", []))
            and s.startswith(PREFIXES["cas"])
        )
        if not members:
            continue
        parts.append(f"<h2>{e(title)}</h2><ul>")
        parts += [f'<li><a href="#{e(compactor.iri(m))}">{e(compactor.iri(m))}</a></li>' for m in members]
        parts.append("</ul>")
        for m in members:
            name = compactor.iri(m)
            parts.append(f'<section id="{e(name)}"><h3>{e(name)}</h3><dl>')
            parts.append(f"<dt>IRI</dt><dd><code>{e(m)}</code></dd>")
            for label, predicate in (("Label", RDFS + "label"), ("Definition", PREFIXES["skos"] + "definition"),
                                     ("Comment", RDFS + "comment")):
                for text in texts(m, predicate):
                    parts.append(f"<dt>{label}</dt><dd>{e(text)}</dd>")
            for label, predicate in (("Subclass of", RDFS + "subClassOf"), ("Subproperty of", RDFS + "subPropertyOf"),
                                     ("Domain", RDFS + "domain"), ("Range", RDFS + "range"),
                                     ("Inverse of", OWL + "inverseOf"), ("Disjoint with", OWL + "disjointWith"),
                                     ("Wikidata", PREFIXES["skos"] + "exactMatch"),
                                     ("Wikidata (close)", PREFIXES["skos"] + "closeMatch")):
                rendered = links(m, predicate)
                if rendered:
                    parts.append(f"<dt>{label}</dt><dd>{rendered}</dd>")
            parts.append("</dl></section>")
    parts.append("</body></html>")
    return ("\n".join(parts) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The bundle
