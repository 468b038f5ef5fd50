//! Loading the backlog JSON: the loading, ready and failed states, and the
//! search index built once when the data arrives.

use std::sync::Arc;

use backlog_core::model::LoadedBacklog;
use backlog_core::search::SearchIndex;
use backlog_core::Backlog;
use leptos::prelude::*;

/// The backlog with its search index.
#[derive(Debug)]
pub struct Library {
    pub backlog: Backlog,
    pub index: SearchIndex,
    /// Index of the About entry alone, so a search can point to it.
    pub about_index: SearchIndex,
    /// Entries left out because they did not match the schema.
    pub skipped: usize,
}

impl Library {
    /// Builds the search index of a backlog.
    pub fn new(backlog: Backlog, skipped: usize) -> Self {
        let index = SearchIndex::new(&backlog.entries);
        let about_index = SearchIndex::new(backlog.about.as_slice());
        Library {
            backlog,
            index,
            about_index,
            skipped,
        }
    }
}

/// Loading state of the backlog data.
#[derive(Clone, Debug)]
pub enum LoadState {
    Loading,
    Ready(Arc<Library>),
    /// A message for the reader saying what failed.
    Failed(String),
}

/// Starts loading the data into `state`; call again to retry.
pub fn load(data_url: String, state: RwSignal<LoadState>) {
    state.set(LoadState::Loading);
    leptos::task::spawn_local(async move {
        let next = match fetch_backlog(&data_url).await {
            Ok(library) => LoadState::Ready(Arc::new(library)),
            Err(message) => {
                log::error!("{message}");
                LoadState::Failed(message)
            }
        };
        state.set(next);
    });
}

async fn fetch_backlog(data_url: &str) -> Result<Library, String> {
    let failed =
        |reason: String| format!("The backlog could not be loaded from {data_url}: {reason}.");
    let response = gloo_net::http::Request::get(data_url)
        .send()
        .await
        .map_err(|error| failed(format!("the request failed ({error})")))?;
    if !response.ok() {
        return Err(failed(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        )));
    }
    let text = response
        .text()
        .await
        .map_err(|error| failed(error.to_string()))?;
    let loaded = LoadedBacklog::from_json(&text).map_err(|error| failed(error.to_string()))?;
    if loaded.skipped > 0 {
        log::warn!(
            "{} entries of {data_url} did not match the schema and were skipped",
            loaded.skipped
        );
    }
    Ok(Library::new(loaded.backlog, loaded.skipped))
}
