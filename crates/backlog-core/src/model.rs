//! The backlog as the site loads it: the JSON written by the importer and
//! read by the app, with a tolerant reader that skips malformed entries.

use serde::{Deserialize, Serialize};

/// Version of the JSON layout; the app rejects data of another version.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole backlog: the About entry and the goods, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backlog {
    pub schema_version: u32,
    /// Fingerprint of the content, shared with the search index written
    /// beside it, so the app uses only an index made from this data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// The entry with `tags: []` and no projects, shown as the About page.
    pub about: Option<Entry>,
    /// The digital public goods, newest first.
    pub entries: Vec<Entry>,
}

/// One markdown file of the backlog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// File name without the date prefix and extension: `primero`.
    pub slug: String,
    pub title: String,
    /// RFC 3339 date with the offset written in the file: `2021-02-15T13:32:20+03:00`.
    pub date: String,
    /// Image file name, relative to the site's `img/` folder.
    #[serde(default)]
    pub image: Option<String>,
    /// Pixel size of the image, read at build time so the page can reserve
    /// its space before it loads.
    #[serde(default)]
    pub image_width: Option<u32>,
    #[serde(default)]
    pub image_height: Option<u32>,
    /// Widths in pixels of the generated WebP variants of the image,
    /// `<stem>-<width>.webp` in `img/`, smallest first; empty when there are none.
    #[serde(default)]
    pub image_widths: Vec<u32>,
    /// Image caption as raw HTML; sanitised when rendered.
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub technologies: Vec<String>,
    /// Markdown before the first project section.
    #[serde(default)]
    pub overview: String,
    /// Plain text of the overview's first paragraph, for cards.
    #[serde(default)]
    pub excerpt: String,
    #[serde(default)]
    pub links: Links,
    #[serde(default)]
    pub projects: Vec<Project>,
    /// Path of the source file inside the content folder, for "edit" links.
    #[serde(default)]
    pub source: String,
}

/// Links listed in an entry's overview.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Links {
    #[serde(default)]
    pub website: Option<String>,
    /// Page of the good in the Digital Public Goods registry or its review.
    #[serde(default)]
    pub registry: Option<String>,
    #[serde(default)]
    pub repositories: Vec<String>,
}

/// One `## Project N: title` section of an entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub number: u32,
    pub title: String,
    /// The whole section below the heading, as markdown.
    pub markdown: String,
    /// Markdown before the first labelled field (impact, deliverable, links).
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub expected_impact: Option<String>,
    #[serde(default)]
    pub deliverable: Option<String>,
    #[serde(default)]
    pub repositories: Vec<String>,
    #[serde(default)]
    pub tech_stack: Option<String>,
}

impl Entry {
    /// Returns the anchor id of a project heading: `project-2`.
    pub fn project_anchor(number: u32) -> String {
        format!("project-{number}")
    }
}

/// A backlog read from JSON, with the count of entries that were skipped
/// because they did not match the schema.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedBacklog {
    pub backlog: Backlog,
    pub skipped: usize,
}

/// Reasons the backlog JSON cannot be used at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// The text is not JSON or not an object with `entries`.
    Invalid(String),
    /// The JSON was written for another version of the site.
    WrongVersion { found: u64 },
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::Invalid(reason) => write!(f, "the backlog data is not valid: {reason}"),
            DataError::WrongVersion { found } => write!(
                f,
                "the backlog data has schema version {found}, but this site reads version \
                 {SCHEMA_VERSION}; rebuild the data with `cargo xtask build`"
            ),
        }
    }
}

impl std::error::Error for DataError {}

/// Loose form of the JSON, so one malformed entry does not hide the rest.
#[derive(Deserialize)]
struct RawBacklog {
    schema_version: Option<serde_json::Value>,
    /// Read loosely too: a revision that is not text only means the data
    /// has no usable revision.
    #[serde(default)]
    revision: Option<serde_json::Value>,
    #[serde(default)]
    about: Option<serde_json::Value>,
    entries: Vec<serde_json::Value>,
}

impl LoadedBacklog {
    /// Parses backlog JSON, skipping and counting entries that do not fit
    /// the schema. Fails only when nothing usable is left: not JSON, no
    /// `entries` list, or another schema version.
    pub fn from_json(text: &str) -> Result<Self, DataError> {
        Self::from_json_bytes(text.as_bytes())
    }

    /// Parses backlog JSON as `from_json` does, from bytes that should be
    /// UTF-8. The app reads the download as bytes, which skips decoding
    /// it into a JavaScript string and encoding it back.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Self, DataError> {
        if bytes.trim_ascii().is_empty() {
            return Err(DataError::Invalid("the file is empty".into()));
        }
        // Data in which every entry fits the schema parses straight into
        // the model, several times faster than through `serde_json::Value`.
        // Only other data is read again loosely to skip what does not fit.
        if let Ok(backlog) = serde_json::from_slice::<Backlog>(bytes) {
            if backlog.schema_version == SCHEMA_VERSION {
                return Ok(LoadedBacklog {
                    backlog,
                    skipped: 0,
                });
            }
        }
        let raw: RawBacklog =
            serde_json::from_slice(bytes).map_err(|error| DataError::Invalid(error.to_string()))?;
        let version = raw
            .schema_version
            .as_ref()
            .and_then(serde_json::Value::as_u64);
        if version != Some(u64::from(SCHEMA_VERSION)) {
            return Err(DataError::WrongVersion {
                found: version.unwrap_or(0),
            });
        }
        let mut skipped = 0;
        let mut entries = Vec::with_capacity(raw.entries.len());
        for value in raw.entries {
            match serde_json::from_value::<Entry>(value) {
                Ok(entry) => entries.push(entry),
                Err(_) => skipped += 1,
            }
        }
        let about = match raw.about {
            None | Some(serde_json::Value::Null) => None,
            Some(value) => match serde_json::from_value::<Entry>(value) {
                Ok(entry) => Some(entry),
                Err(_) => {
                    skipped += 1;
                    None
                }
            },
        };
        let backlog = Backlog {
            schema_version: SCHEMA_VERSION,
            revision: raw
                .revision
                .as_ref()
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
            about,
            entries,
        };
        Ok(LoadedBacklog { backlog, skipped })
    }
}

impl Backlog {
    /// Sets `revision` to a fingerprint of everything else: a 64-bit
    /// FNV-1a hash of the JSON, in hexadecimal.
    pub fn set_revision(&mut self) {
        self.revision = None;
        let json = serde_json::to_vec(self).unwrap_or_default();
        let hash = json.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
        self.revision = Some(format!("{hash:016x}"));
    }

    /// Finds an entry, the About entry included, by its slug.
    pub fn find(&self, slug: &str) -> Option<&Entry> {
        self.about
            .iter()
            .chain(self.entries.iter())
            .find(|entry| entry.slug == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_json(slug: &str) -> String {
        format!(r#"{{"slug":"{slug}","title":"T","date":"2021-01-01T00:00:00+00:00"}}"#)
    }

    #[test]
    fn malformed_entry_is_skipped_and_counted() {
        let text = format!(
            r#"{{"schema_version":1,"entries":[{},{{"slug":5}},{}]}}"#,
            entry_json("a"),
            entry_json("b")
        );
        let loaded = LoadedBacklog::from_json(&text).unwrap();
        assert_eq!(loaded.skipped, 1);
        assert_eq!(loaded.backlog.entries.len(), 2);
    }

    #[test]
    fn valid_backlog_loads_whole() {
        let text = format!(
            r#"{{"schema_version":1,"entries":[{},{}]}}"#,
            entry_json("a"),
            entry_json("b")
        );
        let loaded = LoadedBacklog::from_json(&text).unwrap();
        assert_eq!(loaded.skipped, 0);
        assert_eq!(loaded.backlog.entries.len(), 2);
        assert_eq!(loaded.backlog.about, None);
    }

    #[test]
    fn revision_that_is_not_text_is_dropped() {
        let text = format!(
            r#"{{"schema_version":1,"revision":12345,"entries":[{}]}}"#,
            entry_json("a")
        );
        let loaded = LoadedBacklog::from_json(&text).unwrap();
        assert_eq!(loaded.backlog.revision, None);
        assert_eq!(loaded.backlog.entries.len(), 1);
    }

    #[test]
    fn other_schema_version_is_rejected() {
        let error = LoadedBacklog::from_json(r#"{"schema_version":9,"entries":[]}"#).unwrap_err();
        assert_eq!(error, DataError::WrongVersion { found: 9 });
    }

    #[test]
    fn empty_and_truncated_json_are_rejected() {
        assert!(LoadedBacklog::from_json("").is_err());
        assert!(LoadedBacklog::from_json(r#"{"schema_version":1,"entries":[{"#).is_err());
        assert!(LoadedBacklog::from_json("[]").is_err());
    }
}
