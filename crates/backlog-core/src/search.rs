//! Filtering the backlog by a search text and by tags.
//!
//! Every entry gets one folded text of its searchable fields; a query keeps
//! the entries that contain all of its words (case- and accent-insensitive),
//! `"quoted phrases"` as written, and none of its `-excluded` words.

use crate::markdown::plain_text;
use crate::model::Entry;
use crate::text::{fold, tag_key};

/// How selected tags combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TagMode {
    /// An entry matches when it has any of the selected tags.
    #[default]
    Any,
    /// An entry matches only when it has all of them.
    All,
}

/// Searchable text of every entry, folded once when the data arrives.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    documents: Vec<Document>,
}

#[derive(Clone, Debug)]
struct Document {
    text: String,
    tag_keys: Vec<String>,
}

/// A tag with the number of entries that have it among the current results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCount {
    /// The tag as first written in the newest entry that has it.
    pub name: String,
    pub count: usize,
}

impl SearchIndex {
    /// Folds the searchable fields of `entries`: title, tags, technologies,
    /// overview, project titles and project text.
    pub fn new(entries: &[Entry]) -> Self {
        let documents = entries.iter().map(document_of).collect();
        SearchIndex { documents }
    }

    /// Returns the positions of the entries that match the query and the
    /// tags, in the order of `entries`.
    pub fn filter(&self, query: &str, tags: &[String], mode: TagMode) -> Vec<usize> {
        let query = Query::parse(query);
        let wanted: Vec<String> = tags.iter().map(|tag| tag_key(tag)).collect();
        (0..self.documents.len())
            .filter(|&index| {
                let document = &self.documents[index];
                query.matches(&document.text) && has_tags(document, &wanted, mode)
            })
            .collect()
    }

    /// Counts, for every tag of the backlog, the entries among `matches`
    /// that have it, most frequent first and then by name. Tags that no
    /// match has are listed with a count of 0.
    pub fn tag_counts(&self, entries: &[Entry], matches: &[usize]) -> Vec<TagCount> {
        let mut counts: Vec<(String, TagCount)> = Vec::new();
        for entry in entries {
            for tag in &entry.tags {
                let key = tag_key(tag);
                if !counts.iter().any(|(known, _)| *known == key) {
                    counts.push((
                        key,
                        TagCount {
                            name: tag.trim().to_string(),
                            count: 0,
                        },
                    ));
                }
            }
        }
        for &index in matches {
            for key in &self.documents[index].tag_keys {
                if let Some((_, count)) = counts.iter_mut().find(|(known, _)| known == key) {
                    count.count += 1;
                }
            }
        }
        let mut counts: Vec<TagCount> = counts.into_iter().map(|(_, count)| count).collect();
        counts.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| fold(&a.name).cmp(&fold(&b.name)))
        });
        counts
    }
}

fn document_of(entry: &Entry) -> Document {
    let mut text = String::new();
    let mut add = |part: &str| {
        text.push_str(&fold(part));
        text.push('\n');
    };
    add(&entry.title);
    entry.tags.iter().for_each(|tag| add(tag));
    entry
        .technologies
        .iter()
        .for_each(|technology| add(technology));
    add(&plain_text(&entry.overview));
    for project in &entry.projects {
        add(&project.title);
        add(&plain_text(&project.markdown));
    }
    let mut tag_keys: Vec<String> = entry.tags.iter().map(|tag| tag_key(tag)).collect();
    tag_keys.dedup();
    Document { text, tag_keys }
}

fn has_tags(document: &Document, wanted: &[String], mode: TagMode) -> bool {
    if wanted.is_empty() {
        return true;
    }
    let has = |key: &String| document.tag_keys.contains(key);
    match mode {
        TagMode::Any => wanted.iter().any(has),
        TagMode::All => wanted.iter().all(has),
    }
}

/// A parsed search text: words and phrases to find, words to exclude.
#[derive(Debug, Default, PartialEq)]
struct Query {
    required: Vec<String>,
    excluded: Vec<String>,
}

impl Query {
    fn parse(text: &str) -> Self {
        let mut query = Query::default();
        let folded = fold(text);
        let mut rest = folded.as_str();
        loop {
            rest = rest.trim_start();
            let Some(first) = rest.chars().next() else {
                break;
            };
            let (excluded, body) = match rest.strip_prefix('-') {
                Some(body) if first == '-' => (true, body),
                _ => (false, rest),
            };
            let (term, remainder) = match body.strip_prefix('"') {
                Some(phrase) => {
                    let end = phrase.find('"').unwrap_or(phrase.len());
                    (phrase[..end].trim(), phrase.get(end + 1..).unwrap_or(""))
                }
                None => {
                    let end = body.find(char::is_whitespace).unwrap_or(body.len());
                    (&body[..end], &body[end..])
                }
            };
            if !term.is_empty() {
                let list = if excluded {
                    &mut query.excluded
                } else {
                    &mut query.required
                };
                list.push(term.to_string());
            }
            rest = remainder;
        }
        query
    }

    fn matches(&self, text: &str) -> bool {
        self.required
            .iter()
            .all(|term| text.contains(term.as_str()))
            && !self
                .excluded
                .iter()
                .any(|term| text.contains(term.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slug: &str, title: &str, tags: &[&str]) -> Entry {
        Entry {
            slug: slug.into(),
            title: title.into(),
            date: "2021-01-01T00:00:00+00:00".into(),
            image: None,
            image_width: None,
            image_height: None,
            caption: None,
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
            technologies: vec![],
            overview: String::new(),
            excerpt: String::new(),
            links: Default::default(),
            projects: vec![],
            source: String::new(),
        }
    }

    #[test]
    fn query_parses_phrases_and_exclusions() {
        let query = Query::parse(r#"python "child protection" -java"#);
        assert_eq!(query.required, vec!["python", "child protection"]);
        assert_eq!(query.excluded, vec!["java"]);
    }

    #[test]
    fn symbols_only_and_unclosed_quotes_do_not_fail() {
        let entries = vec![entry("a", "Alpha", &[])];
        let index = SearchIndex::new(&entries);
        for query in ["", "\"", "-", ": ~ ^ * \" -", "\"open"] {
            let _ = index.filter(query, &[], TagMode::Any);
        }
        assert_eq!(index.filter("-", &[], TagMode::Any), vec![0]);
    }

    #[test]
    fn search_is_accent_insensitive() {
        let entries = vec![
            entry("a", "Educación abierta", &[]),
            entry("b", "Other", &[]),
        ];
        let index = SearchIndex::new(&entries);
        assert_eq!(index.filter("educacion", &[], TagMode::Any), vec![0]);
        assert_eq!(index.filter("EDUCACIÓN", &[], TagMode::Any), vec![0]);
    }

    #[test]
    fn tags_combine_with_any_or_all() {
        let entries = vec![
            entry("a", "A", &["Health", "Children"]),
            entry("b", "B", &["Health"]),
        ];
        let index = SearchIndex::new(&entries);
        let tags = vec!["children".to_string(), "health ".to_string()];
        assert_eq!(index.filter("", &tags, TagMode::Any), vec![0, 1]);
        assert_eq!(index.filter("", &tags, TagMode::All), vec![0]);
    }

    #[test]
    fn tag_counts_follow_the_matches() {
        let entries = vec![
            entry("a", "A", &["Health", "Children"]),
            entry("b", "B", &["health"]),
        ];
        let index = SearchIndex::new(&entries);
        let counts = index.tag_counts(&entries, &[1]);
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
}
