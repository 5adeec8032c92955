"""newsgraph from Python: the knowledge graph of news in notebooks and scripts.

    import newsgraph as ng
    db = ng.open("news.db", write=True)       # the writer; ng.open(path) is a read-only snapshot
    db.ingest(["corpus/"])                    # or db.ingest_texts([{"id": ..., "text": ..., "date": ..., "source": ...}])
    res = db.query("MATCH (p)-[r:PROVIDES_SERVICES_TO]->(c) RETURN p.name, c.name, r")
    res.columns, list(res), res.to_df()       # rows as dicts; a pandas DataFrame where pandas is installed
    db.subgraph(around="Hikvision", hops=1).to_networkx()   # networkx.MultiDiGraph
    db.subgraph(query="MATCH p=(a {name:'Amazon'})-[*1..2]->(b) RETURN p")   # drawn inline in Jupyter
    ng.extract("text ...")                    # facts as dicts, no database

The operations are the CLI's (python/README.md): the same rules, the same
selection for subgraphs, the same messages. Errors are exceptions: QueryError
(.line, .column), InputError, LimitError, DatabaseError, DatabaseInUseError,
all subclasses of newsgraph.Error.
"""

import json as _json

from ._types import (DatabaseError, DatabaseInUseError, Error, InputError, LimitError, Node, Path, QueryError,
                     Relationship)
from ._core import Database, Result, Subgraph, open

__all__ = ["open", "extract", "Database", "Result", "Subgraph", "Node", "Relationship", "Path", "Error",
           "QueryError", "InputError", "LimitError", "DatabaseError", "DatabaseInUseError"]


def extract(texts, rules=None, memory=True, threads=0):
    """The facts of a text, as `newsgraph extract` prints them, as a dict (no database).

    `texts` is a str, a dict with "text" (and "id", "title", "date",
    "source"), or a list of these (then a list of dicts, in order; a name
    found in one text is known in the next unless memory=False). Each dict
    holds id, title, source, entities (name, labels, mentions with byte
    offsets) and relations (subject, predicate, object, confidence, hedged,
    sentence, start, end, rule). `rules` is a rule directory (default: the
    bundled rules)."""
    facts = [_json.loads(line) for line in _core._extract_json(texts, rules, memory, threads)]
    return facts if isinstance(texts, (list, tuple)) else facts[0]


from . import _core  # noqa: E402  (for extract)
