//! Splits an entry's markdown body into the overview and its
//! `## Project N: title` sections, and reads the labelled fields
//! (`**Website**: …`, `**Tech Stack**: …`) inside them.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::markdown::options;
use crate::model::{Links, Project};

/// A body split at its project headings.
#[derive(Debug, PartialEq)]
pub struct SplitBody<'a> {
    pub overview: &'a str,
    pub projects: Vec<ProjectSection<'a>>,
}

/// The raw text of one project section.
#[derive(Debug, PartialEq)]
pub struct ProjectSection<'a> {
    pub number: u32,
    pub title: String,
    pub markdown: &'a str,
    /// 1-based line of the heading within the body.
    pub line: usize,
}

/// Splits `body` at lines of the form `## Project N: title`, ignoring such
/// lines inside fenced code blocks.
pub fn split_body(body: &str) -> SplitBody<'_> {
    let mut headings = Vec::new();
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(marker)) => fence = Some(marker),
            (Some(open), Some(marker)) if open == marker => fence = None,
            (None, None) => {
                if let Some((number, title)) = parse_project_heading(line) {
                    headings.push((offset, offset + line.len(), number, title, index + 1));
                }
            }
            _ => {}
        }
        offset += line.len();
    }
    let overview_end = headings.first().map_or(body.len(), |heading| heading.0);
    let mut projects = Vec::with_capacity(headings.len());
    for (position, (_, content_start, number, title, line)) in headings.iter().enumerate() {
        let end = headings.get(position + 1).map_or(body.len(), |next| next.0);
        projects.push(ProjectSection {
            number: *number,
            title: title.clone(),
            markdown: body[*content_start..end].trim(),
            line: *line,
        });
    }
    SplitBody {
        overview: body[..overview_end].trim(),
        projects,
    }
}

/// Reads `## Project 3: Title` (any case, optional closing `#`s) into its
/// number and title.
fn parse_project_heading(line: &str) -> Option<(u32, String)> {
    let rest = line.trim_end().strip_prefix("## ")?.trim_start();
    let word = rest.get(..7)?;
    if !word.eq_ignore_ascii_case("project") {
        return None;
    }
    let rest = rest[7..].trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number = rest[..digits].parse().ok()?;
    let title = rest[digits..].trim_start().strip_prefix(':')?;
    let title = title.trim().trim_end_matches('#').trim_end();
    Some((number, title.to_string()))
}

/// Builds a project from its section, reading its labelled fields.
pub fn project_from_section(section: &ProjectSection) -> Project {
    let fields = labelled_fields(section.markdown);
    let mut project = Project {
        number: section.number,
        title: section.title.clone(),
        markdown: section.markdown.to_string(),
        description: String::new(),
        expected_impact: None,
        deliverable: None,
        repositories: Vec::new(),
        tech_stack: None,
    };
    let mut description_end = section.markdown.len();
    for field in fields {
        let kind = FieldKind::from_label(&field.label);
        if kind.is_some() {
            description_end = description_end.min(field.start);
        }
        match kind {
            Some(FieldKind::ExpectedImpact) => project.expected_impact = Some(field.text),
            Some(FieldKind::Deliverable) => project.deliverable = Some(field.text),
            Some(FieldKind::Repository) => project.repositories.extend(field.urls),
            Some(FieldKind::TechStack) => project.tech_stack = Some(field.text),
            _ => {}
        }
    }
    project.description = section.markdown[..description_end].trim().to_string();
    project
}

/// Reads the website, registry and repository links of an overview.
pub fn links_from_overview(overview: &str) -> Links {
    let mut links = Links::default();
    for field in labelled_fields(overview) {
        match FieldKind::from_label(&field.label) {
            Some(FieldKind::Website) => {
                links.website = links.website.or(field.urls.into_iter().next())
            }
            Some(FieldKind::Registry) => {
                links.registry = links.registry.or(field.urls.into_iter().next())
            }
            Some(FieldKind::Repository) => links.repositories.extend(field.urls),
            _ => {}
        }
    }
    links
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldKind {
    Website,
    Registry,
    Repository,
    TechStack,
    ExpectedImpact,
    Deliverable,
}

impl FieldKind {
    fn from_label(label: &str) -> Option<Self> {
        let label = label.to_lowercase();
        let kind = match label.as_str() {
            "website" => FieldKind::Website,
            "digital public good" | "registry" => FieldKind::Registry,
            "tech stack" | "technologies" => FieldKind::TechStack,
            "expected impact" | "impact" => FieldKind::ExpectedImpact,
            "deliverable" | "deliverables" => FieldKind::Deliverable,
            _ if label.contains("repositor") => FieldKind::Repository,
            _ => return None,
        };
        Some(kind)
    }
}

/// A paragraph or list item that starts with a bold label and a colon.
#[derive(Debug, PartialEq)]
struct LabelledField {
    label: String,
    /// Plain text after the label and colon.
    text: String,
    /// Every link inside the block, nested lists included.
    urls: Vec<String>,
    /// Byte offset where the block starts.
    start: usize,
}

/// Finds top-level paragraphs and list items of the form `**Label**: text`
/// (or `**Label:** text`).
fn labelled_fields(markdown: &str) -> Vec<LabelledField> {
    let mut fields = Vec::new();
    let mut list_depth = 0usize;
    let mut block: Option<BlockReader> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            _ => {}
        }
        let starts_block = match &event {
            Event::Start(Tag::Item) => list_depth == 1,
            Event::Start(Tag::Paragraph) => list_depth == 0,
            _ => false,
        };
        if starts_block && block.is_none() {
            block = Some(BlockReader::new(range.start, list_depth));
            continue;
        }
        let Some(reader) = block.as_mut() else {
            continue;
        };
        let ends_block = match &event {
            Event::End(TagEnd::Item) => list_depth == 1 && reader.list_depth == 1,
            Event::End(TagEnd::Paragraph) => list_depth == 0 && reader.list_depth == 0,
            _ => false,
        };
        if ends_block {
            fields.extend(block.take().and_then(BlockReader::finish));
        } else {
            reader.read(&event);
        }
    }
    fields
}

/// Collects one block's label, text and links while its events stream by.
struct BlockReader {
    start: usize,
    list_depth: usize,
    label: Option<String>,
    in_first_strong: bool,
    seen_content: bool,
    text: String,
    urls: Vec<String>,
}

impl BlockReader {
    fn new(start: usize, list_depth: usize) -> Self {
        BlockReader {
            start,
            list_depth,
            label: None,
            in_first_strong: false,
            seen_content: false,
            text: String::new(),
            urls: Vec::new(),
        }
    }

    fn read(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Strong) if !self.seen_content => {
                self.in_first_strong = true;
                self.seen_content = true;
                self.label = Some(String::new());
            }
            Event::End(TagEnd::Strong) if self.in_first_strong => self.in_first_strong = false,
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.seen_content = true;
                self.urls.push(dest_url.to_string());
            }
            Event::Text(part) | Event::Code(part) => {
                self.seen_content = true;
                match (&mut self.label, self.in_first_strong) {
                    (Some(label), true) => label.push_str(part),
                    _ => self.text.push_str(part),
                }
            }
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::Start(Tag::Item) | Event::End(TagEnd::Paragraph) => self.text.push(' '),
            _ => {}
        }
    }

    fn finish(self) -> Option<LabelledField> {
        let label = self.label?;
        let label_has_colon = label.trim_end().ends_with(':');
        let text = self.text.trim_start();
        if !label_has_colon && !text.starts_with(':') {
            return None;
        }
        let text = text.strip_prefix(':').unwrap_or(text);
        let words: Vec<&str> = text.split_whitespace().collect();
        Some(LabelledField {
            label: label.trim().trim_end_matches(':').trim().to_string(),
            text: words.join(" "),
            urls: self.urls,
            start: self.start,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_splits_at_project_headings() {
        let body = "Intro\n\n## Project 1: One\nFirst\n\n## Project 2: Two ##\nSecond\n";
        let split = split_body(body);
        assert_eq!(split.overview, "Intro");
        assert_eq!(split.projects.len(), 2);
        assert_eq!(split.projects[1].title, "Two");
        assert_eq!(split.projects[1].markdown, "Second");
        assert_eq!(split.projects[1].line, 6);
    }

    #[test]
    fn headings_inside_code_fences_are_ignored() {
        let body = "```\n## Project 1: Not\n```\n## Project 1: Real\nText";
        let split = split_body(body);
        assert_eq!(split.projects.len(), 1);
        assert_eq!(split.projects[0].title, "Real");
    }

    #[test]
    fn other_level_two_headings_stay_in_the_text() {
        let split = split_body("## How to contribute\nText");
        assert!(split.projects.is_empty());
        assert_eq!(split.overview, "## How to contribute\nText");
    }

    #[test]
    fn nested_repository_links_are_collected() {
        let overview = "* **Repositories**:\n\t* [a](https://a.org)\n\t* [b](https://b.org)\n";
        let links = links_from_overview(overview);
        assert_eq!(links.repositories, vec!["https://a.org", "https://b.org"]);
    }

    #[test]
    fn paragraph_fields_fill_impact_and_deliverable() {
        let section = ProjectSection {
            number: 1,
            title: "T".into(),
            markdown: "Build it.\n\n**Expected Impact**: Many.\n\n**Deliverable**: An SDK\nand app",
            line: 1,
        };
        let project = project_from_section(&section);
        assert_eq!(project.description, "Build it.");
        assert_eq!(project.expected_impact.as_deref(), Some("Many."));
        assert_eq!(project.deliverable.as_deref(), Some("An SDK and app"));
    }

    #[test]
    fn colon_inside_bold_label_is_accepted() {
        let links = links_from_overview("* **Website:** [w](https://w.org)");
        assert_eq!(links.website.as_deref(), Some("https://w.org"));
    }
}
