//! Copies of Primero's real entry, each broken in one way, imported from a
//! temporary folder. Every test checks the reported `path:line` and a key
//! phrase of the message, which names the fix.

#![cfg(feature = "import")]

mod common;

use std::path::PathBuf;

use backlog_core::import::import_folder;
use backlog_core::problem::Problem;

use common::{line_of, replace_once, TempFolder, PRIMERO, PRIMERO_FILE};

/// A temporary `_posts` folder and an `img` folder that contains `primero.png`.
struct Site {
    folder: TempFolder,
    posts: PathBuf,
    images: PathBuf,
}

impl Site {
    fn new() -> Self {
        let folder = TempFolder::new("broken");
        let posts = folder.subfolder("_posts");
        let images = folder.subfolder("img");
        std::fs::write(images.join("primero.png"), b"").expect("failed to write an image");
        Site {
            folder,
            posts,
            images,
        }
    }

    /// Writes an entry file and returns the path the importer reports.
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.posts.join(name);
        std::fs::write(&path, bytes).expect("failed to write an entry");
        path.display().to_string()
    }

    /// Imports the folder and returns its problems; fails the test when the
    /// import succeeds.
    fn problems(&self) -> Vec<Problem> {
        match import_folder(&self.posts, Some(&self.images)) {
            Ok(_) => panic!("import of {} succeeded", self.folder.path().display()),
            Err(problems) => problems,
        }
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|problem| format!("\n  {problem}"))
        .collect()
}

/// Imports `bytes` as the only entry, named `file_name`, and checks that it
/// gives exactly one problem, at `line`, whose message contains `phrase`.
fn assert_one_problem(file_name: &str, bytes: impl AsRef<[u8]>, line: usize, phrase: &str) {
    let site = Site::new();
    let path = site.write(file_name, bytes);
    let problems = site.problems();
    assert_eq!(
        problems.len(),
        1,
        "expected one problem, got:{}",
        list(&problems)
    );
    let problem = &problems[0];
    let location = format!("{path}:{line}");
    assert_eq!(
        format!("{}:{}", problem.path, problem.line),
        location,
        "{problem}"
    );
    assert!(
        problem.to_string().starts_with(&format!("{location}: ")),
        "{problem}"
    );
    assert!(
        problem.message.contains(phrase),
        "{problem}\ndoes not contain {phrase:?}"
    );
}

/// Breaks Primero's entry by replacing `from` with `to`.
fn primero_with(from: &str, to: &str) -> String {
    replace_once(PRIMERO, from, to)
}

#[test]
fn yaml_syntax_error() {
    let tags = "tags: [Children, Gender Equality, Humanitarian]";
    let broken = primero_with(tags, &format!("{tags}]"));
    let line = line_of(&broken, "tags:");
    assert_one_problem(PRIMERO_FILE, &broken, line, "invalid YAML");
}

#[test]
fn tab_indentation() {
    let tags = "tags:\n  - Children\n\t- Gender Equality\n  - Humanitarian";
    let broken = primero_with("tags: [Children, Gender Equality, Humanitarian]", tags);
    let line = line_of(&broken, "\t- Gender Equality");
    assert_one_problem(PRIMERO_FILE, &broken, line, "tab used for indentation");
}

#[test]
fn unquoted_colon_in_title() {
    let broken = primero_with("title: Primero", "title: Primero: case management");
    let line = line_of(&broken, "title:");
    let phrase = "must be quoted, as in `title: 'Primero: case management'`";
    assert_one_problem(PRIMERO_FILE, &broken, line, phrase);
}

#[test]
fn missing_title() {
    let broken = primero_with("title: Primero\n", "");
    assert_one_problem(PRIMERO_FILE, &broken, 2, "missing `title`");
}

#[test]
fn null_title() {
    let broken = primero_with("title: Primero", "title:");
    let line = line_of(&broken, "title:");
    assert_one_problem(PRIMERO_FILE, &broken, line, "empty `title`");
}

#[test]
fn missing_date() {
    let broken = primero_with("date: 2021-02-15 13:32:20 +0300\n", "");
    assert_one_problem(PRIMERO_FILE, &broken, 2, "missing `date`");
}

#[test]
fn unreadable_date() {
    let broken = primero_with("date: 2021-02-15", "date: 15/02/2021");
    let line = line_of(&broken, "date:");
    let phrase = "invalid date `15/02/2021 13:32:20 +0300`";
    assert_one_problem(PRIMERO_FILE, &broken, line, phrase);
}

#[test]
fn date_without_time_or_offset() {
    let cases = [
        ("date: 2021-02-15", "has no time and offset"),
        ("date: 2021-02-15 13:32:20", "has no offset"),
    ];
    for (date, phrase) in cases {
        let broken = primero_with("date: 2021-02-15 13:32:20 +0300", date);
        let line = line_of(&broken, "date:");
        assert_one_problem(PRIMERO_FILE, &broken, line, phrase);
    }
}

#[test]
fn tags_written_as_string() {
    let tags = "tags: Children, Gender Equality, Humanitarian";
    let broken = primero_with("tags: [Children, Gender Equality, Humanitarian]", tags);
    let line = line_of(&broken, "tags:");
    let phrase = "`tags` must be a list; write `tags: [Children, Gender Equality, Humanitarian]`";
    assert_one_problem(PRIMERO_FILE, &broken, line, phrase);
}

#[test]
fn duplicate_tags_in_other_case() {
    let cases = [
        (
            "tags: [Children, children, Humanitarian]",
            "tag `children` repeats `Children`",
        ),
        (
            "tags: [Educación, EDUCACION]",
            "tag `EDUCACION` repeats `Educación`",
        ),
    ];
    for (tags, phrase) in cases {
        let broken = primero_with("tags: [Children, Gender Equality, Humanitarian]", tags);
        let line = line_of(&broken, "tags:");
        assert_one_problem(PRIMERO_FILE, &broken, line, phrase);
    }
}

#[test]
fn misspelt_key_gets_suggestion() {
    let broken = primero_with("technologies:", "technlogies:");
    let line = line_of(&broken, "technlogies:");
    let phrase = "unknown key `technlogies`; did you mean `technologies`?";
    assert_one_problem(PRIMERO_FILE, &broken, line, phrase);
}

#[test]
fn missing_image_file() {
    let broken = primero_with("img: primero.png", "img: primero.jpg");
    let line = line_of(&broken, "img:");
    let phrase = "image `primero.jpg` not found in the image folder";
    assert_one_problem(PRIMERO_FILE, &broken, line, phrase);
}

#[test]
fn wrong_project_count() {
    let broken = primero_with("projects: 4", "projects: 3");
    let line = line_of(&broken, "projects:");
    let phrase = "`projects: 3` but the body has 4 `## Project N: title` sections";
    assert_one_problem(PRIMERO_FILE, &broken, line, phrase);
}

#[test]
fn project_numbers_out_of_order() {
    let broken = primero_with("## Project 3: Primero user", "## Project 2: Primero user");
    let line = line_of(&broken, "## Project 2: Primero user");
    let phrase = "project heading number 2 should be 3";
    assert_one_problem(PRIMERO_FILE, &broken, line, phrase);
}

#[test]
fn invalid_utf8_byte() {
    let marker = "(GSoC) 2020";
    let offset = PRIMERO.find(marker).expect("Primero's text changed") + "(GSoC) ".len();
    let mut broken = PRIMERO.as_bytes().to_vec();
    broken.insert(offset, 0xFF);
    let line = line_of(PRIMERO, "The projects listed below");
    let phrase = format!("invalid UTF-8 at byte {offset}");
    assert_one_problem(PRIMERO_FILE, &broken, line, &phrase);
}

#[test]
fn latin1_file_is_invalid_utf8() {
    // Windows-1252 writes `’` as the single byte 0x92.
    let offset = PRIMERO.find("user’s").expect("Primero's text changed") + "user".len();
    let mut bytes = PRIMERO.as_bytes().to_vec();
    bytes.splice(offset..offset + '’'.len_utf8(), [0x92]);
    let line = line_of(PRIMERO, "This project will work to build new features");
    let phrase = format!("invalid UTF-8 at byte {offset}; save the file with UTF-8 encoding");
    assert_one_problem(PRIMERO_FILE, &bytes, line, &phrase);
}

#[test]
fn missing_front_matter() {
    let broken = PRIMERO
        .strip_prefix("---\n")
        .expect("Primero's text changed");
    assert_one_problem(PRIMERO_FILE, broken, 1, "missing front matter");
}

#[test]
fn unclosed_front_matter() {
    let closing = "technologies: Ruby on Rails, Postgres, Docker\n---\n";
    let broken = primero_with(closing, "technologies: Ruby on Rails, Postgres, Docker\n");
    let last_line = broken.lines().count();
    assert_one_problem(
        PRIMERO_FILE,
        &broken,
        last_line,
        "front matter is not closed",
    );
}

#[test]
fn file_name_without_date() {
    let phrase = "file name `primero.md` must look like `2021-02-15-primero.md`";
    assert_one_problem("primero.md", PRIMERO, 1, phrase);
}

#[test]
fn duplicate_slugs_name_both_files() {
    let site = Site::new();
    let first = site.write(PRIMERO_FILE, PRIMERO);
    let second = site.write("2021-03-01-primero.md", PRIMERO);
    let problems = site.problems();
    assert_eq!(
        problems.len(),
        1,
        "expected one problem, got:{}",
        list(&problems)
    );
    let problem = &problems[0];
    assert_eq!(
        format!("{}:{}", problem.path, problem.line),
        format!("{second}:1")
    );
    assert!(
        problem.message.contains("duplicate slug `primero`"),
        "{problem}"
    );
    assert!(
        problem.message.contains(&format!("`{first}`")),
        "{problem} does not name {first}"
    );
}

#[test]
fn all_problems_reported_in_one_run() {
    let site = Site::new();
    site.write(PRIMERO_FILE, PRIMERO);
    let missing_title = site.write("2021-01-01-a.md", primero_with("title: Primero\n", ""));
    let two_problems = primero_with("projects: 4", "projects: 3").replace("img:", "imag:");
    let two_problems = site.write("2021-01-02-b.md", two_problems);
    let bad_yaml = site.write(
        "2021-01-03-c.md",
        primero_with("projects: 4", "projects: [4"),
    );
    let problems = site.problems();
    assert_eq!(
        problems.len(),
        4,
        "expected four problems, got:{}",
        list(&problems)
    );
    let paths: Vec<&str> = problems
        .iter()
        .map(|problem| problem.path.as_str())
        .collect();
    let expected = [&missing_title, &two_problems, &two_problems, &bad_yaml];
    assert_eq!(paths, expected);
}

#[test]
fn one_broken_file_fails_folder() {
    let site = Site::new();
    for item in std::fs::read_dir(common::posts_dir()).expect("content/_posts is not readable") {
        let path = item.expect("content/_posts is not readable").path();
        let name = path
            .file_name()
            .expect("an entry has no file name")
            .to_string_lossy();
        let text = std::fs::read_to_string(&path).expect("an entry is not readable");
        site.write(&name, text);
    }
    for item in std::fs::read_dir(common::images_dir()).expect("content/img is not readable") {
        let path = item.expect("content/img is not readable").path();
        let name = path.file_name().expect("an image has no file name");
        std::fs::copy(&path, site.images.join(name)).expect("failed to copy an image");
    }
    assert!(
        import_folder(&site.posts, Some(&site.images)).is_ok(),
        "the unbroken copy failed"
    );
    let storyweaver = std::fs::read_to_string(site.posts.join("2021-02-17-storyweaver.md"))
        .expect("StoryWeaver's copy is not readable");
    let broken = replace_once(&storyweaver, "projects: 2", "projects: 5");
    let path = site.write("2021-02-17-storyweaver.md", &broken);
    let problems = site.problems();
    assert_eq!(
        problems.len(),
        1,
        "expected one problem, got:{}",
        list(&problems)
    );
    assert_eq!(problems[0].path, path);
}
