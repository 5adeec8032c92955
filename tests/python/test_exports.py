"""A DataFrame equal to the CLI's CSV of the same query, and a NetworkX
graph equal to the CLI's GraphML export of the same selection (around a
node with hops and types, a query's paths, the whole graph). Skipped
(exit 77) where pandas or networkx is not installed."""

import io
import shutil
import unittest

from ngtest import SeedTestCase, cli, need, ng

pd = need("pandas")
nx = need("networkx")

QUERIES = [
    "MATCH (c:Company)-[r]-() RETURN c.name AS company, count(r) AS degree ORDER BY degree DESC, company",
    "MATCH (p)-[r:PROVIDES_SERVICES_TO]->(c) RETURN p.name AS provider, c.name AS client, r.confidence AS confidence, "
    "r.hedged AS hedged, r.weight AS weight, id(r) AS id ORDER BY provider, client",
]

SELECTIONS = [
    ({"around": "Hikvision", "hops": 2, "types": ["PROVIDES_SERVICES_TO", "BLACKLISTS"]},
     ["--around", "Hikvision", "--hops", "2", "--types", "PROVIDES_SERVICES_TO,BLACKLISTS"]),
    ({"around": ["Amazon", "Nvidia"], "hops": 1, "articles": True},
     ["--around", "Amazon", "--around", "Nvidia", "--hops", "1", "--articles"]),
    ({"query": "MATCH p=(a {name:'Amazon'})-[*1..2]->(b) RETURN p"},
     ["--query", "MATCH p=(a {name:'Amazon'})-[*1..2]->(b) RETURN p"]),
    ({"labels": ["Company"]}, ["--labels", "Company"]),
]


class Exports(SeedTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = ng.open(cls.path)

    def test_dataframe_equals_the_csv(self):
        for q in QUERIES:
            with self.subTest(query=q):
                df = self.db.query(q).to_df()
                _, csv, _ = cli("query", "--db", self.path, "--format", "csv", q)
                expected = pd.read_csv(io.StringIO(csv), keep_default_na=False)
                self.assertGreater(len(df), 3)
                pd.testing.assert_frame_equal(df, expected)

    def test_networkx_equals_the_graphml_export(self):
        for kwargs, args in SELECTIONS:
            with self.subTest(selection=kwargs):
                sub = self.db.subgraph(**kwargs)
                out = self.dir + "/sub.graphml"
                cli("export", "--db", self.path, "--format", "graphml", "-o", out, *args)
                expected = nx.read_graphml(out)
                got = sub.to_networkx()
                self.assertGreater(got.number_of_edges(), 0)
                self.assertEqual(dict(got.nodes(data=True)), dict(expected.nodes(data=True)))
                self.assertEqual(sorted(got.edges(data=True), key=lambda e: e[2]["id"]),
                                 sorted(expected.edges(data=True), key=lambda e: e[2]["id"]))
                self.assertEqual(sorted("n%d" % n.id for n in sub.nodes), sorted(got.nodes))
                self.assertEqual(len(sub.relationships), got.number_of_edges())
        hik = self.db.subgraph(around="Hikvision", hops=1).to_networkx()
        names = {d["label"] for _, d in hik.nodes(data=True)}
        self.assertTrue({"Hikvision", "Facebook", "Amazon"} <= names, names)

    @unittest.skipUnless(shutil.which("dot"), "Graphviz's dot is not installed")
    def test_svg(self):
        sub = self.db.subgraph(around="Hikvision", hops=1)
        svg = sub.svg()
        self.assertIn("<svg", svg)
        self.assertIn("Hikvision", svg)
        self.assertEqual(sub._repr_svg_(), svg)
        out = self.dir + "/sub.dot"
        cli("export", "--db", self.path, "--around", "Hikvision", "--hops", "1", "-o", out)
        self.assertEqual(sub.dot(), open(out).read())


if __name__ == "__main__":
    unittest.main()
