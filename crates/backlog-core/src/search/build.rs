//! Building the index: tokenizing each field once, interning terms, and
//! turning the terms of each document into postings with their BM25F
//! weight.

use rustc_hash::FxHashMap;

use super::tokenize::{for_each_index_term, Scratch};
use super::{
    Document, IndexParts, SearchIndex, TagInfo, FIELDS, FIELD_LENGTH_NORMALISATION, FIELD_WEIGHTS,
    K1, OVERVIEW, PROJECT_BODY, PROJECT_TITLE, TAGS, TECHNOLOGIES, TITLE,
};
use crate::markdown::searchable_text;
use crate::model::Entry;
use crate::text::tag_key;

/// Collects documents and their terms while entries are added.
#[derive(Default)]
pub(super) struct IndexBuilder {
    documents: Vec<Document>,
    document_lengths: Vec<[u16; FIELDS]>,
    /// Term texts by the id given when first seen.
    term_texts: Vec<Box<str>>,
    /// Ids of terms of at most 16 bytes, most of them, keyed by
    /// `short_term_key`, and of longer terms by their text.
    short_term_ids: FxHashMap<u128, u32>,
    term_ids: FxHashMap<Box<str>, u32>,
    /// Distinct terms of every document, in document order, with their
    /// frequency per field; document `d`'s are from `document_starts[d]`.
    document_terms: Vec<u32>,
    document_frequencies: Vec<[u16; FIELDS]>,
    document_starts: Vec<u32>,
    /// Per term: the last document that had it, plus one (0 for none), and
    /// its position in `document_terms` there.
    last_document: Vec<u32>,
    last_position: Vec<u32>,
    /// Term ids of each field of the entry and project being added.
    field_terms: [Vec<u32>; FIELDS],
    tags: Vec<TagInfo>,
    tag_ids: FxHashMap<String, u32>,
    entry_tags: Vec<Vec<u32>>,
    scratch: Scratch,
}

impl IndexBuilder {
    pub(super) fn add_entry(&mut self, position: u32, entry: &Entry) {
        let mut tag_ids: Vec<u32> = entry.tags.iter().map(|tag| self.tag_id(tag)).collect();
        tag_ids.sort_unstable();
        tag_ids.dedup();
        self.entry_tags.push(tag_ids);

        // The good's fields are the same in each of its projects, so they
        // are tokenized once per entry.
        self.tokenize(TITLE, [entry.title.as_str()]);
        self.tokenize(TAGS, entry.tags.iter().map(String::as_str));
        let technologies = entry.technologies.iter().map(String::as_str);
        self.tokenize(TECHNOLOGIES, technologies);
        let overview = searchable_text(&entry.overview);
        self.tokenize(OVERVIEW, [overview.as_str()]);

        if entry.projects.is_empty() {
            self.field_terms[PROJECT_TITLE].clear();
            self.field_terms[PROJECT_BODY].clear();
            self.add_document(position, None);
        }
        for (index, project) in entry.projects.iter().enumerate() {
            self.tokenize(PROJECT_TITLE, [project.title.as_str()]);
            let body = searchable_text(&project.markdown);
            self.tokenize(PROJECT_BODY, [body.as_str()]);
            self.add_document(position, Some(index as u32));
        }
    }

    /// Replaces the terms of `field` with those of `texts`.
    fn tokenize<'a>(&mut self, field: usize, texts: impl IntoIterator<Item = &'a str>) {
        let mut terms = std::mem::take(&mut self.field_terms[field]);
        let mut scratch = std::mem::take(&mut self.scratch);
        terms.clear();
        for text in texts {
            for_each_index_term(
                text,
                &mut scratch,
                &mut |term| terms.push(self.intern(term)),
                |_| {},
            );
        }
        self.field_terms[field] = terms;
        self.scratch = scratch;
    }

    fn intern(&mut self, term: &str) -> u32 {
        let short_key = short_term_key(term);
        let known = match short_key {
            Some(key) => self.short_term_ids.get(&key),
            None => self.term_ids.get(term),
        };
        if let Some(&id) = known {
            return id;
        }
        let id = self.term_texts.len() as u32;
        self.term_texts.push(term.into());
        match short_key {
            Some(key) => self.short_term_ids.insert(key, id),
            None => self.term_ids.insert(term.into(), id),
        };
        self.last_document.push(0);
        self.last_position.push(0);
        id
    }

    fn tag_id(&mut self, tag: &str) -> u32 {
        let key = tag_key(tag);
        if let Some(&id) = self.tag_ids.get(&key) {
            return id;
        }
        let id = self.tags.len() as u32;
        self.tags.push(TagInfo {
            key: key.clone(),
            name: tag.trim().to_string(),
        });
        self.tag_ids.insert(key, id);
        id
    }

    /// Adds a document made of the terms now in `field_terms`.
    fn add_document(&mut self, entry: u32, project: Option<u32>) {
        let document = self.documents.len() as u32;
        self.document_starts.push(self.document_terms.len() as u32);
        let mut lengths = [0u16; FIELDS];
        for (field, terms) in self.field_terms.iter().enumerate() {
            lengths[field] = u16::try_from(terms.len()).unwrap_or(u16::MAX);
            for &term in terms {
                let position = if self.last_document[term as usize] == document + 1 {
                    self.last_position[term as usize] as usize
                } else {
                    self.last_document[term as usize] = document + 1;
                    self.last_position[term as usize] = self.document_terms.len() as u32;
                    self.document_terms.push(term);
                    self.document_frequencies.push([0; FIELDS]);
                    self.document_terms.len() - 1
                };
                let count = &mut self.document_frequencies[position][field];
                *count = count.saturating_add(1);
            }
        }
        self.document_lengths.push(lengths);
        self.documents.push(Document { entry, project });
    }

    /// Sorts the terms and turns each document's terms into postings by
    /// term, weighted with the average field lengths now known.
    pub(super) fn finish(self) -> SearchIndex {
        let mut order: Vec<u32> = (0..self.term_texts.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            self.term_texts[a as usize].cmp(&self.term_texts[b as usize])
        });
        let mut sorted_id = vec![0u32; order.len()];
        for (sorted, &id) in order.iter().enumerate() {
            sorted_id[id as usize] = sorted as u32;
        }

        let mut posting_starts = vec![0u32; order.len() + 1];
        for &term in &self.document_terms {
            posting_starts[sorted_id[term as usize] as usize + 1] += 1;
        }
        for id in 1..posting_starts.len() {
            posting_starts[id] += posting_starts[id - 1];
        }

        let average_lengths = average_lengths(&self.document_lengths);
        let mut next = posting_starts.clone();
        let mut posting_documents = vec![0u32; self.document_terms.len()];
        let mut posting_weights = vec![0f32; self.document_terms.len()];
        for (document, lengths) in self.document_lengths.iter().enumerate() {
            let start = self.document_starts[document] as usize;
            let end = self
                .document_starts
                .get(document + 1)
                .map_or(self.document_terms.len(), |&end| end as usize);
            for position in start..end {
                let term = sorted_id[self.document_terms[position] as usize] as usize;
                let slot = next[term] as usize;
                next[term] += 1;
                posting_documents[slot] = document as u32;
                posting_weights[slot] = saturated_frequency(
                    &self.document_frequencies[position],
                    lengths,
                    &average_lengths,
                );
            }
        }

        let mut term_texts: Vec<Option<Box<str>>> = self.term_texts.into_iter().map(Some).collect();
        let terms: Vec<Box<str>> = order
            .iter()
            .map(|&id| term_texts[id as usize].take().unwrap_or_default())
            .collect();
        SearchIndex::from_parts(IndexParts {
            documents: self.documents,
            terms,
            posting_starts,
            posting_documents,
            posting_weights,
            tags: self.tags,
            entry_tags: self.entry_tags,
        })
    }
}

/// Packs a term of at most 16 bytes into an integer, which hashes and
/// compares faster than a string. Terms contain no NUL bytes, so the zero
/// padding cannot make two terms equal.
fn short_term_key(term: &str) -> Option<u128> {
    let bytes = term.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    // Shifting the bytes in, rather than copying them into an array, keeps
    // the key in registers; the copy stalled the load that followed it.
    let packed = bytes
        .iter()
        .rev()
        .fold(0u128, |packed, &byte| packed << 8 | u128::from(byte));
    Some(packed)
}

fn average_lengths(document_lengths: &[[u16; FIELDS]]) -> [f32; FIELDS] {
    let mut averages = [0f32; FIELDS];
    for lengths in document_lengths {
        for (total, &length) in averages.iter_mut().zip(lengths) {
            *total += f32::from(length);
        }
    }
    let count = document_lengths.len().max(1) as f32;
    averages.iter_mut().for_each(|total| *total /= count);
    averages
}

/// BM25F: field frequencies weighted and length-normalised, then
/// saturated. The query multiplies it by the term's inverse document
/// frequency.
fn saturated_frequency(
    frequencies: &[u16; FIELDS],
    lengths: &[u16; FIELDS],
    average_lengths: &[f32; FIELDS],
) -> f32 {
    let mut weighted = 0.0;
    for field in 0..FIELDS {
        let frequency = f32::from(frequencies[field]);
        if frequency == 0.0 {
            continue;
        }
        let average = average_lengths[field].max(1.0);
        let length = f32::from(lengths[field]);
        let normalisation = FIELD_LENGTH_NORMALISATION[field];
        let norm = 1.0 - normalisation + normalisation * length / average;
        weighted += FIELD_WEIGHTS[field] * frequency / norm;
    }
    weighted * (K1 + 1.0) / (weighted + K1)
}
