//! Build tools: checks for the wasm target, trunk, wasm-bindgen-cli and
//! wasm-opt, installs whichever is missing, and runs commands with them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Trunk 0.22 needs rustc 1.96 or later, so stay on 0.21.
const TRUNK_VERSION_REQ: &str = "~0.21";
const TRUNK_VERSION_PREFIX: &str = "trunk 0.21.";
/// Debian's binaryen 108 emits modules that fail to start, so wasm-opt comes from npm.
const BINARYEN_VERSION: &str = "132.0.0";

/// Returns the repository root, the parent of the `xtask` crate.
pub fn repo_root() -> PathBuf {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask_dir.parent().unwrap_or(xtask_dir).to_path_buf()
}

/// Installs every build tool that is missing and prints one line per tool.
pub fn setup() -> Result<()> {
    let root = repo_root();
    ensure_wasm_target(&root)?;
    ensure_trunk()?;
    ensure_wasm_bindgen(&root)?;
    ensure_wasm_opt(&root)?;
    Ok(())
}

/// Returns a `trunk` command run from the repository root, with the npm
/// binaryen tools first on `PATH` so trunk finds that wasm-opt.
pub fn trunk_command() -> Result<Command> {
    let root = repo_root();
    let bin_dir = binaryen_dir(&root).join("node_modules").join(".bin");
    let old_path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin_dir];
    paths.extend(std::env::split_paths(&old_path));
    let path = std::env::join_paths(paths).context("failed to build PATH for trunk")?;

    let mut command = Command::new("trunk");
    command.current_dir(&root).env("PATH", path);
    Ok(command)
}

/// Returns a `cargo` command run from the repository root, using the same
/// cargo that started this program when there is one.
pub fn cargo_command() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(repo_root());
    command
}

/// Runs a command to completion and fails unless it exits successfully.
pub fn run(command: &mut Command) -> Result<()> {
    let command_line = describe(command);
    let status = command.status().with_context(|| {
        format!("failed to start `{command_line}`: is it installed and on PATH?")
    })?;
    if !status.success() {
        bail!("`{command_line}` failed with {status}");
    }
    Ok(())
}

/// Formats a command as a shell-like line for messages.
pub fn describe(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned()),
    );
    parts.join(" ")
}

fn ensure_wasm_target(root: &Path) -> Result<()> {
    // Run rustup from the root so that `rust-toolchain.toml` picks the toolchain.
    let installed = capture(
        Command::new("rustup")
            .args(["target", "list", "--installed"])
            .current_dir(root),
    )
    .context("failed to list the installed Rust targets: is rustup on PATH?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("{WASM_TARGET} target: found");
        return Ok(());
    }
    println!("{WASM_TARGET} target: installing");
    run(Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .current_dir(root))
}

fn ensure_trunk() -> Result<()> {
    if let Some(version) = installed_version("trunk", TRUNK_VERSION_PREFIX) {
        println!("trunk: found {version}");
        return Ok(());
    }
    println!("trunk {TRUNK_VERSION_REQ}: installing (takes several minutes)");
    run(Command::new("cargo").args([
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION_REQ,
        "--locked",
    ]))?;
    require_on_path("trunk", TRUNK_VERSION_PREFIX)
}

fn ensure_wasm_bindgen(root: &Path) -> Result<()> {
    let version = locked_version(&root.join("Cargo.lock"), "wasm-bindgen")?;
    let expected = format!("wasm-bindgen {version}");
    if installed_version("wasm-bindgen", &expected).is_some() {
        println!("wasm-bindgen-cli: found {version}");
        return Ok(());
    }
    println!("wasm-bindgen-cli {version}: installing (takes a few minutes)");
    // `--locked` fails because a crate named in its lock file is missing from the registry.
    let exact = format!("={version}");
    run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &exact]))?;
    require_on_path("wasm-bindgen", &expected)
}

fn ensure_wasm_opt(root: &Path) -> Result<()> {
    let prefix = binaryen_dir(root);
    let manifest = prefix.join("node_modules/binaryen/package.json");
    if npm_package_version(&manifest).as_deref() == Some(BINARYEN_VERSION) {
        println!("wasm-opt (npm binaryen): found {BINARYEN_VERSION}");
        return Ok(());
    }
    println!(
        "wasm-opt (npm binaryen {BINARYEN_VERSION}): installing into {}",
        prefix.display()
    );
    fs::create_dir_all(&prefix)
        .with_context(|| format!("failed to create {}", prefix.display()))?;
    let package = format!("binaryen@{BINARYEN_VERSION}");
    run(Command::new("npm")
        .args([
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
        ])
        .arg(&prefix)
        .arg(&package))
}

/// Returns the folder that contains the npm binaryen install.
fn binaryen_dir(root: &Path) -> PathBuf {
    root.join(".tools").join("binaryen")
}

/// Returns the first line of `PROGRAM --version` if it starts with `prefix`.
fn installed_version(program: &str, prefix: &str) -> Option<String> {
    let output = capture(Command::new(program).arg("--version")).ok()?;
    let line = output.lines().next()?.trim().to_string();
    line.starts_with(prefix).then_some(line)
}

fn require_on_path(program: &str, prefix: &str) -> Result<()> {
    if installed_version(program, prefix).is_none() {
        bail!(
            "`{program} --version` does not start with `{prefix}` after the install: \
             add cargo's bin folder (usually ~/.cargo/bin) to PATH"
        );
    }
    Ok(())
}

/// Runs a command and returns its standard output, failing on a non-zero exit.
fn capture(command: &mut Command) -> Result<String> {
    let command_line = describe(command);
    let output = command
        .output()
        .with_context(|| format!("failed to start `{command_line}`"))?;
    if !output.status.success() {
        bail!("`{command_line}` failed with {}", output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Reads the version of `package` from a `Cargo.lock`.
fn locked_version(lock_path: &Path, package: &str) -> Result<String> {
    let text = fs::read_to_string(lock_path).with_context(|| {
        format!(
            "failed to read {}: run `cargo generate-lockfile` first",
            lock_path.display()
        )
    })?;
    parse_locked_version(&text, package).with_context(|| {
        format!(
            "{} has no `{package}` package: is it still a dependency of the app?",
            lock_path.display()
        )
    })
}

/// Finds `version` in the `[[package]]` block named `package`. Cargo writes
/// `name` first and `version` on the next line, so no TOML parser is needed.
fn parse_locked_version(lock_text: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock_text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != name_line {
            continue;
        }
        let version_line = lines.next()?.trim();
        let version = version_line
            .strip_prefix("version = \"")?
            .strip_suffix('"')?;
        return Some(version.to_string());
    }
    None
}

/// Reads the `version` field of an installed npm package, if it is there.
fn npm_package_version(manifest: &Path) -> Option<String> {
    let text = fs::read_to_string(manifest).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(value.get("version")?.as_str()?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.130"
"#;

    #[test]
    fn locked_version_is_read_from_the_named_package() {
        assert_eq!(
            parse_locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
    }

    #[test]
    fn locked_version_ignores_packages_with_a_longer_name() {
        assert_eq!(parse_locked_version(LOCK, "wasm"), None);
    }

    #[test]
    fn locked_version_of_a_missing_package_is_none() {
        assert_eq!(parse_locked_version(LOCK, "leptos"), None);
    }
}
