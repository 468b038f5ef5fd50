//! Project commands, run as `cargo xtask <command>`: build the content,
//! check entries, search from the command line, set up tools, serve, test.

mod bench_corpus;
mod bench_report;
mod bench_search;
mod bench_web;
mod compression;
mod content;
mod feeds;
mod images;
mod inline_css;
mod judged;
mod post_build;
mod prerender;
mod serve;
mod site;
mod start_script;
mod static_files;
mod test_runner;
mod tools;
mod widget_script;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Build, serve and test the Digital Public Goods Backlog")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a benchmark: `bench search` compares search engines in Chromium,
    /// `bench web` compares page weight and Lighthouse scores with the original site.
    Bench(bench_search::BenchArgs),
    /// Turn the markdown entries into `generated/backlog.json` and its search
    /// index, and copy their images.
    Build(content::BuildArgs),
    /// Validate a folder of entries without writing anything.
    Check(content::CheckArgs),
    /// Search a folder of entries and print the ranked hits.
    Search(content::SearchArgs),
    /// Finish a trunk build: move the start-up script to a file, add `404.html`.
    #[command(hide = true)]
    PostBuild,
    /// Install the missing build tools: wasm target, trunk, wasm-bindgen-cli, wasm-opt.
    Setup,
    /// Build the site for release, with a `404.html` fallback for static hosts.
    Site(site::SiteArgs),
    /// Build the site and serve it on 127.0.0.1.
    Serve(serve::ServeArgs),
    /// Run every check: formatting, lints, native tests and browser tests.
    Test,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Bench(args) => bench_search::bench(&args),
        Command::Build(args) => content::build(&args),
        Command::Check(args) => content::check(&args),
        Command::Search(args) => content::search(&args),
        Command::PostBuild => post_build::post_build(),
        Command::Setup => tools::setup(),
        Command::Site(args) => site::site(&args),
        Command::Serve(args) => serve::serve(&args),
        Command::Test => test_runner::test(),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
