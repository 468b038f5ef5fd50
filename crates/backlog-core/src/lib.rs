//! Everything about the backlog that needs no browser: the data model,
//! importing and validating markdown entries, safe markdown rendering,
//! search and the state kept in the URL.

pub mod markdown;
pub mod model;
pub mod options;
pub mod route;
pub mod sanitize;
pub mod search;
pub mod sections;
pub mod text;

#[cfg(feature = "import")]
pub mod date;
#[cfg(feature = "import")]
pub mod front_matter;
#[cfg(feature = "import")]
pub mod import;
#[cfg(feature = "import")]
pub mod problem;

pub use model::{Backlog, Entry, Links, LoadedBacklog, Project};
