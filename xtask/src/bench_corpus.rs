//! Corpora of the search benchmark: the real backlog, the Up For Grabs
//! folder, any folder of entries, and synthetic backlogs of any size. The
//! synthetic ones are made from the words of the real ones by a seeded
//! generator, so every run indexes the same text.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use backlog_core::import::import_folder;
use backlog_core::markdown::plain_text;
use backlog_core::model::{LoadedBacklog, SCHEMA_VERSION};
use backlog_core::{Backlog, Entry};
use serde_json::{json, Value};

use crate::judged;

/// Environment variable that overrides the Up For Grabs folder.
pub const UFG_VARIABLE: &str = "BACKLOG_UFG_POSTS";
/// Seed of the synthetic backlogs. Changing it changes every synthetic figure.
const SYNTHETIC_SEED: u64 = 0x5EED_BAC1_0600_0001;

/// A corpus named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorpusSpec {
    Real,
    Ufg,
    Synthetic(usize),
    Folder(PathBuf),
}

impl CorpusSpec {
    /// Reads `real`, `ufg`, `synthetic-10k` (or `synthetic-N` with a plain
    /// count) or a folder path.
    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "real" => return Ok(CorpusSpec::Real),
            "ufg" => return Ok(CorpusSpec::Ufg),
            _ => {}
        }
        if let Some(size) = text.strip_prefix("synthetic-") {
            let (digits, factor) = match size.strip_suffix('k') {
                Some(digits) => (digits, 1000),
                None => (size, 1),
            };
            let count: usize = digits.parse().with_context(|| {
                format!("invalid corpus `{text}`: expected a size such as synthetic-10k")
            })?;
            if count == 0 {
                bail!("invalid corpus `{text}`: expected at least 1 entry");
            }
            return Ok(CorpusSpec::Synthetic(count * factor));
        }
        let folder = PathBuf::from(text);
        if !folder.is_dir() {
            bail!("invalid corpus `{text}`: expected real, ufg, synthetic-10k, synthetic-50k or a folder of entries");
        }
        Ok(CorpusSpec::Folder(folder))
    }

    /// Returns the name used in file names, tables and judged queries.
    pub fn name(&self) -> String {
        match self {
            CorpusSpec::Real => "real".into(),
            CorpusSpec::Ufg => "ufg".into(),
            CorpusSpec::Synthetic(count) if count % 1000 == 0 => {
                format!("synthetic-{}k", count / 1000)
            }
            CorpusSpec::Synthetic(count) => format!("synthetic-{count}"),
            CorpusSpec::Folder(folder) => {
                let name = folder
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "folder".into());
                format!("folder-{name}")
            }
        }
    }
}

/// Returns the Up For Grabs `_posts` folder: `BACKLOG_UFG_POSTS`, or the
/// `shared/data` copy beside the repository.
pub fn ufg_folder(root: &Path) -> PathBuf {
    std::env::var_os(UFG_VARIABLE)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/up-for-grabs/_posts"))
}

/// Loads a corpus. Synthetic ones take their words from the real backlog
/// and, when present, the Up For Grabs folder.
pub fn load(spec: &CorpusSpec, root: &Path) -> Result<Backlog> {
    match spec {
        CorpusSpec::Real => import(&root.join("content/_posts")),
        CorpusSpec::Ufg => {
            let folder = ufg_folder(root);
            if !folder.is_dir() {
                bail!(
                    "the Up For Grabs corpus is missing at {}: set {UFG_VARIABLE} to its `_posts` folder",
                    folder.display()
                );
            }
            import(&folder)
        }
        CorpusSpec::Folder(folder) => import(folder),
        CorpusSpec::Synthetic(count) => {
            let mut sources = import(&root.join("content/_posts"))?.entries;
            let ufg = ufg_folder(root);
            if ufg.is_dir() {
                sources.extend(import(&ufg)?.entries);
            }
            synthetic(*count, &Vocabulary::from_entries(&sources))
        }
    }
}

fn import(folder: &Path) -> Result<Backlog> {
    import_folder(folder, None).map_err(|problems| {
        let first = problems
            .first()
            .map(|problem| format!("{problem:?}"))
            .unwrap_or_default();
        anyhow::anyhow!(
            "{} has {} problems; the first: {first}; run `cargo xtask check {}`",
            folder.display(),
            problems.len(),
            folder.display()
        )
    })
}

/// Returns the documents that the JavaScript engines index, one per
/// project (or per entry without projects), as `{ids, docs}`. `ids[i]` is
/// the result id of document `i`. Each document has the fields our engine
/// indexes, as plain text: `title`, `tags`, `technologies`,
/// `projectTitle`, `text` and `overview`.
pub fn search_documents(backlog: &Backlog) -> Value {
    let mut ids = Vec::new();
    let mut docs = Vec::new();
    for entry in &backlog.entries {
        let overview = plain_text(&entry.overview);
        let mut push = |id: String, project_title: &str, text: String| {
            docs.push(json!({
                "i": docs.len(),
                "title": entry.title,
                "tags": entry.tags.join(", "),
                "technologies": entry.technologies.join(", "),
                "projectTitle": project_title,
                "text": text,
                "overview": overview,
            }));
            ids.push(id);
        };
        if entry.projects.is_empty() {
            push(entry.slug.clone(), "", String::new());
        }
        for (position, project) in entry.projects.iter().enumerate() {
            let id = judged::result_id(entry, Some(position));
            push(id, &project.title, plain_text(&project.markdown));
        }
    }
    json!({ "ids": ids, "docs": docs })
}

/// Words of real entries, each list keeping repeats so that sampling from
/// it follows the real word frequencies.
#[derive(Default)]
pub struct Vocabulary {
    title_words: Vec<String>,
    text_words: Vec<String>,
    tags: Vec<String>,
    technologies: Vec<String>,
}

impl Vocabulary {
    pub fn from_entries(entries: &[Entry]) -> Self {
        let mut vocabulary = Vocabulary::default();
        // Up For Grabs projects share one fixed description, so a repeated
        // opening is taken once to keep its words from dominating.
        let mut openings = std::collections::HashSet::new();
        let words = |text: &str| -> Vec<String> {
            text.split_whitespace()
                .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|word| !word.is_empty() && !word.contains("://"))
                .map(str::to_string)
                .collect()
        };
        for entry in entries {
            vocabulary.title_words.extend(words(&entry.title));
            vocabulary.tags.extend(entry.tags.iter().cloned());
            vocabulary
                .technologies
                .extend(entry.technologies.iter().cloned());
            vocabulary
                .text_words
                .extend(words(&plain_text(&entry.overview)));
            for project in &entry.projects {
                vocabulary.title_words.extend(words(&project.title));
                let description = plain_text(&project.description);
                let opening: String = description.chars().take(40).collect();
                if openings.insert(opening) {
                    vocabulary.text_words.extend(words(&description));
                }
            }
        }
        vocabulary
    }
}

/// Makes a backlog of `count` entries, newest first, from the vocabulary:
/// 1 to 4 tags, 1 to 5 technologies, an overview of 10 to 40 words and 1 to
/// 3 projects of 20 to 80 words each.
pub fn synthetic(count: usize, vocabulary: &Vocabulary) -> Result<Backlog> {
    if vocabulary.text_words.is_empty() || vocabulary.tags.is_empty() {
        bail!("no words to make a synthetic backlog from: the real backlog is empty");
    }
    let mut random = SplitMix64(SYNTHETIC_SEED);
    let mut entries = Vec::with_capacity(count);
    for position in 0..count {
        entries.push(synthetic_entry(position, vocabulary, &mut random));
    }
    let text = json!({ "schema_version": SCHEMA_VERSION, "about": null, "entries": entries });
    let loaded = LoadedBacklog::from_json(&text.to_string())
        .map_err(|error| anyhow::anyhow!("the synthetic backlog is invalid: {error}"))?;
    if loaded.skipped > 0 {
        bail!(
            "{} synthetic entries do not match the schema",
            loaded.skipped
        );
    }
    Ok(loaded.backlog)
}

fn synthetic_entry(position: usize, vocabulary: &Vocabulary, random: &mut SplitMix64) -> Value {
    let title = capitalize(&random.words(&vocabulary.title_words, 1, 3));
    let tags = random.distinct(&vocabulary.tags, 1, 4);
    let technologies = random.distinct(&vocabulary.technologies, 1, 5);
    let overview = sentence(&random.words(&vocabulary.text_words, 10, 40));
    let project_count = match random.below(10) {
        0..=4 => 1,
        5..=7 => 2,
        _ => 3,
    };
    let projects: Vec<Value> = (1..=project_count)
        .map(|number| {
            let title = capitalize(&random.words(&vocabulary.title_words, 3, 8));
            let description = sentence(&random.words(&vocabulary.text_words, 20, 80));
            let stack = random.distinct(&vocabulary.technologies, 1, 4).join(", ");
            json!({
                "number": number,
                "title": title,
                "markdown": format!("{description}\n\n* **Tech Stack**: {stack}\n"),
                "description": description,
                "tech_stack": stack,
            })
        })
        .collect();
    json!({
        "slug": format!("synthetic-{position}"),
        "title": title,
        "date": date_of(position),
        "tags": tags,
        "technologies": technologies,
        "overview": overview,
        "excerpt": overview,
        "projects": projects,
    })
}

/// Returns an RFC 3339 date, one entry every six hours back from 2026-01-01.
fn date_of(position: usize) -> String {
    let hours_back = position as i64 * 6;
    let days_back = hours_back.div_euclid(24) + 1;
    let hour = 24 - 1 - hours_back.rem_euclid(24);
    let (year, month, day) = civil_from_days(days_from_epoch(2026, 1, 1) - days_back);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:00:00+00:00")
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_epoch(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Inverse of `days_from_epoch` (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn capitalize(words: &[String]) -> String {
    words
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn sentence(words: &[String]) -> String {
    let mut text = capitalize(&words[..1]);
    for word in &words[1..] {
        text.push(' ');
        text.push_str(word);
    }
    text.push('.');
    text
}

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast and the same on
/// every platform, which is all the synthetic corpus needs.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns a number in `0..bound`. The modulo bias is negligible for
    /// the list sizes used here.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// Samples `low..=high` words with repeats.
    fn words(&mut self, pool: &[String], low: usize, high: usize) -> Vec<String> {
        let count = self.between(low, high);
        (0..count)
            .map(|_| pool[self.below(pool.len())].clone())
            .collect()
    }

    /// Samples `low..=high` items without repeats (fewer when the pool has
    /// fewer distinct items).
    fn distinct(&mut self, pool: &[String], low: usize, high: usize) -> Vec<String> {
        let count = self.between(low, high);
        let mut chosen: Vec<String> = Vec::with_capacity(count);
        for _ in 0..count * 4 {
            if chosen.len() == count {
                break;
            }
            let item = &pool[self.below(pool.len())];
            if !chosen.iter().any(|known| known.eq_ignore_ascii_case(item)) {
                chosen.push(item.clone());
            }
        }
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let list = |items: &[&str]| items.iter().map(|item| item.to_string()).collect();
        Vocabulary {
            title_words: list(&["open", "data", "maps"]),
            text_words: list(&["children", "learn", "to", "read", "offline"]),
            tags: list(&["Education", "Health", "Humanitarian"]),
            technologies: list(&["Rust", "Python", "React"]),
        }
    }

    #[test]
    fn synthetic_backlog_is_deterministic() {
        let first = synthetic(50, &vocabulary()).unwrap();
        let second = synthetic(50, &vocabulary()).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.entries.len(), 50);
    }

    #[test]
    fn synthetic_entries_have_projects_and_tags() {
        let backlog = synthetic(20, &vocabulary()).unwrap();
        for entry in &backlog.entries {
            assert!((1..=3).contains(&entry.projects.len()), "{}", entry.slug);
            assert!(!entry.tags.is_empty(), "{}", entry.slug);
        }
    }

    #[test]
    fn synthetic_dates_go_back_in_time() {
        assert_eq!(date_of(0), "2025-12-31T23:00:00+00:00");
        assert_eq!(date_of(4), "2025-12-30T23:00:00+00:00");
        assert_eq!(civil_from_days(days_from_epoch(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn corpus_names_parse() {
        assert_eq!(CorpusSpec::parse("real").unwrap(), CorpusSpec::Real);
        assert_eq!(
            CorpusSpec::parse("synthetic-10k").unwrap(),
            CorpusSpec::Synthetic(10_000)
        );
        assert_eq!(
            CorpusSpec::parse("synthetic-250").unwrap(),
            CorpusSpec::Synthetic(250)
        );
        assert_eq!(CorpusSpec::Synthetic(50_000).name(), "synthetic-50k");
        assert!(CorpusSpec::parse("/no/such/folder").is_err());
        assert!(CorpusSpec::parse("synthetic-0").is_err());
    }

    #[test]
    fn documents_are_one_per_project() {
        let backlog = synthetic(10, &vocabulary()).unwrap();
        let documents = search_documents(&backlog);
        let projects: usize = backlog
            .entries
            .iter()
            .map(|entry| entry.projects.len())
            .sum();
        assert_eq!(documents["ids"].as_array().unwrap().len(), projects);
        assert_eq!(documents["ids"][0], "synthetic-0#project-1");
    }
}
