//! `cargo xtask bench search`: builds our search for WebAssembly, prepares
//! the corpora and the app, and serves them on 127.0.0.1. Then it runs
//! `bench/run-search.mjs`, which drives one headless Chromium through every
//! engine and the app, and prints the figures next to their targets.

use std::collections::BTreeSet;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::thread;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use tiny_http::{Header, Response, StatusCode};

use crate::bench_corpus::{self, CorpusSpec};
use crate::bench_report;
use crate::compression;
use crate::judged::{self, JudgedQuery};
use crate::serve::bind_loopback;
use crate::static_files::{self, Resolved};
use crate::{site, tools};

const DEFAULT_CORPORA: [&str; 4] = ["real", "ufg", "synthetic-10k", "synthetic-50k"];
const WASM_CRATE: &str = "backlog-search-wasm";
const WASM_FILE: &str = "backlog_search_wasm";
/// URL path of the app inside the served folder.
const APP_BASE: &str = "/app/";
/// Engines in table order, each with the data file it indexes.
const ENGINES: [(&str, &str); 4] = [
    ("ours", "backlog"),
    ("minisearch", "docs"),
    ("flexsearch", "docs"),
    ("fuse", "docs"),
];

#[derive(clap::Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    command: BenchCommand,
}

#[derive(clap::Subcommand)]
enum BenchCommand {
    /// Compare our search in WebAssembly with MiniSearch, FlexSearch and
    /// Fuse.js in headless Chromium, and time typing in the app.
    Search(SearchBenchArgs),
    /// Compare page weight and Lighthouse scores with the original site.
    Web(crate::bench_web::WebArgs),
}

#[derive(clap::Args)]
pub struct SearchBenchArgs {
    /// Corpus: real, ufg, synthetic-10k, synthetic-50k, synthetic-N or a
    /// folder of entries. Repeat the option for several [default: real,
    /// ufg, synthetic-10k, synthetic-50k].
    #[arg(long = "corpus", value_name = "CORPUS")]
    corpora: Vec<String>,
    /// Engine to run: ours, minisearch, flexsearch or fuse. Repeat the
    /// option for several [default: all four].
    #[arg(long = "engine", value_name = "ENGINE")]
    engines: Vec<String>,
    /// Timed passes over the typed prefixes, per engine and corpus.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Maximum milliseconds of timed queries per engine and corpus, so slow
    /// engines get fewer samples.
    #[arg(long, default_value_t = 20_000)]
    budget_ms: u64,
    /// Entries of the synthetic backlog loaded into the app.
    #[arg(long, default_value_t = 10_000)]
    app_entries: usize,
    /// Maximum milliseconds of typing into the app; queries past it are
    /// not typed.
    #[arg(long, default_value_t = 90_000)]
    app_budget_ms: u64,
    /// Skip building the app and timing keystrokes in it.
    #[arg(long)]
    no_app: bool,
    /// Optimization level of our wasm build (`z`, `s`, `0` to `3`)
    /// [default: the workspace release profile, which the app ships].
    #[arg(long, value_name = "LEVEL")]
    opt_level: Option<String>,
    /// Write the corpora to `target/bench-search/www/data/` and stop,
    /// without building or running anything.
    #[arg(long)]
    prepare_only: bool,
}

/// Runs `cargo xtask bench <command>`.
pub fn bench(args: &BenchArgs) -> Result<()> {
    match &args.command {
        BenchCommand::Search(search) => bench_search(search),
        BenchCommand::Web(web) => crate::bench_web::bench_web(web),
    }
}

fn bench_search(args: &SearchBenchArgs) -> Result<()> {
    require_node()?;
    if args.rounds == 0 {
        bail!("invalid --rounds 0: expected at least 1 timed pass");
    }
    for name in &args.engines {
        if !ENGINES.iter().any(|(known, _)| known == name) {
            bail!("unknown engine `{name}`: expected ours, minisearch, flexsearch or fuse");
        }
    }
    let root = tools::repo_root();
    let bench_dir = root.join("bench");
    let work = root.join("target/bench-search");
    let www = work.join("www");
    let specs = corpus_specs(&args.corpora)?;
    let judged_queries =
        judged::read_judged_queries(&root.join("tests/search/judged-queries.json"))
            .map_err(anyhow::Error::msg)?;

    if www.exists() {
        fs::remove_dir_all(&www).with_context(|| format!("failed to clear {}", www.display()))?;
    }
    fs::create_dir_all(www.join("engines"))?;
    fs::create_dir_all(www.join("data"))?;
    let mut corpora = Vec::new();
    for spec in &specs {
        corpora.push(prepare_corpus(spec, &root, &www, &judged_queries)?);
    }
    if args.prepare_only {
        println!("Wrote the corpora to {}", www.join("data").display());
        return Ok(());
    }

    tools::setup()?;
    install_node_modules(&bench_dir)?;
    copy_page(&bench_dir, &www)?;
    let engine_files = build_engines(
        &root,
        &bench_dir,
        &www.join("engines"),
        args.opt_level.as_deref(),
    )?;
    let app = if args.no_app {
        None
    } else {
        Some(prepare_app(&root, &work, &www, args.app_entries)?)
    };

    let prefixes = typed_prefixes(&judged_queries);
    let typed: Vec<&str> = unique_queries(&judged_queries);
    let listener = bind_loopback(Some(0))?;
    let url = format!("http://{}/", listener.local_addr()?);
    let engines: Vec<Value> = ENGINES
        .iter()
        .filter(|(name, _)| args.engines.is_empty() || args.engines.iter().any(|e| e == name))
        .map(|(name, data)| json!({ "name": name, "data": data, "files": engine_files[*name] }))
        .collect();
    let app_plan = match &app {
        Some(app) => Some(json!({
            "url": format!("{url}{}", APP_BASE.trim_start_matches('/')),
            "data": app.data,
            "index": app.index,
            "dataSize": file_sizes(&app.data)?,
            "indexSize": file_sizes(&app.index)?,
            "entries": app.entries,
            "queries": typed,
            "budgetMs": args.app_budget_ms,
        })),
        None => None,
    };
    let plan = json!({
        "url": url,
        "rounds": args.rounds,
        "budgetMs": args.budget_ms,
        "prefixes": prefixes,
        "engines": engines,
        "corpora": corpora.iter().map(|corpus| &corpus.plan).collect::<Vec<_>>(),
        "app": app_plan,
    });
    let plan_path = work.join("plan.json");
    let results_path = work.join("results.json");
    fs::write(&plan_path, serde_json::to_string_pretty(&plan)?)?;
    let _ = fs::remove_file(&results_path);

    println!("Serving the benchmark at {url}");
    let server = BenchServer::start(listener, www.clone())?;
    let outcome = tools::run(
        Command::new("node")
            .arg(bench_dir.join("run-search.mjs"))
            .arg(&plan_path)
            .arg(&results_path)
            .current_dir(&bench_dir),
    );
    server.stop();
    outcome.context("the browser benchmark failed: see its output above")?;

    let text = fs::read_to_string(&results_path)
        .with_context(|| format!("failed to read {}", results_path.display()))?;
    let results: Value =
        serde_json::from_str(&text).context("the benchmark results are not JSON")?;
    let summaries: Vec<bench_report::CorpusSummary> = corpora
        .iter()
        .map(|corpus| bench_report::CorpusSummary {
            name: corpus.name.clone(),
            entries: corpus.entries,
            documents: corpus.documents,
            judged: corpus.judged.clone(),
        })
        .collect();
    bench_report::print(&results, &summaries, prefixes.len(), args.rounds);
    println!("\nRaw results: {}", results_path.display());
    Ok(())
}

fn corpus_specs(names: &[String]) -> Result<Vec<CorpusSpec>> {
    let names: Vec<&str> = if names.is_empty() {
        DEFAULT_CORPORA.to_vec()
    } else {
        names.iter().map(String::as_str).collect()
    };
    names.into_iter().map(CorpusSpec::parse).collect()
}

/// Runs `npm ci` in `bench/` unless its `node_modules` is newer than its
/// `package.json` and `package-lock.json`.
fn install_node_modules(bench_dir: &Path) -> Result<()> {
    let modified = |path: PathBuf| fs::metadata(path).and_then(|meta| meta.modified()).ok();
    let installed = modified(bench_dir.join("node_modules/.package-lock.json"));
    let manifests = [
        modified(bench_dir.join("package.json")),
        modified(bench_dir.join("package-lock.json")),
    ];
    if installed.is_some() && manifests.iter().all(|manifest| *manifest <= installed) {
        return Ok(());
    }
    tools::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(bench_dir)
            // playwright-core drives the Debian Chromium and must not download one.
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )
}

fn copy_page(bench_dir: &Path, www: &Path) -> Result<()> {
    for name in ["index.html", "bench.js"] {
        let from = bench_dir.join("page").join(name);
        fs::copy(&from, www.join(name))
            .with_context(|| format!("failed to copy {}", from.display()))?;
    }
    Ok(())
}

/// Builds our engine (release wasm, wasm-bindgen, then `wasm-opt -Oz`
/// or the requested level) and puts
/// minified builds of the JavaScript engines next to it. Returns the files
/// that each engine ships.
fn build_engines(
    root: &Path,
    bench_dir: &Path,
    engines: &Path,
    opt_level: Option<&str>,
) -> Result<serde_json::Map<String, Value>> {
    let mut cargo = tools::cargo_command();
    cargo.args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        WASM_CRATE,
    ]);
    if let Some(level) = opt_level {
        // Cargo reads profile settings from the environment too.
        cargo.env("CARGO_PROFILE_RELEASE_OPT_LEVEL", level);
    }
    tools::run(&mut cargo)?;
    let wasm = root.join(format!(
        "target/wasm32-unknown-unknown/release/{WASM_FILE}.wasm"
    ));
    tools::run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(engines)
            .arg(&wasm),
    )?;
    let bound = engines.join(format!("{WASM_FILE}_bg.wasm"));
    let wasm_opt = root.join(".tools/binaryen/node_modules/.bin/wasm-opt");
    tools::run(
        Command::new(&wasm_opt)
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
            ])
            .arg(&bound)
            .arg("-o")
            .arg(&bound),
    )?;

    let modules = bench_dir.join("node_modules");
    let glue = engines.join(format!("{WASM_FILE}.js"));
    minify(bench_dir, &glue, &glue)?;
    minify(
        bench_dir,
        &modules.join("minisearch/dist/es/index.js"),
        &engines.join("minisearch.min.js"),
    )?;
    for (from, name) in [
        (
            "flexsearch/dist/flexsearch.bundle.module.min.mjs",
            "flexsearch.bundle.module.min.mjs",
        ),
        ("fuse.js/dist/fuse.min.mjs", "fuse.min.mjs"),
    ] {
        fs::copy(modules.join(from), engines.join(name))
            .with_context(|| format!("failed to copy {from}: run `npm ci` in bench/"))?;
    }
    let path = |name: &str| Value::from(engines.join(name).to_string_lossy().into_owned());
    let mut files = serde_json::Map::new();
    files.insert(
        "ours".into(),
        json!([
            path(&format!("{WASM_FILE}.js")),
            path(&format!("{WASM_FILE}_bg.wasm"))
        ]),
    );
    files.insert("minisearch".into(), json!([path("minisearch.min.js")]));
    files.insert(
        "flexsearch".into(),
        json!([path("flexsearch.bundle.module.min.mjs")]),
    );
    files.insert("fuse".into(), json!([path("fuse.min.mjs")]));
    Ok(files)
}

/// Minifies an ES module with the pinned terser of `bench/`.
fn minify(bench_dir: &Path, from: &Path, to: &Path) -> Result<()> {
    tools::run(
        Command::new(bench_dir.join("node_modules/.bin/terser"))
            .arg(from)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(to),
    )
}

/// A corpus written to the served folder, with what the report needs.
struct PreparedCorpus {
    name: String,
    entries: usize,
    documents: usize,
    judged: Vec<JudgedQuery>,
    plan: Value,
}

fn prepare_corpus(
    spec: &CorpusSpec,
    root: &Path,
    www: &Path,
    judged_queries: &[JudgedQuery],
) -> Result<PreparedCorpus> {
    let name = spec.name();
    println!("Preparing corpus {name}");
    let backlog = bench_corpus::load(spec, root)?;
    let documents = bench_corpus::search_documents(&backlog);
    let document_count = documents["ids"].as_array().map_or(0, Vec::len);
    let backlog_path = www.join(format!("data/{name}.backlog.json"));
    let docs_path = www.join(format!("data/{name}.docs.json"));
    fs::write(&backlog_path, serde_json::to_string(&backlog)?)?;
    fs::write(&docs_path, serde_json::to_string(&documents)?)?;
    let judged: Vec<JudgedQuery> = judged_queries
        .iter()
        .filter(|query| query.corpus == name)
        .cloned()
        .collect();
    let plan = json!({
        "name": name,
        "judged": judged.iter().map(|query| &query.query).collect::<Vec<_>>(),
        "files": { "backlog": backlog_path, "docs": docs_path },
    });
    Ok(PreparedCorpus {
        name,
        entries: backlog.entries.len(),
        documents: document_count,
        judged,
        plan,
    })
}

/// The app built under `/app/`, and the synthetic data and its search
/// index routed to it.
struct PreparedApp {
    data: PathBuf,
    index: PathBuf,
    entries: usize,
}

fn prepare_app(root: &Path, work: &Path, www: &Path, entries: usize) -> Result<PreparedApp> {
    println!("Building the app under {APP_BASE}");
    site::build(APP_BASE, &www.join(APP_BASE.trim_matches('/')))?;
    let mut backlog = bench_corpus::load(&CorpusSpec::Synthetic(entries), root)?;
    let data = work.join(format!("app-{entries}.backlog.json"));
    crate::content::write_backlog(&mut backlog, &data)?;
    let index = work.join(format!("app-{entries}.backlog-index.bin"));
    Ok(PreparedApp {
        data,
        index,
        entries,
    })
}

/// Sizes of a file as stored and with brotli.
fn file_sizes(path: &Path) -> Result<Value> {
    let raw = fs::read(path).with_context(|| format!("failed to read {}", path.display()))?;
    Ok(json!({ "raw": raw.len(), "brotli": compression::brotli(&raw)?.len() }))
}

fn unique_queries(queries: &[JudgedQuery]) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    queries
        .iter()
        .map(|query| query.query.as_str())
        .filter(|query| seen.insert(*query))
        .collect()
}

/// Returns every prefix of every distinct judged query, as typed one
/// character at a time.
fn typed_prefixes(queries: &[JudgedQuery]) -> Vec<String> {
    let mut prefixes = Vec::new();
    for query in unique_queries(queries) {
        let mut prefix = String::new();
        for character in query.chars() {
            prefix.push(character);
            prefixes.push(prefix.clone());
        }
    }
    prefixes
}

/// A static server for the benchmark folder. Unlike `serve`, it sends the
/// cross-origin isolation headers, so `performance.now()` in the page has
/// microsecond resolution instead of Chromium's coarser default.
struct BenchServer {
    server: Arc<tiny_http::Server>,
    worker: thread::JoinHandle<()>,
}

impl BenchServer {
    fn start(listener: TcpListener, root: PathBuf) -> Result<Self> {
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|error| anyhow::anyhow!("failed to start the benchmark server: {error}"))?;
        let server = Arc::new(server);
        let worker_server = Arc::clone(&server);
        let worker = thread::spawn(move || {
            while let Ok(request) = worker_server.recv() {
                let target = request.url().to_string();
                if let Err(error) = respond(request, &root, &target) {
                    eprintln!("bench server: failed to respond to {target}: {error}");
                }
            }
        });
        Ok(BenchServer { server, worker })
    }

    fn stop(self) {
        self.server.unblock();
        if self.worker.join().is_err() {
            eprintln!("bench server: the worker thread panicked");
        }
    }
}

fn respond(request: tiny_http::Request, root: &Path, target: &str) -> std::io::Result<()> {
    let header = |name: &str, value: &str| {
        Header::from_bytes(name, value).expect("header name and value are ASCII")
    };
    match static_files::resolve(root, "/", target) {
        Resolved::File(path) => {
            let response = Response::from_file(fs::File::open(&path)?)
                .with_header(header("Content-Type", static_files::content_type(&path)))
                .with_header(header("Cache-Control", "no-store"))
                .with_header(header("Cross-Origin-Opener-Policy", "same-origin"))
                .with_header(header("Cross-Origin-Embedder-Policy", "require-corp"));
            request.respond(response)
        }
        _ => {
            request.respond(Response::from_string("Not found\n").with_status_code(StatusCode(404)))
        }
    }
}

/// Fails early when Node.js is missing, with what to install.
fn require_node() -> Result<()> {
    match Command::new("node").arg("--version").output() {
        Ok(output) if output.status.success() => Ok(()),
        _ => bail!("the search benchmark needs Node.js 20 or later on PATH"),
    }
}
