//! `cargo xtask site`: a release build of the app with trunk, ready for a
//! static host at the root of a domain or under a sub-path.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::tools;

#[derive(clap::Args)]
pub struct SiteArgs {
    /// URL path the site is served under, such as `/backlog/`.
    #[arg(long, default_value = "/")]
    pub base: String,
    /// Output folder, relative to the repository root [default: `dist` for
    /// base `/`, otherwise `dist-` and the base path, such as `dist-backlog`].
    #[arg(long)]
    pub dist: Option<PathBuf>,
}

impl SiteArgs {
    /// Returns the base path with a leading and a trailing slash.
    pub fn base_path(&self) -> Result<String> {
        normalize_base(&self.base)
    }

    /// Returns the absolute output folder.
    pub fn dist_dir(&self) -> Result<PathBuf> {
        let dist = match &self.dist {
            Some(dist) => dist.clone(),
            None => PathBuf::from(default_dist_name(&self.base_path()?)),
        };
        Ok(tools::repo_root().join(dist))
    }
}

/// Installs the tools, then builds the site into the output folder.
pub fn site(args: &SiteArgs) -> Result<()> {
    tools::setup()?;
    build(&args.base_path()?, &args.dist_dir()?)
}

/// Runs `trunk build --release` for `base` into `dist`; trunk's post-build
/// step prerenders the pages and writes `404.html` for static hosts.
pub fn build(base: &str, dist: &Path) -> Result<()> {
    // `Trunk.toml` sets `offline = true`, so trunk runs `cargo build --offline`,
    // which fails on a fresh machine until the app's crates are downloaded.
    tools::run(tools::cargo_command().arg("fetch"))
        .context("failed to download the crates that the app needs")?;

    let mut trunk = tools::trunk_command()?;
    trunk
        .args(["build", "--release", "--public-url", base, "--dist"])
        .arg(dist);
    tools::run(&mut trunk).context("the site build failed: see trunk's output above")?;

    println!("Built the site for {base} into {}", dist.display());
    Ok(())
}

/// Adds the missing leading and trailing slashes to a base path.
pub fn normalize_base(base: &str) -> Result<String> {
    let trimmed = base.trim_matches('/');
    if trimmed.is_empty() {
        return Ok("/".to_string());
    }
    let invalid = |segment: &str| segment.is_empty() || segment == "." || segment == "..";
    if trimmed.split('/').any(invalid) {
        bail!("invalid base path `{base}`: expected a path such as `/` or `/backlog/`");
    }
    Ok(format!("/{trimmed}/"))
}

/// Returns `dist` for the root and `dist-a-b` for the base `/a/b/`.
pub fn default_dist_name(base: &str) -> String {
    let segments: Vec<&str> = base
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    if segments.is_empty() {
        return "dist".to_string();
    }
    format!("dist-{}", segments.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_gets_leading_and_trailing_slashes() {
        for (input, expected) in [
            ("/", "/"),
            ("", "/"),
            ("backlog", "/backlog/"),
            ("/a/b", "/a/b/"),
        ] {
            assert_eq!(normalize_base(input).unwrap(), expected, "base {input:?}");
        }
    }

    #[test]
    fn base_with_dot_segments_is_rejected() {
        assert!(normalize_base("/a/../b/").is_err());
        assert!(normalize_base("/a//b/").is_err());
    }

    #[test]
    fn dist_name_follows_the_base() {
        assert_eq!(default_dist_name("/"), "dist");
        assert_eq!(default_dist_name("/backlog/"), "dist-backlog");
        assert_eq!(default_dist_name("/a/b/"), "dist-a-b");
    }
}
