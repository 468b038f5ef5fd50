//! The YAML front matter between `---` lines at the top of an entry, read
//! into a loose form that keeps each key's line for messages.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Yaml, YamlLoader};

/// Deepest indentation, in spaces, and longest run of `- ` list markers
/// accepted in front matter. The YAML parser recurses once per level with
/// no limit, so deeper nesting could overflow the stack; real entries nest
/// at most two levels.
const MAX_INDENT: usize = 64;
const MAX_LIST_MARKERS: usize = 16;

/// A file cut into its front matter and its markdown body.
#[derive(Debug, PartialEq)]
pub struct SplitFile<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Cuts `text` (already without byte-order mark and with `\n` line ends)
/// at its `---` lines. Returns a message for line 1 when there is no front
/// matter, or for the last line when it is not closed.
pub fn split_front_matter(text: &str) -> Result<SplitFile<'_>, (usize, String)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((
            1,
            "missing front matter: the file must start with a `---` line, then fields such as \
             `title:` and `date:`, then another `---` line"
                .to_string(),
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if matches!(line.trim_end(), "---" | "...") {
            return Ok(SplitFile {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    let last_line = text.lines().count().max(1);
    Err((
        last_line,
        "front matter is not closed: add a `---` line after the last field".into(),
    ))
}

/// One top-level field of the front matter.
#[derive(Debug)]
pub struct RawField {
    pub key: String,
    pub value: Yaml,
    /// 1-based line of the file where the key is written.
    pub line: usize,
}

/// Parses the YAML into its top-level fields, in file order. Errors carry
/// their file line and a hint for the usual mistakes.
pub fn parse_fields(split: &SplitFile) -> Result<Vec<RawField>, Vec<(usize, String)>> {
    let shape_problems = tab_indentation(split);
    if !shape_problems.is_empty() {
        return Err(shape_problems);
    }
    if let Some(problem) = too_deep(split).or_else(|| first_alias(split)) {
        return Err(vec![problem]);
    }
    let documents = YamlLoader::load_from_str(split.yaml).map_err(|error| {
        let yaml_line = error.marker().line();
        let line = split.yaml_line + yaml_line.saturating_sub(1);
        let source = split
            .yaml
            .lines()
            .nth(yaml_line.saturating_sub(1))
            .unwrap_or("");
        vec![(line, yaml_error_message(error.info(), source))]
    })?;
    let hash = match documents.into_iter().next() {
        None | Some(Yaml::Null) => return Ok(Vec::new()),
        Some(Yaml::Hash(hash)) => hash,
        Some(_) => {
            let message = "front matter must be `key: value` lines, such as `title: Primero`";
            return Err(vec![(split.yaml_line, message.to_string())]);
        }
    };
    let key_lines = key_lines(split);
    let mut fields = Vec::with_capacity(hash.len());
    for (key, value) in hash {
        let key = match key {
            Yaml::String(key) => key,
            other => format!("{other:?}"),
        };
        let line = key_lines
            .iter()
            .find(|(known, _)| *known == key)
            .map_or(split.yaml_line, |k| k.1);
        fields.push(RawField { key, value, line });
    }
    Ok(fields)
}

/// Returns each top-level key written at the start of a line with its line.
pub fn key_lines(split: &SplitFile) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (index, line) in split.yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some((key, _)) = line.split_once(':') {
            keys.push((key.trim().to_string(), split.yaml_line + index));
        }
    }
    keys
}

fn tab_indentation(split: &SplitFile) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    for (index, line) in split.yaml.lines().enumerate() {
        let indentation = &line[..line.len() - line.trim_start().len()];
        if indentation.contains('\t') {
            problems.push((
                split.yaml_line + index,
                "tab used for indentation; YAML allows only spaces, so indent with spaces".into(),
            ));
        }
    }
    problems
}

fn too_deep(split: &SplitFile) -> Option<(usize, String)> {
    split.yaml.lines().enumerate().find_map(|(index, line)| {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = line.trim_start_matches(' ');
        let mut markers = 0;
        while let Some(after) = rest.strip_prefix('-') {
            if !(after.is_empty() || after.starts_with([' ', '-'])) {
                break;
            }
            markers += 1;
            rest = after.trim_start_matches(' ');
        }
        let too_deep = indent > MAX_INDENT || markers > MAX_LIST_MARKERS;
        let message = "front matter is nested too deeply; entries need at most a list of tags";
        too_deep.then(|| (split.yaml_line + index, message.to_string()))
    })
}

/// Finds the first `*alias`. Aliases are rejected because the loader copies
/// the anchored value at each use, so a few nested aliases could expand to
/// gigabytes; no entry needs them.
fn first_alias(split: &SplitFile) -> Option<(usize, String)> {
    struct AliasFinder {
        line: Option<usize>,
    }
    impl MarkedEventReceiver for AliasFinder {
        fn on_event(&mut self, event: Event, mark: Marker) {
            if matches!(event, Event::Alias(_)) && self.line.is_none() {
                self.line = Some(mark.line());
            }
        }
    }
    let mut finder = AliasFinder { line: None };
    // Syntax errors are reported by the loader afterwards, with a hint.
    let _ = Parser::new_from_str(split.yaml).load(&mut finder, false);
    let line = finder.line?;
    let message = "YAML aliases (`*name`) are not supported in front matter; write the value out";
    Some((
        split.yaml_line + line.saturating_sub(1),
        message.to_string(),
    ))
}

fn yaml_error_message(info: &str, source: &str) -> String {
    let mut message = format!("invalid YAML: {info}");
    let value = source.split_once(':').map_or("", |(_, value)| value.trim());
    let is_unquoted = !value.starts_with(['"', '\'', '[', '{']);
    if is_unquoted && value.contains(": ") {
        let key = source.split_once(':').map_or("", |(key, _)| key.trim());
        let quoted = value.replace('\'', "''");
        message.push_str(&format!(
            "; a value that contains `: ` must be quoted, as in `{key}: '{quoted}'`"
        ));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_line_numbers() {
        let split = split_front_matter("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_reported() {
        assert_eq!(split_front_matter("title: A\n").unwrap_err().0, 1);
        assert_eq!(
            split_front_matter("---\ntitle: A\nBody\n").unwrap_err().0,
            3
        );
    }

    #[test]
    fn yaml_error_names_the_file_line_and_quoting() {
        let split = split_front_matter("---\nlayout: post\ntitle: A: B\n---\n").unwrap();
        let problems = parse_fields(&split).unwrap_err();
        assert_eq!(problems[0].0, 3);
        assert!(problems[0].1.contains("title: 'A: B'"), "{}", problems[0].1);
    }

    #[test]
    fn tab_indentation_is_reported() {
        let split = split_front_matter("---\ntags:\n\t- A\n---\n").unwrap();
        let problems = parse_fields(&split).unwrap_err();
        assert_eq!(problems[0].0, 3);
        assert!(problems[0].1.contains("tab"));
    }

    #[test]
    fn aliases_are_rejected() {
        let split = split_front_matter("---\na: &x [1, 2]\nb: *x\n---\n").unwrap();
        let problems = parse_fields(&split).unwrap_err();
        assert_eq!(problems[0].0, 3);
        assert!(problems[0].1.contains("aliases"), "{}", problems[0].1);
    }

    #[test]
    fn deep_nesting_is_rejected_before_parsing() {
        let text = format!("---\ntags:\n{}x\n---\n", "- ".repeat(40));
        let problems = parse_fields(&split_front_matter(&text).unwrap()).unwrap_err();
        assert_eq!(problems[0].0, 3);
        assert!(problems[0].1.contains("nested too deeply"));
    }

    #[test]
    fn keys_keep_their_lines() {
        let split = split_front_matter("---\nlayout: post\ntitle: A\n---\n").unwrap();
        let fields = parse_fields(&split).unwrap();
        assert_eq!(fields[1].key, "title");
        assert_eq!(fields[1].line, 3);
    }
}
