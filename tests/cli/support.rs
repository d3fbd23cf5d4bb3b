//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};

mod test;
pub mod web;

pub use test::Test;

pub const TODAY: &str = "2026-11-23";

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `charte` with a clean environment, run from the repository root.
pub fn charte() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("charte").unwrap();
    cmd.current_dir(root())
        .env_remove("CHARTE_MANIFEST")
        .env_remove("CHARTE_TODAY")
        .env_remove("NO_COLOR")
        // Help is wrapped to COLUMNS when it is set.
        .env_remove("COLUMNS")
        .env("CHARTE_CACHE_DIR", root().join("target/test-cache"))
        .env("CHARTE_CONFIG_DIR", root().join("target/test-config"));
    cmd
}

/// `charte --today TODAY --manifest PATH ARGS…`.
pub fn check(manifest: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    charte()
        .arg("--today")
        .arg(TODAY)
        .arg("--manifest")
        .arg(manifest)
        .arg("check")
        .args(args)
        .assert()
}

/// `charte --today TODAY --manifest PATH ARGS…`, for any command.
pub fn run(manifest: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    charte()
        .arg("--today")
        .arg(TODAY)
        .arg("--manifest")
        .arg(manifest)
        .args(args)
        .assert()
}

/// An example's manifest, relative so that outputs do not depend on the checkout.
pub fn example(name: &str) -> PathBuf {
    PathBuf::from(format!("examples/{name}/charte.toml"))
}

pub fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

pub fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

/// A folder with a `charte.toml` holding `text`.
pub fn project(text: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("charte.toml"), text).unwrap();
    dir
}

/// A small valid manifest using the embedded catalogue.
pub const MINIMAL: &str = r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
use = ["ins"]

[[product]]
id = "exemple-lgc"
name = "Exemple Cabinet"
version = "5.2.0"
kind = "lgc"
services = ["insi"]
"#;

/// The finding codes of a JSON report, in order.
pub fn codes(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// An example evaluated in-process at `TODAY`, against the versions its
/// committed charte.lock pins.
pub struct Evaluated {
    pub source: charte::diag::Source,
    pub manifest: charte::manifest::Manifest,
    pub referentials: Vec<charte::catalogue::Resolved>,
    pub evaluation: charte::engine::Evaluation,
}

pub fn evaluate_example(name: &str, source_name: &str) -> Evaluated {
    use charte::catalogue::{resolve, Lockfile};
    let path = root().join(format!("examples/{name}/charte.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let source = charte::diag::Source::new(source_name, text);
    let manifest = charte::manifest::parse(&source).unwrap();
    let lock = std::fs::read_to_string(path.with_file_name("charte.lock")).unwrap();
    let lock = Lockfile::parse(&charte::diag::Source::new("charte.lock", lock)).unwrap();
    let referentials: Vec<_> = manifest
        .uses
        .iter()
        .map(|u| resolve::embedded_document(lock.get(&u.id).unwrap()).unwrap())
        .collect();
    let files = charte::evidence::Disk::new(path.parent().unwrap());
    let levels = charte::findings::Levels::default();
    let evaluation = charte::engine::evaluate(&charte::engine::Input {
        manifest: &manifest,
        source: &source,
        referentials: &referentials,
        today: TODAY.parse().unwrap(),
        files: &files,
        levels: &levels,
        only: &[],
        // As `check` reads it: the examples use the embedded catalogue.
        offered: &charte::catalogue::offered_embedded(),
    });
    Evaluated {
        source,
        manifest,
        referentials,
        evaluation,
    }
}
