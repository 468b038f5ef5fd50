//! Helpers shared by the integration tests: paths into the repository and
//! temporary folders of entry files that are removed when dropped.

// Each test file compiles its own copy of this module and uses only some
// of the helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Primero's entry as it is in the repository, embedded at build time.
pub const PRIMERO: &str = include_str!("../../../../content/_posts/2021-02-15-primero.md");

/// File name of Primero's entry.
pub const PRIMERO_FILE: &str = "2021-02-15-primero.md";

/// Returns the root of the git repository.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Returns the repository's entry folder, `content/_posts`.
pub fn posts_dir() -> PathBuf {
    repo_root().join("content/_posts")
}

/// Returns the repository's image folder, `content/img`.
pub fn images_dir() -> PathBuf {
    repo_root().join("content/img")
}

/// Returns the 1-based line of the first line of `text` that starts with
/// `prefix`. Panics when no line does, because the fixture then no longer
/// contains what the test changes.
pub fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|line| line.starts_with(prefix))
        .map(|index| index + 1)
        .unwrap_or_else(|| panic!("no line starts with {prefix:?}"))
}

/// Returns `text` with its only occurrence of `from` replaced by `to`.
/// Panics when `from` occurs zero or several times, so a fixture edit can
/// never silently miss.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    let count = text.matches(from).count();
    assert_eq!(count, 1, "{from:?} occurs {count} times in the fixture");
    text.replacen(from, to, 1)
}

/// A folder under the system's temporary folder, removed with its content
/// when the value is dropped.
pub struct TempFolder {
    path: PathBuf,
}

impl TempFolder {
    /// Creates an empty folder whose name contains `label`, the process id
    /// and a counter, so parallel tests and test runs never share one.
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let number = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("backlog-core-{label}-{}-{number}", std::process::id());
        let path = std::env::temp_dir().join(name);
        if path.exists() {
            std::fs::remove_dir_all(&path).expect("failed to remove a stale test folder");
        }
        std::fs::create_dir_all(&path).expect("failed to create the test folder");
        TempFolder { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` to the file `name` inside the folder and returns its
    /// path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(name);
        std::fs::write(&path, bytes).expect("failed to write a test file");
        path
    }

    /// Creates the subfolder `name` and returns its path.
    pub fn subfolder(&self, name: &str) -> PathBuf {
        let path = self.path.join(name);
        std::fs::create_dir_all(&path).expect("failed to create a test subfolder");
        path
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        // A folder left behind only costs disk space, so a failure to
        // remove it must not hide the test's own result.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
