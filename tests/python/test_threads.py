"""Two threads querying one database at once get the answers one thread
gets, and a query, an ingest or an extraction lets other Python threads run
(the GIL is released while it works)."""

import threading
import time
import unittest

from ngtest import CORPUS, SeedTestCase, ng

QUERIES = [
    "MATCH (p)-[:PROVIDES_SERVICES_TO]->(c) RETURN p.name AS p, c.name AS c ORDER BY p, c",
    "MATCH (n) RETURN labels(n) AS l, count(*) AS k ORDER BY k DESC, l",
    "UNWIND range(1, 20000) AS x RETURN sum(x) AS s",
]


class Threads(SeedTestCase):
    def test_two_threads_query_at_once(self):
        db = ng.open(self.dir + "/seed.db")
        expected = [list(db.query(q)) for q in QUERIES]
        errors, barrier = [], threading.Barrier(2)

        def work(offset):
            try:
                barrier.wait()
                for i in range(60):
                    k = (i + offset) % len(QUERIES)
                    if list(db.query(QUERIES[k])) != expected[k]:
                        errors.append("thread %d: query %d differs" % (offset, k))
            except Exception as e:  # noqa: BLE001 (reported below)
                errors.append(repr(e))

        threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])

    def assertReleasesTheGil(self, call):
        """Runs call(size) on a thread while this one loops, doubling size
        until the call takes a quarter of a second: if the call held the
        GIL, this thread would stand still for the whole call."""
        size = 1
        while True:
            done = {}

            def run():
                start = time.perf_counter()
                call(size)
                done["seconds"] = time.perf_counter() - start

            t = threading.Thread(target=run)
            last = time.perf_counter()
            longest = 0.0
            t.start()
            while t.is_alive():
                now = time.perf_counter()
                longest = max(longest, now - last)
                last = now
            t.join()
            self.assertIn("seconds", done)
            if done["seconds"] >= 0.25 or size >= 2**12:
                break
            size *= 2
        self.assertGreater(done["seconds"], 0.1, "the call was too short to tell")
        self.assertLess(longest, done["seconds"] / 2, "this thread stood still for %.2f of the call's %.2f s" % (
            longest, done["seconds"]))

    def test_the_gil_is_released(self):
        db = ng.open(self.dir + "/seed.db")
        self.assertReleasesTheGil(lambda n: db.query("UNWIND range(1, %d) AS x WITH x WHERE x %% 7 = 0 "
                                                     "RETURN count(*) AS n" % (n * 20000), max_rows=n * 20000))
        text = open(CORPUS + "/article.txt", encoding="utf-8").read()
        ng.extract("warm the rule cache")
        self.assertReleasesTheGil(lambda n: ng.extract([text] * (n * 20)))
        with ng.open(self.dir + "/texts.db", write=True) as writer:
            copies = iter(range(10**9))
            self.assertReleasesTheGil(
                lambda n: writer.ingest_texts(["%s\n(copy %d)" % (text, next(copies)) for _ in range(n * 20)]))


if __name__ == "__main__":
    unittest.main()
