"""The quad store: one façade, two backends, and one door for SPARQL text.

:class:`Store` (:mod:`.facade`) is what the rest of Symbios reads and writes the catalogue
through, with standard SPARQL 1.1 and rdflib terms and graphs; every record lives in a named
graph of its own, and queries see the union of the graphs as their default graph. Behind it runs
the embedded Oxigraph store (pyoxigraph, on disk or in memory) or a remote SPARQL 1.1 server
(:mod:`.remote`: Virtuoso, Oxigraph server). These are the only modules that know pyoxigraph:

- :mod:`.terms`: terms at the boundary (pyoxigraph's and rdflib's), record graphs, digests;
- :mod:`.text`: the door every SPARQL text passes — update or query, values bound (never formatted
  in), the public checks (size, nesting, SERVICE), syntax-error positions;
- :mod:`.public`, :mod:`.sandbox`: public queries in killable, sandboxed worker processes;
- :mod:`.protocol`, :mod:`.results`: protocol answers under the row cap, in the results formats;
- :mod:`.parsing`: a client's RDF body parsed one statement at a time, under the write's limits
  (catalogue/rdf_input.py).
"""

from .facade import INTERNAL, SelectResult, Store
from .terms import to_oxigraph, to_rdflib

__all__ = ["INTERNAL", "SelectResult", "Store", "to_oxigraph", "to_rdflib"]
