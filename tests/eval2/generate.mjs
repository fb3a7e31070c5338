#!/usr/bin/env node
// The second, independent evaluation of zhixin's search: a generator of
// fictional source tables (the source-list contract's CSV) and of queries with
// accept lists, sharing no code and no vocabulary with the demo generator.
// Rules and kinds: README.md next to this file.
//
//   node tests/eval2/generate.mjs --out DIR [--count N] [--seed S] [--per-kind K]
//
// writes DIR/src/{enterprises,grades,honours,spot_checks}.csv (UTF-8) and
// DIR/queries.jsonl ({"kind","query","expected":[codes]} per line) and
// DIR/enterprises.jsonl (what a peer library indexes: code, name, former
// names, brands). Everything is fictional (虚构).

import fs from "node:fs";
import path from "node:path";
import { TRADE_CHARS, INDUSTRIES, FORMS, PROVINCES, FORM_PINYIN, TRADITIONAL, AUTHORITIES } from "./vocab.mjs";
import { makeUscc, usccValid, USCC_ALPHABET } from "./uscc.mjs";

// ---------- options ----------
const opts = { count: 3000, seed: 1, perKind: 120, out: null, core: 3000, maxAccept: 200 };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const v = () => {
    const x = process.argv[++i];
    if (x === undefined) throw new Error(`${a} needs a value`);
    return x;
  };
  if (a === "--count") opts.count = Number(v());
  else if (a === "--seed") opts.seed = Number(v());
  else if (a === "--per-kind") opts.perKind = Number(v());
  else if (a === "--out") opts.out = v();
  else throw new Error(`unknown option ${a} (use --out DIR, --count N, --seed S, --per-kind K)`);
}
if (!opts.out || !(opts.count > 0)) throw new Error("usage: generate.mjs --out DIR [--count N] [--seed S]");

// ---------- random numbers (mulberry32: small, seeded, the same on every machine) ----------
function rng32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// One stream for the names, then one per enterprise for its brand and its
// former names, and one for the queries: the first 3,000 enterprises and their
// queries come out the same whatever --count adds after them.
let rand = rng32(opts.seed * 7919 + 17);
const stream = (kind, i) => rng32(Math.imul(opts.seed, 7919) ^ Math.imul(kind, 1000003) ^ Math.imul(i + 1, 2654435761));
const below = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[below(xs.length)];
const chance = (p) => rand() < p;
function weighted(pairs) {
  const total = pairs.reduce((s, p) => s + p[1], 0);
  let r = rand() * total;
  for (const p of pairs) if ((r -= p[1]) < 0) return p[0];
  return pairs[pairs.length - 1][0];
}

// ---------- vocabulary lookups ----------
const CHAR_PY = new Map(TRADE_CHARS);
const BY_SOUND = new Map();
for (const [c, py] of TRADE_CHARS) BY_SOUND.set(py, [...(BY_SOUND.get(py) || []), c]);
const CITIES = [];
for (const [pname, ppy, cities] of PROVINCES) {
  for (const [cname, cpy, code, districts] of cities) {
    CITIES.push({ prov: pname, provPy: ppy, name: cname, py: cpy, code, districts: districts.map(([n, py, c]) => ({ name: n, py, code: c })) });
  }
}

function freshTrade() {
  const len = weighted([[2, 60], [3, 27], [4, 13]]);
  let s = "";
  while (s.length < len) {
    const c = pick(TRADE_CHARS)[0];
    if (!s.includes(c)) s += c;
  }
  return s;
}
const tradePy = (t) => [...t].map((c) => CHAR_PY.get(c));
const POPULAR = Array.from({ length: 60 }, freshTrade);

// ---------- names ----------
// Patterns: A 宁波市X电器有限公司, B 宁波X电器有限公司, C 宁波市鄞州区X电器有限公司,
// D 浙江X电器有限公司, E X（宁波）电器有限公司, F X电器有限公司, G 鄞州X电器有限公司.
const PATTERNS = [["A", 25], ["B", 20], ["C", 20], ["D", 8], ["E", 5], ["F", 14], ["G", 8]];

/** The printed name and the pinyin syllables of its core (the name without its company form). */
function render(e) {
  const city = CITIES[e.city];
  const d = e.district >= 0 ? city.districts[e.district] : null;
  const ind = INDUSTRIES[e.ind];
  const tp = tradePy(e.trade);
  const ip = ind[1].split(" ");
  let place = "";
  let placeSyl = [];
  let core;
  let syl;
  switch (e.pattern) {
    case "A":
      place = city.name + "市";
      placeSyl = [...city.py.split(" "), "shi"];
      break;
    case "B":
      place = city.name;
      placeSyl = city.py.split(" ");
      break;
    case "C":
      // A district (区) follows its city (宁波市鄞州区); a county or county-level
      // city (慈溪市, 德清县) stands alone, as such names are registered.
      if (d.name.endsWith("区")) {
        place = city.name + "市" + d.name;
        placeSyl = [...city.py.split(" "), "shi", ...d.py.split(" ")];
      } else {
        place = d.name;
        placeSyl = d.py.split(" ");
      }
      break;
    case "D":
      place = city.prov;
      placeSyl = city.provPy.split(" ");
      break;
    case "G":
      place = d.name.slice(0, -1);
      placeSyl = d.py.split(" ").slice(0, -1);
      break;
  }
  if (e.pattern === "E") {
    core = `${e.trade}（${city.name}）${ind[0]}`;
    syl = [...tp, ...city.py.split(" "), ...ip];
  } else {
    core = place + e.trade + ind[0];
    syl = [...placeSyl, ...tp, ...ip];
  }
  return { name: core + e.form, place, syl, noPlace: e.trade + ind[0] + e.form };
}

function newEnt(base) {
  const e = { ...base };
  const city = CITIES[e.city];
  if (e.district === undefined) e.district = city.districts.length ? below(city.districts.length) : -1;
  if (e.district < 0 && e.pattern === "C") e.pattern = "A";
  if (e.district < 0 && e.pattern === "G") e.pattern = "B";
  const r = render(e);
  e.name = r.name;
  e.place = r.place;
  e.syl = r.syl;
  e.noPlace = r.noPlace;
  return e;
}

// ---------- the enterprises ----------
const ents = [];
const usedCodes = new Set();
const usedNames = new Set();
function regionOf(e) {
  const city = CITIES[e.city];
  if ((e.pattern === "C" || e.pattern === "G") && e.district >= 0) return city.districts[e.district].code;
  return city.code;
}
function add(e) {
  if (usedNames.has(e.name)) return false;
  let code;
  do code = makeUscc(regionOf(e), below);
  while (usedCodes.has(code));
  usedCodes.add(code);
  usedNames.add(e.name);
  e.code = code;
  e.formers = [];
  e.brand = null;
  ents.push(e);
  return true;
}
const drawForm = () => weighted(FORMS);

while (ents.length < opts.count) {
  const trade = chance(0.22) ? pick(POPULAR) : freshTrade();
  const e = newEnt({ pattern: weighted(PATTERNS), city: below(CITIES.length), trade, ind: below(INDUSTRIES.length), form: drawForm() });
  if (!add(e)) continue;
  // A sibling that differs only in its company form.
  if (chance(0.08) && ents.length < opts.count) {
    let form;
    do form = drawForm();
    while (form === e.form);
    add(newEnt({ ...e, form }));
  }
  // A sibling in the same city with the same trade name in another industry.
  if (chance(0.06) && ents.length < opts.count) {
    add(newEnt({ pattern: e.pattern, city: e.city, district: e.district, trade, ind: below(INDUSTRIES.length), form: drawForm() }));
  }
}

// Brands, after every trade name exists, so that "equal to another enterprise's trade name" can be drawn.
const coreLen = Math.min(opts.core, ents.length);
for (const [i, e] of ents.entries()) {
  rand = stream(1, i);
  if (!chance(0.45)) continue;
  const r = rand();
  if (r < 0.7) {
    let b;
    do b = pick(TRADE_CHARS)[0] + pick(TRADE_CHARS)[0];
    while (b[0] === b[1]);
    e.brand = b;
  } else if (r < 0.85) e.brand = e.trade;
  else {
    let o;
    do o = ents[below(coreLen)];
    while (o.trade === e.trade);
    e.brand = o.trade;
  }
  e.brandProduct = pick(INDUSTRIES[e.ind][2]);
}

// Former names: renamed (another trade name), moved (another city) or converted (another form).
for (const [i, e] of ents.entries()) {
  rand = stream(2, i);
  const n = chance(0.2) ? (chance(0.25) ? 2 : 1) : 0;
  for (let i = 0; i < n; i++) {
    const r = rand();
    let f;
    if (r < 0.5) f = newEnt({ ...e, trade: freshTrade() });
    else if (r < 0.75) f = newEnt({ ...e, city: below(CITIES.length), district: undefined, pattern: pick(["A", "B", "C"]) });
    else {
      let form;
      do form = drawForm();
      while (form === e.form);
      f = newEnt({ ...e, form });
    }
    if (f.name !== e.name && !usedNames.has(f.name) && !e.formers.includes(f.name)) e.formers.push(f.name);
  }
}

// ---------- source tables ----------
const out = opts.out;
fs.mkdirSync(path.join(out, "src"), { recursive: true });
rand = stream(3, 0);
const csvCell = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
function table(file, header, rows) {
  const fd = fs.openSync(path.join(out, "src", file), "w");
  let buf = header.map(csvCell).join(",") + "\n";
  for (const r of rows()) {
    buf += r.map((x) => csvCell(String(x ?? ""))).join(",") + "\n";
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = "";
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}
const day = (y) => `${y}-${String(1 + below(12)).padStart(2, "0")}-${String(1 + below(28)).padStart(2, "0")}`;
const FICTION = "虚构数据，仅供检索评测（eval2）";

table("enterprises.csv", ["统一社会信用代码", "企业名称", "曾用名", "所属行业", "住所", "登记状态", "source"], function* () {
  for (const e of ents) {
    const city = CITIES[e.city];
    yield [e.code, e.name, e.formers.join("；"), INDUSTRIES[e.ind][0], `${city.prov}${city.name}（虚构地址）${1 + below(999)}号`, "存续", FICTION];
  }
});
table("grades.csv", ["统一社会信用代码", "企业名称", "评价体系", "等级", "评价机关", "评价日期", "source"], function* () {
  for (const e of ents) {
    if (chance(0.4)) yield [e.code, e.name, "质量诚信等级", pick(["AAA", "AA", "A", "B"]), CITIES[e.city].name + AUTHORITIES[0], day(2025), FICTION];
  }
});
table("honours.csv", ["统一社会信用代码", "企业名称", "荣誉类型", "荣誉名称", "授予单位", "授予日期", "品牌", "产品名称", "级别", "source"], function* () {
  for (const e of ents) {
    if (!e.brand || e.brandInSpotCheck) continue;
    if (chance(0.2)) {
      e.brandInSpotCheck = true;
      continue;
    }
    yield [e.code, e.name, "名牌产品", `${CITIES[e.city].prov}名牌产品（虚构）`, AUTHORITIES[2], day(2024), e.brand, e.brandProduct, "provincial", FICTION];
  }
});
table("spot_checks.csv", ["统一社会信用代码", "企业名称", "产品名称", "抽查结果", "抽查机关", "公布日期", "商标", "source"], function* () {
  for (const e of ents) {
    if (e.brandInSpotCheck) yield [e.code, e.name, e.brandProduct, "合格", CITIES[e.city].name + AUTHORITIES[0], day(2025), e.brand, FICTION];
  }
});
{
  const fd = fs.openSync(path.join(out, "enterprises.jsonl"), "w");
  let buf = "";
  let names = "";
  for (const e of ents) {
    buf += JSON.stringify({ uscc: e.code, name: e.name, former_names: e.formers, brands: e.brand ? [e.brand] : [] }) + "\n";
    names += `${e.code}\t${e.name}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = "";
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  fs.writeFileSync(path.join(out, "names.tsv"), names);
}

// ---------- indexes for the accept rules (over every enterprise, distractors included) ----------
function multi() {
  const m = new Map();
  return {
    add(k, e) {
      const v = m.get(k);
      if (v) {
        if (v[v.length - 1] !== e) v.push(e);
      } else m.set(k, [e]);
    },
    get: (k) => m.get(k) || [],
  };
}
const initials = (syl) => syl.map((s) => s[0]).join("");
const byName = multi(), byFormer = multi(), byBrand = multi(), byTrade = multi(), byNoPlace = multi();
const byPy = multi(), byIni = multi(), byCityTrade = multi(), byCityTradeInd = multi(), byLoosePy = multi(), byTradeIndIni = multi();
/** Whether the name shows its city (宁波, 宁波市, 宁波市鄞州区, （宁波）). */
const withPlaceCity = (e) => "ABE".includes(e.pattern) || (e.pattern === "C" && e.place.startsWith(CITIES[e.city].name));
const loosePy = (e) => [...CITIES[e.city].py.split(" "), ...tradePy(e.trade), ...INDUSTRIES[e.ind][1].split(" ")].join("");
for (const e of ents) {
  byName.add(e.name, e);
  for (const f of e.formers) byFormer.add(f, e);
  if (e.brand) byBrand.add(e.brand, e);
  byTrade.add(e.trade, e);
  byNoPlace.add(e.noPlace, e);
  byPy.add(e.syl.join(""), e);
  byIni.add(initials(e.syl), e);
  byTradeIndIni.add(initials([...tradePy(e.trade), ...INDUSTRIES[e.ind][1].split(" ")]), e);
  if (withPlaceCity(e)) {
    byCityTrade.add(`${e.city}|${e.trade}`, e);
    byCityTradeInd.add(`${e.city}|${e.trade}|${e.ind}`, e);
    byLoosePy.add(loosePy(e), e);
  }
}
const sortedNames = ents.map((e) => e.name).sort();
function namesStartingWith(p, cap) {
  let lo = 0, hi = sortedNames.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedNames[mid] < p) lo = mid + 1;
    else hi = mid;
  }
  const got = [];
  for (let i = lo; i < sortedNames.length && sortedNames[i].startsWith(p); i++) {
    if (got.length >= cap) return null;
    got.push(...byName.get(sortedNames[i]));
  }
  return got;
}
const union = (...lists) => [...new Set(lists.flat())];
// Another enterprise's own text: its name, a former name, or its name without
// the place. A typo, swapped or missing character that turns the query into
// one of these makes that enterprise the answer (it holds what was typed
// whole), so such a query is not asked (README, "Query kinds").
const ownTexts = new Set();
for (const e of ents) {
  ownTexts.add(e.name);
  for (const f of e.formers) ownTexts.add(f);
  ownTexts.add(e.noPlace);
}
let joinedNames = null;
const allNames = () => (joinedNames ??= ents.map((e) => e.name).join("\n"));

// ---------- queries ----------
rand = stream(4, 0);
const core = ents.slice(0, coreLen);
const order = core.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = below(i + 1);
  [order[i], order[j]] = [order[j], order[i]];
}
const toTrad = (s) => [...s].map((c) => TRADITIONAL[c] || c).join("");
function breakCode(code, how) {
  for (let tries = 0; tries < 50; tries++) {
    let q;
    if (how === "sub") {
      const i = below(18);
      const c = pick([...USCC_ALPHABET]);
      q = code.slice(0, i) + c + code.slice(i + 1);
    } else {
      const i = below(17);
      q = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
    }
    if (q !== code && !usccValid(q)) return q;
  }
  return null;
}
/** The trade name and industry word's span in the name (where typos are made). */
function tradeSpan(e) {
  const at = e.name.indexOf(e.trade, e.pattern === "E" ? 0 : e.place.length);
  const ind = INDUSTRIES[e.ind][0];
  const end = e.name.indexOf(ind, at + e.trade.length) + ind.length;
  return [at, end];
}
const capSyl = (s) => s[0].toUpperCase() + s.slice(1);

/** Each kind: a function from a target enterprise to a query (or null) and its accept list. */
const KINDS = {
  "exact-name": (e) => [e.name, byName.get(e.name)],
  code: (e) => [e.code, [e]],
  "code-typo": (e) => [breakCode(e.code, "sub"), [e]],
  "code-swap": (e) => [breakCode(e.code, "swap"), [e]],
  "former-name": (e) => {
    if (!e.formers.length) return null;
    const f = pick(e.formers);
    return [f, union(byFormer.get(f), byName.get(f))];
  },
  brand: (e) => {
    if (!e.brand || e.brand === e.trade || byTrade.get(e.brand).length) return null;
    return [e.brand, byBrand.get(e.brand)];
  },
  "brand-is-other-trade-name": (e) => {
    if (!e.brand || e.brand === e.trade || !byTrade.get(e.brand).length) return null;
    return [e.brand, byBrand.get(e.brand)];
  },
  "brand-pai": (e) => (e.brand && e.brand !== e.trade ? [e.brand + "牌", byBrand.get(e.brand)] : null),
  "brand-product": (e) => {
    if (!e.brand || e.brand === e.trade) return null;
    const q = e.brand + e.brandProduct;
    return [q, union(byBrand.get(e.brand), byTradeInd(q))];
  },
  // A name without its place that is another enterprise's former name
  // whole fits that one too (as a former name typed fits a current name equal to it).
  "no-place": (e) => (e.place ? [e.noPlace, union(byNoPlace.get(e.noPlace), byFormer.get(e.noPlace))] : null),
  "no-place-form-sibling": (e) => {
    if (!e.place) return null;
    const sib = byCityTradeInd.get(`${e.city}|${e.trade}|${e.ind}`).some((o) => o !== e && o.form !== e.form && o.pattern === e.pattern);
    return sib ? [e.noPlace, union(byNoPlace.get(e.noPlace), byFormer.get(e.noPlace))] : null;
  },
  "trade-name": (e) => [e.trade, union(byTrade.get(e.trade), byBrand.get(e.trade))],
  spoken: (e) => [e.trade + "公司", byTrade.get(e.trade)],
  "pinyin-full": (e) => [e.syl.join(""), byPy.get(e.syl.join(""))],
  // Initials typed fit a name read so whole and one whose trade name and
  // industry word read so (the place left out) alike: each kind accepts both.
  "pinyin-initials": (e) => [initials(e.syl), union(byIni.get(initials(e.syl)), byTradeIndIni.get(initials(e.syl)))],
  "pinyin-initials-no-place": (e) => {
    if (!e.place) return null;
    const k = initials([...tradePy(e.trade), ...INDUSTRIES[e.ind][1].split(" ")]);
    return [k, union(byTradeIndIni.get(k), byIni.get(k))];
  },
  "pinyin-spaced": (e) => {
    if (!withPlaceCity(e) || CITIES[e.city].name.length !== 2) return null;
    const syl = [...CITIES[e.city].py.split(" "), ...tradePy(e.trade), ...INDUSTRIES[e.ind][1].split(" ")];
    const q = chance(0.5) ? syl.map(capSyl).join(" ") : [CITIES[e.city].py.split(" ").map(capSyl).join(""), tradePy(e.trade).map(capSyl).join(""), ...INDUSTRIES[e.ind][1].split(" ")].join(" ");
    return [q, byLoosePy.get(loosePy(e))];
  },
  "mixed-pinyin": (e) => {
    if (!withPlaceCity(e)) return null;
    const city = CITIES[e.city].py.replace(/ /g, "");
    return chance(0.5)
      ? [city + e.trade, byCityTrade.get(`${e.city}|${e.trade}`)]
      : [city + e.trade + INDUSTRIES[e.ind][0], byCityTradeInd.get(`${e.city}|${e.trade}|${e.ind}`)];
  },
  traditional: (e) => {
    const q = toTrad(e.name);
    return q === e.name ? null : [q, byName.get(e.name)];
  },
  "typo-name": (e) => {
    const [at] = tradeSpan(e);
    const i = at + below(e.trade.length);
    const c = e.name[i];
    const same = (BY_SOUND.get(CHAR_PY.get(c)) || []).filter((x) => x !== c);
    const r = same.length ? pick(same) : pick(TRADE_CHARS)[0];
    const q = e.name.slice(0, i) + r + e.name.slice(i + 1);
    if (q === e.name || ownTexts.has(q)) return null;
    // Another name one trade-name character off the query fits as well:
    // any, when the character typed is no homophone of the target's; one
    // whose character there sounds as the one typed, when it is.
    const homophone = same.length > 0;
    const alike = byOneOff(e, q)
      .filter(([o, j]) => o === e || !homophone || CHAR_PY.get(o.name[j]) === CHAR_PY.get(q[j]))
      .map(([o]) => o);
    return [q, union([e], alike)];
  },
  transposed: (e) => {
    const [at, end] = tradeSpan(e);
    const i = at + below(end - at - 1);
    if (e.name[i] === e.name[i + 1]) return null;
    const q = e.name.slice(0, i) + e.name[i + 1] + e.name[i] + e.name.slice(i + 2);
    return ownTexts.has(q) ? null : [q, [e]];
  },
  "missing-char": (e) => {
    const [at, end] = tradeSpan(e);
    const i = at + below(end - at);
    const q = e.name.slice(0, i) + e.name.slice(i + 1);
    // Not when what is left is part of another name (炫机械有限公司 inside
    // 香洲玉瑜炫机械有限公司): that is another enterprise's exact text.
    // Every name that is the query with one character of its trade name
    // and industry word put back fits as well (诸城市迅门窗 for 迅威, 迅秋, …).
    return ownTexts.has(q) || allNames().includes(q) ? null : [q, union([e], byMissing(q))];
  },
  prefix: (e) => {
    if (!e.place || e.pattern === "E") return null;
    const q = e.place + e.trade;
    const got = namesStartingWith(q, opts.maxAccept);
    return got && [q, got];
  },
  "city-shi-district": (e) => {
    if (e.pattern !== "C" || !e.place.endsWith("区")) return null;
    const city = CITIES[e.city];
    return [city.name + "市" + e.trade + INDUSTRIES[e.ind][0], byCityTradeInd.get(`${e.city}|${e.trade}|${e.ind}`)];
  },
};
/** The places in a name where typos are made: its trade name and industry word. */
function spanOf(o) {
  if (o.span) return o.span;
  return (o.span = tradeSpan(o));
}
// Names one trade-name character off a typo query, and names a missing-char
// query is one character short of: found over all enterprises, for the keys
// the first 3,000 (where queries come from) can make.
let oneOffIndex = null;
/** What a name keeps around its trade name: place, trade name length, industry word and form. */
const frame = (n, [a], len) => `${n.slice(0, a)}|${len}|${n.slice(a + len)}`;
/** Enterprises whose name is `q` (made from `e`'s name) with one trade-name character changed, and which one. */
function byOneOff(e, q) {
  if (!oneOffIndex) {
    oneOffIndex = new Map();
    for (const o of ents) {
      const k = frame(o.name, spanOf(o), o.trade.length);
      const v = oneOffIndex.get(k);
      if (v) v.push(o);
      else oneOffIndex.set(k, [o]);
    }
  }
  const [a] = spanOf(e);
  const out = [];
  for (const o of oneOffIndex.get(frame(q, [a], e.trade.length)) || []) {
    const diff = [];
    for (let j = a; j < a + e.trade.length && diff.length < 2; j++) if (o.name[j] !== q[j]) diff.push(j);
    if (diff.length === 1) out.push([o, diff[0]]);
  }
  return out;
}
let missingIndex = null;
function byMissing(q) {
  if (!missingIndex) {
    missingIndex = new Map();
    const each = (o, f) => {
      const [a, b] = spanOf(o);
      for (let j = a; j < b; j++) f(o.name.slice(0, j) + o.name.slice(j + 1));
    };
    for (const t of core) each(t, (k) => missingIndex.set(k, []));
    for (const o of ents) each(o, (k) => {
      const v = missingIndex.get(k);
      if (v && v[v.length - 1] !== o) v.push(o);
    });
  }
  return missingIndex.get(q) || [];
}
const byTradeIndMap = new Map();
function byTradeInd(q) {
  if (!byTradeIndMap.size) for (const o of ents) {
    const k = o.trade + INDUSTRIES[o.ind][0];
    byTradeIndMap.set(k, [...(byTradeIndMap.get(k) || []), o]);
  }
  return byTradeIndMap.get(q) || [];
}

const lines = [];
for (const [kind, make] of Object.entries(KINDS)) {
  let n = 0;
  const seen = new Set();
  for (const i of order) {
    if (n >= opts.perKind) break;
    const got = make(core[i]);
    if (!got || !got[0] || seen.has(got[0])) continue;
    const [query, accept] = got;
    if (!accept.includes(core[i]) && kind !== "brand-product") throw new Error(`${kind}: the target is not accepted for ${query}`);
    if (accept.length > opts.maxAccept) continue;
    seen.add(query);
    lines.push(JSON.stringify({ kind, query, expected: accept.map((e) => e.code) }));
    n++;
  }
}
// Keystrokes: every prefix of a name from its place and first character on, as typed,
// accepting every name that starts with what has been typed so far.
{
  let n = 0;
  for (const i of order) {
    if (n >= opts.perKind * 4) break;
    const e = core[i];
    if (!e.place || e.pattern === "E") continue;
    for (let len = e.place.length + 1; len <= e.name.length; len++) {
      const q = e.name.slice(0, len);
      const got = namesStartingWith(q, opts.maxAccept);
      if (!got) continue;
      lines.push(JSON.stringify({ kind: "keystrokes", query: q, expected: got.map((o) => o.code) }));
      n++;
    }
  }
}
fs.writeFileSync(path.join(out, "queries.jsonl"), lines.join("\n") + "\n");
const brands = ents.filter((e) => e.brand).length;
const formers = ents.reduce((s, e) => s + e.formers.length, 0);
console.log(`eval2: ${ents.length} fictional enterprises (${brands} with a brand, ${formers} former names), ${lines.length} queries → ${out}`);
