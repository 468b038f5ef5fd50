//! The folded words of each entry and project, for quoted phrases.
//!
//! Only a query with a phrase needs them, and only for the documents that
//! already match every word of it, so they are made on first use and kept,
//! rather than when the index is built or stored with it.

use std::sync::OnceLock;

use super::tokenize::{for_each_index_term, Scratch};
use crate::markdown::searchable_text;
use crate::model::Entry;

/// Words of each entry's own fields and of each document's project.
#[derive(Clone, Debug, Default)]
pub(super) struct PhraseWords {
    entries: Vec<OnceLock<Box<str>>>,
    documents: Vec<OnceLock<Box<str>>>,
}

impl PhraseWords {
    pub(super) fn new(entries: usize, documents: usize) -> Self {
        PhraseWords {
            entries: (0..entries).map(|_| OnceLock::new()).collect(),
            documents: (0..documents).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Words of the entry's title, tags, technologies and overview.
    pub(super) fn of_entry(&self, position: usize, entry: &Entry) -> &str {
        let Some(cell) = self.entries.get(position) else {
            return "";
        };
        cell.get_or_init(|| {
            let overview = searchable_text(&entry.overview);
            let texts = [entry.title.as_str()]
                .into_iter()
                .chain(entry.tags.iter().map(String::as_str))
                .chain(entry.technologies.iter().map(String::as_str))
                .chain([overview.as_str()]);
            words_of(texts)
        })
    }

    /// Words of a document's project title and text. An entry without
    /// projects has none.
    pub(super) fn of_document(&self, document: usize, entry: &Entry, project: Option<u32>) -> &str {
        let Some(cell) = self.documents.get(document) else {
            return "";
        };
        cell.get_or_init(|| {
            let Some(project) = project.and_then(|project| entry.projects.get(project as usize))
            else {
                return Box::default();
            };
            let body = searchable_text(&project.markdown);
            words_of([project.title.as_str(), body.as_str()])
        })
    }
}

/// Joins the folded words of `texts` with spaces, ending each text with a
/// line break, which no phrase contains, so a phrase never spans two of
/// them.
fn words_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Box<str> {
    let mut words = String::new();
    let mut scratch = Scratch::default();
    for text in texts {
        for_each_index_term(text, &mut scratch, &mut |_| {}, |word| {
            words.push_str(word);
            words.push(' ');
        });
        words.push('\n');
    }
    words.into_boxed_str()
}
