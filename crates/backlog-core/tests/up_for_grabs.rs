//! Imports the Up For Grabs corpus, 1,129 real entries written in the
//! backlog's format, kept in the shared data folder beside the repository.

#![cfg(feature = "import")]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use backlog_core::import::import_folder;
use backlog_core::{Backlog, Entry};

const ENTRY_COUNT: usize = 1129;

fn corpus_dir() -> PathBuf {
    common::repo_root().join("../shared/data/up-for-grabs/_posts")
}

/// Imports the corpus once and shares it between the tests of this file.
fn corpus() -> &'static Backlog {
    static BACKLOG: OnceLock<Backlog> = OnceLock::new();
    BACKLOG.get_or_init(|| {
        let dir = corpus_dir();
        assert!(
            dir.is_dir(),
            "Up For Grabs corpus not found at {}",
            dir.display()
        );
        match import_folder(&dir, None) {
            Ok(backlog) => backlog,
            Err(problems) => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                panic!(
                    "{} problems in the corpus:\n{}",
                    problems.len(),
                    lines.join("\n")
                );
            }
        }
    })
}

fn entry(slug: &str) -> &'static Entry {
    let found = corpus().entries.iter().find(|entry| entry.slug == slug);
    found.unwrap_or_else(|| panic!("no entry with slug `{slug}`"))
}

#[test]
fn corpus_imports_every_entry() {
    assert_eq!(corpus().entries.len(), ENTRY_COUNT);
}

#[test]
fn corpus_has_no_about_entry() {
    assert_eq!(corpus().about, None);
}

#[test]
fn every_entry_has_one_project() {
    for entry in &corpus().entries {
        assert_eq!(
            entry.projects.len(),
            1,
            "{} has {} projects",
            entry.slug,
            entry.projects.len()
        );
    }
}

#[test]
fn symbol_tags_kept_as_written() {
    let mmbot = entry("mmbot");
    assert_eq!(mmbot.tags, [".net", "hubot", "chat", "c#"]);
    assert_eq!(mmbot.technologies, [".net", "hubot", "chat", "c#"]);
    assert_eq!(mmbot.date, "2014-08-28T21:08:37+00:00");
}

#[test]
fn quoted_yes_title_stays_text() {
    assert_eq!(entry("yes").title, "yes");
}

#[test]
fn quoted_title_keeps_colon() {
    let prompt = entry("prompt-save-reuse-chatgpt-gemini");
    assert_eq!(prompt.title, "Prompt Save Reuse: ChatGPT & Gemini");
    let repository =
        "https://github.com/atj393/promt-save-reuse-chatgpt-and-gemini/labels/good%20first%20issue";
    assert_eq!(prompt.projects[0].repositories, [repository]);
    assert_eq!(
        prompt.projects[0].title,
        r#"Issues labelled "good first issue""#
    );
}

/// The index the build writes, read back, ranks every typed prefix of the
/// judged queries exactly as the index built in place.
#[test]
fn stored_index_ranks_as_the_built_one() {
    use backlog_core::search::{SearchIndex, StoredIndex, TagMode};

    let entries = &corpus().entries;
    let built = SearchIndex::new(entries);
    let bytes = built.to_bytes(entries, "ufg");
    let read = StoredIndex::from_bytes(&bytes).expect("the written index reads back");
    let judged =
        std::fs::read_to_string(common::repo_root().join("tests/search/judged-queries.json"))
            .expect("judged queries");
    let judged: serde_json::Value = serde_json::from_str(&judged).expect("judged queries JSON");
    let queries = judged["queries"].as_array().expect("a list of queries");
    let mut prefixes = 0;
    for query in queries.iter().filter_map(|query| query["query"].as_str()) {
        for (end, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
            let prefix = &query[..end];
            assert_eq!(
                read.index.search(entries, prefix, 10),
                built.search(entries, prefix, 10),
                "{prefix}"
            );
            assert_eq!(
                read.index.results(entries, prefix, &[], TagMode::Any),
                built.results(entries, prefix, &[], TagMode::Any),
                "{prefix}"
            );
            prefixes += 1;
        }
    }
    assert!(prefixes > 300, "only {prefixes} prefixes were compared");
}
