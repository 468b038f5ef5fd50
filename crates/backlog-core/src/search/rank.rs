//! Ranking: scoring the expansions of each query term over the postings,
//! combining the terms, and choosing the best documents.

use super::query::ParsedQuery;
use super::{
    fuzzy, Document, SearchIndex, MAX_PREFIX_EXPANSIONS, ONE_TYPO_FACTOR, PREFIX_FACTOR,
    TWO_TYPOS_FACTOR,
};
use crate::model::Entry;

/// A document's score during a search.
#[derive(Clone, Copy, Debug)]
pub(super) struct Scored {
    pub(super) document: u32,
    pub(super) score: f32,
}

/// Per-document scores while the terms of a query are scored one by one.
struct RankState {
    /// Sum of the best scores of the terms scored so far.
    scores: Vec<f32>,
    matched_terms: Vec<u16>,
    /// Best score of the current term, 0 for documents it does not match.
    term_best: Vec<f32>,
    /// Documents the current term matches, each once.
    touched: Vec<u32>,
    /// Documents any term matches, each once.
    candidates: Vec<u32>,
}

impl RankState {
    fn new(documents: usize) -> Self {
        RankState {
            scores: vec![0.0; documents],
            matched_terms: vec![0; documents],
            term_best: vec![0.0; documents],
            touched: Vec::new(),
            candidates: Vec::new(),
        }
    }

    /// Adds the current term's scores to the sums and clears them for the
    /// next term.
    fn add_term_scores(&mut self) {
        for document in self.touched.drain(..) {
            let index = document as usize;
            if self.matched_terms[index] == 0 {
                self.candidates.push(document);
            }
            self.scores[index] += self.term_best[index];
            self.matched_terms[index] += 1;
            self.term_best[index] = 0.0;
        }
    }
}

/// Conditions a document meets to be a result, for the early stop of `rank`.
struct ResultFilter<'a> {
    /// Number of query terms, all of which a result matches.
    wanted: u16,
    limit: usize,
    /// Documents with an excluded term. Empty when nothing is excluded.
    excluded: &'a [bool],
    query: &'a ParsedQuery,
    entries: &'a [Entry],
}

impl SearchIndex {
    /// Scores the matching documents, in no particular order. Every term
    /// must match. When no document has them all, documents matching most
    /// terms come instead. With a `limit` below the number of documents,
    /// the completions and typo forms of the last term that cannot bring a
    /// document into the best `limit` are skipped, so the others may be
    /// left out or scored too low.
    pub(super) fn rank(&self, entries: &[Entry], query: &ParsedQuery, limit: usize) -> Vec<Scored> {
        if self.documents.is_empty() {
            return Vec::new();
        }
        let mut state = RankState::new(self.documents.len());
        let excluded = self.excluded_documents(query);
        let wanted = query.terms.len() as u16;
        let last = query.terms.len().saturating_sub(1);

        for (position, term) in query.terms.iter().enumerate() {
            let prefix = query.last_is_prefix && position == last;
            let expansions = self.expansions(term, prefix);
            if position == last && (1..self.documents.len()).contains(&limit) {
                let filter = ResultFilter {
                    wanted,
                    limit,
                    excluded: &excluded,
                    query,
                    entries,
                };
                self.score_until_top_is_settled(expansions, &filter, &mut state);
            } else {
                for expansion in expansions {
                    self.score_expansion(expansion, &mut state);
                }
            }
            state.add_term_scores();
        }
        if query.terms.is_empty() {
            state.candidates = (0..self.documents.len() as u32).collect();
        }
        self.collect_results(entries, &state, &excluded, query)
    }

    /// Returns the candidates that match every term and pass the phrases
    /// and exclusions or, when none does, those that match some term, with
    /// their score scaled by the square of the share of terms matched.
    fn collect_results(
        &self,
        entries: &[Entry],
        state: &RankState,
        excluded: &[bool],
        query: &ParsedQuery,
    ) -> Vec<Scored> {
        let wanted = query.terms.len() as u16;
        let keep = |document: u32, minimum: u16| {
            let index = document as usize;
            state.matched_terms[index] >= minimum
                && !excluded.get(index).copied().unwrap_or(false)
                && self.has_phrases(entries, index, query)
        };

        let mut ranked: Vec<Scored> = Vec::new();
        for &document in &state.candidates {
            if keep(document, wanted) {
                ranked.push(Scored {
                    document,
                    score: state.scores[document as usize],
                });
            }
        }
        if !ranked.is_empty() || wanted <= 1 {
            return ranked;
        }

        for &document in &state.candidates {
            if keep(document, 1) {
                let matched = f32::from(state.matched_terms[document as usize]);
                let share = matched / f32::from(wanted);
                ranked.push(Scored {
                    document,
                    score: state.scores[document as usize] * share * share,
                });
            }
        }
        ranked
    }

    /// Scores the expansions of the last query term, those that can give
    /// the highest score first, and stops once the best `filter.limit`
    /// documents that match every term cannot change. A one-letter prefix
    /// has hundreds of completions, and those whose highest score cannot
    /// reach the best documents are never scored.
    fn score_until_top_is_settled(
        &self,
        expansions: Vec<(u32, f32)>,
        filter: &ResultFilter,
        state: &mut RankState,
    ) {
        let mut bounded: Vec<(f32, (u32, f32))> = expansions
            .into_iter()
            .map(|expansion| (self.score_bound(expansion), expansion))
            .collect();
        bounded.sort_by(|a, b| b.0.total_cmp(&a.0));
        // The highest score that the earlier terms gave a document matching
        // them all. The last term can add at most its bound to it.
        let earlier_terms = filter.wanted - 1;
        let best_earlier = state
            .candidates
            .iter()
            .filter(|&&document| state.matched_terms[document as usize] == earlier_terms)
            .map(|&document| state.scores[document as usize])
            .fold(0.0, f32::max);
        // Checking costs a pass over the documents scored so far, so the
        // batches between checks double in size.
        let mut done = 0;
        let mut batch = 8;
        while done < bounded.len() {
            let end = (done + batch).min(bounded.len());
            for &(_, expansion) in &bounded[done..end] {
                self.score_expansion(expansion, state);
            }
            done = end;
            batch *= 2;
            let Some(&(next_bound, _)) = bounded.get(done) else {
                break;
            };
            if self.lowest_top_score(filter, state) > best_earlier + next_bound {
                break;
            }
        }
    }

    /// Returns the score of the `filter.limit`-th best document that now
    /// matches every term and passes the filters, or minus infinity when
    /// fewer documents do.
    fn lowest_top_score(&self, filter: &ResultFilter, state: &RankState) -> f32 {
        let earlier_terms = filter.wanted - 1;
        let mut top: Vec<f32> = state
            .touched
            .iter()
            .map(|&document| document as usize)
            .filter(|&document| state.matched_terms[document] == earlier_terms)
            .filter(|&document| !filter.excluded.get(document).copied().unwrap_or(false))
            .filter(|&document| self.has_phrases(filter.entries, document, filter.query))
            .map(|document| state.scores[document] + state.term_best[document])
            .collect();
        if top.len() < filter.limit {
            return f32::NEG_INFINITY;
        }
        let (_, lowest, _) = top.select_nth_unstable_by(filter.limit - 1, |a, b| b.total_cmp(a));
        *lowest
    }

    /// Returns the highest score an expansion can give any document.
    fn score_bound(&self, (term_id, factor): (u32, f32)) -> f32 {
        self.expansion_scale(term_id, factor) * self.term_max_weights[term_id as usize]
    }

    fn expansion_scale(&self, term_id: u32, factor: f32) -> f32 {
        factor * self.inverse_document_frequency(self.document_frequency(term_id))
    }

    /// Sorts `ranked` best first, ties to the newer entry, keeping only the
    /// first `limit`.
    pub(super) fn sort_ranked(&self, ranked: &mut Vec<Scored>, limit: usize) {
        let order = |a: &Scored, b: &Scored| {
            b.score.total_cmp(&a.score).then_with(|| {
                self.document_order(a.document)
                    .cmp(&self.document_order(b.document))
            })
        };
        if limit == 0 {
            ranked.clear();
            return;
        }
        // Selecting the first `limit` before sorting them is linear in the
        // matches, which matters when a short prefix matches most documents.
        if limit < ranked.len() {
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(order);
    }

    /// Marks the documents that contain an excluded term. The list is empty
    /// when the query excludes nothing.
    fn excluded_documents(&self, query: &ParsedQuery) -> Vec<bool> {
        if query.excluded.is_empty() {
            return Vec::new();
        }
        let mut excluded = vec![false; self.documents.len()];
        for id in query.excluded.iter().filter_map(|term| self.term_id(term)) {
            for &document in self.postings(id).0 {
                excluded[document as usize] = true;
            }
        }
        excluded
    }

    /// True when the document has every phrase of the query. False when
    /// `entries` lack the document's entry, as when they are not those the
    /// index was made from.
    fn has_phrases(&self, entries: &[Entry], document: usize, query: &ParsedQuery) -> bool {
        if query.phrases.is_empty() {
            return true;
        }
        let Document { entry, project } = self.documents[document];
        let Some(entry_data) = entries.get(entry as usize) else {
            return false;
        };
        let entry_words = self.phrase_words.of_entry(entry as usize, entry_data);
        let words = self.phrase_words.of_document(document, entry_data, project);
        query
            .phrases
            .iter()
            .all(|phrase| words.contains(phrase.as_str()) || entry_words.contains(phrase.as_str()))
    }

    /// Entry position then project position, so newer entries win ties.
    fn document_order(&self, document: u32) -> (u32, u32) {
        let document = &self.documents[document as usize];
        (document.entry, document.project.unwrap_or(0))
    }

    fn term_id(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|known| (**known).cmp(term))
            .ok()
            .map(|id| id as u32)
    }

    /// Returns the documents of a term's postings and their weights.
    fn postings(&self, id: u32) -> (&[u32], &[f32]) {
        let start = self.posting_starts[id as usize] as usize;
        let end = self.posting_starts[id as usize + 1] as usize;
        (
            &self.posting_documents[start..end],
            &self.posting_weights[start..end],
        )
    }

    fn document_frequency(&self, id: u32) -> usize {
        (self.posting_starts[id as usize + 1] - self.posting_starts[id as usize]) as usize
    }

    /// Raises each document's best score for the current query term to what
    /// one expansion of the term gives it: the exact word, a word it starts,
    /// or a word a typo or two away.
    fn score_expansion(&self, (term_id, factor): (u32, f32), state: &mut RankState) {
        let scale = self.expansion_scale(term_id, factor);
        let (documents, weights) = self.postings(term_id);
        for (&document, &weight) in documents.iter().zip(weights) {
            let score = scale * weight;
            let best = &mut state.term_best[document as usize];
            if *best == 0.0 {
                state.touched.push(document);
            }
            if score > *best {
                *best = score;
            }
        }
    }

    /// Lists the index terms a query term matches, with their score factor.
    fn expansions(&self, term: &str, prefix: bool) -> Vec<(u32, f32)> {
        let mut expansions = Vec::new();
        let exact = self.term_id(term);
        if let Some(id) = exact {
            expansions.push((id, 1.0));
        }
        if prefix {
            // A completion counts less the more letters it adds, so `go`
            // finds projects tagged `go` before those about `golem`.
            let typed = term.chars().count() as f32;
            expansions.extend(self.prefix_matches(term, exact).into_iter().map(|id| {
                let length = self.term_lengths[id as usize] as f32;
                (id, PREFIX_FACTOR * typed / length.max(typed))
            }));
        }
        let chars: Vec<char> = term.chars().collect();
        // A term with digits, such as a version or an id, is matched
        // exactly: `h5p` must not find `h5s`, nor `case001` `case002`.
        let has_digits = chars.iter().any(char::is_ascii_digit);
        let typos = if has_digits {
            0
        } else {
            fuzzy::allowed_typos(chars.len())
        };
        if typos > 0 {
            for (id, distance) in self.typo_matches(&chars, typos) {
                if expansions.iter().all(|(known, _)| *known != id) {
                    let factor = if distance == 1 {
                        ONE_TYPO_FACTOR
                    } else {
                        TWO_TYPOS_FACTOR
                    };
                    expansions.push((id, factor));
                }
            }
        }
        expansions
    }

    fn prefix_matches(&self, prefix: &str, exact: Option<u32>) -> Vec<u32> {
        let start = self.terms.partition_point(|term| &**term < prefix);
        let count = self.terms[start..]
            .iter()
            .take_while(|term| term.starts_with(prefix))
            .count();
        let mut ids: Vec<u32> = (start..start + count)
            .map(|id| id as u32)
            .filter(|id| Some(*id) != exact)
            .collect();
        if ids.len() > MAX_PREFIX_EXPANSIONS {
            let frequency = |id: &u32| std::cmp::Reverse(self.document_frequency(*id));
            ids.select_nth_unstable_by_key(MAX_PREFIX_EXPANSIONS, frequency);
            ids.truncate(MAX_PREFIX_EXPANSIONS);
        }
        ids
    }

    /// Finds index terms within `max` typos. Only terms sharing the first
    /// letter, or the second for longer words, are compared, which keeps
    /// this fast at the cost of typos in the first letter of short words.
    fn typo_matches(&self, chars: &[char], max: usize) -> Vec<(u32, usize)> {
        let mut matches = Vec::new();
        let mut candidate: Vec<char> = Vec::new();
        let shortest = chars.len().saturating_sub(max);
        let longest = (chars.len() + max).min(self.terms_by_length.len().saturating_sub(1));
        for length in shortest..=longest {
            for &id in self.terms_by_length.get(length).into_iter().flatten() {
                let [first, second] = self.term_first_letters[id as usize];
                let same_start = Some(first) == chars.first().copied()
                    || (chars.len() >= 5 && Some(second) == chars.get(1).copied());
                if !same_start {
                    continue;
                }
                candidate.clear();
                candidate.extend(self.terms[id as usize].chars());
                if let Some(distance) = fuzzy::bounded_distance(chars, &candidate, max) {
                    if distance > 0 {
                        matches.push((id, distance));
                    }
                }
            }
        }
        matches
    }

    fn inverse_document_frequency(&self, document_frequency: usize) -> f32 {
        let total = self.documents.len() as f32;
        let frequency = document_frequency as f32;
        ((total - frequency + 0.5) / (frequency + 0.5) + 1.0).ln()
    }
}
