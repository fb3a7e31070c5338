// `cargo xtask bench-peers`: zhixin's search engine (the core compiled to wasm
// for Node) and four JavaScript search libraries, each in its defaults and in
// the Chinese-aware setup its documentation suggests, index the same
// fictional enterprises (names, former names, brands, codes) and answer the
// same queries, in this one Node process, so latency is compared like for like.
//
//   node bench.mjs --data EVAL2_DIR --engine ENGINE_JS [--build-ms N]
//                  [--per-kind N] [--only a,b] [--json OUT]
//
// EVAL2_DIR is what tests/eval2/generate.mjs wrote, with the registry built
// into EVAL2_DIR/registry; ENGINE_JS is wasm-bindgen's `--target nodejs`
// output of crates/node-search; --build-ms is how long `zhixin build` took.
// Prints markdown tables: one row per engine (recall, latency, sizes, build
// time), then recall@1 per query kind.

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import Fuse from "fuse.js";
import MiniSearch from "minisearch";
import { Document, Charset } from "flexsearch";
import * as pagefind from "pagefind";

const require = createRequire(import.meta.url);
const args = { perKind: Infinity, only: null, buildMs: NaN };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const v = () => process.argv[++i];
  if (a === "--data") args.data = v();
  else if (a === "--engine") args.engine = v();
  else if (a === "--build-ms") args.buildMs = Number(v());
  else if (a === "--per-kind") args.perKind = Number(v());
  else if (a === "--only") args.only = v().split(",");
  else if (a === "--json") args.json = v();
  else throw new Error(`unknown option ${a}`);
}
if (!args.data) throw new Error("--data EVAL2_DIR is required");

const LIMIT = 5;
const gzip = (buf) => zlib.gzipSync(buf, { level: 6 }).length;
const readLines = (p) =>
  fs
    .readFileSync(p, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const docs = readLines(path.join(args.data, "enterprises.jsonl")).map((e, id) => ({
  id,
  uscc: e.uscc,
  name: e.name,
  former_names: e.former_names.join(" "),
  brands: e.brands.join(" "),
}));
const codeOf = docs.map((d) => d.uscc);
let queries = readLines(path.join(args.data, "queries.jsonl"));
if (Number.isFinite(args.perKind)) {
  const seen = new Map();
  queries = queries.filter((q) => {
    const n = seen.get(q.kind) || 0;
    seen.set(q.kind, n + 1);
    return n < args.perKind;
  });
}
/** Bytes of a package file a page would download (the library's browser bundle). */
const fileBytes = (p) => fs.readFileSync(new URL(`./node_modules/${p}`, import.meta.url));
const dirFiles = (dir) =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));

// ---------- tokenizers for the Chinese-aware setups ----------
/** Single characters and bigrams of every run of Han characters, words of the rest (CJK bigram indexing, as Lucene's CJKAnalyzer). */
function cjkTokens(text) {
  const out = [];
  for (const run of text.toLowerCase().match(/[\p{Script=Han}]+|[\p{L}\p{N}]+/gu) || []) {
    if (/\p{Script=Han}/u.test(run)) {
      const cs = [...run];
      cs.forEach((c, i) => {
        out.push(c);
        if (i + 1 < cs.length) out.push(c + cs[i + 1]);
      });
    } else out.push(run);
  }
  return out;
}

// ---------- the engines ----------
const FIELDS = ["name", "former_names", "brands", "uscc"];

function fuse(options, label) {
  let f;
  let serial;
  return {
    label,
    async build() {
      const index = Fuse.createIndex(options.keys, docs);
      f = new Fuse(docs, options, index);
      serial = Buffer.from(JSON.stringify({ docs, index: index.toJSON() }));
    },
    indexBytes: () => [serial.length, gzip(serial)],
    firstQueryBytes: () => gzip(fileBytes("fuse.js/dist/fuse.min.mjs")) + gzip(serial),
    search: async (q) => f.search(q, { limit: LIMIT }).map((r) => r.item.uscc),
  };
}

function minisearch(options, searchOptions, label) {
  let ms;
  let serial;
  return {
    label,
    async build() {
      ms = new MiniSearch({ fields: FIELDS, storeFields: ["uscc"], ...options });
      ms.addAll(docs);
      serial = Buffer.from(JSON.stringify(ms));
    },
    indexBytes: () => [serial.length, gzip(serial)],
    firstQueryBytes: () => gzip(fileBytes("minisearch/dist/es/index.js")) + gzip(serial),
    search: async (q) => ms.search(q, searchOptions).slice(0, LIMIT).map((r) => r.uscc),
  };
}

function flexsearch(index, searchOptions, label) {
  let ix;
  let bytes = [0, 0];
  return {
    label,
    async build() {
      ix = new Document({ document: { id: "id", index } });
      for (const d of docs) ix.add(d);
      const parts = [];
      await ix.export((key, data) => {
        parts.push(Buffer.from(String(key)), Buffer.from(data ?? ""));
      });
      const all = Buffer.concat(parts);
      // The page needs the codes of the ids it gets back too.
      const codes = Buffer.from(JSON.stringify(codeOf));
      bytes = [all.length + codes.length, gzip(all) + gzip(codes)];
    },
    indexBytes: () => bytes,
    firstQueryBytes: () => gzip(fileBytes("flexsearch/dist/flexsearch.bundle.module.min.mjs")) + bytes[1],
    async search(q) {
      // One result list per field; a field named earlier ranks first (what
      // FlexSearch's own `merge: true` does).
      const got = [];
      for (const r of ix.search(q, { limit: LIMIT, ...searchOptions })) {
        for (const id of r.result) if (!got.includes(id)) got.push(id);
      }
      return got.slice(0, LIMIT).map((id) => codeOf[id]);
    },
  };
}

function pagefindEngine(config, language, label) {
  const out = path.join(args.data, `peers-${label.replace(/[^a-z0-9]+/gi, "-")}`);
  let pf;
  let served = 0;
  const ui = /-ui\.|highlight|worker/;
  return {
    label,
    async build() {
      fs.rmSync(out, { recursive: true, force: true });
      const { index, errors } = await pagefind.createIndex(config);
      if (errors.length) throw new Error(`pagefind: ${errors.join("; ")}`);
      for (const d of docs) {
        const content = [d.name, d.former_names, d.brands, d.uscc].filter(Boolean).join("\n");
        const r = await index.addCustomRecord({ url: `/e/${d.uscc}`, content, language, meta: { title: d.name, uscc: d.uscc } });
        if (r.errors.length) throw new Error(`pagefind: ${r.errors.join("; ")}`);
      }
      const w = await index.writeFiles({ outputPath: out });
      if (w.errors.length) throw new Error(`pagefind: ${w.errors.join("; ")}`);
      await pagefind.close();
    },
    indexBytes() {
      const files = dirFiles(out).filter((f) => !ui.test(path.basename(f)));
      // Pagefind writes its files compressed already; gzip does not apply again.
      const n = files.reduce((s, f) => s + fs.statSync(f).size, 0);
      return [n, n];
    },
    async firstQueryBytes() {
      // A fresh copy of the search module, as a fresh page loads it.
      const before = served;
      const fresh = await loadPagefind(`?fresh=${Date.now()}`);
      await searchWith(fresh, queries[0].query);
      return served - before;
    },
    async search(q) {
      pf ??= await loadPagefind("");
      return searchWith(pf, q);
    },
  };
  async function loadPagefind(tag) {
    // Pagefind's search is the browser module it wrote; in Node its fetches
    // are answered from the folder, and counted.
    globalThis.fetch = async (url) => {
      const p = decodeURIComponent(new URL(url, `file://${out}/`).pathname);
      const b = fs.readFileSync(p);
      served += b.length;
      return new Response(b);
    };
    const js = fs.readFileSync(path.join(out, "pagefind.js"));
    served += js.length;
    const m = await import(`file://${path.join(out, "pagefind.js")}${tag}`);
    await m.options({ basePath: `${out}/` });
    await m.init();
    return m;
  }
  async function searchWith(m, q) {
    const r = await m.search(q);
    const data = await Promise.all(r.results.slice(0, LIMIT).map((x) => x.data()));
    return data.map((d) => d.meta.uscc);
  }
}

function zhixin(label) {
  const dir = path.join(args.data, "registry");
  const read = (p) => new Uint8Array(fs.readFileSync(path.join(dir, p)));
  let Engine;
  let wasm;
  let engine;
  let meta;
  return {
    label,
    async build() {
      if (!args.engine) throw new Error("--engine ENGINE_JS is required for zhixin");
      ({ Engine } = require(path.resolve(args.engine)));
      wasm = dirFiles(path.dirname(path.resolve(args.engine))).find((f) => f.endsWith(".wasm"));
      meta = fs.readFileSync(path.join(dir, "meta.json"));
      engine = new Engine(meta, read);
    },
    indexBytes() {
      // What search reads: cards, codes, pinyin keys, postings, meta.json and
      // the traditional-script table; not the records and rolls that the
      // enterprise and list pages show (the libraries hold none of those).
      const files = dirFiles(dir).filter((f) => /^(card|code|pin|post)\/|^meta\.json$|^t2s/.test(path.relative(dir, f)));
      return [files.reduce((s, f) => s + fs.statSync(f).size, 0), files.reduce((s, f) => s + gzip(fs.readFileSync(f)), 0)];
    },
    firstQueryBytes() {
      // The median over fresh engines of the first few queries: the engine's
      // wasm, meta.json and the chunks the first query reads (gzip, as served).
      const fresh = new Engine(meta, (p) => {
        const b = read(p);
        got += gzip(b);
        return b;
      });
      let got = 0;
      const each = [];
      for (const q of queries.filter((_, i) => i % Math.ceil(queries.length / 25) === 0)) {
        fresh.empty();
        got = 0;
        fresh.search(q.query, LIMIT);
        each.push(got);
      }
      each.sort((a, b) => a - b);
      return gzip(fs.readFileSync(wasm)) + gzip(meta) + each[each.length >> 1];
    },
    search: async (q) => engine.search(q, LIMIT),
    buildMs: args.buildMs,
  };
}

const ENGINES = [
  () => zhixin("zhixin (wasm)"),
  () => fuse({ keys: FIELDS }, "Fuse.js defaults"),
  () =>
    fuse(
      // Fuse.js has no Chinese tokenizer; its docs' advice for matching anywhere
      // in a field is ignoreLocation, with a stricter threshold and weighted keys.
      { keys: [{ name: "name", weight: 2 }, "former_names", "brands", "uscc"], ignoreLocation: true, threshold: 0.4 },
      "Fuse.js zh",
    ),
  () => minisearch({ idField: "uscc" }, {}, "MiniSearch defaults"),
  () =>
    minisearch(
      { idField: "uscc", tokenize: cjkTokens, processTerm: (t) => t.toLowerCase() },
      { prefix: true, fuzzy: 0.2, boost: { name: 2 }, combineWith: "OR" },
      "MiniSearch zh",
    ),
  () => flexsearch(FIELDS, {}, "FlexSearch defaults"),
  () =>
    flexsearch(
      // The CJK encoder (one term per character) for the Chinese fields, the
      // default one with forward (prefix) tokens for the codes; `suggest`
      // returns partial matches when not every term is found.
      [
        ...["name", "former_names", "brands"].map((field) => ({ field, encoder: Charset.CJK, tokenize: "forward" })),
        { field: "uscc", tokenize: "forward" },
      ],
      { suggest: true },
      "FlexSearch zh",
    ),
  () => pagefindEngine({}, "en", "Pagefind defaults"),
  () => pagefindEngine({ forceLanguage: "zh" }, "zh-cn", "Pagefind zh"),
];

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const kb = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`);
const rows = [];
for (const make of ENGINES) {
  const e = make();
  if (args.only && !args.only.some((o) => e.label.toLowerCase().includes(o.toLowerCase()))) continue;
  const t0 = performance.now();
  await e.build();
  const buildMs = e.buildMs ?? performance.now() - t0;
  const lat = [];
  const perKind = {};
  for (const q of queries) {
    const s = performance.now();
    const got = await e.search(q.query);
    lat.push(performance.now() - s);
    const at = got.findIndex((c) => q.expected.includes(c));
    const k = (perKind[q.kind] ??= [0, 0, 0]);
    k[0]++;
    if (at === 0) k[1]++;
    if (at >= 0 && at < 5) k[2]++;
  }
  const [raw, gz] = e.indexBytes();
  const row = {
    engine: e.label,
    queries: queries.length,
    recall1: Object.values(perKind).reduce((s, k) => s + k[1], 0) / queries.length,
    recall5: Object.values(perKind).reduce((s, k) => s + k[2], 0) / queries.length,
    p50: pct(lat, 0.5),
    p95: pct(lat, 0.95),
    indexRaw: raw,
    indexGzip: gz,
    firstQuery: await e.firstQueryBytes(),
    buildMs,
    perKind,
  };
  rows.push(row);
  console.error(`  ${e.label}: recall@1 ${row.recall1.toFixed(3)}, p50 ${row.p50.toFixed(2)} ms`);
}

let md = `\n${docs.length} enterprises, ${queries.length} queries\n\n`;
md += "| engine | recall@1 | recall@5 | latency p50 | p95 | index (raw / gzip) | first query fetches | build |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
for (const r of rows) {
  md += `| ${r.engine} | ${r.recall1.toFixed(3)} | ${r.recall5.toFixed(3)} | ${r.p50.toFixed(2)} ms | ${r.p95.toFixed(2)} ms | ${kb(r.indexRaw)} / ${kb(r.indexGzip)} | ${kb(r.firstQuery)} | ${(r.buildMs / 1000).toFixed(1)} s |\n`;
}
const kinds = [...new Set(queries.map((q) => q.kind))].sort();
md += `\nrecall@1 (recall@5) per kind\n\n| kind | ${rows.map((r) => r.engine).join(" | ")} |\n|---|${rows.map(() => "---:").join("|")}|\n`;
for (const k of kinds) {
  md += `| ${k} | ${rows.map((r) => (r.perKind[k] ? `${(r.perKind[k][1] / r.perKind[k][0]).toFixed(2)} (${(r.perKind[k][2] / r.perKind[k][0]).toFixed(2)})` : "–")).join(" | ")} |\n`;
}
console.log(md);
if (args.json) fs.writeFileSync(args.json, JSON.stringify(rows, null, 1));
