//! `use add` and `use remove`: `[referentials] use` edited in place, its
//! comments and layout kept, and charte.lock updated in the same command;
//! nothing written when anything fails.

use std::fs;
use std::path::Path;

use crate::editing::run;
use crate::support::{charte, project, stderr, stdout, TODAY};

const MANIFEST: &str = r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
# Les socles
use = [
  "ins@2",  # identité
  "charte-engagements",
]

[[product]]
id = "exemple-lgc"
name = "Exemple Cabinet"
version = "5.2.0"
kind = "lgc"
services = ["insi"]

# Recette INSi de juin.
[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.01"
status = "conform"
declared = 2026-06-10
evidence = [{ proof = "INS.01.01.01", ref = "CNDA-INSi#48959" }]
"#;

/// A project with its lock written by `fetch`.
fn fetched() -> tempfile::TempDir {
    let dir = project(MANIFEST.as_bytes());
    run(dir.path(), &["fetch"]).success();
    dir
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

/// The ids and versions charte.lock pins.
fn locked(dir: &Path) -> Vec<String> {
    let lock: toml::Value = toml::from_str(&read(dir, "charte.lock")).unwrap();
    lock["referential"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}@{}",
                r["id"].as_str().unwrap(),
                r["version"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn use_add_edits_the_list_in_place_and_locks() {
    let dir = fetched();
    let a = run(dir.path(), &["use", "add", "ssi", "mssante-clients@1.0"]).success();
    assert_eq!(
        stdout(&a),
        "added `ssi`: ssi 2.0.0\nadded `mssante-clients@1.0`: mssante-clients 1.0.0\nwrote charte.toml and charte.lock\n"
    );
    assert_eq!(
        read(dir.path(), "charte.toml"),
        MANIFEST.replace(
            "  \"charte-engagements\",\n]",
            "  \"charte-engagements\",\n  \"ssi\",\n  \"mssante-clients@1.0\",\n]"
        )
    );
    assert_eq!(
        locked(dir.path()),
        [
            "charte-engagements@1.0.0",
            "ins@2.0.0",
            "mssante-clients@1.0.0",
            "ssi@2.0.0"
        ]
    );
    // The lock serves `use` exactly: a frozen check needs nothing more.
    charte()
        .current_dir(dir.path())
        .args(["--today", TODAY, "--frozen", "check", "--fail-on", "never"])
        .assert()
        .success();
    // An entry of a référentiel in use is rewritten where it is, its
    // comment kept; the same again changes nothing.
    let a = run(dir.path(), &["use", "add", "ins@=2.0.0"]).success();
    assert_eq!(
        stdout(&a),
        "changed to `ins@=2.0.0`: ins 2.0.0\nwrote charte.toml\n"
    );
    assert!(read(dir.path(), "charte.toml").contains("  \"ins@=2.0.0\",  # identité\n"));
    let a = run(dir.path(), &["use", "add", "ins@=2.0.0"]).success();
    assert_eq!(
        stdout(&a),
        "already uses `ins@=2.0.0`: ins 2.0.0\nnothing to change\n"
    );
}

#[test]
fn use_remove_refuses_while_declarations_name_it() {
    let dir = fetched();
    let lock = read(dir.path(), "charte.lock");
    let a = run(dir.path(), &["use", "remove", "ins"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: charte.toml still names `ins` in 1 declaration; nothing was changed\n  help: --force removes it anyway (`charte check` then reports them as unknown-referential); `charte export` keeps a copy of them\n"
    );
    assert_eq!(read(dir.path(), "charte.toml"), MANIFEST);
    assert_eq!(read(dir.path(), "charte.lock"), lock);
    // A référentiel that nothing names goes, with its line.
    let a = run(dir.path(), &["use", "remove", "charte-engagements"]).success();
    assert_eq!(
        stdout(&a),
        "removed `charte-engagements`\nwrote charte.toml and charte.lock\n"
    );
    assert_eq!(
        read(dir.path(), "charte.toml"),
        MANIFEST.replace("  \"charte-engagements\",\n", "")
    );
    assert_eq!(locked(dir.path()), ["ins@2.0.0"]);
    // --force removes one still named; its line and comment go with it.
    run(dir.path(), &["use", "remove", "ins", "--force"]).success();
    assert_eq!(
        read(dir.path(), "charte.toml"),
        MANIFEST
            .replace("  \"charte-engagements\",\n", "")
            .replace("  \"ins@2\",  # identité\n", "")
    );
    assert!(
        read(dir.path(), "charte.lock").ends_with("version = 1\n"),
        "{}",
        read(dir.path(), "charte.lock")
    );
}

/// Every refusal leaves both files as they were, and writes no lock that
/// was not there.
#[test]
fn use_refusals_write_nothing() {
    let dir = fetched();
    let lock = read(dir.path(), "charte.lock");
    let cases: [(&[&str], i32, &str); 5] = [
        (
            &["--locked", "use", "add", "ssi"],
            3,
            "error: --locked forbids changing charte.lock, and this edit of [referentials] use changes it; nothing was changed\n  help: run it without --locked and commit charte.lock\n",
        ),
        (
            &["use", "add", "ssii"],
            2,
            "error: the embedded catalogue has no référentiel `ssii`; did you mean `ssi`? nothing was changed\n  help: `charte referentials list` shows what it offers\n",
        ),
        (
            &["use", "add", "ins@9"],
            2,
            "error: no version of `ins` matches `ins@^9`; nothing was changed\n  help: available versions: 2.0.0\n",
        ),
        (
            &["use", "add", "ssi@1.a"],
            2,
            "error: bad version requirement in `ssi@1.a`: unexpected character 'a' while parsing minor version number\n  help: use cargo's syntax: `ins@2` (2.x), `mssante-clients@1.0` (1.x from 1.0), `ins@=2.0.0` (exactly)\n",
        ),
        (
            &["use", "remove", "inss"],
            2,
            "error: `inss` is not in [referentials] use of charte.toml; did you mean `ins`? it uses `ins` and `charte-engagements`\n",
        ),
    ];
    for (args, code, err) in cases {
        let a = run(dir.path(), args).code(code);
        assert_eq!(stderr(&a), err, "{args:?}");
        assert_eq!(read(dir.path(), "charte.toml"), MANIFEST, "{args:?}");
        assert_eq!(read(dir.path(), "charte.lock"), lock, "{args:?}");
    }
    // Without a lock, a refused edit creates none.
    let bare = project(MANIFEST.as_bytes());
    run(bare.path(), &["use", "add", "ssii"]).code(2);
    assert!(!bare.path().join("charte.lock").exists());
}
