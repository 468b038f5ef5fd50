//! Project commands, run as `cargo xtask <command>`: build the content,
//! check entries, search from the command line, set up tools, serve, test.

mod content;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Build, serve and test the Digital Public Goods Backlog")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Turn the markdown entries into `generated/backlog.json` and copy their images.
    Build(content::BuildArgs),
    /// Validate a folder of entries without writing anything.
    Check(content::CheckArgs),
    /// Search a folder of entries and print the ranked hits.
    Search(content::SearchArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => content::build(&args),
        Command::Check(args) => content::check(&args),
        Command::Search(args) => content::search(&args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
