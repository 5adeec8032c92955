#!/usr/bin/env node
// Kuzu peer benchmark for newsgraph: load the gen_graph.py output with COPY FROM,
// then time the shared queries in bench/queries.json.
//
//   node kuzu_bench.mjs --data DIR [--db TMPDIR] [--reps 5] [--json OUT]
//                       [--queries FILE] [--only NAME[,NAME..]] [--threads N]
//                       [--timeout-ms MS] [--no-alt] [--keep] [--load-only]
//
// DIR is a directory written by bench/gen_graph.py (kuzu_*.csv + meta.json).
// --db is a directory for the database; a fresh database file is created in it
// (default: a new temp directory, removed at the end unless --keep).
// --timeout-ms bounds every single execution (default 120000); a query whose
// warm-up run hits it is reported as TIMEOUT and not repeated.
// Queries with a kuzu_alt_cypher field are also run in that form (skip with --no-alt).
// Each query's whole result is reduced to a row count and a digest computed
// exactly as bench/result_digest.h does for newsgraph (see digest() below),
// and the process's peak resident memory while the query ran is reported
// (VmHWM, reset through /proc/self/clear_refs before each query).
// --slow-ms MS: a query whose warm-up took longer than MS gets one timed run
// instead of --reps (times_ms in the JSON says how many).
// --load-only times the load (and checks the counts) and runs no query: what
// bench/import_bench.sh compares with `newsgraph import`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_QUERIES = path.resolve(HERE, '..', 'queries.json');

function usage(msg) {
  if (msg) console.error(`kuzu_bench: ${msg}`);
  console.error('usage: node kuzu_bench.mjs --data DIR [--db TMPDIR] [--reps 5] [--json OUT] ' +
    '[--queries FILE] [--only NAME,..] [--threads N] [--timeout-ms MS] [--no-alt] [--keep] [--load-only]');
  process.exit(2);
}

function parseArgs(argv) {
  const a = { reps: 5, queries: DEFAULT_QUERIES, keep: false, timeoutMs: 120000, alt: true, loadOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${k} needs a value`);
      return argv[++i];
    };
    switch (k) {
      case '--data': a.data = val(); break;
      case '--db': a.db = val(); break;
      case '--reps': a.reps = Number(val()); break;
      case '--json': a.json = val(); break;
      case '--queries': a.queries = val(); break;
      case '--only': a.only = val().split(',').filter(Boolean); break;
      case '--threads': a.threads = Number(val()); break;
      case '--timeout-ms': a.timeoutMs = Number(val()); break;
      case '--keep': a.keep = true; break;
      case '--no-alt': a.alt = false; break;
      case '--load-only': a.loadOnly = true; break;
      case '--slow-ms': a.slowMs = Number(val()); break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${k}`);
    }
  }
  if (!a.data) usage('--data DIR is required');
  if (!Number.isInteger(a.reps) || a.reps < 1) usage('--reps must be a positive integer');
  return a;
}

const args = parseArgs(process.argv.slice(2));
const dataDir = path.resolve(args.data);
const metaPath = path.join(dataDir, 'meta.json');
if (!fs.existsSync(metaPath)) {
  console.error(`kuzu_bench: no graph at ${dataDir} (missing ${metaPath}); ` +
    `generate one with: python3 bench/gen_graph.py --nodes 100000 --edges 1000000 --seed 42 --out ${args.data}`);
  process.exit(2);
}
if (!fs.existsSync(args.queries)) {
  console.error(`kuzu_bench: queries file not found: ${args.queries}`);
  process.exit(2);
}
const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
const queries = JSON.parse(fs.readFileSync(args.queries, 'utf8'));
const relTypes = meta.rel_types;

let kuzu;
try {
  kuzu = (await import('kuzu')).default;
} catch (e) {
  console.error(`kuzu_bench: cannot load the kuzu package (${e.message}); run "npm install" in ${HERE}`);
  process.exit(2);
}

// ---------------------------------------------------------------- helpers
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function substitute(text, params) {
  let out = text;
  for (const p of params || []) {
    if (!(p in meta)) throw new Error(`placeholder {${p}} has no value in ${metaPath}`);
    out = out.split(`{${p}}`).join(String(meta[p]));
  }
  const left = out.match(/\{(hub|normal|target)\}/);
  if (left) throw new Error(`unsubstituted placeholder ${left[0]} in: ${text}`);
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmtDur = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${ms} ms`);

function normValue(v) {
  if (typeof v === 'bigint') return Number(v);
  return v;
}

// The canonical text of a value and the FNV-1a 64 digest of a result: the
// same rules as bench/result_digest.h (integers, and doubles with no
// fractional part, as decimal integers; other numbers with 6 decimals;
// strings quoted with \ and " escaped; lists with their elements sorted;
// rows joined by "|", sorted unless the query is ordered, joined by "\n").
function canonical(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isFinite(v) && Number.isInteger(v) && Math.abs(v) < 9e15) return v.toFixed(0);
    return v.toFixed(6);
  }
  if (typeof v === 'string') return '"' + v.replace(/[\\"]/g, (c) => '\\' + c) + '"';
  if (Array.isArray(v)) {
    const items = v.map(canonical);
    items.sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
    return '[' + items.join(',') + ']';
  }
  return '?';
}

function digest(rows, ordered) {
  const lines = rows.map((r) => Object.values(r).map(canonical).join('|'));
  if (!ordered) lines.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const bytes = Buffer.from(lines.join('\n'), 'utf8');
  const prime = 1099511628211n, mask = (1n << 64n) - 1n;
  let h = 14695981039346656037n;
  // 32-bit halves would be faster; results here are small (the biggest is a few thousand rows).
  for (const b of bytes) h = ((h ^ BigInt(b)) * prime) & mask;
  return h.toString(16).padStart(16, '0');
}

function resetPeakRss() {
  try { fs.writeFileSync('/proc/self/clear_refs', '5'); } catch { /* not Linux, or not allowed */ }
}

function peakRssMb() {
  try {
    const m = fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)/);
    return m ? Number(m[1]) / 1024 : null;
  } catch { return null; }
}

function cypherStr(p) {
  return `'${p.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

// ---------------------------------------------------------------- database
let dbDir;
let tempDir = false;
if (args.db) {
  dbDir = path.resolve(args.db);
  fs.mkdirSync(dbDir, { recursive: true });
} else {
  dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-kuzu-'));
  tempDir = true;
}
const dbFile = path.join(dbDir, 'bench.kuzu');
for (const f of [dbFile, `${dbFile}.wal`, `${dbFile}.shadow`, `${dbFile}.tmp`]) {
  fs.rmSync(f, { force: true, recursive: true });
}

const db = new kuzu.Database(dbFile);
const conn = new kuzu.Connection(db, args.threads || undefined);
// Kuzu quirk: setQueryTimeout is honoured by the async query() path only; a
// querySync() of a runaway recursive join was not interrupted (observed with
// 0.11.3), so every statement goes through the async API.
if (args.timeoutMs) conn.setQueryTimeout(args.timeoutMs);

async function run(q) {
  let res = await conn.query(q);
  if (Array.isArray(res)) res = res[res.length - 1];
  const rows = await res.getAll();
  res.close();
  return rows;
}

function scalar(rows) {
  if (!rows.length) return null;
  const vals = Object.values(rows[0]);
  return normValue(vals[0]);
}

const setting = async (name) => {
  try { return scalar(await run(`CALL current_setting('${name}') RETURN *`)); } catch { return null; }
};

console.log(`kuzu ${kuzu.VERSION} (storage v${kuzu.STORAGE_VERSION}), node ${process.version}, ` +
  `${os.cpus().length} cpus (${os.cpus()[0]?.model?.trim()}), db ${dbFile}`);
console.log(`graph ${dataDir}: ${meta.nodes} nodes, ${meta.edges} edges, seed ${meta.seed}, ` +
  `hub=${meta.hub} normal=${meta.normal} target=${meta.target}`);

// ---------------------------------------------------------------- schema + load
const loadavgStart = os.loadavg()[0];
const tSchema0 = nowMs();
await run('CREATE NODE TABLE Company(id INT64, name STRING, PRIMARY KEY(id))');
for (const t of relTypes) await run(`CREATE REL TABLE ${t}(FROM Company TO Company, weight INT64)`);
const schemaMs = nowMs() - tSchema0;

const load = { steps: [] };
const copy = async (table, file) => {
  const p = path.join(dataDir, file);
  if (!fs.existsSync(p)) {
    console.error(`kuzu_bench: missing input ${p}`);
    process.exit(2);
  }
  const q = `COPY ${table} FROM ${cypherStr(p)} (HEADER=true)`;
  const t0 = nowMs();
  await run(q);
  const ms = nowMs() - t0;
  load.steps.push({ step: `COPY ${table}`, file, ms });
  return ms;
};

const tLoad0 = nowMs();
const nodesMs = await copy('Company', meta.files.kuzu_nodes);
let relMs = 0;
for (const t of relTypes) relMs += await copy(t, meta.files.kuzu_rels[t]);
const tCk0 = nowMs();
await run('CHECKPOINT');
const checkpointMs = nowMs() - tCk0;
load.steps.push({ step: 'CHECKPOINT', ms: checkpointMs });
const loadMs = nowMs() - tLoad0;
Object.assign(load, {
  schema_ms: schemaMs,
  nodes_ms: nodesMs,
  rels_ms: relMs,
  checkpoint_ms: checkpointMs,
  total_ms: loadMs,
  edges_per_s: meta.edges / (loadMs / 1000),
  edges_per_s_rel_copy_only: meta.edges / (relMs / 1000),
});

const nodeCount = scalar(await run('MATCH (c:Company) RETURN count(*)'));
const edgeCount = scalar(await run('MATCH ()-[r]->() RETURN count(*)'));
load.loaded_nodes = nodeCount;
load.loaded_edges = edgeCount;
const dbBytes = fs.existsSync(dbFile) ? fs.statSync(dbFile).size : null;
load.db_file_bytes = dbBytes;

console.log('\nload');
for (const s of load.steps) console.log(`  ${s.step.padEnd(34)} ${s.ms.toFixed(0).padStart(8)} ms`);
console.log(`  ${'total (nodes + rels + checkpoint)'.padEnd(34)} ${loadMs.toFixed(0).padStart(8)} ms` +
  `   ${Math.round(load.edges_per_s).toLocaleString('en-US')} edges/s` +
  ` (rel COPY only: ${Math.round(load.edges_per_s_rel_copy_only).toLocaleString('en-US')} edges/s)`);
console.log(`  loaded ${nodeCount} nodes, ${edgeCount} edges; db file ${dbBytes == null ? '?' : (dbBytes / 1048576).toFixed(1) + ' MiB'}`);
if (nodeCount !== meta.nodes || edgeCount !== meta.edges) {
  console.error(`kuzu_bench: loaded counts differ from meta.json (${meta.nodes} nodes, ${meta.edges} edges)`);
  process.exitCode = 1;
}

// ---------------------------------------------------------------- queries
const reference = meta.reference_results || {};
const referenceExcl = meta.reference_results_excluding_start || {};
const results = [];
const selected = args.loadOnly ? [] : args.only ? queries.filter((q) => args.only.includes(q.name)) : queries;
if (args.only && selected.length !== args.only.length) {
  usage(`--only names not in ${args.queries}: ${args.only.filter((n) => !queries.some((q) => q.name === n)).join(', ')}`);
}

const isTimeout = (e) => /interrupt|timeout/i.test(e.message);

// One warm-up run, then args.reps timed runs. Times include parse, plan, execute
// and fetching the (single-row) result into JS.
async function timeQuery(text, ordered) {
  const r = {};
  resetPeakRss();
  r.rss_before_mb = peakRssMb();
  try {
    const t0 = nowMs();
    const warmRows = await run(text);
    r.warmup_ms = nowMs() - t0;
    r.rows = warmRows.length;
    r.digest = digest(warmRows, ordered);
    r.result = scalar(warmRows);
    const times = [];
    const reps = args.slowMs && r.warmup_ms > args.slowMs ? 1 : args.reps;
    for (let i = 0; i < reps; i++) {
      const t = nowMs();
      const rows = await run(text);
      times.push(nowMs() - t);
      const d = digest(rows, ordered);
      if (d !== r.digest) throw new Error(`result changed between runs: digest ${r.digest} vs ${d}`);
    }
    r.times_ms = times;
    r.median_ms = median(times);
    r.min_ms = Math.min(...times);
  } catch (e) {
    if (isTimeout(e)) r.timeout_ms = args.timeoutMs;
    else r.error = e.message.split('\n')[0];
  }
  r.peak_rss_mb = peakRssMb();
  return r;
}

function checkOf(r, expected) {
  if (r.timeout_ms) return 'TIMEOUT';
  if (r.error) return 'ERROR';
  if (expected === undefined) return 'n/a';
  return r.result === expected ? 'ok' : 'MISMATCH';
}

function line(label, r) {
  const tm = r.timeout_ms ? `TIMEOUT: a run exceeded ${fmtDur(r.timeout_ms)}`.padEnd(46) :
    r.error ? `ERROR: ${r.error}` :
      `median ${r.median_ms.toFixed(2).padStart(10)} ms  min ${r.min_ms.toFixed(2).padStart(10)} ms`;
  console.log(`  ${label.padEnd(36)} ${tm}  result ${String(r.result ?? '-').slice(0, 12).padStart(8)}  [${r.check}]` +
    `  rows ${r.rows ?? '-'} digest ${r.digest ?? '-'} peak ${r.peak_rss_mb == null ? '-' : r.peak_rss_mb.toFixed(0)} MB`);
}

if (!args.loadOnly) console.log(`\nqueries (${args.reps} timed reps after 1 warm-up; times include parse/plan and fetching the result; ` +
  `per-run timeout ${fmtDur(args.timeoutMs)})`);
for (const q of selected) {
  const text = substitute(q.kuzu_cypher || q.cypher, q.params);
  const entry = {
    name: q.name,
    cypher: substitute(q.cypher, q.params),
    kuzu_cypher: q.kuzu_cypher ? text : undefined,
    ...(await timeQuery(text, !!q.ordered)),
  };
  entry.expected = reference[q.name];
  entry.check = checkOf(entry, entry.expected);
  line(q.name + (q.kuzu_cypher ? ' *' : ''), entry);
  if (args.alt && q.kuzu_alt_cypher) {
    const altText = substitute(q.kuzu_alt_cypher, q.params);
    const alt = { cypher: altText, ...(await timeQuery(altText, !!q.ordered)) };
    alt.expected = referenceExcl[q.name];
    alt.check = checkOf(alt, alt.expected);
    entry.alt = alt;
    line(`  alt (SHORTEST, excl. start)`, alt);
  }
  results.push(entry);
}

// ---------------------------------------------------------------- table + json
if (!args.loadOnly) console.log('\n| query | median ms | min ms | result | expected | check | alt median ms | alt result | alt check |');
if (!args.loadOnly) console.log('|---|---:|---:|---:|---:|---|---:|---:|---|');
const f = (r, k) => (r.timeout_ms ? `>${r.timeout_ms}` : r[k] == null ? '-' : r[k].toFixed(2));
for (const r of results) {
  const a = r.alt;
  console.log(`| ${r.name}${r.kuzu_cypher ? ' *' : ''} | ${f(r, 'median_ms')} | ${f(r, 'min_ms')} | ${r.result ?? '-'} | ` +
    `${r.expected ?? '-'} | ${r.check} | ${a ? f(a, 'median_ms') : ''} | ${a ? a.result ?? '-' : ''} | ${a ? a.check : ''} |`);
}
if (results.some((r) => r.kuzu_cypher)) console.log('* ran the kuzu_cypher override from queries.json');
console.log(`machine load (1-min loadavg, ${os.cpus().length} cpus): ${loadavgStart.toFixed(2)} at start, ` +
  `${os.loadavg()[0].toFixed(2)} at end (other processes running skew the numbers)`);
if (!args.loadOnly) console.log('alt = kuzu_alt_cypher (-[* SHORTEST 1..k]->, BFS, start node excluded; expected = reference_results_excluding_start)');

const out = {
  engine: 'kuzu',
  kuzu_version: kuzu.VERSION,
  storage_version: kuzu.STORAGE_VERSION,
  node_version: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: os.cpus().length,
  cpu_model: os.cpus()[0]?.model?.trim(),
  total_mem_bytes: os.totalmem(),
  kuzu_threads: await setting('threads'),
  loadavg_1min_start: loadavgStart,
  loadavg_1min_end: os.loadavg()[0],
  timeout_ms: args.timeoutMs,
  date: new Date().toISOString(),
  data_dir: dataDir,
  queries_file: path.resolve(args.queries),
  reps: args.reps,
  graph: {
    nodes: meta.nodes, edges: meta.edges, seed: meta.seed, alpha: meta.alpha,
    hub: meta.hub, normal: meta.normal, target: meta.target, csv_sha256: meta.csv_sha256,
  },
  load,
  queries: results,
};
if (args.json) {
  fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
  fs.writeFileSync(args.json, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nwrote ${path.resolve(args.json)}`);
}

conn.closeSync();
db.closeSync();
if (tempDir && !args.keep) fs.rmSync(dbDir, { recursive: true, force: true });
// Wrong answers and errors fail the run; a TIMEOUT is a measurement, not a failure.
const bad = results.flatMap((r) => [r, r.alt].filter(Boolean)).filter((r) => r.check === 'MISMATCH' || r.check === 'ERROR');
if (bad.length) process.exitCode = 1;
