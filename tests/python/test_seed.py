"""The seed end to end from Python: ingest corpus/, the README's query,
relationship properties, paths, parameters, ingest_texts, extract; each
compared with what the CLI answers on the same database."""

import unittest

from ngtest import CORPUS, TempDir, cli, cli_json_rows, ng, seed_db

README_QUERY = ("MATCH (us {name:'United States'})-[:BLACKLISTS]->(firm)<-[s:PROVIDES_SERVICES_TO]-(p) "
                "RETURN p.name AS provider, collect(firm.name) AS blacklisted_clients, count(s) AS links "
                "ORDER BY provider")


class Seed(unittest.TestCase):
    def setUp(self):
        self.tmp = TempDir()
        self.dir = self.tmp.__enter__()
        self.path = self.dir + "/seed.db"

    def tearDown(self):
        self.tmp.__exit__(None, None, None)

    def test_ingest_and_the_readme_query(self):
        with seed_db(self.path) as db:
            again = db.ingest(CORPUS)  # a str is one path; the same text again changes nothing
            self.assertEqual((again["stored"], again["duplicates"]), (0, 1))
        db = ng.open(self.path)
        self.assertFalse(db.writable)
        res = db.query(README_QUERY)
        self.assertEqual(res.columns, ["provider", "blacklisted_clients", "links"])
        rows = list(res)
        self.assertEqual(rows, cli_json_rows(self.path, README_QUERY))
        by_provider = {r["provider"]: r for r in rows}
        self.assertEqual(sorted(by_provider["Amazon"]["blacklisted_clients"]), ["Dahua Technology", "Hikvision"])
        self.assertEqual(by_provider["Facebook"]["links"], 1)
        self.assertEqual(len(res), len(rows))
        self.assertEqual(res[-1], rows[-1])

    def test_relationship_properties(self):
        seed_db(self.path).close()
        db = ng.open(self.path)
        q = "MATCH (a {name:'Facebook'})-[r:PROVIDES_SERVICES_TO]->(b {name:'Hikvision'}) RETURN a, r, b, properties(r) AS p"
        (row,) = list(db.query(q))
        a, r, b = row["a"], row["r"], row["b"]
        self.assertIsInstance(r, ng.Relationship)
        self.assertEqual((r.type, r.start, r.end), ("PROVIDES_SERVICES_TO", a.id, b.id))
        self.assertEqual(r.properties, row["p"])
        self.assertIn("confidence", r.properties)
        self.assertIsInstance(r["hedged"], bool)
        self.assertIn("Company", b.labels)
        self.assertEqual(b["name"], "Hikvision")
        (cli_row,) = cli_json_rows(self.path, q)
        self.assertEqual((r.id, r.weight, r.properties), (cli_row["r"]["id"], cli_row["r"]["weight"],
                                                          cli_row["r"]["properties"]))
        self.assertEqual((a.id, a.labels, a.properties), (cli_row["a"]["id"], cli_row["a"]["labels"],
                                                          cli_row["a"]["properties"]))

    def test_paths_and_parameters(self):
        seed_db(self.path).close()
        db = ng.open(self.path)
        res = db.query("MATCH p=(m {name:$who})-[:PROVIDES_SERVICES_TO]->(c) RETURN p, c.name AS c ORDER BY c",
                       params={"who": "Microsoft"})
        rows = list(res)
        self.assertEqual([r["c"] for r in rows], ["Megvii", "SenseTime"])
        p = rows[0]["p"]
        self.assertIsInstance(p, list)
        self.assertEqual(len(p), 3)
        self.assertEqual([n["name"] for n in p.nodes], ["Microsoft", "Megvii"])
        self.assertEqual(p.relationships[0].type, "PROVIDES_SERVICES_TO")
        lists = list(db.query("RETURN $xs AS xs, $m AS m, $m.k AS k", params={"xs": [1, 2.5, None, "a"],
                                                                            "m": {"k": [True]}}))
        self.assertEqual(lists, [{"xs": [1, 2.5, None, "a"], "m": {"k": [True]}, "k": [True]}])

    def test_ingest_texts_and_extract(self):
        with seed_db(self.path) as db:
            text = "Quorbit, a Chinese AI firm, said Amazon provides cloud services to Quorbit."
            done = db.ingest_texts([{"id": "q1", "text": text, "title": "Quorbit", "source": "test"}])
            self.assertEqual(done["stored"], 1)
            self.assertEqual(db.ingest_texts(text)["duplicates"], 1)
            rows = list(db.query("MATCH (a:Article {title:'Quorbit'}) RETURN a.source AS s"))
            self.assertEqual(rows, [{"s": "test"}])
        facts = ng.extract(open(CORPUS + "/article.txt", encoding="utf-8").read())
        _, out, _ = cli("extract", CORPUS + "/article.txt")
        import json
        cli_facts = json.loads(out)
        self.assertEqual(facts["relations"], cli_facts["relations"])
        self.assertEqual(facts["entities"], cli_facts["entities"])
        self.assertIn(("Facebook", "PROVIDES_SERVICES_TO", "Hikvision"),
                      {(r["subject"], r["predicate"], r["object"]) for r in facts["relations"]})
        two = ng.extract(["Amazon invested in Quorbit.", {"id": "b", "text": "Nothing here."}])
        self.assertEqual(len(two), 2)
        self.assertEqual(two[1]["id"], "b")

    def test_warnings_and_procedures(self):
        seed_db(self.path).close()
        db = ng.open(self.path)
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = db.query("MATCH (n:Compnay) RETURN count(n) AS n")
        self.assertEqual(list(res), [{"n": 0}])  # the query still runs
        self.assertEqual(len(res.warnings), 1)
        self.assertIn("no label Compnay in this graph; did you mean Company?", res.warnings[0])
        self.assertEqual([str(w.message) for w in caught], res.warnings)
        self.assertEqual(db.query("MATCH (n:Company) RETURN count(n) AS n").warnings, [])
        hits = db.query("CALL db.index.fulltext.queryNodes('entity_names', 'hikvison~') YIELD node, score "
                        "RETURN node.name AS name, score")
        self.assertEqual(list(hits), [{"name": "Hikvision", "score": 0.875}])


if __name__ == "__main__":
    unittest.main()
