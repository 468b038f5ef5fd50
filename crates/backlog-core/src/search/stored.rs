//! The search index as a file, written at build time next to the backlog
//! JSON, so the app reads the index instead of building it.
//!
//! Reading is a few copies of flat arrays, several times faster than
//! tokenizing every entry again. The file is checked in full while it is
//! read: an index that was cut short, damaged or written by another version
//! is rejected with the reason, and the app then builds its own. The file
//! has no checksum, so a damaged posting that still reads as valid is used.
//!
//! Layout, every number a little-endian `u32` unless noted otherwise:
//! - `MAGIC`, `FORMAT_VERSION`, the revision (length and UTF-8), the
//!   `entries_fingerprint` (a `u64`) and the number of entries;
//! - the documents: count, entry of each, project of each or `u32::MAX`;
//! - the terms: count, end offset of each, then their UTF-8 text;
//! - the postings: start of each term's and the total, documents, `f32`
//!   weights;
//! - the tags: count, key and name of each;
//! - the tags of each entry: start of each entry's, the total, the tag ids.

use super::{Document, IndexParts, SearchIndex, TagInfo};
use crate::model::Entry;

/// First bytes of every index file.
const MAGIC: &[u8; 8] = b"DPGINDEX";
/// Version of the layout. An index of another version is rejected.
const FORMAT_VERSION: u32 = 1;
/// Project of a document that is an entry without projects.
const NO_PROJECT: u32 = u32::MAX;

/// An index read from a file, with the revision of the backlog it was made
/// from.
#[derive(Clone, Debug)]
pub struct StoredIndex {
    /// The `revision` of the backlog JSON written with the index.
    pub revision: String,
    pub index: SearchIndex,
    /// `entries_fingerprint` of the entries indexed.
    entries_fingerprint: u64,
}

/// Reasons an index file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredIndexError {
    /// The file does not start as an index file does.
    NotAnIndex,
    WrongVersion {
        found: u32,
    },
    /// The file ends before `part` is complete.
    Truncated {
        part: &'static str,
    },
    /// `part` contains a value that no index has.
    Invalid {
        part: &'static str,
    },
}

impl std::fmt::Display for StoredIndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let advice = "rebuild it with `cargo xtask build`";
        match self {
            StoredIndexError::NotAnIndex => {
                write!(f, "the file is not a search index; {advice}")
            }
            StoredIndexError::WrongVersion { found } => write!(
                f,
                "the search index has format version {found}, but this site reads version \
                 {FORMAT_VERSION}; {advice}"
            ),
            StoredIndexError::Truncated { part } => {
                write!(f, "the search index ends inside its {part}; {advice}")
            }
            StoredIndexError::Invalid { part } => {
                write!(f, "the search index has invalid {part}; {advice}")
            }
        }
    }
}

impl std::error::Error for StoredIndexError {}

/// Returns where the index of the backlog at `data_url` is written: the
/// same address with `-index.bin` in place of `.json`, so `backlog.json`
/// has `backlog-index.bin`. `None` when the address does not end in `.json`.
pub fn index_url(data_url: &str) -> Option<String> {
    let path_end = data_url.find(['?', '#']).unwrap_or(data_url.len());
    let (path, rest) = data_url.split_at(path_end);
    let stem = path.strip_suffix(".json")?;
    Some(format!("{stem}-index.bin{rest}"))
}

impl SearchIndex {
    /// Writes the index of `entries` as a file for `StoredIndex::from_bytes`,
    /// marked with the revision of the backlog it was made from.
    pub fn to_bytes(&self, entries: &[Entry], revision: &str) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, FORMAT_VERSION);
        put_str(&mut out, revision);
        out.extend_from_slice(&entries_fingerprint(entries).to_le_bytes());
        put_len(&mut out, self.entry_tags.len());

        put_len(&mut out, self.documents.len());
        put_u32s(
            &mut out,
            self.documents.iter().map(|document| document.entry),
        );
        let projects = self.documents.iter().map(|document| document.project);
        put_u32s(
            &mut out,
            projects.map(|project| project.unwrap_or(NO_PROJECT)),
        );

        put_len(&mut out, self.terms.len());
        let mut end = 0;
        put_u32s(
            &mut out,
            self.terms.iter().map(|term| {
                end += term.len() as u32;
                end
            }),
        );
        self.terms
            .iter()
            .for_each(|term| out.extend_from_slice(term.as_bytes()));

        put_u32s(&mut out, self.posting_starts.iter().copied());
        put_u32s(&mut out, self.posting_documents.iter().copied());
        put_u32s(&mut out, self.posting_weights.iter().map(|w| w.to_bits()));

        put_len(&mut out, self.tags.len());
        for tag in &self.tags {
            put_str(&mut out, &tag.key);
            put_str(&mut out, &tag.name);
        }
        let mut start = 0;
        put_u32(&mut out, 0);
        put_u32s(
            &mut out,
            self.entry_tags.iter().map(|tags| {
                start += tags.len() as u32;
                start
            }),
        );
        put_u32s(&mut out, self.entry_tags.iter().flatten().copied());
        out
    }
}

impl StoredIndex {
    /// Reads an index written by `SearchIndex::to_bytes`, checking every
    /// part, so that a damaged file is rejected rather than searched.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, StoredIndexError> {
        let mut reader = Reader { bytes, position: 0 };
        if reader.take(MAGIC.len(), "header").ok() != Some(MAGIC.as_slice()) {
            return Err(StoredIndexError::NotAnIndex);
        }
        let version = reader.u32("header")?;
        if version != FORMAT_VERSION {
            return Err(StoredIndexError::WrongVersion { found: version });
        }
        let revision = reader.str("revision")?.to_string();
        let fingerprint = reader.take(8, "header")?;
        let entries_fingerprint = u64::from_le_bytes(std::array::from_fn(|i| fingerprint[i]));
        let entry_count = reader.u32("header")? as usize;

        let documents = read_documents(&mut reader, entry_count)?;
        let terms = read_terms(&mut reader)?;
        let (posting_starts, posting_documents, posting_weights) =
            read_postings(&mut reader, terms.len(), documents.len())?;
        let tags = read_tags(&mut reader)?;
        let entry_tags = read_entry_tags(&mut reader, entry_count, tags.len())?;
        if reader.position != bytes.len() {
            return Err(StoredIndexError::Invalid {
                part: "bytes after its end",
            });
        }
        let index = SearchIndex::from_parts(IndexParts {
            documents,
            terms,
            posting_starts,
            posting_documents,
            posting_weights,
            tags,
            entry_tags,
        });
        Ok(StoredIndex {
            revision,
            index,
            entries_fingerprint,
        })
    }

    /// Checks that the index was made from `entries`: the same goods in the
    /// same order with as many projects, and documents that follow them.
    /// This catches data edited after the build, which keeps its revision,
    /// and documents damaged in ways the reader cannot see.
    pub fn check_entries(&self, entries: &[Entry]) -> Result<(), String> {
        let indexed = self.index.entry_count();
        if indexed != entries.len() {
            return Err(format!(
                "it has {indexed} entries and the data {}",
                entries.len()
            ));
        }
        if self.entries_fingerprint != entries_fingerprint(entries) {
            return Err("its goods or their projects differ from those of the data".into());
        }
        // One document per project, or one for an entry without projects.
        let expected = entries.iter().enumerate().flat_map(|(position, entry)| {
            let projects = entry.projects.len() as u32;
            (0..projects.max(1))
                .map(move |project| (position as u32, (projects > 0).then_some(project)))
        });
        let documents = self.index.documents.iter().map(|d| (d.entry, d.project));
        if !documents.eq(expected) {
            return Err("its documents do not follow the goods and projects of the data".into());
        }
        let tags_fit = entries
            .iter()
            .zip(&self.index.entry_tags)
            .all(|(entry, ids)| {
                ids.len() <= entry.tags.len() && ids.is_empty() == entry.tags.is_empty()
            });
        if !tags_fit {
            return Err("its tags do not follow the tags of the data".into());
        }
        Ok(())
    }
}

/// Hashes the slugs of the entries and their number of projects, in order,
/// with 64-bit FNV-1a.
fn entries_fingerprint(entries: &[Entry]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut add = |bytes: &[u8]| {
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for entry in entries {
        add(entry.slug.as_bytes());
        add(&[0]);
        add(&(entry.projects.len() as u32).to_le_bytes());
    }
    hash
}

fn read_documents(
    reader: &mut Reader,
    entry_count: usize,
) -> Result<Vec<Document>, StoredIndexError> {
    const PART: &str = "documents";
    let count = reader.u32(PART)? as usize;
    let entries = reader.u32s(count, PART)?;
    let projects = reader.u32s(count, PART)?;
    if entries.iter().any(|&entry| entry as usize >= entry_count) {
        return Err(StoredIndexError::Invalid { part: PART });
    }
    Ok(entries
        .into_iter()
        .zip(projects)
        .map(|(entry, project)| Document {
            entry,
            project: (project != NO_PROJECT).then_some(project),
        })
        .collect())
}

/// Reads the terms, which must be valid UTF-8, non-empty and in strictly
/// increasing order, since prefix and exact lookups search them by halves.
fn read_terms(reader: &mut Reader) -> Result<Vec<Box<str>>, StoredIndexError> {
    const PART: &str = "terms";
    let count = reader.u32(PART)? as usize;
    let ends = reader.u32s(count, PART)?;
    let text_length = ends.last().copied().unwrap_or(0) as usize;
    let text = std::str::from_utf8(reader.take(text_length, PART)?)
        .map_err(|_| StoredIndexError::Invalid { part: PART })?;
    let mut terms: Vec<Box<str>> = Vec::with_capacity(count);
    let mut start = 0;
    for end in ends {
        let term = text
            .get(start..end as usize)
            .filter(|term| !term.is_empty())
            .ok_or(StoredIndexError::Invalid { part: PART })?;
        if terms.last().is_some_and(|previous| **previous >= *term) {
            return Err(StoredIndexError::Invalid { part: PART });
        }
        terms.push(term.into());
        start = end as usize;
    }
    Ok(terms)
}

type Postings = (Vec<u32>, Vec<u32>, Vec<f32>);

fn read_postings(
    reader: &mut Reader,
    term_count: usize,
    document_count: usize,
) -> Result<Postings, StoredIndexError> {
    const PART: &str = "postings";
    let starts = reader.u32s(term_count + 1, PART)?;
    let total = starts.last().copied().unwrap_or(0) as usize;
    let in_order = starts.first() == Some(&0) && starts.windows(2).all(|pair| pair[0] <= pair[1]);
    let documents = reader.u32s(total, PART)?;
    let weights: Vec<f32> = reader
        .u32s(total, PART)?
        .into_iter()
        .map(f32::from_bits)
        .collect();
    let valid = in_order
        && documents
            .iter()
            .all(|&document| (document as usize) < document_count)
        && weights
            .iter()
            .all(|weight| weight.is_finite() && *weight >= 0.0);
    if !valid {
        return Err(StoredIndexError::Invalid { part: PART });
    }
    Ok((starts, documents, weights))
}

fn read_tags(reader: &mut Reader) -> Result<Vec<TagInfo>, StoredIndexError> {
    const PART: &str = "tags";
    let count = reader.u32(PART)? as usize;
    // Each tag takes at least its two lengths, which bounds the count by
    // the bytes left before anything is allocated.
    if count > reader.remaining() / 8 {
        return Err(StoredIndexError::Truncated { part: PART });
    }
    let tags: Vec<TagInfo> = (0..count)
        .map(|_| {
            Ok(TagInfo {
                key: reader.str(PART)?.to_string(),
                name: reader.str(PART)?.to_string(),
            })
        })
        .collect::<Result<_, StoredIndexError>>()?;
    let keys: std::collections::HashSet<&str> = tags.iter().map(|tag| tag.key.as_str()).collect();
    if keys.len() != tags.len() {
        return Err(StoredIndexError::Invalid { part: PART });
    }
    Ok(tags)
}

fn read_entry_tags(
    reader: &mut Reader,
    entry_count: usize,
    tag_count: usize,
) -> Result<Vec<Vec<u32>>, StoredIndexError> {
    const PART: &str = "tags of entries";
    let starts = reader.u32s(entry_count + 1, PART)?;
    let total = starts.last().copied().unwrap_or(0) as usize;
    let ids = reader.u32s(total, PART)?;
    let in_order = starts.first() == Some(&0) && starts.windows(2).all(|pair| pair[0] <= pair[1]);
    if !in_order || ids.iter().any(|&id| id as usize >= tag_count) {
        return Err(StoredIndexError::Invalid { part: PART });
    }
    Ok(starts
        .windows(2)
        .map(|pair| ids[pair[0] as usize..pair[1] as usize].to_vec())
        .collect())
}

/// Reads the file front to back; every read checks the bytes are there.
struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.position
    }

    fn take(&mut self, length: usize, part: &'static str) -> Result<&'a [u8], StoredIndexError> {
        if length > self.remaining() {
            return Err(StoredIndexError::Truncated { part });
        }
        let chunk = &self.bytes[self.position..self.position + length];
        self.position += length;
        Ok(chunk)
    }

    fn u32(&mut self, part: &'static str) -> Result<u32, StoredIndexError> {
        let bytes = self.take(4, part)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn u32s(&mut self, count: usize, part: &'static str) -> Result<Vec<u32>, StoredIndexError> {
        let length = count
            .checked_mul(4)
            .ok_or(StoredIndexError::Truncated { part })?;
        let bytes = self.take(length, part)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
            .collect())
    }

    fn str(&mut self, part: &'static str) -> Result<&'a str, StoredIndexError> {
        let length = self.u32(part)? as usize;
        std::str::from_utf8(self.take(length, part)?)
            .map_err(|_| StoredIndexError::Invalid { part })
    }
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// Writes a count. An index contains far fewer than 2³² of anything.
fn put_len(out: &mut Vec<u8>, length: usize) {
    put_u32(out, length as u32);
}

fn put_u32s(out: &mut Vec<u8>, values: impl IntoIterator<Item = u32>) {
    values.into_iter().for_each(|value| put_u32(out, value));
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_len(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::entry;
    use crate::search::TagMode;

    fn entries() -> Vec<Entry> {
        let mut child = entry(
            "a",
            "Child protection",
            &["Health", "Children"],
            &[("Offline sync", "Works offline.")],
        );
        let mut civil = entry(
            "b",
            "Civil registration",
            &["health"],
            &[("Offline sync", "Registers births, 儿童保护.")],
        );
        for entry in [&mut child, &mut civil] {
            entry.technologies = vec!["Python".into()];
            entry.overview = "An **open** registry.".into();
        }
        vec![child, civil]
    }

    fn stored(entries: &[Entry]) -> Vec<u8> {
        SearchIndex::new(entries).to_bytes(entries, "rev-1")
    }

    #[test]
    fn index_sits_beside_the_data() {
        assert_eq!(
            index_url("https://example.org/b/backlog.json").as_deref(),
            Some("https://example.org/b/backlog-index.bin")
        );
        assert_eq!(
            index_url("/data.json?v=2#top").as_deref(),
            Some("/data-index.bin?v=2#top")
        );
        assert_eq!(index_url("/api/backlog"), None);
    }

    #[test]
    fn read_back_index_finds_the_same() {
        let entries = entries();
        let built = SearchIndex::new(&entries);
        let read = StoredIndex::from_bytes(&stored(&entries)).unwrap();
        assert_eq!(read.revision, "rev-1");
        for query in [
            "offline",
            "pyth",
            "helth ",
            "\"child protection\"",
            "保护",
            "-births",
        ] {
            assert_eq!(
                read.index.search(&entries, query, 10),
                built.search(&entries, query, 10),
                "{query}"
            );
        }
        let tags = ["HEALTH".to_string()];
        assert_eq!(
            read.index.filter(&entries, "", &tags, TagMode::All),
            vec![0, 1]
        );
        assert_eq!(read.index.tag_counts(&[0]), built.tag_counts(&[0]));
    }

    #[test]
    fn index_of_other_entries_is_named() {
        let entries = entries();
        let read = StoredIndex::from_bytes(&stored(&entries)).unwrap();
        assert_eq!(read.check_entries(&entries), Ok(()));

        let reversed: Vec<Entry> = entries.iter().rev().cloned().collect();
        assert!(read.check_entries(&reversed).is_err());
        let mut fewer_projects = entries.clone();
        fewer_projects[0].projects.clear();
        assert!(read.check_entries(&fewer_projects).is_err());
        assert!(read.check_entries(&entries[..1]).is_err());
    }

    #[test]
    fn every_cut_is_rejected() {
        let bytes = stored(&entries());
        for length in 0..bytes.len() {
            assert!(
                StoredIndex::from_bytes(&bytes[..length]).is_err(),
                "cut at {length}"
            );
        }
    }

    #[test]
    fn other_files_and_versions_are_named() {
        let bytes = stored(&entries());
        assert_eq!(
            StoredIndex::from_bytes(b"{\"entries\": []}").unwrap_err(),
            StoredIndexError::NotAnIndex
        );
        let mut newer = bytes.clone();
        newer[8] = 9;
        let error = StoredIndex::from_bytes(&newer).unwrap_err();
        assert_eq!(error, StoredIndexError::WrongVersion { found: 9 });
        assert!(error.to_string().contains("cargo xtask build"));
        let mut longer = bytes;
        longer.push(0);
        assert!(StoredIndex::from_bytes(&longer).is_err());
    }

    #[test]
    fn changed_bytes_never_panic() {
        let entries = entries();
        let bytes = stored(&entries);
        for position in 0..bytes.len() {
            for value in [0, 1, 0x7f, 0xff] {
                let mut changed = bytes.clone();
                changed[position] = value;
                if let Ok(read) = StoredIndex::from_bytes(&changed) {
                    let _ = read.check_entries(&entries);
                    read.index
                        .search(&entries, "offline \"open registry\" -x", 10);
                    read.index.results(&entries, "h", &[], TagMode::Any);
                    read.index.tag_counts(&[0, 1]);
                }
            }
        }
    }
}
