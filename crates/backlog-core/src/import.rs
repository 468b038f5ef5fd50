//! Reading a folder of markdown entries into a checked backlog.
//!
//! Each file is cut into front matter and body, its fields are checked and
//! typed in one place, and its body is split into overview and projects.
//! Every problem in every file is collected before the import fails.

use std::collections::BTreeSet;
use std::path::Path;

use yaml_rust2::Yaml;

use crate::date::{parse_date, DATE_EXAMPLE};
use crate::front_matter::{parse_fields, split_front_matter, RawField, SplitFile};
use crate::markdown::first_paragraph;
use crate::model::{Backlog, Entry, SCHEMA_VERSION};
use crate::problem::Problem;
use crate::sections::{links_from_overview, project_from_section, split_body};
use crate::text::{tag_key, truncate_words};

/// Front matter keys an entry may use. `description` is kept for old
/// entries but not shown, since the original template filled it with
/// placeholder text.
const KNOWN_KEYS: &[&str] = &[
    "layout",
    "title",
    "date",
    "description",
    "img",
    "fig-caption",
    "tags",
    "projects",
    "technologies",
    "published",
    "author",
    "categories",
    "permalink",
];

/// Maximum card excerpt length, in characters.
const EXCERPT_CHARS: usize = 220;

/// Reads every `.md` file of `posts_dir` into a backlog, checking image
/// names against the files of `images_dir` when it is given. Returns all
/// problems found in all files when any file is broken.
pub fn import_folder(posts_dir: &Path, images_dir: Option<&Path>) -> Result<Backlog, Vec<Problem>> {
    let folder_problem = |path: &Path, error: std::io::Error| {
        let message = format!("cannot read the folder: {error}; check that it exists");
        vec![Problem::new(&path.display().to_string(), 1, message)]
    };
    let images = match images_dir {
        Some(dir) => Some(image_names(dir).map_err(|error| folder_problem(dir, error))?),
        None => None,
    };
    let files = entry_files(posts_dir).map_err(|error| folder_problem(posts_dir, error))?;
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    for path in files {
        let label = path.display().to_string();
        let parsed = match std::fs::read(&path) {
            Ok(bytes) => parse_entry(&label, &file_name(&path), &bytes, images.as_ref()),
            Err(error) => Err(vec![Problem::new(
                &label,
                1,
                format!("cannot read the file: {error}"),
            )]),
        };
        match parsed {
            Ok(Some(mut entry)) => {
                if let Some(dir) = images_dir {
                    read_image_size(&mut entry.entry, dir);
                }
                entries.push((label, entry));
            }
            Ok(None) => {}
            Err(found) => problems.extend(found),
        }
    }
    let backlog = assemble(entries, &mut problems);
    if problems.is_empty() {
        Ok(backlog)
    } else {
        Err(problems)
    }
}

/// An entry with what is needed to order and place it.
#[derive(Debug)]
pub struct CheckedEntry {
    pub entry: Entry,
    /// Seconds since 1970 UTC, for newest-first order.
    pub timestamp: i64,
    /// True for the About entry: `tags: []` and no projects.
    pub is_about: bool,
}

/// Checks one file, and its image name against `images` when given.
/// Returns `Ok(None)` for an entry with `published: false`.
pub fn parse_entry(
    label: &str,
    file_name: &str,
    bytes: &[u8],
    images: Option<&BTreeSet<String>>,
) -> Result<Option<CheckedEntry>, Vec<Problem>> {
    let problem = |line: usize, message: String| Problem::new(label, line, message);
    let text = decode_text(bytes).map_err(|(line, message)| vec![problem(line, message)])?;
    let split =
        split_front_matter(&text).map_err(|(line, message)| vec![problem(line, message)])?;
    let fields = parse_fields(&split).map_err(|found| {
        found
            .into_iter()
            .map(|(line, message)| problem(line, message))
            .collect::<Vec<_>>()
    })?;
    let mut checker = FieldChecker {
        label,
        problems: Vec::new(),
        split: &split,
    };
    let slug = checker.slug(file_name);
    let entry = checker.entry(&fields, slug, images);
    if checker.problems.is_empty() {
        Ok(entry)
    } else {
        Err(checker.problems)
    }
}

/// Fills in the pixel size of the entry's image. An unreadable image keeps
/// no size, and the page then sizes it by its CSS aspect ratio.
fn read_image_size(entry: &mut Entry, images_dir: &Path) {
    let Some(name) = &entry.image else { return };
    if let Ok(size) = imagesize::size(images_dir.join(name)) {
        entry.image_width = u32::try_from(size.width).ok();
        entry.image_height = u32::try_from(size.height).ok();
    }
}

/// Names of the files in the image folder.
pub fn image_names(dir: &Path) -> std::io::Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for item in std::fs::read_dir(dir)? {
        let item = item?;
        if item.file_type()?.is_file() {
            names.insert(item.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

/// Markdown files of the folder in name order, hidden files skipped.
fn entry_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for item in std::fs::read_dir(dir)? {
        let path = item?.path();
        let name = file_name(&path);
        let is_markdown = name.ends_with(".md") || name.ends_with(".markdown");
        if is_markdown && !name.starts_with('.') && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Decodes UTF-8, dropping a byte-order mark and turning CRLF into LF.
fn decode_text(bytes: &[u8]) -> Result<String, (usize, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        let message = format!(
            "invalid UTF-8 at byte {}; save the file with UTF-8 encoding",
            error.valid_up_to()
        );
        (line, message)
    })?;
    Ok(text.replace("\r\n", "\n"))
}

/// Orders the entries, takes out the About entry and reports duplicates.
fn assemble(entries: Vec<(String, CheckedEntry)>, problems: &mut Vec<Problem>) -> Backlog {
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut about: Option<(String, Entry)> = None;
    let mut goods = Vec::new();
    for (label, checked) in entries {
        let slug = checked.entry.slug.clone();
        if let Some((_, first)) = seen.iter().find(|(known, _)| *known == slug) {
            let message = format!("duplicate slug `{slug}`: `{first}` has the same name after its date; rename one of the files");
            problems.push(Problem::new(&label, 1, message));
            continue;
        }
        seen.push((slug, label.clone()));
        if !checked.is_about {
            goods.push(checked);
        } else if let Some((first, _)) = &about {
            let message = format!(
                "second About entry (`tags: []` and no projects); `{first}` is already the About \
                 page, so add tags and projects to this one"
            );
            problems.push(Problem::new(&label, 1, message));
        } else {
            about = Some((label, checked.entry));
        }
    }
    goods.sort_by(|a, b| {
        b.timestamp
            .cmp(&a.timestamp)
            .then_with(|| a.entry.slug.cmp(&b.entry.slug))
    });
    Backlog {
        schema_version: SCHEMA_VERSION,
        revision: None,
        about: about.map(|(_, entry)| entry),
        entries: goods.into_iter().map(|checked| checked.entry).collect(),
    }
}

/// Turns the loose fields of one file into an entry, collecting problems.
struct FieldChecker<'a> {
    label: &'a str,
    problems: Vec<Problem>,
    split: &'a SplitFile<'a>,
}

impl FieldChecker<'_> {
    fn report(&mut self, line: usize, message: String) {
        self.problems.push(Problem::new(self.label, line, message));
    }

    /// Reads the slug from a `YYYY-MM-DD-slug.md` file name.
    fn slug(&mut self, file_name: &str) -> String {
        let stem = file_name
            .rsplit_once('.')
            .map_or(file_name, |(stem, _)| stem);
        let has_date = stem.len() > 11
            && stem.is_char_boundary(11)
            && stem.bytes().take(10).enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
            && stem.as_bytes()[10] == b'-';
        if !has_date {
            let message = format!("file name `{file_name}` must look like `2021-02-15-primero.md`: the date, then the slug used in the URL");
            self.report(1, message);
            return stem.to_string();
        }
        let slug = &stem[11..];
        if !slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            let message = format!("slug `{slug}` in the file name may contain only letters, digits, `-`, `_` and `.`; rename the file");
            self.report(1, message);
        }
        if crate::route::RESERVED_SLUGS.contains(&slug) {
            let message =
                format!("slug `{slug}` is the address of a page of the site; rename the file");
            self.report(1, message);
        }
        slug.to_string()
    }

    fn entry(
        &mut self,
        fields: &[RawField],
        slug: String,
        images: Option<&BTreeSet<String>>,
    ) -> Option<CheckedEntry> {
        self.unknown_keys(fields);
        let field = |key: &str| fields.iter().find(|field| field.key == key);
        if field("published").is_some_and(|f| f.value == Yaml::Boolean(false)) {
            return None;
        }
        let title = self.title(field("title"));
        let date = self.date(field("date"));
        let image = self.image(field("img"), images);
        let caption = field("fig-caption")
            .and_then(|f| scalar_text(&f.value))
            .filter(|c| !c.is_empty());
        let tags = self.tags(field("tags"));
        let technologies = field("technologies")
            .map(|f| list_or_commas(&f.value))
            .unwrap_or_default();
        let body = split_body(self.split.body);
        let projects: Vec<_> = body.projects.iter().map(project_from_section).collect();
        self.project_numbers(&body.projects);
        self.project_count(field("projects"), body.projects.len());
        let (title, date, tags) = (title?, date?, tags?);
        let is_about = tags.is_empty() && projects.is_empty();
        let entry = Entry {
            slug,
            title,
            date: date.rfc3339,
            image,
            image_width: None,
            image_height: None,
            image_widths: Vec::new(),
            caption,
            tags,
            technologies,
            overview: body.overview.to_string(),
            excerpt: truncate_words(&first_paragraph(body.overview), EXCERPT_CHARS),
            links: links_from_overview(body.overview),
            projects,
            source: self
                .label
                .rsplit('/')
                .next()
                .unwrap_or(self.label)
                .to_string(),
        };
        Some(CheckedEntry {
            entry,
            timestamp: date.timestamp,
            is_about,
        })
    }

    fn unknown_keys(&mut self, fields: &[RawField]) {
        for field in fields {
            if KNOWN_KEYS.contains(&field.key.as_str()) {
                continue;
            }
            let mut message = format!("unknown key `{}`", field.key);
            match closest_key(&field.key) {
                Some(known) => message.push_str(&format!("; did you mean `{known}`?")),
                None => message.push_str(&format!("; the keys are {}", KNOWN_KEYS.join(", "))),
            }
            self.report(field.line, message);
        }
    }

    fn missing(&mut self, key: &str, example: &str) {
        let message = format!("missing `{key}`; add a line such as `{key}: {example}`");
        self.report(self.split.yaml_line, message);
    }

    fn title(&mut self, field: Option<&RawField>) -> Option<String> {
        let Some(field) = field else {
            self.missing("title", "Primero");
            return None;
        };
        match scalar_text(&field.value).filter(|title| !title.is_empty()) {
            Some(title) => Some(title),
            None => {
                self.report(
                    field.line,
                    "empty `title`; write the name of the good, as in `title: Primero`".into(),
                );
                None
            }
        }
    }

    fn date(&mut self, field: Option<&RawField>) -> Option<crate::date::EntryDate> {
        let Some(field) = field else {
            self.missing("date", DATE_EXAMPLE);
            return None;
        };
        let text = scalar_text(&field.value).unwrap_or_default();
        match parse_date(&text) {
            Ok(date) => Some(date),
            Err(message) => {
                self.report(field.line, message);
                None
            }
        }
    }

    fn image(
        &mut self,
        field: Option<&RawField>,
        images: Option<&BTreeSet<String>>,
    ) -> Option<String> {
        let field = field?;
        let name = scalar_text(&field.value).filter(|name| !name.is_empty())?;
        let is_plain_name = !name.contains(['/', '\\']) && !name.starts_with('.');
        if !is_plain_name {
            let message = format!(
                "`img: {name}` must be a file name in the image folder, such as `img: primero.png`"
            );
            self.report(field.line, message);
        } else if images.is_some_and(|images| !images.contains(&name)) {
            let message = format!(
                "image `{name}` not found in the image folder; add the file or fix the name"
            );
            self.report(field.line, message);
        }
        Some(name)
    }

    fn tags(&mut self, field: Option<&RawField>) -> Option<Vec<String>> {
        let Some(field) = field else {
            self.missing(
                "tags",
                "[Health, Education]` (or `tags: []` for the About page",
            );
            return None;
        };
        let items = match &field.value {
            Yaml::Array(items) => items,
            Yaml::String(text) => {
                let message = format!(
                    "`tags` must be a list; write `tags: [{}]`",
                    text.split(',')
                        .map(str::trim)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                self.report(field.line, message);
                return None;
            }
            _ => {
                self.report(
                    field.line,
                    "`tags` must be a list, such as `tags: [Health, Education]`".into(),
                );
                return None;
            }
        };
        let mut tags: Vec<String> = Vec::with_capacity(items.len());
        for item in items {
            let Some(tag) = scalar_text(item).filter(|tag| !tag.is_empty()) else {
                self.report(
                    field.line,
                    "empty tag in `tags`; remove it or write a name".into(),
                );
                continue;
            };
            if let Some(first) = tags.iter().find(|known| tag_key(known) == tag_key(&tag)) {
                let message = format!("tag `{tag}` repeats `{first}`; keep one spelling");
                self.report(field.line, message);
                continue;
            }
            tags.push(tag);
        }
        Some(tags)
    }

    fn project_numbers(&mut self, sections: &[crate::sections::ProjectSection]) {
        for (position, section) in sections.iter().enumerate() {
            let expected = position as u32 + 1;
            if section.number != expected {
                let line = self.split.body_line + section.line - 1;
                let message = format!("project heading number {} should be {expected}; number the sections 1, 2, 3 in order", section.number);
                self.report(line, message);
            }
        }
    }

    fn project_count(&mut self, field: Option<&RawField>, found: usize) {
        let declared = field.map(|field| (field.line, &field.value));
        match declared {
            None | Some((_, Yaml::Null)) if found == 0 => {}
            None | Some((_, Yaml::Null)) => {
                let message = format!("missing `projects`; this entry has {found} `## Project N: title` sections, so add `projects: {found}`");
                self.report(self.split.yaml_line, message);
            }
            Some((line, Yaml::Integer(count))) if *count != found as i64 => {
                let message = format!("`projects: {count}` but the body has {found} `## Project N: title` sections; make them agree");
                self.report(line, message);
            }
            Some((_, Yaml::Integer(_))) => {}
            Some((line, other)) => {
                let message = format!(
                    "`projects` must be a whole number, found `{}`",
                    scalar_text(other).unwrap_or_default()
                );
                self.report(line, message);
            }
        }
    }
}

/// Returns the text of a scalar value; `None` for null, lists and maps.
fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(text) | Yaml::Real(text) => Some(text.trim().to_string()),
        Yaml::Integer(number) => Some(number.to_string()),
        Yaml::Boolean(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Reads technologies written as `A, B, C` or as a YAML list.
fn list_or_commas(value: &Yaml) -> Vec<String> {
    let items: Vec<String> = match value {
        Yaml::Array(items) => items.iter().filter_map(scalar_text).collect(),
        other => scalar_text(other)
            .map(|text| text.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
    };
    items
        .into_iter()
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

/// Suggests the known key nearest to a misspelt one.
fn closest_key(key: &str) -> Option<&'static str> {
    let key = key.to_lowercase();
    KNOWN_KEYS
        .iter()
        .map(|known| (edit_distance(&key, known), *known))
        .filter(|(distance, known)| *distance <= 2.max(known.len() / 4))
        .min()
        .map(|(_, known)| known)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}
