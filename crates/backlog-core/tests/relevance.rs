//! Relevance of `SearchIndex::search` on the judged queries of
//! `tests/search/judged-queries.json`: prints nDCG@10 and MRR for each
//! corpus and fails when either falls below `tests/search/baseline.json`.
//!
//! Run it with `cargo test -p backlog-core --features import --test relevance
//! -- --nocapture`. After a change that improves the scores, write the new
//! baseline by running the same command with `UPDATE_SEARCH_BASELINE=1`, and
//! commit `tests/search/baseline.json` with the change.
//!
//! The `ufg` corpus is the Up For Grabs folder of 1,129 entries, read from
//! `BACKLOG_UFG_POSTS` or else from `../shared/data/up-for-grabs/_posts`
//! beside the repository.
#![cfg(feature = "import")]

#[path = "../../../xtask/src/judged.rs"]
mod judged;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use backlog_core::import::import_folder;
use backlog_core::search::SearchIndex;
use backlog_core::Entry;

use judged::{mean, result_id, score_query, JudgedQuery, MeanScore, QueryScore, CUTOFF};

/// A score may fall this much below the baseline before the test fails, so
/// float rounding across platforms does not fail it.
const TOLERANCE: f64 = 0.001;
const UPDATE_VARIABLE: &str = "UPDATE_SEARCH_BASELINE";
const UFG_VARIABLE: &str = "BACKLOG_UFG_POSTS";

#[test]
fn relevance_stays_at_or_above_baseline() {
    let root = repo_root();
    let queries = judged::read_judged_queries(&root.join("tests/search/judged-queries.json"))
        .unwrap_or_else(|error| panic!("{error}"));
    let mut scores: BTreeMap<String, Vec<QueryScore>> = BTreeMap::new();
    for (corpus, entries) in corpora(&root) {
        let index = SearchIndex::new(&entries);
        let judged: Vec<&JudgedQuery> = queries.iter().filter(|q| q.corpus == corpus).collect();
        assert!(!judged.is_empty(), "no judged queries for corpus {corpus}");
        println!(
            "\n{corpus}: {} entries, {} queries",
            entries.len(),
            judged.len()
        );
        println!("{:<24} {:>7} {:>5}  top results", "query", "nDCG@10", "RR");
        for query in judged {
            let ranked: Vec<String> = index
                .search(&entries, &query.query, CUTOFF)
                .iter()
                .map(|hit| result_id(&entries[hit.entry], hit.project))
                .collect();
            let score = score_query(&ranked, &query.relevant);
            let top = ranked
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            println!(
                "{:<24} {:>7.3} {:>5.2}  {top}",
                query.query, score.ndcg, score.reciprocal_rank
            );
            scores.entry(corpus.clone()).or_default().push(score);
        }
    }
    let all: Vec<QueryScore> = scores.values().flatten().copied().collect();
    let mut means: BTreeMap<String, MeanScore> = scores
        .iter()
        .map(|(corpus, list)| (corpus.clone(), mean(list)))
        .collect();
    means.insert("all".into(), mean(&all));
    println!();
    for (name, score) in &means {
        println!(
            "{name:<5} nDCG@10 {:.4}  MRR {:.4}  ({} queries)",
            score.ndcg, score.mrr, score.queries
        );
    }

    let baseline_path = root.join("tests/search/baseline.json");
    if std::env::var_os(UPDATE_VARIABLE).is_some() {
        write_baseline(&baseline_path, &means);
        println!("wrote {}", baseline_path.display());
        return;
    }
    let baseline = read_baseline(&baseline_path);
    let mut failures = Vec::new();
    for (name, expected) in &baseline {
        let Some(found) = means.get(name) else {
            failures.push(format!(
                "{name}: the baseline names a corpus with no queries"
            ));
            continue;
        };
        for (measure, found, expected) in [
            ("nDCG@10", found.ndcg, expected.ndcg),
            ("MRR", found.mrr, expected.mrr),
        ] {
            if found < expected - TOLERANCE {
                failures.push(format!(
                    "{name}: {measure} fell to {found:.4} from the baseline {expected:.4}"
                ));
            } else if found > expected + TOLERANCE {
                println!(
                    "{name}: {measure} rose to {found:.4} from {expected:.4}; \
                     run with {UPDATE_VARIABLE}=1 to keep the gain in the baseline"
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "search relevance fell below {}:\n{}\nIf the drop is intended, run with \
         {UPDATE_VARIABLE}=1 to write a new baseline.",
        baseline_path.display(),
        failures.join("\n")
    );
}

fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Loads the real backlog and the Up For Grabs corpus, newest first as the
/// app indexes them. The About entry is not searched, as in the app.
fn corpora(root: &Path) -> Vec<(String, Vec<Entry>)> {
    let ufg = std::env::var_os(UFG_VARIABLE)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/up-for-grabs/_posts"));
    assert!(
        ufg.is_dir(),
        "the Up For Grabs corpus is missing at {}: set {UFG_VARIABLE} to its `_posts` folder",
        ufg.display()
    );
    [("real", root.join("content/_posts")), ("ufg", ufg)]
        .into_iter()
        .map(|(name, folder)| {
            let backlog = import_folder(&folder, None).unwrap_or_else(|problems| {
                panic!(
                    "{} has {} problems, the first: {:?}",
                    folder.display(),
                    problems.len(),
                    problems.first()
                )
            });
            (name.to_string(), backlog.entries)
        })
        .collect()
}

/// Reads the baseline: an object of corpus names (and `all`), each with
/// `ndcg_at_10` and `mrr`.
fn read_baseline(path: &Path) -> BTreeMap<String, MeanScore> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
        panic!(
            "failed to read {}: {error}; run with {UPDATE_VARIABLE}=1 to write it",
            path.display()
        )
    });
    let root: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not valid JSON: {error}", path.display()));
    let corpora = root
        .get("scores")
        .and_then(|scores| scores.as_object())
        .unwrap_or_else(|| panic!("{} has no `scores` object", path.display()));
    corpora
        .iter()
        .map(|(name, value)| {
            let number = |key: &str| {
                value
                    .get(key)
                    .and_then(|number| number.as_f64())
                    .unwrap_or_else(|| panic!("{}: `{name}` has no number `{key}`", path.display()))
            };
            let score = MeanScore {
                ndcg: number("ndcg_at_10"),
                mrr: number("mrr"),
                queries: 0,
            };
            (name.clone(), score)
        })
        .collect()
}

fn write_baseline(path: &Path, means: &BTreeMap<String, MeanScore>) {
    let round = |value: f64| (value * 10_000.0).round() / 10_000.0;
    let scores: serde_json::Map<String, serde_json::Value> = means
        .iter()
        .map(|(name, score)| {
            let value = serde_json::json!({
                "ndcg_at_10": round(score.ndcg),
                "mrr": round(score.mrr),
                "queries": score.queries,
            });
            (name.clone(), value)
        })
        .collect();
    let document = serde_json::json!({
        "description": "Relevance of SearchIndex::search on tests/search/judged-queries.json, \
            written by crates/backlog-core/tests/relevance.rs with UPDATE_SEARCH_BASELINE=1. \
            The test fails when a score falls more than 0.001 below these.",
        "scores": scores,
    });
    let text = serde_json::to_string_pretty(&document).expect("the baseline serializes");
    std::fs::write(path, text + "\n")
        .unwrap_or_else(|error| panic!("failed to write {}: {error}", path.display()));
}
