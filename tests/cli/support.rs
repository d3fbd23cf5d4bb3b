//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};

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
