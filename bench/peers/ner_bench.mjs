#!/usr/bin/env node
// NER throughput peer benchmark for newsgraph's entity extractor.
//
//   node ner_bench.mjs --corpus /work/shared/corpora/bbc [--lib wink|compromise]
//                      [--limit N] [--warmup N] [--passes N] [--json OUT] [--top K]
//
// Reads every *.txt file under --corpus (recursively, sorted by path; the suffix is
// matched case-sensitively, so the corpus README.TXT is not an article), decodes it
// (UTF-8; a file that is not valid UTF-8 is read as Latin-1), then times only the
// NLP part, one article at a time:
//   wink        winkNLP + wink-eng-lite-web-model: nlp.readDoc(text) (the full
//               pipeline: tokenise, sentences, POS, NER, ...) and
//               doc.entities().out(its.detail). NOTE: that model's NER types are
//               CARDINAL, DATE, DURATION, EMAIL, EMOJI, EMOTICON, HASHTAG, MENTION,
//               MONEY, ORDINAL, PERCENT, TIME, URL: it finds no people, places or
//               organisations. For a name-like count comparable to compromise's we
//               also count maximal runs of PROPN-tagged tokens ("propn_spans") from
//               the same parsed doc (inside the timed part).
//   compromise  nlp(text) then .people(), .places(), .organizations() (.out('array')).
// Reading files and decoding are not timed. --warmup N articles (default 20) are
// processed once, untimed, before the timed pass, to let the JIT settle.
// --passes N (default 1) repeats the timed pass over the whole corpus; MB/s is
// reported for the median pass (and the best), entity counts from the first.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';

function usage(msg) {
  if (msg) console.error(`ner_bench: ${msg}`);
  console.error('usage: node ner_bench.mjs --corpus DIR [--lib wink|compromise] [--limit N] [--warmup N] [--passes N] [--json OUT] [--top K]');
  process.exit(2);
}

function parseArgs(argv) {
  const a = { lib: 'wink', warmup: 20, top: 10, passes: 1 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${k} needs a value`);
      return argv[++i];
    };
    switch (k) {
      case '--corpus': a.corpus = val(); break;
      case '--lib': a.lib = val(); break;
      case '--limit': a.limit = Number(val()); break;
      case '--warmup': a.warmup = Number(val()); break;
      case '--json': a.json = val(); break;
      case '--passes': a.passes = Number(val()); break;
      case '--top': a.top = Number(val()); break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${k}`);
    }
  }
  if (!a.corpus) usage('--corpus DIR is required');
  if (!Number.isInteger(a.passes) || a.passes < 1) usage('--passes must be a positive integer');
  if (!['wink', 'compromise'].includes(a.lib)) usage(`--lib must be wink or compromise, not ${a.lib}`);
  return a;
}

const args = parseArgs(process.argv.slice(2));
const corpus = path.resolve(args.corpus);
if (!fs.existsSync(corpus) || !fs.statSync(corpus).isDirectory()) {
  console.error(`ner_bench: corpus directory not found: ${corpus}`);
  process.exit(2);
}

function listTxt(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.txt')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

let files = listTxt(corpus);
if (args.limit) files = files.slice(0, args.limit);
if (!files.length) {
  console.error(`ner_bench: no .txt files under ${corpus}`);
  process.exit(2);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');
let latin1Files = 0;
let totalBytes = 0;
const texts = files.map((f) => {
  const buf = fs.readFileSync(f);
  totalBytes += buf.length;
  try {
    return utf8.decode(buf);
  } catch {
    latin1Files++;
    return latin1.decode(buf);
  }
});

// ---------------------------------------------------------------- extractors
// Each returns { counts: {type: n}, names: [strings to tally] } for one article.
async function makeExtractor(lib) {
  if (lib === 'wink') {
    const winkNLP = (await import('wink-nlp')).default;
    const model = (await import('wink-eng-lite-web-model')).default;
    const nlp = winkNLP(model);
    const its = nlp.its;
    const version = JSON.parse(fs.readFileSync(new URL('./node_modules/wink-nlp/package.json', import.meta.url))).version;
    const mversion = JSON.parse(fs.readFileSync(new URL('./node_modules/wink-eng-lite-web-model/package.json', import.meta.url))).version;
    return {
      label: `wink-nlp ${version} + wink-eng-lite-web-model ${mversion}`,
      run(text) {
        const doc = nlp.readDoc(text);
        const counts = {};
        const names = [];
        for (const e of doc.entities().out(its.detail)) {
          counts[e.type] = (counts[e.type] || 0) + 1;
        }
        // Maximal runs of proper-noun tokens: the closest thing this model has to
        // person / place / organisation mentions.
        const toks = doc.tokens();
        const pos = toks.out(its.pos);
        const val = toks.out(its.value);
        let run = [];
        const flush = () => {
          if (run.length) { names.push(run.join(' ')); run = []; }
        };
        for (let i = 0; i < pos.length; i++) {
          if (pos[i] === 'PROPN') run.push(val[i]);
          else flush();
        }
        flush();
        counts.propn_spans = names.length;
        return { counts, names, entities: Object.entries(counts).reduce((s, [k, v]) => (k === 'propn_spans' ? s : s + v), 0) };
      },
    };
  }
  const nlp = (await import('compromise')).default;
  return {
    label: `compromise ${nlp.version}`,
    run(text) {
      const doc = nlp(text);
      const people = doc.people().out('array');
      const places = doc.places().out('array');
      const orgs = doc.organizations().out('array');
      return {
        counts: { people: people.length, places: places.length, organizations: orgs.length },
        names: [...people, ...places, ...orgs],
        entities: people.length + places.length + orgs.length,
      };
    },
  };
}

const loadStart = os.loadavg()[0];
const tSetup0 = performance.now();
const ex = await makeExtractor(args.lib);
const setupMs = performance.now() - tSetup0;

for (let i = 0; i < Math.min(args.warmup, texts.length); i++) ex.run(texts[i]);

const counts = {};
const tally = new Map();
let entities = 0;
const passMs = [];
let perArticleMs = [];
for (let pass = 0; pass < args.passes; pass++) {
  let nlpMs = 0;
  const per = [];
  for (const t of texts) {
    const t0 = performance.now();
    const r = ex.run(t);
    const dt = performance.now() - t0;
    nlpMs += dt;
    per.push(dt);
    if (pass > 0) continue;
    entities += r.entities;
    for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] || 0) + v;
    for (const n of r.names) tally.set(n, (tally.get(n) || 0) + 1);
  }
  passMs.push(nlpMs);
  if (pass === 0) perArticleMs = per;
}
const sortedPass = [...passMs].sort((a, b) => a - b);
const nlpMs = sortedPass[(sortedPass.length - 1) >> 1]; // median pass (lower median)

const mb = totalBytes / 1e6;
const secs = nlpMs / 1000;
perArticleMs.sort((a, b) => a - b);
const pct = (p) => perArticleMs[Math.min(perArticleMs.length - 1, Math.floor(p * perArticleMs.length))];
const top = [...tally.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, args.top);

const result = {
  loadavg_1min_start: loadStart,
  loadavg_1min_end: os.loadavg()[0],
  lib: args.lib,
  library: ex.label,
  node_version: process.version,
  cpu_model: os.cpus()[0]?.model?.trim(),
  corpus,
  articles: texts.length,
  bytes: totalBytes,
  latin1_files: latin1Files,
  model_load_ms: setupMs,
  warmup_articles: Math.min(args.warmup, texts.length),
  passes: args.passes,
  pass_seconds: passMs.map((x) => x / 1000),
  nlp_seconds: secs,
  mb_per_s: mb / secs,
  mb_per_s_best: mb / (sortedPass[0] / 1000),
  articles_per_s: texts.length / secs,
  article_ms_p50: pct(0.5),
  article_ms_p99: pct(0.99),
  entities,
  counts,
  name_mentions: [...tally.values()].reduce((a, b) => a + b, 0),
  distinct_names: tally.size,
  top_names: top,
};

console.log(`${ex.label} (node ${process.version}) on ${corpus}`);
console.log(`  articles ${texts.length}, ${mb.toFixed(2)} MB (${latin1Files} file(s) read as Latin-1); model load ${setupMs.toFixed(0)} ms (not timed)`);
console.log(`  NLP time ${secs.toFixed(2)} s${args.passes > 1 ? ` (median of ${args.passes} passes; best ${result.mb_per_s_best.toFixed(3)} MB/s)` : ''}` +
  `  ->  ${result.mb_per_s.toFixed(3)} MB/s, ${result.articles_per_s.toFixed(1)} articles/s ` +
  `(per article p50 ${result.article_ms_p50.toFixed(2)} ms, p99 ${result.article_ms_p99.toFixed(2)} ms)`);
if (args.lib === 'wink') {
  console.log(`  entities found ${entities} (built-in types: numeric/date/etc., no PERSON/ORG/GPE); proper-noun spans ${counts.propn_spans}`);
} else {
  console.log(`  entities found ${entities} (people + places + organizations)`);
}
console.log(`  by type: ${Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(' ')}`);
console.log(`  machine load (1-min loadavg, ${os.cpus().length} cpus): ${loadStart.toFixed(2)} at start, ` +
  `${result.loadavg_1min_end.toFixed(2)} at end (other processes running skew the numbers)`);
console.log(`  distinct names ${tally.size}; top: ${top.map(([n, c]) => `${n} (${c})`).join(', ')}`);
if (args.json) {
  fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
  fs.writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
  console.log(`  wrote ${path.resolve(args.json)}`);
}
