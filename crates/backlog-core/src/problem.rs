//! A problem found in an entry file, reported as `path:line: message`.

use std::fmt;

/// One problem in one file; the importer collects all of them before
/// failing, so a contributor can fix everything in one go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Path of the file as the user gave it.
    pub path: String,
    /// 1-based line the problem is on.
    pub line: usize,
    /// Description of the problem and what to write instead, starting in lowercase.
    pub message: String,
}

impl Problem {
    pub fn new(path: &str, line: usize, message: impl Into<String>) -> Self {
        Problem {
            path: path.to_string(),
            line: line.max(1),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl std::error::Error for Problem {}
