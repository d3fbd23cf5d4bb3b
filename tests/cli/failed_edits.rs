//! A command that fails leaves no file behind: the manifest stays byte for
//! byte as it was, and a `charte.lock` that resolving the referentials
//! would have produced is not written (it is written when the command
//! succeeds).

use std::path::Path;

use crate::support::{charte, project, MINIMAL, TODAY};

/// Runs `args` in a project holding [`MINIMAL`] and no lock, expects exit 2
/// and finds the project as it was.
fn fails_and_writes_nothing(args: &[&str], files: &[(&str, &str)]) {
    let dir = project(MINIMAL.as_bytes());
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    charte()
        .current_dir(dir.path())
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .assert()
        .code(2);
    let manifest = std::fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    assert_eq!(manifest, MINIMAL, "charte {args:?} changed the manifest");
    assert!(
        !Path::new(&dir.path().join("charte.lock")).exists(),
        "charte {args:?} failed and left charte.lock behind"
    );
}

#[test]
fn a_declaration_of_an_unknown_requirement_writes_no_lock() {
    fails_and_writes_nothing(
        &["declare", "exemple-lgc", "ins:NOPE", "--status", "conform"],
        &[],
    );
}

#[test]
fn a_planned_declaration_without_a_due_date_writes_no_lock() {
    fails_and_writes_nothing(
        &[
            "declare",
            "exemple-lgc",
            "ins:INS.01",
            "--status",
            "planned",
        ],
        &[],
    );
}

#[test]
fn a_commitment_outside_the_referentials_in_use_writes_no_lock() {
    fails_and_writes_nothing(
        &["commit", "charte-engagements:NOPE", "--status", "conform"],
        &[],
    );
}

#[test]
fn adding_a_product_that_exists_writes_nothing() {
    fails_and_writes_nothing(
        &[
            "product",
            "add",
            "exemple-lgc",
            "--name",
            "X",
            "--version",
            "1",
            "--kind",
            "lgc",
        ],
        &[],
    );
}

#[test]
fn changing_or_removing_an_unknown_product_writes_nothing() {
    fails_and_writes_nothing(&["product", "set", "nope", "--version", "2"], &[]);
    fails_and_writes_nothing(&["product", "remove", "nope"], &[]);
}

#[test]
fn an_import_with_a_bad_row_writes_no_lock() {
    fails_and_writes_nothing(
        &["import", "rows.csv"],
        &[(
            "rows.csv",
            "product,requirement,status\nexemple-lgc,ins:INS.01,bogus\n",
        )],
    );
}

#[test]
fn a_check_that_succeeds_writes_the_lock_it_resolved() {
    let dir = project(MINIMAL.as_bytes());
    charte()
        .current_dir(dir.path())
        .args(["--today", TODAY, "check"])
        .assert()
        .code(1);
    assert!(dir.path().join("charte.lock").exists());
}
