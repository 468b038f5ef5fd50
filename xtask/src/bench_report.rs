//! The tables of `cargo xtask bench search`: per corpus, each engine's
//! build time, bytes, query latency and relevance, then the targets with
//! the figures that meet or miss them. The benchmark reports targets and
//! does not fail on them.

use serde_json::Value;

use crate::judged::{self, JudgedQuery, QueryScore};

/// Corpus facts the browser results do not carry.
pub struct CorpusSummary {
    pub name: String,
    pub entries: usize,
    pub documents: usize,
    pub judged: Vec<JudgedQuery>,
}

const TARGET_CORPUS: &str = "synthetic-10k";
const TARGET_P95_MS: f64 = 2.0;
const TARGET_KEYSTROKE_MS: f64 = 16.0;
const TARGET_READY_MS: f64 = 300.0;

/// Prints every table from the runner's results.
pub fn print(results: &Value, corpora: &[CorpusSummary], prefixes: usize, rounds: usize) {
    println!("\nMachine: {}", machine_description());
    println!(
        "\nChromium {}; latency over {prefixes} typed prefixes x {rounds} rounds per engine \
         (fewer when an engine used up its time budget)",
        results["browser"].as_str().unwrap_or("?")
    );
    let list = results["corpora"].as_array().cloned().unwrap_or_default();
    for (corpus, summary) in list.iter().zip(corpora) {
        print_corpus(corpus, summary);
        print_slowest(corpus);
    }
    print_targets(&list);
    print_relevance_target(&list, corpora);
    if let Some(app) = results.get("app").filter(|app| !app.is_null()) {
        print_app(app);
    }
}

fn print_corpus(corpus: &Value, summary: &CorpusSummary) {
    println!(
        "\n{}: {} entries, {} documents, {} judged queries{}",
        summary.name,
        summary.entries,
        summary.documents,
        summary.judged.len(),
        if corpus["crossOriginIsolated"].as_bool() == Some(true) {
            ""
        } else {
            " (not cross-origin isolated: timer resolution is 0.1 ms)"
        }
    );
    println!(
        "{:<11} {:>9} {:>8} {:>10} {:>8} {:>10} {:>8} {:>8} {:>8} {:>7} {:>8} {:>6}",
        "engine",
        "build ms",
        "parse",
        "engine KB",
        "br",
        "data KB",
        "br",
        "p50 ms",
        "p95 ms",
        "n",
        "nDCG@10",
        "MRR"
    );
    for engine in corpus["engines"].as_array().into_iter().flatten() {
        let relevance = relevance(engine, &summary.judged);
        let (ndcg, mrr) = match relevance {
            Some(score) => (format!("{:.3}", score.ndcg), format!("{:.3}", score.mrr)),
            None => ("-".into(), "-".into()),
        };
        let latency = &engine["latency"];
        println!(
            "{:<11} {:>9.1} {:>8.1} {:>10.1} {:>8.1} {:>10.1} {:>8.1} {:>8.3} {:>8.3} {:>7} {:>8} {:>6}",
            engine["engine"].as_str().unwrap_or("?"),
            number(&engine["buildMs"]),
            number(&engine["parseMs"]),
            kilobytes(&engine["engineSize"]["raw"]),
            kilobytes(&engine["engineSize"]["brotli"]),
            kilobytes(&engine["dataSize"]["raw"]),
            kilobytes(&engine["dataSize"]["brotli"]),
            number(&latency["p50"]),
            number(&latency["p95"]),
            latency["samples"].as_u64().unwrap_or(0),
            ndcg,
            mrr,
        );
    }
}

/// Prints the queries that took longest for each engine, once per corpus.
fn print_slowest(corpus: &Value) {
    for engine in corpus["engines"].as_array().into_iter().flatten() {
        let slowest: Vec<String> = engine["latency"]["slowest"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|pair| format!("{} {:.2} ms", pair[0], number(&pair[1])))
            .collect();
        if !slowest.is_empty() {
            println!(
                "  slowest for {}: {}",
                engine["engine"].as_str().unwrap_or("?"),
                slowest.join(", ")
            );
        }
    }
}

/// Scores an engine's ranked results on the judged queries of the corpus.
fn relevance(engine: &Value, judged: &[JudgedQuery]) -> Option<judged::MeanScore> {
    if judged.is_empty() {
        return None;
    }
    Some(judged::mean(&query_scores(engine, judged)))
}

/// Compares our relevance with MiniSearch's over every judged query of the
/// corpora run, the judged set as a whole.
fn print_relevance_target(results: &[Value], corpora: &[CorpusSummary]) {
    let pooled = |name: &str| {
        let mut scores = Vec::new();
        for (corpus, summary) in results.iter().zip(corpora) {
            let engines = corpus["engines"].as_array().into_iter().flatten();
            for engine in engines.filter(|engine| engine["engine"] == name) {
                scores.extend(query_scores(engine, &summary.judged));
            }
        }
        (!scores.is_empty()).then(|| judged::mean(&scores))
    };
    let (Some(ours), Some(mini)) = (pooled("ours"), pooled("minisearch")) else {
        return;
    };
    println!(
        "\nRelevance over the {} judged queries of the corpora run:",
        ours.queries
    );
    print_target(
        &format!(
            "ours nDCG@10 {:.3}, MRR {:.3} >= MiniSearch {:.3}, {:.3}",
            ours.ndcg, ours.mrr, mini.ndcg, mini.mrr
        ),
        ours.ndcg >= mini.ndcg && ours.mrr >= mini.mrr,
    );
}

fn query_scores(engine: &Value, judged: &[JudgedQuery]) -> Vec<QueryScore> {
    judged
        .iter()
        .map(|query| {
            let ranked: Vec<String> = engine["ranked"][&query.query]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|id| id.as_str().map(str::to_string))
                .collect();
            judged::score_query(&ranked, &query.relevant)
        })
        .collect()
}

fn print_targets(corpora: &[Value]) {
    let Some(corpus) = corpora
        .iter()
        .find(|corpus| corpus["name"] == TARGET_CORPUS)
    else {
        println!("\nTargets: not checked, since the run did not include {TARGET_CORPUS}.");
        return;
    };
    let p95 = |name: &str| {
        corpus["engines"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|engine| engine["engine"] == name)
            .and_then(|engine| engine["latency"]["p95"].as_f64())
    };
    println!("\nTargets at {TARGET_CORPUS} (query latency p95):");
    let Some(ours) = p95("ours") else {
        println!("  no latency for our engine");
        return;
    };
    print_target(
        &format!("ours {ours:.3} ms <= {TARGET_P95_MS} ms"),
        ours <= TARGET_P95_MS,
    );
    if let Some(mini) = p95("minisearch") {
        let limit = mini / 3.0;
        print_target(
            &format!("ours {ours:.3} ms <= 1/3 of MiniSearch {mini:.3} ms = {limit:.3} ms"),
            ours <= limit,
        );
    }
    if let Some(flex) = p95("flexsearch") {
        print_target(
            &format!("ours {ours:.3} ms <= FlexSearch {flex:.3} ms"),
            ours <= flex,
        );
    }
}

fn print_app(app: &Value) {
    let typing = &app["typing"];
    let to_paint = sorted(&typing["toPaint"]);
    let double_frame = sorted(&typing["doubleFrame"]);
    let gaps = sorted(&typing["frameGaps"]);
    println!(
        "\nApp with {} entries ({} queries typed, {} keystrokes per way of timing, of which {} \
         changed the page before the next frame):",
        app["entries"], typing["queries"], typing["keystrokes"], typing["changed"]
    );
    let (p50, p95) = (percentile(&to_paint, 0.5), percentile(&to_paint, 0.95));
    print_target(
        &format!("keystroke to painted frame p50 {p50:.1} ms, p95 {p95:.1} ms < {TARGET_KEYSTROKE_MS} ms"),
        p95 < TARGET_KEYSTROKE_MS,
    );
    println!(
        "  double requestAnimationFrame after the input event: p50 {:.1} ms, p95 {:.1} ms \
         (includes waiting for the next frame; frame interval p50 {:.1} ms)",
        percentile(&double_frame, 0.5),
        percentile(&double_frame, 0.95),
        percentile(&gaps, 0.5)
    );
    let startup = &app["startup"];
    match ready_after_data(startup) {
        Some(elapsed) => {
            print_target(
                &format!(
                "data read by the app to search box shown {elapsed:.0} ms <= {TARGET_READY_MS} ms \
                 (the shipped index, downloaded alongside, was read {} ms after the data)",
                startup["indexArrived"]
                    .as_f64()
                    .zip(startup["dataArrived"].as_f64())
                    .map_or("never".to_string(), |(index, data)| format!("{:.0}", index - data)),
            ),
                elapsed <= TARGET_READY_MS,
            )
        }
        None => println!(
            "  data arrival to search ready: not measured, since the app's fetch was not seen"
        ),
    }
    if let Some(elapsed) = ready_after_data(&app["startupWithoutIndex"]) {
        println!("  without the shipped index, data to search box shown: {elapsed:.0} ms (the app builds the index)");
    }
    println!(
        "  bytes: data {:.0} kB ({:.0} kB brotli), search index {:.0} kB ({:.0} kB brotli)",
        kilobytes(&app["dataSize"]["raw"]),
        kilobytes(&app["dataSize"]["brotli"]),
        kilobytes(&app["indexSize"]["raw"]),
        kilobytes(&app["indexSize"]["brotli"]),
    );
    if let (Some(network), Some(ready)) = (
        startup["networkArrived"].as_f64(),
        startup["ready"].as_f64(),
    ) {
        println!(
            "  response end of backlog.json at {network:.0} ms, search box shown at {ready:.0} ms \
             after navigation start"
        );
    }
}

/// Milliseconds from the app having read the data (`backlog.json`) to the
/// search box being shown. With a shipped index this includes the wait for
/// the index, when it arrives later.
fn ready_after_data(startup: &Value) -> Option<f64> {
    Some(startup["ready"].as_f64()? - startup["dataArrived"].as_f64()?)
}

/// Returns the CPU model, the number of cores and the load average, read
/// from `/proc` on Linux, because other work on the machine skews timings.
fn machine_description() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    format!("{model}, {cores} cores, load average {}", load.join(" "))
}

fn print_target(text: &str, met: bool) {
    println!("  [{}] {text}", if met { "met" } else { "missed" });
}

fn sorted(list: &Value) -> Vec<f64> {
    let mut values: Vec<f64> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .collect();
    values.sort_by(f64::total_cmp);
    values
}

/// Returns the nearest-rank percentile, or NaN for an empty list.
fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

fn kilobytes(value: &Value) -> f64 {
    number(value) / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_uses_nearest_rank() {
        let values = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&values, 0.5), 2.0);
        assert_eq!(percentile(&values, 0.95), 4.0);
        assert!(percentile(&[], 0.5).is_nan());
    }
}
