// Runs one search engine on one corpus in the page and returns build time,
// query latency and the ranked results of the judged queries. The Node
// runner (`bench/run-search.mjs`) calls `window.bench.runEngine` once per
// engine and corpus, so each call starts from fresh data.

import initWasm, { Engine } from "./engines/backlog_search_wasm.js";
import MiniSearch from "./engines/minisearch.min.js";
import { Document, Charset } from "./engines/flexsearch.bundle.module.min.mjs";
import Fuse from "./engines/fuse.min.mjs";

const LIMIT = 10;
// Field weights of our engine (`FIELD_WEIGHTS` in backlog-core's search),
// given to the engines that take weights.
const FIELDS = ["title", "tags", "technologies", "projectTitle", "text", "overview"];
const WEIGHTS = { title: 4, tags: 3, technologies: 3, projectTitle: 2.5, text: 1, overview: 0.6 };

const foldAccents = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

// Each engine's `build(text, timings)` parses its data, indexes it and
// returns `search` (a query to raw results, timed) and `ids` (a query to
// result ids such as `slug#project-1`, for relevance).
const ENGINES = {
  ours: {
    data: "backlog",
    async prepare() {
      await initWasm({ module_or_path: "./engines/backlog_search_wasm_bg.wasm" });
    },
    build(text, timings) {
      const start = performance.now();
      const engine = Engine.fromJson(text);
      timings.parse = performance.now() - start;
      engine.build();
      return {
        search: (query) => engine.search(query, LIMIT),
        ids: (query) => engine.searchIds(query, LIMIT),
        free: () => engine.free(),
      };
    },
  },
  minisearch: {
    data: "docs",
    build(text, timings) {
      const start = performance.now();
      const { ids, docs } = JSON.parse(text);
      timings.parse = performance.now() - start;
      const index = new MiniSearch({
        idField: "i",
        fields: FIELDS,
        processTerm: (term) => foldAccents(term),
        searchOptions: { prefix: true, fuzzy: 0.2, boost: WEIGHTS },
      });
      index.addAll(docs);
      const search = (query) => index.search(query).slice(0, LIMIT).map((hit) => hit.id);
      return { search, ids: (query) => search(query).map((i) => ids[i]) };
    },
  },
  flexsearch: {
    data: "docs",
    build(text, timings) {
      const start = performance.now();
      const { ids, docs } = JSON.parse(text);
      timings.parse = performance.now() - start;
      // FlexSearch 0.8 merges the results of the fields in field order
      // rather than by score, so the fields are listed by weight.
      const index = new Document({
        encoder: Charset.LatinBalance,
        tokenize: "forward",
        resolution: 9,
        document: { id: "i", index: FIELDS },
      });
      for (const doc of docs) index.add(doc);
      const search = (query) => {
        const merged = index.search(query, { limit: LIMIT, suggest: true, merge: true });
        return merged.slice(0, LIMIT).map((hit) => hit.id);
      };
      return { search, ids: (query) => search(query).map((i) => ids[i]) };
    },
  },
  fuse: {
    data: "docs",
    build(text, timings) {
      const start = performance.now();
      const { ids, docs } = JSON.parse(text);
      timings.parse = performance.now() - start;
      const index = new Fuse(docs, {
        keys: FIELDS.map((name) => ({ name, weight: WEIGHTS[name] })),
        ignoreLocation: true,
        ignoreDiacritics: true,
        threshold: 0.3,
        useTokenSearch: true,
      });
      const search = (query) => index.search(query, { limit: LIMIT }).map((hit) => hit.item.i);
      return { search, ids: (query) => search(query).map((i) => ids[i]) };
    },
  },
};

function percentile(sorted, fraction) {
  if (sorted.length === 0) return null;
  const position = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, position)];
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`failed to fetch ${url}: ${response.status}`);
  return response.text();
}

// Times every query of `queries` once per round, after one warm-up pass,
// and stops early when `budgetMs` of querying has passed.
function measureLatency(search, queries, rounds, budgetMs) {
  const deadline = performance.now() + budgetMs;
  for (const query of queries) {
    search(query);
    if (performance.now() > deadline) break;
  }
  const samples = [];
  const slowest = new Map();
  const measureDeadline = performance.now() + budgetMs;
  outer: for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const start = performance.now();
      search(query);
      const elapsed = performance.now() - start;
      samples.push(elapsed);
      slowest.set(query, Math.max(slowest.get(query) ?? 0, elapsed));
      if (performance.now() > measureDeadline) break outer;
    }
  }
  samples.sort((a, b) => a - b);
  return {
    samples: samples.length,
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    max: samples.length ? samples[samples.length - 1] : null,
    // The five queries with the longest single run, to show where time goes.
    slowest: [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 5),
  };
}

async function runEngine({ engine: name, corpus, prefixes, judged, rounds, budgetMs }) {
  const engine = ENGINES[name];
  if (!engine) throw new Error(`unknown engine ${name}`);
  if (engine.prepare && !engine.prepared) {
    await engine.prepare();
    engine.prepared = true;
  }
  const text = await fetchText(`./data/${corpus}.${engine.data}.json`);
  const timings = {};
  const start = performance.now();
  const built = engine.build(text, timings);
  const buildMs = performance.now() - start;
  const latency = measureLatency(built.search, prefixes, rounds, budgetMs);
  const ranked = {};
  for (const query of judged) ranked[query] = Array.from(built.ids(query));
  built.free?.();
  return { engine: name, parseMs: timings.parse, buildMs, latency, ranked };
}

window.bench = {
  runEngine,
  crossOriginIsolated: window.crossOriginIsolated,
  ready: true,
};
