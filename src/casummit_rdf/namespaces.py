"""Namespace IRIs of the project and of the vocabularies it reuses, as plain strings.

Plain strings keep this module free of rdflib so that the query path starts fast.
"""

from __future__ import annotations

CAS = "https://w3id.org/casummit/ontology#"
ID = "https://w3id.org/casummit/id/"
SHAPES = "https://w3id.org/casummit/shapes#"

#: Prefixes used in the data files, queries and output; order is the order of output headers.
PREFIXES: dict[str, str] = {
    "cas": CAS,
    "actor": ID + "actor/",
    "area": ID + "area/",
    "commitment": ID + "commitment/",
    "conflict": ID + "conflict/",
    "count": ID + "count/",
    "document": ID + "document/",
    "format": ID + "format/",
    "meeting": ID + "meeting/",
    "milestone": ID + "milestone/",
    "office": ID + "office/",
    "participation": ID + "participation/",
    "person": ID + "person/",
    "place": ID + "place/",
    "plan": ID + "plan/",
    "source": ID + "source/",
    "summit": ID + "summit/",
    "term": ID + "term/",
    "casx": SHAPES,
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]
XSD = PREFIXES["xsd"]
SH = PREFIXES["sh"]
SCHEMA = PREFIXES["schema"]
PROV = PREFIXES["prov"]
DCT = PREFIXES["dct"]
SKOS = PREFIXES["skos"]
RDF_TYPE = RDF + "type"


def compact(iri: str) -> str:
    """Return ``prefix:local`` for an IRI under a known namespace, else the IRI itself.

    >>> compact("https://w3id.org/casummit/id/actor/kaz")
    'actor:kaz'
    """
    best = ""
    best_prefix = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, best_prefix = ns, prefix
    if not best:
        return iri
    return f"{best_prefix}:{iri[len(best):]}"
