//! Judged queries and the relevance measures computed from them: nDCG@10
//! and MRR. The relevance test of `backlog-core` includes this file with
//! `#[path]`, so the test and `cargo xtask bench search` score every engine
//! with the same code. It depends only on `serde_json` and `backlog-core`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use backlog_core::Entry;

/// Rank cut-off of both measures.
pub const CUTOFF: usize = 10;

/// One query with the results a person would expect, graded 1 to 3.
#[derive(Clone, Debug)]
pub struct JudgedQuery {
    /// Name of the corpus the query runs on: `real` or `ufg`.
    pub corpus: String,
    pub query: String,
    /// Grades by result id: `slug` for an entry, `slug#project-N` for a project.
    pub relevant: BTreeMap<String, u32>,
}

/// Scores of one ranked list against its judgments.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueryScore {
    pub ndcg: f64,
    pub reciprocal_rank: f64,
}

/// Mean scores over a set of queries.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MeanScore {
    pub ndcg: f64,
    pub mrr: f64,
    pub queries: usize,
}

/// Reads the judged queries from a JSON file such as
/// `tests/search/judged-queries.json`.
pub fn read_judged_queries(path: &Path) -> Result<Vec<JudgedQuery>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("failed to read {}: {error}", path.display()))?;
    parse_judged_queries(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// Parses the judged-queries JSON: an object whose `queries` list contains
/// objects with `corpus`, `query` and `relevant` (result id to grade).
pub fn parse_judged_queries(text: &str) -> Result<Vec<JudgedQuery>, String> {
    let root: serde_json::Value =
        serde_json::from_str(text).map_err(|error| format!("invalid JSON: {error}"))?;
    let list = root
        .get("queries")
        .and_then(|queries| queries.as_array())
        .ok_or("missing the `queries` list")?;
    let mut queries = Vec::with_capacity(list.len());
    for (position, item) in list.iter().enumerate() {
        let field = |name: &str| {
            item.get(name)
                .and_then(|value| value.as_str())
                .map(str::to_string)
                .ok_or(format!("query {position}: missing the string `{name}`"))
        };
        let corpus = field("corpus")?;
        let query = field("query")?;
        let grades = item
            .get("relevant")
            .and_then(|value| value.as_object())
            .ok_or(format!("query {query:?}: missing the object `relevant`"))?;
        let mut relevant = BTreeMap::new();
        for (id, grade) in grades {
            let grade = grade
                .as_u64()
                .filter(|grade| (1..=3).contains(grade))
                .ok_or(format!("query {query:?}: grade of {id} must be 1, 2 or 3"))?;
            relevant.insert(id.clone(), grade as u32);
        }
        queries.push(JudgedQuery {
            corpus,
            query,
            relevant,
        });
    }
    Ok(queries)
}

/// Returns the id of a search result: `slug` for the entry itself, or
/// `slug#project-N` with the project's number for a project at position
/// `project` of the entry.
pub fn result_id(entry: &Entry, project: Option<usize>) -> String {
    match project.and_then(|position| entry.projects.get(position)) {
        Some(found) => format!("{}#{}", entry.slug, Entry::project_anchor(found.number)),
        None => entry.slug.clone(),
    }
}

/// Scores the first `CUTOFF` results of `ranked` (result ids, best first).
///
/// Each judged id is credited to at most one result. A project result takes
/// its own judgment, or else the judgment of its whole entry. An entry
/// result takes its own judgment, or else that of the best judged project
/// of the entry, because the entry page lists all its projects.
///
/// nDCG uses the gain `2^grade - 1`. The reciprocal rank is that of the
/// first result with the highest grade the query has.
pub fn score_query(ranked: &[String], relevant: &BTreeMap<String, u32>) -> QueryScore {
    let top_grade = relevant.values().copied().max().unwrap_or(0);
    let mut credited: HashSet<&str> = HashSet::new();
    let mut dcg = 0.0;
    let mut reciprocal_rank = 0.0;
    for (rank, id) in ranked.iter().take(CUTOFF).enumerate() {
        let Some((key, grade)) = credit(id, relevant, &credited) else {
            continue;
        };
        credited.insert(key);
        dcg += gain(grade) / discount(rank);
        if grade == top_grade && reciprocal_rank == 0.0 {
            reciprocal_rank = 1.0 / (rank + 1) as f64;
        }
    }
    let mut ideal: Vec<u32> = relevant.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ideal_dcg: f64 = ideal
        .iter()
        .take(CUTOFF)
        .enumerate()
        .map(|(rank, &grade)| gain(grade) / discount(rank))
        .sum();
    let ndcg = if ideal_dcg > 0.0 {
        dcg / ideal_dcg
    } else {
        0.0
    };
    QueryScore {
        ndcg,
        reciprocal_rank,
    }
}

/// Averages query scores.
pub fn mean(scores: &[QueryScore]) -> MeanScore {
    if scores.is_empty() {
        return MeanScore::default();
    }
    let count = scores.len() as f64;
    MeanScore {
        ndcg: scores.iter().map(|score| score.ndcg).sum::<f64>() / count,
        mrr: scores
            .iter()
            .map(|score| score.reciprocal_rank)
            .sum::<f64>()
            / count,
        queries: scores.len(),
    }
}

/// Finds the judged id that a result takes, with its grade.
fn credit<'a>(
    id: &str,
    relevant: &'a BTreeMap<String, u32>,
    credited: &HashSet<&str>,
) -> Option<(&'a str, u32)> {
    let open = |key: &str| -> Option<(&'a str, u32)> {
        let (key, grade) = relevant.get_key_value(key)?;
        (!credited.contains(key.as_str())).then_some((key.as_str(), *grade))
    };
    if let Some(found) = open(id) {
        return Some(found);
    }
    match id.split_once('#') {
        Some((slug, _)) => open(slug),
        None => {
            let prefix = format!("{id}#");
            relevant
                .iter()
                .filter(|(key, _)| key.starts_with(&prefix) && !credited.contains(key.as_str()))
                .max_by_key(|(_, grade)| **grade)
                .map(|(key, grade)| (key.as_str(), *grade))
        }
    }
}

fn gain(grade: u32) -> f64 {
    f64::from((1u32 << grade) - 1)
}

fn discount(rank: usize) -> f64 {
    ((rank + 2) as f64).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
        pairs
            .iter()
            .map(|(id, grade)| (id.to_string(), *grade))
            .collect()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| id.to_string()).collect()
    }

    #[test]
    fn ideal_order_scores_one() {
        let relevant = judged(&[("a#project-1", 3), ("b#project-1", 1)]);
        let score = score_query(&ids(&["a#project-1", "b#project-1"]), &relevant);
        assert!((score.ndcg - 1.0).abs() < 1e-12, "{score:?}");
        assert_eq!(score.reciprocal_rank, 1.0);
    }

    #[test]
    fn reversed_order_scores_less() {
        let relevant = judged(&[("a", 3), ("b", 1)]);
        let score = score_query(&ids(&["b", "a"]), &relevant);
        let expected = (1.0 + 7.0 / 3f64.log2()) / (7.0 + 1.0 / 3f64.log2());
        assert!((score.ndcg - expected).abs() < 1e-12, "{score:?}");
        assert_eq!(score.reciprocal_rank, 0.5);
    }

    #[test]
    fn project_hit_takes_entry_judgment_once() {
        let relevant = judged(&[("a", 2)]);
        let score = score_query(&ids(&["a#project-1", "a#project-2"]), &relevant);
        assert!((score.ndcg - 1.0).abs() < 1e-12, "{score:?}");
        let late = score_query(&ids(&["x", "a#project-2"]), &relevant);
        assert!(late.ndcg < 1.0);
        assert_eq!(late.reciprocal_rank, 0.5);
    }

    #[test]
    fn entry_hit_takes_best_project_judgment() {
        let relevant = judged(&[("a#project-1", 1), ("a#project-2", 3)]);
        let score = score_query(&ids(&["a", "a#project-1"]), &relevant);
        assert!((score.ndcg - 1.0).abs() < 1e-12, "{score:?}");
        assert_eq!(score.reciprocal_rank, 1.0);
    }

    #[test]
    fn results_past_the_cutoff_do_not_count() {
        let relevant = judged(&[("z", 3)]);
        let mut ranked: Vec<String> = (0..CUTOFF).map(|i| format!("n{i}")).collect();
        ranked.push("z".into());
        let score = score_query(&ranked, &relevant);
        assert_eq!(score.ndcg, 0.0);
        assert_eq!(score.reciprocal_rank, 0.0);
    }

    #[test]
    fn grades_outside_one_to_three_are_rejected() {
        let text = r#"{"queries": [{"corpus": "real", "query": "q", "relevant": {"a": 4}}]}"#;
        assert!(parse_judged_queries(text).is_err());
    }
}
