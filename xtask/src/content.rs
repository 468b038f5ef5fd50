//! The content commands: `build` writes the backlog JSON and images for the
//! site, `check` validates a folder of entries, `search` queries one.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use backlog_core::import::import_folder;
use backlog_core::problem::Problem;
use backlog_core::search::{index_url, SearchIndex};
use backlog_core::Backlog;

/// Arguments of `cargo xtask build`.
#[derive(clap::Args)]
pub struct BuildArgs {
    /// Folder of markdown entries.
    #[arg(long, default_value = "content/_posts")]
    posts: PathBuf,
    /// Folder of the images the entries name in `img:`.
    #[arg(long, default_value = "content/img")]
    images: PathBuf,
    /// Folder that receives `backlog.json` and `img/`.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
}

/// Arguments of `cargo xtask check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Folder of markdown entries.
    #[arg(default_value = "content/_posts")]
    posts: PathBuf,
    /// Folder of the images the entries name; without it, `img:` values
    /// are checked against `../img` next to the entries when it exists.
    #[arg(long)]
    images: Option<PathBuf>,
}

/// Arguments of `cargo xtask search`.
#[derive(clap::Args)]
pub struct SearchArgs {
    /// Search text, as typed in the site's search box.
    query: String,
    /// Folder of markdown entries.
    #[arg(long, default_value = "content/_posts")]
    posts: PathBuf,
    /// Print one JSON object per hit instead of a table.
    #[arg(long)]
    json: bool,
    /// Maximum number of hits to print.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

/// Writes the backlog JSON to `path` with its search index beside it, both
/// marked with the same revision.
pub fn write_backlog(backlog: &mut Backlog, path: &Path) -> anyhow::Result<()> {
    backlog.set_revision();
    let revision = backlog.revision.clone().unwrap_or_default();
    let index = SearchIndex::new(&backlog.entries).to_bytes(&backlog.entries, &revision);
    let data_name = path.to_string_lossy();
    let index_path = index_url(&data_name)
        .with_context(|| format!("the data file {data_name} does not end in .json"))?;
    write_atomically(path, &serde_json::to_vec(backlog)?)?;
    write_atomically(Path::new(&index_path), &index)
}

/// Imports the entries and writes `backlog.json` and the images, leaving the
/// previous output untouched when any entry is broken.
pub fn build(args: &BuildArgs) -> anyhow::Result<()> {
    let root = workspace_root();
    let posts = root.join(&args.posts);
    let images = root.join(&args.images);
    let backlog = import_or_report(&posts, Some(&images))?;
    let out = root.join(&args.out);
    let mut backlog = crate::images::add_variants(backlog, &images, &out.join("img"))?;
    write_backlog(&mut backlog, &out.join("backlog.json"))?;
    copy_images(&images, &out.join("img"))?;
    let projects: usize = backlog
        .entries
        .iter()
        .map(|entry| entry.projects.len())
        .sum();
    println!(
        "wrote {}: {} goods with {projects} projects{}",
        out.join("backlog.json").display(),
        backlog.entries.len(),
        if backlog.about.is_some() {
            ", and the About page"
        } else {
            ""
        }
    );
    Ok(())
}

/// Validates a folder of entries without writing anything.
pub fn check(args: &CheckArgs) -> anyhow::Result<()> {
    let images = args.images.clone().or_else(|| sibling_images(&args.posts));
    if images.is_none() {
        println!("no image folder given or found next to the entries; image names are not checked");
    }
    let backlog = import_or_report(&args.posts, images.as_deref())?;
    println!(
        "{}: {} entries are valid",
        args.posts.display(),
        backlog.entries.len() + usize::from(backlog.about.is_some())
    );
    Ok(())
}

/// Prints the ranked hits of a query: the good, the project and the score.
pub fn search(args: &SearchArgs) -> anyhow::Result<()> {
    let posts = if args.posts.is_absolute() {
        args.posts.clone()
    } else {
        workspace_root().join(&args.posts)
    };
    let backlog = import_or_report(&posts, sibling_images(&posts).as_deref())?;
    // The About entry is searched too, after the goods, so it loses ties.
    let entries: Vec<_> = backlog.entries.into_iter().chain(backlog.about).collect();
    let index = SearchIndex::new(&entries);
    let hits = index.search(&entries, &args.query, args.limit);
    for hit in &hits {
        let entry = &entries[hit.entry];
        let project = hit
            .project
            .and_then(|position| entry.projects.get(position));
        if args.json {
            let line = serde_json::json!({
                "slug": entry.slug,
                "good": entry.title,
                "project": project.map(|p| p.number),
                "project_title": project.map(|p| p.title.as_str()),
                "score": hit.score,
                "snippet": hit.snippet,
            });
            println!("{line}");
        } else {
            let project =
                project.map_or(String::from("-"), |p| format!("{}: {}", p.number, p.title));
            println!("{:>7.3}  {:<32}  {project}", hit.score, entry.title);
        }
    }
    if !args.json {
        println!("{} hits", hits.len());
    }
    Ok(())
}

/// Returns the `img` folder beside a posts folder, where the repository
/// and the original Jekyll layout keep images, when it exists.
fn sibling_images(posts: &Path) -> Option<PathBuf> {
    let sibling = posts.parent()?.join("img");
    sibling.is_dir().then_some(sibling)
}

/// Imports a folder, printing every problem when it fails.
fn import_or_report(posts: &Path, images: Option<&Path>) -> anyhow::Result<Backlog> {
    match import_folder(posts, images) {
        Ok(backlog) => Ok(backlog),
        Err(problems) => {
            for problem in &problems {
                print_problem(problem);
            }
            let files: std::collections::BTreeSet<&str> = problems
                .iter()
                .map(|problem| problem.path.as_str())
                .collect();
            bail!(
                "{} problems in {} files; fix them and run the command again (nothing was written)",
                problems.len(),
                files.len()
            )
        }
    }
}

/// Prints a problem, also as a GitHub Actions annotation when run there.
fn print_problem(problem: &Problem) {
    eprintln!("{problem}");
    if std::env::var_os("GITHUB_ACTIONS").is_some() {
        let message = problem.message.replace('%', "%25").replace('\n', "%0A");
        println!(
            "::error file={},line={}::{message}",
            problem.path, problem.line
        );
    }
}

/// Writes to a temporary file and renames it, so readers never see half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().context("output path has no folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let temporary = path.with_extension("json.tmp");
    std::fs::write(&temporary, bytes)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

fn copy_images(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for item in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let item = item?;
        if item.file_type()?.is_file() {
            let target = to.join(item.file_name());
            std::fs::copy(item.path(), &target).with_context(|| {
                format!(
                    "cannot copy {} to {}",
                    item.path().display(),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}

/// The repository root, so the commands work from any folder and from
/// trunk's build hook.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
