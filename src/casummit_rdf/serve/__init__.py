"""``casummit serve``: a read-only SPARQL 1.1 endpoint, a canned-query web API and a web explorer.

>>> from casummit_rdf.serve import ServeConfig, create_server
>>> with create_server(ServeConfig(port=0)).start() as server:  # doctest: +SKIP
...     print(server.url)
"""

from __future__ import annotations

from casummit_rdf.serve.app import App, ServeConfig
from casummit_rdf.serve.server import CasummitServer, create_server

__all__ = ["App", "CasummitServer", "ServeConfig", "create_server"]
