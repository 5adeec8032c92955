"""Why and when from Python (issue #17, #19): evidence(r) as a list of
dicts, dates as datetime.date both ways, a date that is no date refused
as input."""

import datetime
import unittest

from ngtest import SeedTestCase, cli_json_rows, ng


class Dates(SeedTestCase):
    def test_evidence_is_a_list_of_dicts(self):
        db = ng.open(self.path)
        q = ("MATCH ({name:'Facebook'})-[r:PROVIDES_SERVICES_TO]->({name:'Hikvision'}) "
             "RETURN evidence(r) AS e")
        (row,) = list(db.query(q))
        (statement,) = row["e"]
        self.assertIsInstance(statement, dict)
        self.assertIn("content delivery network", statement["sentence"])
        self.assertEqual(set(statement), {"sentence", "article", "title", "date", "source", "rule",
                                          "confidence", "hedged", "start", "end"})
        self.assertIsNone(statement["date"])  # the seed article has no date
        self.assertEqual(row, cli_json_rows(self.path, q)[0])

    def test_dates_are_datetime_dates(self):
        with ng.open(self.path, write=True) as db:
            db.ingest_texts([
                {"id": "d1", "date": "2019-05-20", "source": "Reuters",
                 "text": "Amazon provides cloud services to Hikvision."},
                {"id": "d2", "date": datetime.date(2020, 2, 29), "text": "Google provides cloud services to Hikvision."},
            ])
            with self.assertRaises(ng.InputError) as bad:
                db.ingest_texts([{"id": "d3", "date": "29/02/2020", "text": "Apple invests in Hikvision."}])
            self.assertIn("'29/02/2020' is not a date", str(bad.exception))
        db = ng.open(self.path)
        rows = list(db.query("MATCH (a:Article) WHERE a.date >= $since RETURN a.article_id AS id, a.date AS d, "
                             "a.date.year AS y ORDER BY d", params={"since": datetime.date(2019, 1, 1)}))
        self.assertEqual(rows, [{"id": "d1", "d": datetime.date(2019, 5, 20), "y": 2019},
                                {"id": "d2", "d": datetime.date(2020, 2, 29), "y": 2020}])
        (seen,) = list(db.query("MATCH ({name:'Google'})-[r]->() WHERE r.first_seen IS NOT NULL RETURN r.first_seen AS f, r"))
        self.assertEqual(seen["f"], datetime.date(2020, 2, 29))
        self.assertEqual(seen["r"]["last_seen"], datetime.date(2020, 2, 29))
        self.assertEqual(list(db.query("MATCH (a:Article {article_id: 'd3'}) RETURN a")), [])


if __name__ == "__main__":
    unittest.main()
