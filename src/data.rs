//! Loading the backlog JSON and its search index: the loading, ready and
//! failed states, and the index built in the browser when none was shipped.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use backlog_core::model::LoadedBacklog;
use backlog_core::search::{index_url, SearchIndex, StoredIndex};
use backlog_core::Backlog;
use futures::future::{select, Either};
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
    /// Uses the shipped search index when it was made from this backlog,
    /// and builds one otherwise.
    pub fn new(backlog: Backlog, skipped: usize, stored: Option<StoredIndex>) -> Self {
        let index = match stored.filter(|stored| fits(stored, &backlog, skipped)) {
            Some(stored) => stored.index,
            None => SearchIndex::new(&backlog.entries),
        };
        let about_index = SearchIndex::new(backlog.about.as_slice());
        Library {
            backlog,
            index,
            about_index,
            skipped,
        }
    }
}

/// Checks that `stored` indexes exactly the entries of `backlog`, and logs
/// why when it does not.
fn fits(stored: &StoredIndex, backlog: &Backlog, skipped: usize) -> bool {
    let checked = if backlog.revision.as_deref() != Some(stored.revision.as_str()) {
        Err(format!(
            "it was made from other data (revision {:?}, the data has {:?})",
            stored.revision, backlog.revision
        ))
    } else if skipped > 0 {
        Err(format!(
            "{skipped} entries of the data were skipped, so positions differ"
        ))
    } else {
        stored.check_entries(&backlog.entries)
    };
    match checked {
        Ok(()) => true,
        Err(reason) => {
            log::warn!(
                "the search index is not used because {reason}, so the app builds it in the browser"
            );
            false
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
        let next = match fetch_library(&data_url).await {
            Ok(library) => LoadState::Ready(Arc::new(library)),
            Err(message) => {
                log::error!("{message}");
                LoadState::Failed(message)
            }
        };
        state.set(next);
    });
}

/// Maximum wait for the search index once the data is parsed. The browser
/// builds the index in about 0.3 s at 10,000 entries on a desktop, so a
/// longer wait for a slow or stalled download would gain nothing.
const INDEX_WAIT: Duration = Duration::from_secs(2);

/// Fetches the data and its index side by side. The index is optional, so
/// it may hold up the search for at most `INDEX_WAIT` after the data.
async fn fetch_library(data_url: &str) -> Result<Library, String> {
    let abort = web_sys::AbortController::new().ok();
    let signal = abort.as_ref().map(web_sys::AbortController::signal);
    let index = Box::pin(async {
        match index_url(data_url) {
            Some(url) => fetch_index(&url, signal.as_ref()).await,
            None => None,
        }
    });
    let data = Box::pin(fetch_backlog(data_url));
    let (loaded, index) = match select(data, index).await {
        Either::Left((loaded, index)) => (loaded?, index_in_time(index, abort.as_ref()).await),
        Either::Right((index, data)) => (data.await?, index),
    };
    Ok(Library::new(loaded.backlog, loaded.skipped, index))
}

/// Waits for the index for at most `INDEX_WAIT`, then aborts its download.
async fn index_in_time(
    index: impl Future<Output = Option<StoredIndex>> + Unpin,
    abort: Option<&web_sys::AbortController>,
) -> Option<StoredIndex> {
    match select(index, Box::pin(sleep(INDEX_WAIT))).await {
        Either::Left((index, _)) => index,
        Either::Right(_) => {
            log::warn!(
                "the search index did not arrive within {} s of the data, so the app builds it \
                 in the browser",
                INDEX_WAIT.as_secs()
            );
            if let Some(abort) = abort {
                abort.abort();
            }
            None
        }
    }
}

/// Waits for `duration` on the browser's timer.
async fn sleep(duration: Duration) {
    let milliseconds = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

async fn fetch_backlog(data_url: &str) -> Result<LoadedBacklog, String> {
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
    let bytes = response
        .binary()
        .await
        .map_err(|error| failed(error.to_string()))?;
    let loaded =
        LoadedBacklog::from_json_bytes(&bytes).map_err(|error| failed(error.to_string()))?;
    if loaded.skipped > 0 {
        log::warn!(
            "{} entries of {data_url} did not match the schema and were skipped",
            loaded.skipped
        );
    }
    Ok(loaded)
}

/// Fetches and reads the shipped search index. Without one the app builds
/// its own, so every failure is only logged.
async fn fetch_index(url: &str, abort: Option<&web_sys::AbortSignal>) -> Option<StoredIndex> {
    let unused = |reason: String| {
        log::warn!(
            "the search index {url} is not used because {reason}, so the app builds it in the browser"
        );
    };
    let request = gloo_net::http::Request::get(url).abort_signal(abort);
    let response = match request.send().await {
        Ok(response) if response.ok() => response,
        Ok(response) => {
            unused(format!("the server answered {}", response.status()));
            return None;
        }
        Err(error) => {
            unused(format!("the request failed ({error})"));
            return None;
        }
    };
    let bytes = match response.binary().await {
        Ok(bytes) => bytes,
        Err(error) => {
            unused(error.to_string());
            return None;
        }
    };
    StoredIndex::from_bytes(&bytes)
        .map_err(|error| unused(error.to_string()))
        .ok()
}
