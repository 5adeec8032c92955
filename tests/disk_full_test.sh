#!/bin/bash
# D9: `newsgraph ingest` into a file system that fills up (a 1.2 MiB tmpfs)
# ends with exit 1 and a message naming the full disk, not an abort (exit
# 134: Debian's RocksDB has assertions on, and its info log asserted after a
# failed write); the articles it reports stored are all there once there is
# space again, and the same ingest then completes. Needs root to mount a
# tmpfs: exits 77 (skipped) where it cannot.
#   tests/disk_full_test.sh [NEWSGRAPH_BINARY]
set -u
ng=${1:-build/cli/newsgraph}
work=$(mktemp -d)
mnt=$work/full
cleanup() { umount "$mnt" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$mnt" "$work/in"
if ! mount -t tmpfs -o size=1200k tmpfs "$mnt" 2>/dev/null; then
  echo "cannot mount a tmpfs (needs root): skipped"
  exit 77
fi
# 400 articles of ~4 KB, each its own text: about 1.6 MB of log.
for i in $(seq 1 400); do
  {
    echo "Acme Corp $i acquired Beta Ltd $i in a deal worth \$$i million, the companies said."
    for j in $(seq 1 40); do echo "Paragraph $j of article $i says little of note about the market today."; done
  } > "$work/in/$i.txt"
done
fail() { echo "FAIL: $*"; echo "--- stderr:"; cat "$work/err"; exit 1; }
"$ng" ingest --db "$mnt/news.db" "$work/in" 2> "$work/err"
code=$?
[ $code -eq 1 ] || fail "ingest into a full disk exited $code, expected 1"
grep -q "No space left on device" "$work/err" || fail "the message does not name the full disk"
stored=$(sed -n 's/.*the \([0-9]*\) articles stored before this one are kept.*/\1/p' "$work/err")
[ -n "$stored" ] && [ "$stored" -gt 0 ] && [ "$stored" -lt 400 ] || fail "no count of the stored articles ($stored)"
mount -o remount,size=64m "$mnt" || fail "cannot grow the tmpfs"
count=$("$ng" query --db "$mnt/news.db" --format csv "MATCH (a:Article) RETURN count(a)" 2>&1 | tail -1 | tr -d "\r")
[ "$count" = "$stored" ] || fail "$stored articles reported stored, $count found"
"$ng" ingest -q --db "$mnt/news.db" "$work/in" 2> "$work/err" || fail "the ingest with space again exited $?"
count=$("$ng" query --db "$mnt/news.db" --format csv "MATCH (a:Article) RETURN count(a)" 2>&1 | tail -1 | tr -d "\r")
[ "$count" = 400 ] || fail "400 articles after the second ingest, $count found"
echo "ok: exit 1 naming the full disk, $stored articles stored and found, the rest after space came back"
