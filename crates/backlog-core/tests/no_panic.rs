//! Every function that reads outside input returns a value for any input:
//! random text and bytes, and front matter built from real keys and odd
//! values. Inputs that once panicked are kept in `regressions`.

#![cfg(feature = "import")]

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use backlog_core::date::parse_date;
use backlog_core::front_matter::{parse_fields, split_front_matter};
use backlog_core::import::{import_folder, parse_entry};
use backlog_core::markdown::{first_paragraph, plain_text, render};
use backlog_core::route::{percent_decode, Route};
use backlog_core::sanitize::{sanitize_html, UrlBase};
use backlog_core::search::{SearchIndex, TagMode};
use backlog_core::Backlog;
use proptest::prelude::*;

/// Runs every step `parse_entry` would, so a panic in any of them shows.
fn parse_file(file_name: &str, bytes: &[u8]) {
    let images: BTreeSet<String> = ["primero.png".to_string()].into();
    let _ = parse_entry("fuzz.md", file_name, bytes, Some(&images));
    let _ = parse_entry("fuzz.md", file_name, bytes, None);
}

fn parse_front_matter(text: &str) {
    if let Ok(split) = split_front_matter(text) {
        let _ = parse_fields(&split);
    }
}

fn render_markdown(text: &str) {
    let _ = render(text, &UrlBase::default());
    let _ = plain_text(text);
    let _ = first_paragraph(text);
}

/// Inputs that made a function panic once; each must now return.
#[test]
fn regressions() {
    // In each file name, byte 10 falls inside a multi-byte character, and
    // reading the date prefix sliced the name there.
    let file_names = ["2021-02-1é-slug.md", "2021-02-€-slug.md", "00 A𞄀ప0"];
    for file_name in file_names {
        parse_file(file_name, b"---\ntitle: A\n---\n");
    }
}

/// Inputs at the edges of each parser: deep nesting, long runs, lone
/// delimiters and control characters.
#[test]
fn odd_inputs_return() {
    let deep_yaml = [
        format!("---\nt: {}\n---\n", "[".repeat(10_000)),
        format!("---\nt: {}\n---\n", "{a: ".repeat(10_000)),
    ];
    for text in &deep_yaml {
        parse_file("2021-02-15-deep.md", text.as_bytes());
    }
    let markdown = [
        ">".repeat(10_000),
        "* ".repeat(10_000),
        "[".repeat(10_000),
        "<a ".repeat(5_000),
        "&#".repeat(5_000),
        "<!--".to_string(),
        "<".to_string(),
        "&".to_string(),
        "\0".to_string(),
        "## Project 4294967296: overflow".to_string(),
        "## Project 1:".to_string(),
    ];
    for text in &markdown {
        render_markdown(text);
        let _ = sanitize_html(text, &UrlBase::default());
    }
    let files = [
        "",
        "---",
        "---\n",
        "---\n---",
        "\u{FEFF}",
        "\r\n",
        "---\r\n...\r\n",
    ];
    for text in files {
        parse_file("2021-02-15-x.md", text.as_bytes());
    }
    let dates = [
        "",
        "2021-02-15T",
        "2021-02-15 24:00 +0000",
        "9999-99-99",
        "2021-02-15 1:2:3:4 +1",
    ];
    for date in dates {
        let _ = parse_date(date);
    }
}

/// Block collections nested 10,000 deep. yaml-rust2 0.10.4 parses block
/// nesting by recursion without a depth limit (it caps only flow nesting,
/// such as `[[[`, at 255 levels), so the importer must reject such front
/// matter before the parser overflows the stack.
#[test]
fn deep_block_nesting_returns() {
    let depth = 10_000;
    let sequences = format!("---\n{}x\n---\n", "- ".repeat(depth));
    let mut mappings = String::from("---\n");
    for level in 0..depth {
        mappings.push_str(&format!("{}k:\n", " ".repeat(level)));
    }
    mappings.push_str("---\n");
    for text in [sequences, mappings] {
        parse_file("2021-02-15-deep.md", text.as_bytes());
    }
}

/// Imports the repository's goods and builds their search index, once for
/// all cases.
fn content() -> &'static (Backlog, SearchIndex) {
    static CONTENT: OnceLock<(Backlog, SearchIndex)> = OnceLock::new();
    CONTENT.get_or_init(|| match import_folder(&common::posts_dir(), None) {
        Ok(backlog) => {
            let index = SearchIndex::new(&backlog.entries);
            (backlog, index)
        }
        Err(problems) => panic!("content/_posts failed to import: {problems:?}"),
    })
}

/// Front matter keys: the importer's known ones, misspellings and other
/// cases of them.
const KEYS: &[&str] = &[
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
    "technlogies",
    "Title",
    "tag",
    "",
    "title ",
    "\"title\"",
];

/// YAML values that are empty, of another type, invalid, or unusual text.
const ODD_VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "[]",
    "{}",
    "[a, b]",
    "[a, A]",
    "[a, ~, '']",
    "a, b",
    "'a: b'",
    "a: b",
    "\"unclosed",
    "[unclosed",
    "- item",
    "&anchor x",
    "*alias",
    "!!binary aGVsbG8=",
    "!!int x",
    "|",
    ">",
    "|\n  block\n  text",
    "\n  - a\n  - b",
    "\n\t- a",
    "\n  nested: map",
    "2021-02-15 13:32:20 +0300",
    "2021-02-15",
    "2021-02-30 10:00 +0000",
    "9999-12-31 23:59:60 +2359",
    "-1",
    "4",
    "0",
    "99999999999999999999",
    "1e400",
    ".nan",
    "true",
    "false",
    "yes",
    "\t",
    "é",
    "😀",
    "<script>alert(1)</script>",
    "../x.png",
    "primero.png",
    "\\",
    "#comment",
    "? complex",
    "'",
    "''",
    "\"\\u0000\"",
    "%",
    "@x",
    "`x`",
];

/// Markdown body lines around project headings and labelled fields.
const BODY_LINES: &[&str] = &[
    "## Project 1: A",
    "## Project 2: B",
    "## Project 0: Z",
    "## Project 3",
    "## project 3 : c",
    "## Project 99999999999: big",
    "## Project 1: A ##",
    "```",
    "~~~",
    "    code",
    "* **Repository**: [r](https://example.org/r)",
    "* **Repositories**:",
    "\t* [n](x)",
    "**Deliverable**: d",
    "**Expected Impact**:",
    "* **Website:** [w](https://w.org)",
    "* **Digital Public Good**: [d](https://d.org)",
    "<p>&nbsp;</p>",
    "text",
    "",
    "---",
    "> quote",
    "**",
    "[x](javascript:alert(1))",
    "<div>",
    "</div>",
    "| a |",
    "|---|",
];

fn front_matter_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        prop::sample::select(KEYS).prop_map(String::from),
        "\\PC{0,8}"
    ];
    let value = prop_oneof![
        4 => prop::sample::select(ODD_VALUES).prop_map(String::from),
        1 => "\\PC{0,16}",
    ];
    (key, value).prop_map(|(key, value)| format!("{key}: {value}"))
}

fn body_line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(BODY_LINES).prop_map(String::from),
        1 => "\\PC{0,24}",
    ]
}

/// Entry files with real keys and odd values, sometimes with CRLF line
/// ends, a byte-order mark or an unclosed front matter.
fn entry_file() -> impl Strategy<Value = Vec<u8>> {
    let fields = prop::collection::vec(front_matter_line(), 0..12);
    let body = prop::collection::vec(body_line(), 0..16);
    (fields, body, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(fields, body, crlf, bom, closed)| {
            let closing = if closed { "---\n" } else { "" };
            let text = format!("---\n{}\n{closing}{}\n", fields.join("\n"), body.join("\n"));
            let text = if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            };
            let bom: &[u8] = if bom { b"\xEF\xBB\xBF" } else { b"" };
            [bom, text.as_bytes()].concat()
        },
    )
}

/// File names near the `YYYY-MM-DD-slug.md` form, with multi-byte
/// characters where the date's digits and dashes should be.
fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9._-]{0,10}\\.md",
        "[0-9é€😀-]{0,14}(\\.md|\\.markdown)?",
        "\\PC{0,20}",
    ]
}

/// Search queries with words from the entries, exclusions and quotes.
fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-\" a-zA-Z0-9éÉ#+.:]{0,30}",
        "(-?\"?(primero|ruby|children|python|sdk|é|\\\\|)\"? ?){0,5}",
        any::<String>(),
    ]
}

fn tags() -> impl Strategy<Value = Vec<String>> {
    let tag = prop_oneof![
        prop::sample::select(
            &[
                "Children",
                "children ",
                "Education",
                "EDUCACIÓN",
                "Humanitarian"
            ][..]
        )
        .prop_map(String::from),
        "\\PC{0,10}",
    ];
    prop::collection::vec(tag, 0..4)
}

proptest! {
    // Failures are not saved to a file: a failing input goes into the
    // `regressions` table, where it reads as a named case.
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn parse_entry_any_bytes(name in file_name(), bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        parse_file(&name, &bytes);
    }

    #[test]
    fn parse_entry_any_text(name in file_name(), text in any::<String>()) {
        parse_file(&name, text.as_bytes());
    }

    #[test]
    fn parse_entry_built_front_matter(name in file_name(), bytes in entry_file()) {
        parse_file(&name, &bytes);
    }

    #[test]
    fn front_matter_any_text(text in any::<String>(), yaml in "\\PC{0,64}") {
        parse_front_matter(&text);
        parse_front_matter(&format!("---\n{yaml}\n---\n"));
    }

    #[test]
    fn markdown_any_text(text in any::<String>(), lines in prop::collection::vec(body_line(), 0..16)) {
        render_markdown(&text);
        render_markdown(&lines.join("\n"));
    }

    #[test]
    fn sanitize_any_text(text in any::<String>(), markup in "[<>/!?\\-=\"'` &#;a-z0-9\n]{0,64}") {
        let _ = sanitize_html(&text, &UrlBase::default());
        let _ = sanitize_html(&markup, &UrlBase { images: "", pages: "" });
    }

    #[test]
    fn route_any_text(path in any::<String>(), query in any::<String>(), encoded in "[%+0-9a-fA-F&=qtag]{0,32}") {
        let _ = Route::parse(&path, &query);
        let _ = Route::parse(&encoded, &encoded);
        let _ = Route::parse(&path, &query).to_relative_url();
        let _ = percent_decode(&path);
        let _ = percent_decode(&encoded);
    }

    #[test]
    fn parse_date_any_text(text in any::<String>(), date_like in "[0-9 :T+Z\\-é]{0,32}") {
        let _ = parse_date(&text);
        let _ = parse_date(&date_like);
    }

    #[test]
    fn search_filter_any_query(query in query(), tags in tags(), all in any::<bool>()) {
        let (backlog, index) = content();
        let entries = &backlog.entries;
        let mode = if all { TagMode::All } else { TagMode::Any };
        let matches = index.filter(entries, &query, &tags, mode);
        prop_assert!(matches.windows(2).all(|pair| pair[0] < pair[1]), "{matches:?}");
        prop_assert!(matches.iter().all(|&index| index < entries.len()), "{matches:?}");
        let _ = index.tag_counts(&matches);
    }
}
