"""Iterating a 1,000,000-row result holds one row at a time in Python: the
resident memory grows by far less than the rows as Python objects would
take (a list of 1M dicts of an int and a str is ~300 MB). The engine itself
holds the whole result (query.h: QueryResult.rows) until the Result goes."""

import unittest

from ngtest import TempDir, ng, rss_bytes, seed_db

ROWS = 1000000


class Stream(unittest.TestCase):
    def test_a_million_rows_in_bounded_memory(self):
        with TempDir() as d:
            seed_db(d + "/seed.db").close()
            db = ng.open(d + "/seed.db")
            res = db.query("UNWIND range(1, %d) AS x RETURN x, toString(x) AS s" % ROWS, max_rows=ROWS)
            self.assertEqual(len(res), ROWS)
            base = peak = rss_bytes()
            count = total = 0
            for row in res:
                count += 1
                total += row["x"]
                if count % 20000 == 0:
                    peak = max(peak, rss_bytes())
                    self.assertEqual(row["s"], str(row["x"]))
            self.assertEqual(count, ROWS)
            self.assertEqual(total, ROWS * (ROWS + 1) // 2)
            growth_mb = (peak - base) / 2**20
            print("resident memory grew by %.1f MiB while iterating %d rows" % (growth_mb, ROWS))
            self.assertLess(growth_mb, 32)


if __name__ == "__main__":
    unittest.main()
