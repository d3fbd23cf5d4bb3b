//! `charte explain` and the finding reference generated from it.

use crate::support::{charte, root, stderr, stdout};

/// How docs/findings.md is regenerated.
const REGENERATE: &str = "cargo run -q -- explain --all --format markdown > docs/findings.md";

#[test]
fn explains_a_code() {
    let a = charte()
        .args(["explain", "missing-proof"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(
        out.starts_with("missing-proof: declared conform, but a required proof"),
        "{out}"
    );
    assert!(out.contains("Default severity: error for an exigence, warning for a préconisation."));
    assert!(out.contains("How to fix:"));
    assert!(out.contains("docs/findings.md#missing-proof"));
    assert!(
        out.lines()
            .all(|l| l.chars().count() <= 80 || l.starts_with("Reference:")),
        "{out}"
    );
}

#[test]
fn lists_every_code() {
    let a = charte().arg("explain").assert().success();
    let out = stdout(&a);
    for code in charte::findings::Code::ALL {
        assert!(out.contains(&format!("  {code} ")), "{code}");
    }
}

#[test]
fn an_unknown_code_suggests_the_closest() {
    let a = charte().args(["explain", "missng-proof"]).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains("did you mean `missing-proof`?"), "{err}");
    assert!(a.get_output().stdout.is_empty());
}

#[test]
fn the_reference_document_is_current() {
    let a = charte()
        .args(["explain", "--all", "--format", "markdown"])
        .assert()
        .success();
    let generated = stdout(&a);
    let committed = std::fs::read_to_string(root().join("docs/findings.md")).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/findings.md is stale: regenerate it with `{REGENERATE}`"
    );
    for code in charte::findings::Code::ALL {
        assert!(
            committed.contains(&format!("\n## {code}\n")),
            "{code} has no section"
        );
    }
}
