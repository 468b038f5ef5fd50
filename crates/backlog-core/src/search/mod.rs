//! Ranked search over the backlog, at the level of projects.
//!
//! Each project is one document (an entry without projects is one too),
//! with fields weighted so the good's title, tags and technologies count
//! more than project titles, and those more than body text. Scores follow
//! BM25F: term frequency saturates and long fields count less. Exact
//! matches rank above prefix matches of the word being typed, and those
//! above matches with a typo; ties go to the newer entry.

mod build;
mod fuzzy;
mod phrases;
mod query;
mod rank;
mod snippet;
mod stored;
pub mod tokenize;

use rustc_hash::FxHashMap;

use crate::model::Entry;
use crate::text::{fold, tag_key};

pub use query::ParsedQuery;
pub use snippet::Snippet;
pub use stored::{index_url, StoredIndex, StoredIndexError};

/// Rule for combining selected tags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TagMode {
    /// An entry matches when it has any of the selected tags.
    #[default]
    Any,
    /// An entry matches only when it has all of them.
    All,
}

/// Orders of the list of goods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortOrder {
    /// Best match first; newest first when there is no search text.
    Relevance,
    Newest,
    Title,
    /// Most projects first.
    Projects,
}

impl SortOrder {
    pub const ALL: [SortOrder; 4] = [
        SortOrder::Relevance,
        SortOrder::Newest,
        SortOrder::Title,
        SortOrder::Projects,
    ];

    /// Returns the name used in URLs.
    pub fn name(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::Newest => "newest",
            SortOrder::Title => "title",
            SortOrder::Projects => "projects",
        }
    }

    /// Reads a URL name; `None` for an unknown one.
    pub fn from_name(name: &str) -> Option<Self> {
        SortOrder::ALL
            .into_iter()
            .find(|order| order.name() == name)
    }
}

/// Puts results in `order`; ties keep their current order, which is by
/// relevance or by date.
pub fn sort_results(entries: &[Entry], results: &mut [EntryResult], order: SortOrder) {
    match order {
        SortOrder::Relevance => {}
        SortOrder::Newest => results.sort_by_key(|result| result.entry),
        SortOrder::Title => results.sort_by_cached_key(|result| fold(&entries[result.entry].title)),
        SortOrder::Projects => {
            results.sort_by_key(|result| std::cmp::Reverse(entries[result.entry].projects.len()))
        }
    }
}

/// Fields of a document, in the order of `FIELD_WEIGHTS`.
const FIELDS: usize = 6;
const TITLE: usize = 0;
const TAGS: usize = 1;
const TECHNOLOGIES: usize = 2;
const PROJECT_TITLE: usize = 3;
const PROJECT_BODY: usize = 4;
const OVERVIEW: usize = 5;
const FIELD_WEIGHTS: [f32; FIELDS] = [4.0, 3.0, 3.0, 2.5, 1.0, 0.6];
/// BM25 length normalisation per field: short fields barely normalise.
const FIELD_LENGTH_NORMALISATION: [f32; FIELDS] = [0.5, 0.3, 0.3, 0.5, 0.75, 0.75];
/// BM25 term-frequency saturation.
const K1: f32 = 1.2;

/// Score factors of the three kinds of match.
const PREFIX_FACTOR: f32 = 0.7;
const ONE_TYPO_FACTOR: f32 = 0.45;
const TWO_TYPOS_FACTOR: f32 = 0.3;
/// Most words a prefix expands to, the most frequent kept. A one- or
/// two-letter prefix can start thousands of words; past this many the
/// rarest ones are left out to keep each keystroke fast.
const MAX_PREFIX_EXPANSIONS: usize = 512;

/// The search index of a backlog, built at build time or when the data
/// arrives.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    documents: Vec<Document>,
    /// Folded words of entries and documents, made when a phrase needs them.
    phrase_words: phrases::PhraseWords,
    /// Terms in sorted order, for prefix ranges. A term's id is its position.
    terms: Vec<Box<str>>,
    /// Length of each term in characters.
    term_lengths: Vec<u32>,
    /// First two characters of each term, `'\0'` where it has fewer, so
    /// typo matching can skip terms without decoding them.
    term_first_letters: Vec<[char; 2]>,
    /// Term ids grouped by their length in characters, for typo matching.
    terms_by_length: Vec<Vec<u32>>,
    /// The postings of term `t` are at `posting_starts[t]..posting_starts[t + 1]`
    /// of the two arrays below, by document.
    posting_starts: Vec<u32>,
    posting_documents: Vec<u32>,
    /// BM25F weight of the term in the document, before the term's inverse
    /// document frequency.
    posting_weights: Vec<f32>,
    /// Highest posting weight of each term.
    term_max_weights: Vec<f32>,
    /// Every tag, in order of first appearance.
    tags: Vec<TagInfo>,
    tag_ids: FxHashMap<String, u32>,
    /// Position of each tag in the order of their keys, so tags with equal
    /// counts sort by name without comparing text.
    tag_key_ranks: Vec<u32>,
    /// Tag ids of each entry, for the tag filter.
    entry_tags: Vec<Vec<u32>>,
}

#[derive(Clone, Debug, PartialEq)]
struct TagInfo {
    /// Folded and trimmed, so spellings that differ in case are one tag.
    key: String,
    /// As first written.
    name: String,
}

#[derive(Clone, Debug, PartialEq)]
struct Document {
    entry: u32,
    /// Position of the project in its entry, `None` for an entry without.
    project: Option<u32>,
}

/// The parts of an index, whether built or read back. The lookup tables of
/// `SearchIndex` are derived from them.
struct IndexParts {
    documents: Vec<Document>,
    /// Sorted.
    terms: Vec<Box<str>>,
    posting_starts: Vec<u32>,
    posting_documents: Vec<u32>,
    posting_weights: Vec<f32>,
    tags: Vec<TagInfo>,
    /// One list per entry, even for entries without tags.
    entry_tags: Vec<Vec<u32>>,
}

/// One ranked result: a project of an entry, or an entry without projects.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    /// Position of the entry in the list the index was built from.
    pub entry: usize,
    /// Position of the project in the entry, `None` for the entry itself.
    pub project: Option<usize>,
    pub score: f32,
    /// Plain text around the first match.
    pub snippet: String,
    /// Byte ranges of `snippet` to highlight.
    pub highlights: Vec<std::ops::Range<usize>>,
}

/// An entry that matches, with its matching projects, best first.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryResult {
    pub entry: usize,
    pub score: f32,
    /// Positions of the matching projects in the entry.
    pub projects: Vec<usize>,
}

/// A tag with the number of entries that have it among the current results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCount {
    /// The tag as first written in the newest entry that has it.
    pub name: String,
    pub count: usize,
}

impl SearchIndex {
    /// Indexes `entries` (newest first, so earlier positions win ties).
    pub fn new(entries: &[Entry]) -> Self {
        let mut builder = build::IndexBuilder::default();
        for (position, entry) in entries.iter().enumerate() {
            builder.add_entry(position as u32, entry);
        }
        builder.finish()
    }

    fn from_parts(parts: IndexParts) -> Self {
        let term_max_weights = (0..parts.terms.len())
            .map(|term| {
                let start = parts.posting_starts[term] as usize;
                let end = parts.posting_starts[term + 1] as usize;
                parts.posting_weights[start..end]
                    .iter()
                    .copied()
                    .fold(0.0, f32::max)
            })
            .collect();
        let tag_ids = parts
            .tags
            .iter()
            .enumerate()
            .map(|(id, tag)| (tag.key.clone(), id as u32))
            .collect();
        let mut by_key: Vec<usize> = (0..parts.tags.len()).collect();
        by_key.sort_unstable_by(|&a, &b| parts.tags[a].key.cmp(&parts.tags[b].key));
        let mut tag_key_ranks = vec![0; parts.tags.len()];
        for (rank, &tag) in by_key.iter().enumerate() {
            tag_key_ranks[tag] = rank as u32;
        }
        SearchIndex {
            tag_key_ranks,
            phrase_words: phrases::PhraseWords::new(parts.entry_tags.len(), parts.documents.len()),
            term_max_weights,
            term_lengths: parts
                .terms
                .iter()
                .map(|term| term.chars().count() as u32)
                .collect(),
            term_first_letters: parts.terms.iter().map(|term| first_letters(term)).collect(),
            terms_by_length: terms_by_length(&parts.terms),
            terms: parts.terms,
            posting_starts: parts.posting_starts,
            posting_documents: parts.posting_documents,
            posting_weights: parts.posting_weights,
            documents: parts.documents,
            tags: parts.tags,
            tag_ids,
            entry_tags: parts.entry_tags,
        }
    }

    /// Number of entries indexed.
    pub fn entry_count(&self) -> usize {
        self.entry_tags.len()
    }

    /// Returns the best `limit` hits for `query`, each with a snippet.
    pub fn search(&self, entries: &[Entry], query: &str, limit: usize) -> Vec<SearchHit> {
        let parsed = ParsedQuery::parse(query);
        let matcher = self.matcher(&parsed);
        let mut hits = Vec::new();
        let mut ranked = self.rank(entries, &parsed, limit);
        self.sort_ranked(&mut ranked, limit);
        for scored in ranked {
            let document = &self.documents[scored.document as usize];
            let entry = document.entry as usize;
            let project = document.project.map(|p| p as usize);
            // Entries other than those indexed have no hits to show.
            let Some(entry_data) = entries.get(entry) else {
                continue;
            };
            let snippet = snippet::make(entry_data, project, &matcher);
            hits.push(SearchHit {
                entry,
                project,
                score: scored.score,
                snippet: snippet.text,
                highlights: snippet.highlights,
            });
        }
        hits
    }

    /// Returns the entries matching the query and tags. With a query they
    /// come best first, each with its matching projects; without one they
    /// keep the order of the entries. `entries` are those the index was
    /// made from.
    pub fn results(
        &self,
        entries: &[Entry],
        query: &str,
        tags: &[String],
        mode: TagMode,
    ) -> Vec<EntryResult> {
        self.results_best_first(entries, query, tags, mode, usize::MAX)
    }

    /// Returns the results of `results`, but with a query only the first
    /// `ordered` are in order and the others follow in no particular order.
    /// A short prefix matches thousands of entries and a page shows a
    /// dozen, so sorting only those is faster.
    pub fn results_best_first(
        &self,
        entries: &[Entry],
        query: &str,
        tags: &[String],
        mode: TagMode,
        ordered: usize,
    ) -> Vec<EntryResult> {
        let parsed = ParsedQuery::parse(query);
        let wanted = self.tag_ids(tags);
        let has_tags = |entry: usize| has_tags(&self.entry_tags[entry], &wanted, mode);
        if parsed.is_empty() {
            return (0..self.entry_tags.len())
                .filter(|&entry| has_tags(entry))
                .map(|entry| EntryResult {
                    entry,
                    score: 0.0,
                    projects: Vec::new(),
                })
                .collect();
        }
        let mut results: Vec<EntryResult> = Vec::new();
        // The score and position of each result's matching projects.
        let mut scored_projects: Vec<Vec<(f32, usize)>> = Vec::new();
        // Position of each entry in `results`; a vector, since a short
        // prefix can match most entries and a map would hash each one.
        let mut position_of_entry = vec![usize::MAX; self.entry_tags.len()];
        for scored in self.rank(entries, &parsed, usize::MAX) {
            let document = &self.documents[scored.document as usize];
            let entry = document.entry as usize;
            if !has_tags(entry) {
                continue;
            }
            if position_of_entry[entry] == usize::MAX {
                position_of_entry[entry] = results.len();
                results.push(EntryResult {
                    entry,
                    score: scored.score,
                    projects: Vec::new(),
                });
                scored_projects.push(Vec::new());
            }
            let position = position_of_entry[entry];
            let result = &mut results[position];
            result.score = result.score.max(scored.score);
            if let Some(project) = document.project {
                scored_projects[position].push((scored.score, project as usize));
            }
        }
        for (result, mut projects) in results.iter_mut().zip(scored_projects) {
            projects.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            result.projects = projects.into_iter().map(|(_, project)| project).collect();
        }
        // Best score first, and the newer entry on a tie, as documents are.
        let order = |a: &EntryResult, b: &EntryResult| {
            b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry))
        };
        let ordered = ordered.min(results.len());
        if ordered > 0 && ordered < results.len() {
            results.select_nth_unstable_by(ordered - 1, order);
        }
        results[..ordered].sort_unstable_by(order);
        results
    }

    /// Returns the positions of the entries that match, in entry order.
    pub fn filter(
        &self,
        entries: &[Entry],
        query: &str,
        tags: &[String],
        mode: TagMode,
    ) -> Vec<usize> {
        let mut positions: Vec<usize> = self
            .results_best_first(entries, query, tags, mode, 0)
            .into_iter()
            .map(|result| result.entry)
            .collect();
        positions.sort_unstable();
        positions
    }

    /// Returns the snippet of one project (or of the entry's overview) for
    /// a query, with the matched words marked.
    pub fn snippet(&self, entry: &Entry, project: Option<usize>, query: &str) -> Snippet {
        let parsed = ParsedQuery::parse(query);
        snippet::make(entry, project, &self.matcher(&parsed))
    }

    /// Counts, for every tag of the backlog, the entries among `matches`
    /// that have it, most frequent first and then by name. Tags that no
    /// match has are listed with a count of 0.
    pub fn tag_counts(&self, matches: &[usize]) -> Vec<TagCount> {
        let mut counts = vec![0usize; self.tags.len()];
        for &entry in matches {
            for &tag in self.entry_tags.get(entry).into_iter().flatten() {
                counts[tag as usize] += 1;
            }
        }
        let mut order: Vec<usize> = (0..self.tags.len()).collect();
        order
            .sort_unstable_by_key(|&tag| (std::cmp::Reverse(counts[tag]), self.tag_key_ranks[tag]));
        order
            .into_iter()
            .map(|tag| TagCount {
                name: self.tags[tag].name.clone(),
                count: counts[tag],
            })
            .collect()
    }

    /// Returns the tag ids of `tags`; tags the backlog lacks match nothing.
    fn tag_ids(&self, tags: &[String]) -> Vec<Option<u32>> {
        tags.iter()
            .map(|tag| self.tag_ids.get(&tag_key(tag)).copied())
            .collect()
    }

    fn matcher<'a>(&'a self, query: &'a ParsedQuery) -> snippet::Matcher<'a> {
        snippet::Matcher::new(query)
    }
}

fn first_letters(term: &str) -> [char; 2] {
    let mut letters = term.chars();
    [
        letters.next().unwrap_or('\0'),
        letters.next().unwrap_or('\0'),
    ]
}

/// Groups term ids by the term's length in characters, for typo matching.
fn terms_by_length(terms: &[Box<str>]) -> Vec<Vec<u32>> {
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for (id, term) in terms.iter().enumerate() {
        let length = term.chars().count();
        if groups.len() <= length {
            groups.resize(length + 1, Vec::new());
        }
        groups[length].push(id as u32);
    }
    groups
}

fn has_tags(entry_tags: &[u32], wanted: &[Option<u32>], mode: TagMode) -> bool {
    if wanted.is_empty() {
        return true;
    }
    let has = |tag: &Option<u32>| tag.is_some_and(|tag| entry_tags.contains(&tag));
    match mode {
        TagMode::Any => wanted.iter().any(has),
        TagMode::All => wanted.iter().all(has),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Project;

    /// Returns an entry with the given fields and projects, each a title
    /// and its markdown.
    pub(super) fn entry(
        slug: &str,
        title: &str,
        tags: &[&str],
        projects: &[(&str, &str)],
    ) -> Entry {
        Entry {
            slug: slug.into(),
            title: title.into(),
            date: "2021-01-01T00:00:00+00:00".into(),
            image: None,
            image_width: None,
            image_height: None,
            image_widths: vec![],
            caption: None,
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
            technologies: vec![],
            overview: String::new(),
            excerpt: String::new(),
            links: Default::default(),
            projects: projects
                .iter()
                .enumerate()
                .map(|(index, (title, markdown))| Project {
                    number: index as u32 + 1,
                    title: title.to_string(),
                    markdown: markdown.to_string(),
                    description: String::new(),
                    expected_impact: None,
                    deliverable: None,
                    repositories: vec![],
                    tech_stack: None,
                })
                .collect(),
            source: String::new(),
        }
    }

    fn slugs(entries: &[Entry], query: &str) -> Vec<String> {
        let index = SearchIndex::new(entries);
        index
            .results(entries, query, &[], TagMode::Any)
            .iter()
            .map(|r| entries[r.entry].slug.clone())
            .collect()
    }

    #[test]
    fn search_is_accent_and_form_insensitive() {
        let entries = vec![
            entry("a", "Educación abierta", &[], &[]),
            entry("b", "Other", &[], &[]),
        ];
        assert_eq!(slugs(&entries, "educacion"), vec!["a"]);
        assert_eq!(slugs(&entries, "EDUCACIÓN"), vec!["a"]);
        assert_eq!(slugs(&entries, "educacio\u{301}n"), vec!["a"]);
    }

    #[test]
    fn title_match_ranks_above_body_match() {
        let entries = vec![
            entry("body", "Alpha", &[], &[("One", "Uses python for scripts.")]),
            entry("title", "Python tools", &[], &[("Two", "Scripts.")]),
        ];
        assert_eq!(slugs(&entries, "python "), vec!["title", "body"]);
    }

    #[test]
    fn exact_ranks_above_prefix_and_typo() {
        let entries = vec![
            entry("typo", "Pythn", &[], &[]),
            entry("prefix", "Pythonic", &[], &[]),
            entry("exact", "Python", &[], &[]),
        ];
        assert_eq!(slugs(&entries, "python"), vec!["exact", "prefix", "typo"]);
    }

    #[test]
    fn typos_are_tolerated_by_word_length() {
        let entries = vec![entry("a", "Python", &[], &[]), entry("b", "Map", &[], &[])];
        assert_eq!(slugs(&entries, "pyhton "), vec!["a"]);
        assert!(slugs(&entries, "mop ").is_empty());
    }

    #[test]
    fn terms_with_digits_need_no_typo() {
        let entries = vec![
            entry("a", "case001", &[], &[]),
            entry("b", "case002", &[], &[]),
        ];
        assert_eq!(slugs(&entries, "case001 "), vec!["a"]);
    }

    #[test]
    fn projects_are_found_inside_entries() {
        let entries = vec![entry(
            "p",
            "Primero",
            &[],
            &[("Sync", "Offline"), ("RapidPro bridge", "Messages")],
        )];
        let index = SearchIndex::new(&entries);
        let hits = index.search(&entries, "rapidpro", 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].project, Some(1));
    }

    #[test]
    fn phrases_and_exclusions_narrow_results() {
        let entries = vec![
            entry("a", "Child protection tools", &[], &[]),
            entry("b", "Protection of every child", &[], &[]),
        ];
        assert_eq!(slugs(&entries, "\"child protection\""), vec!["a"]);
        assert_eq!(slugs(&entries, "child -every"), vec!["a"]);
    }

    #[test]
    fn phrases_ignore_punctuation_and_markup() {
        let entries = vec![
            entry("dash", "Child-protection tools", &[], &[]),
            entry("bold", "Tools", &[], &[("One", "**Child** protection")]),
            entry("split", "Child tools", &["protection"], &[]),
        ];
        assert_eq!(
            slugs(&entries, "\"child protection\""),
            vec!["dash", "bold"]
        );
    }

    #[test]
    fn technical_terms_match_as_written() {
        let entries = vec![
            entry("cs", "Tool", &["c#", ".net"], &[]),
            entry("cpp", "Engine", &["c++"], &[]),
            entry("node", "Server", &["Node.js"], &[]),
        ];
        assert_eq!(slugs(&entries, "c# "), vec!["cs"]);
        assert_eq!(slugs(&entries, "c++ "), vec!["cpp"]);
        assert_eq!(slugs(&entries, ".net "), vec!["cs"]);
        assert_eq!(slugs(&entries, "nodejs "), vec!["node"]);
    }

    #[test]
    fn cjk_text_is_found_by_a_word_inside() {
        let entries = vec![
            entry("zh", "儿童保护系统", &[], &[]),
            entry("en", "Other", &[], &[]),
        ];
        assert_eq!(slugs(&entries, "保护"), vec!["zh"]);
    }

    #[test]
    fn odd_queries_neither_fail_nor_hang() {
        let entries = vec![entry("a", "Alpha", &[], &[])];
        let index = SearchIndex::new(&entries);
        let long = "x".repeat(10_000);
        for query in ["", "\"", "-", ": ~ ^ * \" -", "\"open", long.as_str()] {
            let _ = index.results(&entries, query, &[], TagMode::Any);
            let _ = index.search(&entries, query, 10);
            let _ = index.search(&entries, query, 0);
        }
        assert_eq!(
            index.filter(&entries, ": ~ ^ *", &[], TagMode::Any),
            vec![0]
        );
    }

    #[test]
    fn tags_combine_with_any_or_all() {
        let entries = vec![
            entry("a", "A", &["Health", "Children"], &[]),
            entry("b", "B", &["Health"], &[]),
        ];
        let index = SearchIndex::new(&entries);
        let tags = vec!["children".to_string(), "health ".to_string()];
        assert_eq!(index.filter(&entries, "", &tags, TagMode::Any), vec![0, 1]);
        assert_eq!(index.filter(&entries, "", &tags, TagMode::All), vec![0]);
    }

    #[test]
    fn tag_counts_follow_the_matches() {
        let entries = vec![
            entry("a", "A", &["Health", "Children"], &[]),
            entry("b", "B", &["health"], &[]),
        ];
        let index = SearchIndex::new(&entries);
        let counts = index.tag_counts(&[1]);
        assert_eq!(
            counts[0],
            TagCount {
                name: "Health".into(),
                count: 1
            }
        );
        assert_eq!(
            counts[1],
            TagCount {
                name: "Children".into(),
                count: 0
            }
        );
    }

    #[test]
    fn early_stop_keeps_best_hits() {
        let words = ["sun", "sea", "salt", "sand", "sky", "sync", "ship", "star"];
        let entries: Vec<Entry> = (0..40)
            .map(|number| {
                let title = format!("{} {}", words[number % 8], words[number * 3 % 8]);
                let body = words[..number % 8 + 1].join(" ");
                entry(
                    &format!("e{number}"),
                    &title,
                    &[],
                    &[("Part", body.as_str())],
                )
            })
            .collect();
        let index = SearchIndex::new(&entries);
        for query in ["s", "sa", "sun s", "star -sea s"] {
            let all = index.search(&entries, query, usize::MAX);
            let top = index.search(&entries, query, 5);
            assert_eq!(top, all[..5], "{query}");
        }
    }

    #[test]
    fn partial_order_keeps_the_best_first() {
        let words = ["sun", "sea", "salt", "sand", "sky", "sync", "ship", "star"];
        let entries: Vec<Entry> = (0..40)
            .map(|number| {
                let title = format!("{} {}", words[number % 8], words[number * 5 % 8]);
                let body = words[..number % 8 + 1].join(" ");
                let projects = [("Part", body.as_str()), ("Other", words[number % 3])];
                entry(&format!("e{number}"), &title, &[], &projects)
            })
            .collect();
        let index = SearchIndex::new(&entries);
        for query in ["s", "sa", "sun s", "star -sea s"] {
            let all = index.results(&entries, query, &[], TagMode::Any);
            let some = index.results_best_first(&entries, query, &[], TagMode::Any, 6);
            assert_eq!(some[..6], all[..6], "{query}");
            let mut rest: Vec<usize> = some.iter().map(|result| result.entry).collect();
            let mut expected: Vec<usize> = all.iter().map(|result| result.entry).collect();
            rest.sort_unstable();
            expected.sort_unstable();
            assert_eq!(rest, expected, "{query}");
        }
    }

    #[test]
    fn no_full_match_falls_back_to_partial_matches() {
        let entries = vec![
            entry("a", "Offline maps", &[], &[]),
            entry("b", "Offline sync", &[], &[]),
        ];
        assert_eq!(slugs(&entries, "offline maps unicorn "), vec!["a", "b"]);
    }
}
