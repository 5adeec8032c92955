#!/usr/bin/env node
// Kuzu peer benchmark for newsgraph: load the gen_graph.py output with COPY FROM,
// then time the shared queries in bench/queries.json.
//
//   node kuzu_bench.mjs --data DIR [--db TMPDIR] [--reps 5] [--json OUT]
//                       [--queries FILE] [--only NAME[,NAME..]] [--threads N]
//                       [--timeout-ms MS] [--keep]
//
// DIR is a directory written by bench/gen_graph.py (kuzu_*.csv + meta.json).
// --db is a directory for the database; a fresh database file is created in it
// (default: a new temp directory, removed at the end unless --keep).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_QUERIES = path.resolve(HERE, '..', 'queries.json');

function usage(msg) {
  if (msg) console.error(`kuzu_bench: ${msg}`);
  console.error('usage: node kuzu_bench.mjs --data DIR [--db TMPDIR] [--reps 5] [--json OUT] ' +
    '[--queries FILE] [--only NAME,..] [--threads N] [--timeout-ms MS] [--keep]');
  process.exit(2);
}

function parseArgs(argv) {
  const a = { reps: 5, queries: DEFAULT_QUERIES, keep: false };
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

function normValue(v) {
  if (typeof v === 'bigint') return Number(v);
  return v;
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
if (args.timeoutMs) conn.setQueryTimeout(args.timeoutMs);

function run(q) {
  let res = conn.querySync(q);
  if (Array.isArray(res)) res = res[res.length - 1];
  const rows = res.getAllSync();
  res.close();
  return rows;
}

function scalar(rows) {
  if (!rows.length) return null;
  const vals = Object.values(rows[0]);
  return normValue(vals[0]);
}

const setting = (name) => {
  try { return scalar(run(`CALL current_setting('${name}') RETURN *`)); } catch { return null; }
};

console.log(`kuzu ${kuzu.VERSION} (storage v${kuzu.STORAGE_VERSION}), node ${process.version}, ` +
  `${os.cpus().length} cpus (${os.cpus()[0]?.model?.trim()}), db ${dbFile}`);
console.log(`graph ${dataDir}: ${meta.nodes} nodes, ${meta.edges} edges, seed ${meta.seed}, ` +
  `hub=${meta.hub} normal=${meta.normal} target=${meta.target}`);

// ---------------------------------------------------------------- schema + load
const tSchema0 = nowMs();
run('CREATE NODE TABLE Company(id INT64, name STRING, PRIMARY KEY(id))');
for (const t of relTypes) run(`CREATE REL TABLE ${t}(FROM Company TO Company, weight INT64)`);
const schemaMs = nowMs() - tSchema0;

const load = { steps: [] };
const copy = (table, file) => {
  const p = path.join(dataDir, file);
  if (!fs.existsSync(p)) {
    console.error(`kuzu_bench: missing input ${p}`);
    process.exit(2);
  }
  const q = `COPY ${table} FROM ${cypherStr(p)} (HEADER=true)`;
  const t0 = nowMs();
  run(q);
  const ms = nowMs() - t0;
  load.steps.push({ step: `COPY ${table}`, file, ms });
  return ms;
};

const tLoad0 = nowMs();
const nodesMs = copy('Company', meta.files.kuzu_nodes);
let relMs = 0;
for (const t of relTypes) relMs += copy(t, meta.files.kuzu_rels[t]);
const tCk0 = nowMs();
run('CHECKPOINT');
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

const nodeCount = scalar(run('MATCH (c:Company) RETURN count(*)'));
const edgeCount = scalar(run('MATCH ()-[r]->() RETURN count(*)'));
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
const results = [];
const selected = args.only ? queries.filter((q) => args.only.includes(q.name)) : queries;
if (args.only && selected.length !== args.only.length) {
  usage(`--only names not in ${args.queries}: ${args.only.filter((n) => !queries.some((q) => q.name === n)).join(', ')}`);
}
console.log(`\nqueries (${args.reps} timed reps after 1 warm-up; times include parse/plan and fetching the result)`);
for (const q of selected) {
  const text = substitute(q.kuzu_cypher || q.cypher, q.params);
  const entry = { name: q.name, cypher: substitute(q.cypher, q.params), kuzu_cypher: q.kuzu_cypher ? text : undefined };
  try {
    const t0 = nowMs();
    const warmRows = run(text);
    entry.warmup_ms = nowMs() - t0;
    entry.rows = warmRows.length;
    entry.result = scalar(warmRows);
    const times = [];
    for (let i = 0; i < args.reps; i++) {
      const t = nowMs();
      const rows = run(text);
      times.push(nowMs() - t);
      const v = scalar(rows);
      if (v !== entry.result) throw new Error(`result changed between runs: ${entry.result} vs ${v}`);
    }
    entry.times_ms = times;
    entry.median_ms = median(times);
    entry.min_ms = Math.min(...times);
  } catch (e) {
    entry.error = e.message.split('\n')[0];
  }
  if (q.name in reference) {
    entry.expected = reference[q.name];
    entry.check = entry.error ? 'ERROR' : (entry.result === entry.expected ? 'ok' : 'MISMATCH');
  } else {
    entry.check = entry.error ? 'ERROR' : 'n/a';
  }
  results.push(entry);
  const tm = entry.error ? `ERROR: ${entry.error}` :
    `median ${entry.median_ms.toFixed(2).padStart(10)} ms  min ${entry.min_ms.toFixed(2).padStart(10)} ms`;
  console.log(`  ${q.name.padEnd(30)} ${tm}  result ${String(entry.result).padStart(8)}  [${entry.check}]`);
}

// ---------------------------------------------------------------- table + json
console.log('\n| query | median ms | min ms | result | expected | check |');
console.log('|---|---:|---:|---:|---:|---|');
for (const r of results) {
  const f = (x) => (x == null ? '-' : x.toFixed(2));
  console.log(`| ${r.name}${r.kuzu_cypher ? ' *' : ''} | ${f(r.median_ms)} | ${f(r.min_ms)} | ${r.result ?? '-'} | ${r.expected ?? '-'} | ${r.check} |`);
}
if (results.some((r) => r.kuzu_cypher)) console.log('* ran the kuzu_cypher override from queries.json');

const out = {
  engine: 'kuzu',
  kuzu_version: kuzu.VERSION,
  storage_version: kuzu.STORAGE_VERSION,
  node_version: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: os.cpus().length,
  cpu_model: os.cpus()[0]?.model?.trim(),
  total_mem_bytes: os.totalmem(),
  kuzu_threads: setting('threads'),
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
if (results.some((r) => r.check === 'MISMATCH' || r.check === 'ERROR')) process.exitCode = 1;
