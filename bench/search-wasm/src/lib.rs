//! `SearchIndex` of `backlog-core` behind a small wasm-bindgen interface,
//! so the search benchmark can load it in a browser page next to the
//! JavaScript search libraries.

use backlog_core::model::LoadedBacklog;
use backlog_core::search::SearchIndex;
use backlog_core::Entry;
use wasm_bindgen::prelude::*;

/// Value of `project` in `search` output for a hit on the entry itself.
const NO_PROJECT: u32 = u32::MAX;

/// Entries parsed from backlog JSON, with their index once built.
#[wasm_bindgen]
pub struct Engine {
    entries: Vec<Entry>,
    index: Option<SearchIndex>,
}

#[wasm_bindgen]
impl Engine {
    /// Parses backlog JSON as the app does, skipping malformed entries.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<Engine, JsError> {
        let loaded =
            LoadedBacklog::from_json(json).map_err(|error| JsError::new(&error.to_string()))?;
        Ok(Engine {
            entries: loaded.backlog.entries,
            index: None,
        })
    }

    /// Builds the search index, which `search` and `searchIds` need.
    pub fn build(&mut self) {
        self.index = Some(SearchIndex::new(&self.entries));
    }

    /// Returns the best `limit` hits as pairs of entry position and project
    /// position, with `u32::MAX` as the project of a hit on the entry itself.
    /// Snippets are made as in the app, then dropped.
    pub fn search(&self, query: &str, limit: usize) -> Vec<u32> {
        let Some(index) = &self.index else {
            return Vec::new();
        };
        let hits = index.search(&self.entries, query, limit);
        let mut pairs = Vec::with_capacity(hits.len() * 2);
        for hit in hits {
            pairs.push(hit.entry as u32);
            pairs.push(hit.project.map_or(NO_PROJECT, |project| project as u32));
        }
        pairs
    }

    /// Returns the best `limit` hits as result ids: `slug` for the entry
    /// itself, `slug#project-N` for a project.
    #[wasm_bindgen(js_name = searchIds)]
    pub fn search_ids(&self, query: &str, limit: usize) -> Vec<String> {
        let Some(index) = &self.index else {
            return Vec::new();
        };
        index
            .search(&self.entries, query, limit)
            .into_iter()
            .map(|hit| {
                let entry = &self.entries[hit.entry];
                match hit
                    .project
                    .and_then(|position| entry.projects.get(position))
                {
                    Some(project) => {
                        format!("{}#{}", entry.slug, Entry::project_anchor(project.number))
                    }
                    None => entry.slug.clone(),
                }
            })
            .collect()
    }

    /// Returns the number of entries.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.entries.len()
    }
}
