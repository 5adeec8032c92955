"""Errors as exceptions, each with the message the CLI prints for the same
failure: query errors with line and column, limits, a database in use by
another writer, a missing database, bad input files (the good ones kept),
and a failing writing query that leaves nothing behind."""

import os
import subprocess
import sys
import unittest

from ngtest import CORPUS, SeedTestCase, cli, cli_message, ng


class Errors(SeedTestCase):
    def assertSameAsCli(self, exc_info, cli_args, code):
        rc, _, err = cli(*cli_args, check=False)
        self.assertEqual(rc, code)
        self.assertEqual(str(exc_info.exception), cli_message(err))

    def test_syntax_error_has_line_and_column(self):
        db = ng.open(self.path)
        text = "MATCH (n)\nRETURN n.name ORDER BY"
        with self.assertRaises(ng.QueryError) as e:
            db.query(text)
        self.assertEqual((e.exception.line, e.exception.column), (2, 23))
        self.assertIn("^", str(e.exception))  # the caret under the place
        self.assertSameAsCli(e, ["query", "--db", self.path, text], 1)
        with self.assertRaises(ng.QueryError) as e:
            db.query("MATCH (n) RETURN m")
        self.assertEqual((e.exception.line, e.exception.column), (1, 18))
        self.assertIsInstance(e.exception, ng.Error)

    def test_limits(self):
        db = ng.open(self.path)
        with self.assertRaises(ng.LimitError) as e:
            db.query("UNWIND range(1, 10) AS x RETURN x", max_rows=3)
        self.assertSameAsCli(e, ["query", "--db", self.path, "--max-rows", "3", "UNWIND range(1, 10) AS x RETURN x"], 1)
        self.assertEqual(len(db.query("UNWIND range(1, 3) AS x RETURN x", max_rows=3)), 3)

    def test_writes_need_the_writer_and_a_failed_query_writes_nothing(self):
        reader = ng.open(self.path)
        with self.assertRaises(ng.QueryError):
            reader.query("CREATE (:T)")
        with self.assertRaises(ng.DatabaseError):
            reader.ingest([CORPUS])
        with self.assertRaises(TypeError):
            reader.query("RETURN $x", params={"x": object()})
        reader.close()
        with self.assertRaises(ng.DatabaseError):
            reader.query("RETURN 1")
        with ng.open(self.path, write=True) as db:
            with self.assertRaises(ng.LimitError):
                db.query("CREATE (n:T) WITH n UNWIND range(1, 10) AS x RETURN x", max_rows=3)
            self.assertEqual(list(db.query("MATCH (n:T) RETURN count(n) AS n")), [{"n": 0}])
            made = db.query("CREATE (n:T {name: 'kept'}) RETURN n.name AS name")
            self.assertTrue(made.wrote)
            self.assertEqual(made.stats["nodes_created"], 1)
        self.assertEqual(list(ng.open(self.path).query("MATCH (n:T) RETURN n.name AS name")), [{"name": "kept"}])

    def test_missing_database(self):
        missing = self.dir + "/missing.db"
        with self.assertRaises(ng.DatabaseError) as e:
            ng.open(missing)
        self.assertSameAsCli(e, ["query", "--db", missing, "RETURN 1"], 3)
        self.assertFalse(os.path.exists(missing))

    def test_database_in_use_by_another_writer(self):
        holder = subprocess.Popen(
            [sys.executable, "-c", "import sys, newsgraph as ng; db = ng.open(sys.argv[1], write=True); "
             "print('open', flush=True); sys.stdin.read()", self.path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            self.assertEqual(holder.stdout.readline().strip(), "open")
            with self.assertRaises(ng.DatabaseInUseError) as e:
                ng.open(self.path, write=True)
            self.assertIn(str(holder.pid), str(e.exception))
            self.assertSameAsCli(e, ["ingest", "-q", "--db", self.path, CORPUS], 3)
            # Readers are not locked out by a writer.
            self.assertEqual(len(ng.open(self.path).query("MATCH (n {name:'Hikvision'}) RETURN n")), 1)
        finally:
            holder.stdin.close()
            holder.wait()
            holder.stdout.close()
        ng.open(self.path, write=True).close()  # free again

    def test_bad_input_file_keeps_the_good_ones(self):
        bad = self.dir + "/bad.txt"
        with open(bad, "wb") as f:
            f.write(b"Amazon provides cloud services to Quorbit.\n\xff\xfe not UTF-8\n")
        good = self.dir + "/good.txt"
        with open(good, "w") as f:
            f.write("Google invested in Quorbit, a Chinese AI firm.\n")
        with ng.open(self.dir + "/input.db", write=True) as db:
            with self.assertRaises(ng.InputError) as e:
                db.ingest([bad, good])
            self.assertEqual(e.exception.counts["stored"], 1)
            self.assertEqual(len(e.exception.errors), 1)
            self.assertEqual(len(db.query("MATCH (a:Article) RETURN a")), 1)
            with self.assertRaises(ng.InputError) as texts:
                db.ingest_texts([{"id": "x"}])
            self.assertIn("texts[0]", str(texts.exception))
        rc, _, err = cli("ingest", "-q", "--db", self.dir + "/cli-input.db", bad, check=False)
        self.assertEqual(rc, 1)
        self.assertEqual(e.exception.errors[0], cli_message(err))
        self.assertIn("bad.txt", e.exception.errors[0])
        with self.assertRaises(ng.InputError) as rules:
            ng.extract("text", rules=self.dir)  # a directory without rule files
        rc, _, err = cli("extract", "--rules", self.dir, CORPUS, check=False)
        self.assertEqual(str(rules.exception), cli_message(err))


if __name__ == "__main__":
    unittest.main()
