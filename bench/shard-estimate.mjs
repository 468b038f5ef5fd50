// Estimates how a search index split into shards by term would download:
// the size of every shard, and the bytes a first query fetches. It encodes
// real postings of a corpus in a compact format and compresses them with
// brotli, so the sizes are measured for that format, not guessed.
//
// Usage: node shard-estimate.mjs DOCS.json [SHARD_KB] [RECORDS_PER_CHUNK]
// DOCS.json is a `*.docs.json` file, one document per project, that
// `cargo xtask bench search` writes under target/bench-search/www/data/.
// SHARD_KB is the largest raw shard size in KiB (default 64).
// RECORDS_PER_CHUNK is the number of result records per file (default 64).
//
// The format: terms are sorted and cut into contiguous ranges of at most
// SHARD_KB raw bytes. Each posting is a varint of the gap to the previous
// document, one byte with a bit per field the term occurs in, and one byte
// of term frequency per such field. A term keeps only its HEAD_POSTINGS
// documents of highest field-weighted frequency in its shard, which are
// enough to rank the first page. The rest would go to a tail file, fetched
// only to list every match, and is counted but not sized here.
//
// NOTE: the tokenizer here is a simple approximation of the engine's
// (folded words of letters and digits), so term counts differ slightly.

import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const FIELDS = ["title", "tags", "technologies", "projectTitle", "text", "overview"];
const WEIGHTS = [4, 3, 3, 2.5, 1, 0.6];
const HEAD_POSTINGS = 1000;
const RESULT_RECORD_FIELDS = ["title", "projectTitle"];
// Characters of project text kept in a result record for its snippet.
const EXCERPT_CHARS = 200;

const [docsPath, shardKbText, recordsText] = process.argv.slice(2);
if (!docsPath) {
  console.error("usage: node shard-estimate.mjs DOCS.json [SHARD_KB] [RECORDS_PER_CHUNK]");
  process.exit(2);
}
const shardBytes = Number(shardKbText ?? 64) * 1024;
// Result records (id, title, project title, start of the project text)
// are stored in files of this
// many documents, so showing ten results fetches at most ten files.
const RECORDS_PER_CHUNK = Number(recordsText ?? 64);
const { ids, docs } = JSON.parse(readFileSync(docsPath, "utf8"));

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const words = (text) => fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];

// term -> array of [document, frequencies per field, weight]
const postings = new Map();
docs.forEach((doc, document) => {
  const perTerm = new Map();
  FIELDS.forEach((field, fieldIndex) => {
    for (const word of words(doc[field] ?? "")) {
      let counts = perTerm.get(word);
      if (!counts) perTerm.set(word, (counts = new Array(FIELDS.length).fill(0)));
      counts[fieldIndex]++;
    }
  });
  for (const [term, counts] of perTerm) {
    const weight = counts.reduce((sum, count, field) => sum + WEIGHTS[field] * count, 0);
    let list = postings.get(term);
    if (!list) postings.set(term, (list = []));
    list.push([document, counts, weight]);
  }
});

function varint(value, out) {
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
}

function encodeTerm(term, list, out) {
  const termBytes = Buffer.from(term, "utf8");
  varint(termBytes.length, out);
  for (const byte of termBytes) out.push(byte);
  varint(list.length, out);
  let previous = 0;
  for (const [document, counts] of list) {
    varint(document - previous, out);
    previous = document;
    let mask = 0;
    counts.forEach((count, field) => {
      if (count) mask |= 1 << field;
    });
    out.push(mask);
    for (const count of counts) if (count) out.push(Math.min(count, 255));
  }
}

const terms = [...postings.keys()].sort();
let totalPostings = 0;
let tailPostings = 0;
const shards = [];
let current = { first: null, bytes: [] };
for (const term of terms) {
  const list = postings.get(term);
  totalPostings += list.length;
  const head = list.length > HEAD_POSTINGS
    ? [...list].sort((a, b) => b[2] - a[2]).slice(0, HEAD_POSTINGS).sort((a, b) => a[0] - b[0])
    : list;
  tailPostings += list.length - head.length;
  const encoded = [];
  encodeTerm(term, head, encoded);
  if (current.bytes.length > 0 && current.bytes.length + encoded.length > shardBytes) {
    shards.push(current);
    current = { first: null, bytes: [] };
  }
  current.first ??= term;
  current.bytes.push(...encoded);
}
if (current.bytes.length) shards.push(current);

const sizes = shards.map((shard) => {
  const bytes = Buffer.from(shard.bytes);
  return { first: shard.first, raw: bytes.length, brotli: brotli(bytes) };
});
const manifest = Buffer.from(JSON.stringify(sizes.map((shard) => shard.first)));
const records = docs.map((doc, i) => [
  ids[i],
  ...RESULT_RECORD_FIELDS.map((field) => doc[field]),
  (doc.text ?? "").slice(0, EXCERPT_CHARS),
]);
const recordBytes = Buffer.from(JSON.stringify(records));
const chunk = Buffer.from(JSON.stringify(records.slice(0, RECORDS_PER_CHUNK)));

const sum = (list, key) => list.reduce((total, item) => total + item[key], 0);
const maxOf = (list, key) => list.reduce((max, item) => Math.max(max, item[key]), 0);
const kb = (bytes) => (bytes / 1024).toFixed(1);
const shardOf = (term) => {
  let low = 0;
  let high = sizes.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sizes[middle].first <= term) low = middle;
    else high = middle - 1;
  }
  return sizes[low];
};
const manifestBrotli = brotli(manifest);
const chunkBrotli = brotli(chunk);

console.log(`documents ${docs.length}, distinct terms ${terms.length}, postings ${totalPostings}`);
console.log(`postings beyond the first ${HEAD_POSTINGS} of a term (tail): ${tailPostings}`);
console.log(
  `shards ${sizes.length} of at most ${kb(shardBytes)} KB raw: ` +
    `total ${kb(sum(sizes, "raw"))} KB raw, ${kb(sum(sizes, "brotli"))} KB brotli; ` +
    `largest ${kb(maxOf(sizes, "brotli"))} KB brotli`,
);
console.log(`manifest (first term of each shard): ${kb(manifest.length)} KB raw, ${kb(manifestBrotli)} KB brotli`);
console.log(
  `result records (id, title, project title, ${EXCERPT_CHARS} characters of text): ${kb(recordBytes.length)} KB raw in all; ` +
    `a chunk of ${RECORDS_PER_CHUNK}: ${kb(chunk.length)} KB raw, ${kb(chunkBrotli)} KB brotli`,
);
// Shards that the terms of each two-character prefix span, since the word
// being typed matches every term in its prefix range.
const spans = new Map();
for (const term of terms) {
  if (term.length < 2) continue;
  const prefix = term.slice(0, 2);
  const shard = shardOf(term).first;
  if (!spans.has(prefix)) spans.set(prefix, new Set());
  spans.get(prefix).add(shard);
}
const spanCounts = [...spans.values()].map((set) => set.size).sort((a, b) => a - b);
console.log(
  `two-character prefixes ${spanCounts.length}: median ${spanCounts[spanCounts.length >> 1]} shard(s), ` +
    `95th percentile ${spanCounts[Math.floor(spanCounts.length * 0.95)]}, max ${spanCounts[spanCounts.length - 1]}`,
);
for (const query of ["python", "education", "offline maps", "data"]) {
  const needed = new Set(words(query).map(shardOf));
  const shardTotal = [...needed].reduce((total, shard) => total + shard.brotli, 0);
  const first = manifestBrotli + shardTotal + 10 * chunkBrotli;
  console.log(
    `first query "${query}": manifest ${kb(manifestBrotli)} + ${needed.size} shard(s) ${kb(shardTotal)} ` +
      `+ 10 record chunks ${kb(10 * chunkBrotli)} = ${kb(first)} KB brotli`,
  );
}
