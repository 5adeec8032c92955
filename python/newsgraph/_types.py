"""Values and errors of the newsgraph module (imported by its compiled part)."""

import re


class Error(Exception):
    """Any newsgraph failure; str(e) is the message the CLI prints after 'newsgraph: '."""


class QueryError(Error):
    """A query that does not parse, bind or run: .line and .column (1-based) where known, else None."""

    def __init__(self, message):
        super().__init__(message)
        where = re.search(r"line (\d+), column (\d+)", message)
        self.line = int(where.group(1)) if where else None
        self.column = int(where.group(2)) if where else None


class InputError(Error):
    """Bad input: a file, line or text that cannot be read, or rules that do not compile.

    .errors lists every message; .counts says what was stored (the good
    articles are kept, each whole, as with `newsgraph ingest`)."""

    def __init__(self, message, errors=None, counts=None):
        super().__init__(message)
        self.errors = list(errors or [message])
        self.counts = counts


class LimitError(Error):
    """A query stopped by a limit (rows, time, relationship steps, memory)."""


class DatabaseError(Error):
    """The database cannot be opened (missing, not a newsgraph database, damaged) or is closed."""


class DatabaseInUseError(DatabaseError):
    """Another process holds the database as its writer (the message names its PID)."""


class Node:
    """A node: id, labels (sorted list), properties (dict)."""

    __slots__ = ("id", "labels", "properties")

    def __init__(self, id, labels, properties):
        self.id, self.labels, self.properties = id, labels, properties

    def __getitem__(self, key):
        return self.properties[key]

    def get(self, key, default=None):
        return self.properties.get(key, default)

    def __eq__(self, other):
        return isinstance(other, Node) and (self.id, self.labels, self.properties) == (
            other.id, other.labels, other.properties)

    def __hash__(self):
        return hash(("node", self.id))

    def __repr__(self):
        return "Node(id=%r, labels=%r, properties=%r)" % (self.id, self.labels, self.properties)


class Relationship:
    """A relationship: id, type, start and end (node ids), weight (articles stating it), properties (dict)."""

    __slots__ = ("id", "type", "start", "end", "weight", "properties")

    def __init__(self, id, type, start, end, weight, properties):
        self.id, self.type, self.start, self.end = id, type, start, end
        self.weight, self.properties = weight, properties

    def __getitem__(self, key):
        return self.properties[key]

    def get(self, key, default=None):
        return self.properties.get(key, default)

    def __eq__(self, other):
        return isinstance(other, Relationship) and (
            self.id, self.type, self.start, self.end, self.weight, self.properties) == (
            other.id, other.type, other.start, other.end, other.weight, other.properties)

    def __hash__(self):
        return hash(("relationship", self.id))

    def __repr__(self):
        return "Relationship(id=%r, type=%r, start=%r, end=%r, weight=%r, properties=%r)" % (
            self.id, self.type, self.start, self.end, self.weight, self.properties)


class Path(list):
    """A path as a list: node, relationship, node, ...; .nodes and .relationships split it."""

    @property
    def nodes(self):
        return self[0::2]

    @property
    def relationships(self):
        return self[1::2]
