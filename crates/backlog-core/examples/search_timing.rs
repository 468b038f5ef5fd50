//! Times the search natively on one backlog JSON file: parsing, index
//! build, and the latency of every prefix of every judged query, typed one
//! character at a time as the browser benchmark does.
//!
//! ```sh
//! cargo run --release -p backlog-core --example search_timing -- \
//!     target/bench-search/www/data/synthetic-10k.backlog.json
//! ```
//!
//! The second argument is the judged queries file, by default
//! `tests/search/judged-queries.json`. Figures are wall-clock times on the
//! machine that runs it, without the browser's WebAssembly overhead.

use std::time::{Duration, Instant};

use backlog_core::search::{SearchIndex, StoredIndex, TagMode};
use backlog_core::Entry;
use backlog_core::LoadedBacklog;

/// Results asked for per query, as in the browser benchmark.
const LIMIT: usize = 10;
/// Timed passes over all prefixes, after one warm-up pass.
const ROUNDS: usize = 5;

fn main() {
    let mut arguments = std::env::args().skip(1);
    let Some(data_path) = arguments.next() else {
        eprintln!("usage: search_timing BACKLOG_JSON [JUDGED_QUERIES_JSON]");
        std::process::exit(2);
    };
    let queries_path = arguments
        .next()
        .unwrap_or_else(|| "tests/search/judged-queries.json".to_string());
    let text = read(&data_path);
    let prefixes = typed_prefixes(&read(&queries_path));

    let started = Instant::now();
    let loaded = LoadedBacklog::from_json(&text).unwrap_or_else(|error| {
        eprintln!("{data_path}: {error}");
        std::process::exit(1);
    });
    let parsed = started.elapsed();
    let entries = loaded.backlog.entries;
    let started = Instant::now();
    let index = SearchIndex::new(&entries);
    let built = started.elapsed();
    let bytes = index.to_bytes(&entries, "timing");
    let started = Instant::now();
    let read = StoredIndex::from_bytes(&bytes).unwrap_or_else(|error| {
        eprintln!("the written index does not read back: {error}");
        std::process::exit(1);
    });
    let read_back = started.elapsed();
    std::hint::black_box(read);
    println!(
        "{} entries: parse {:.1} ms, build {:.1} ms, read the written index ({} bytes) {:.1} ms",
        entries.len(),
        milliseconds(parsed),
        milliseconds(built),
        bytes.len(),
        milliseconds(read_back)
    );

    // Each prefix counts with its fastest round, so that other jobs on the
    // machine distort the figures less.
    let mut fastest = vec![Duration::MAX; prefixes.len()];
    for round in 0..=ROUNDS {
        for (prefix, best) in prefixes.iter().zip(&mut fastest) {
            let started = Instant::now();
            let hits = index.search(&entries, prefix, LIMIT);
            let elapsed = started.elapsed();
            std::hint::black_box(hits);
            if round > 0 {
                *best = (*best).min(elapsed);
            }
        }
    }
    let mut timings: Vec<(Duration, &str)> = fastest
        .into_iter()
        .zip(prefixes.iter().map(String::as_str))
        .collect();
    timings.sort();
    let percentile = |share: f64| timings[((timings.len() - 1) as f64 * share).round() as usize].0;
    println!(
        "{} prefixes, fastest of {ROUNDS} rounds each: p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms",
        timings.len(),
        milliseconds(percentile(0.5)),
        milliseconds(percentile(0.95)),
        milliseconds(percentile(1.0))
    );
    let slowest: Vec<String> = timings
        .iter()
        .rev()
        .take(5)
        .map(|(elapsed, prefix)| format!("{prefix:?} {:.2} ms", milliseconds(*elapsed)))
        .collect();
    println!("slowest: {}", slowest.join(", "));
    time_app_work(&index, &entries, &prefixes);
}

/// Times what the home page computes for each keystroke, by part: every
/// matching entry ranked, the tag counts over them, and the snippets of the
/// first cards.
fn time_app_work(index: &SearchIndex, entries: &[Entry], prefixes: &[String]) {
    const CARDS: usize = 12;
    const PROJECTS_PER_CARD: usize = 3;
    let mut parts = [Duration::ZERO; 3];
    let mut totals = Vec::with_capacity(prefixes.len());
    for prefix in prefixes {
        let started = Instant::now();
        let results = index.results_best_first(entries, prefix, &[], TagMode::Any, CARDS);
        let ranked = started.elapsed();
        let matches: Vec<usize> = results.iter().map(|result| result.entry).collect();
        let counts = index.tag_counts(&matches);
        let counted = started.elapsed();
        for result in results.iter().take(CARDS) {
            for &project in result.projects.iter().take(PROJECTS_PER_CARD) {
                std::hint::black_box(index.snippet(&entries[result.entry], Some(project), prefix));
            }
        }
        let total = started.elapsed();
        std::hint::black_box(counts);
        parts[0] += ranked;
        parts[1] += counted - ranked;
        parts[2] += total - counted;
        totals.push(total);
    }
    totals.sort();
    let count = prefixes.len().max(1) as f64;
    let mean = |part: Duration| milliseconds(part) / count;
    println!(
        "app work per keystroke: p50 {:.3} ms, p95 {:.3} ms; mean ranking every match {:.3} ms, \
         tag counts {:.3} ms, snippets of {CARDS} cards {:.3} ms",
        milliseconds(totals[totals.len() / 2]),
        milliseconds(totals[(totals.len() - 1) * 95 / 100]),
        mean(parts[0]),
        mean(parts[1]),
        mean(parts[2]),
    );
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| {
        eprintln!("cannot read {path}: {error}");
        std::process::exit(1);
    })
}

/// Returns every prefix of every distinct query of the judged queries JSON.
fn typed_prefixes(judged_json: &str) -> Vec<String> {
    let judged: serde_json::Value = serde_json::from_str(judged_json).unwrap_or_else(|error| {
        eprintln!("the judged queries are not valid JSON: {error}");
        std::process::exit(1);
    });
    let mut seen = std::collections::HashSet::new();
    let mut prefixes = Vec::new();
    let queries = judged["queries"].as_array().into_iter().flatten();
    for query in queries.filter_map(|query| query["query"].as_str()) {
        if !seen.insert(query) {
            continue;
        }
        let mut prefix = String::new();
        for character in query.chars() {
            prefix.push(character);
            prefixes.push(prefix.clone());
        }
    }
    prefixes
}

fn milliseconds(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
