"""What the Python tests share: where the source tree and the CLI are, a
temporary directory, the CLI run as a child, resident memory."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE = os.environ.get("NEWSGRAPH_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("NEWSGRAPH_BINARY", os.path.join(SOURCE, "build", "cli", "newsgraph"))
CORPUS = os.path.join(SOURCE, "corpus")
SKIP = 77  # ctest SKIP_RETURN_CODE

import newsgraph as ng  # noqa: E402  (PYTHONPATH=build/python, set by ctest)


def need(module):
    """Imports `module`, or exits 77 (ctest: skipped) saying why."""
    try:
        return __import__(module)
    except ImportError:
        print("%s is not installed for %s: skipped" % (module, sys.executable))
        sys.exit(SKIP)


class TempDir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="ng-py-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def cli(*args, check=True):
    """Runs the CLI; returns (exit code, stdout, stderr)."""
    p = subprocess.run([BINARY] + [str(a) for a in args], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError("newsgraph %s: exit %d: %s" % (" ".join(map(str, args)), p.returncode, p.stderr))
    return p.returncode, p.stdout, p.stderr


def cli_message(stderr):
    """The message of the CLI's error line(s): stderr without 'newsgraph: ' and the last newline."""
    assert stderr.startswith("newsgraph: "), stderr
    return stderr[len("newsgraph: "):].rstrip("\n")


def cli_json_rows(db, query):
    return [json.loads(line) for line in cli("query", "--db", db, "--format", "json", query)[1].splitlines()]


def seed_db(path):
    """A writer on a new database holding corpus/ (the seed article)."""
    db = ng.open(path, write=True)
    db.ingest([CORPUS])
    return db


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class SeedTestCase(unittest.TestCase):
    """Tests that share one seed database (cls.path, closed) in a temporary directory (cls.dir)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dir = cls.tmp.__enter__()
        cls.path = cls.dir + "/seed.db"
        seed_db(cls.path).close()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)
