//! Severity overrides (SPEC §3.1): `--deny/--warn/--allow CODE` and
//! `[check] levels` in the manifest, and what an unknown code gets.

use serde_json::Value;

use crate::support::{charte, check, project, stderr, TODAY};

/// Every code an override accepts, as the error lists them.
const OVERRIDABLE: &str = "unknown-product, unknown-referential, unknown-requirement, \
duplicate-declaration, missing-justification, missing-due-date, missing-declaration, \
non-conform, partial, planned-overdue, planned-due-soon, missing-proof, evidence-expired, \
evidence-file-missing, evidence-digest-mismatch, evidence-path-outside, requirement-replaced, \
requirement-revised, not-applicable-declared, upcoming-requirement, lock-out-of-date, \
evidence-future-date, unknown-service, referential-not-in-use";

fn groupe_with(extra: &str) -> tempfile::TempDir {
    let text = std::fs::read_to_string("examples/groupe/charte.toml").unwrap();
    project(format!("{text}\n{extra}").as_bytes())
}

fn summary(dir: &tempfile::TempDir, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let a = check(&dir.path().join("charte.toml"), &all);
    let code = a.get_output().status.code().unwrap();
    let r: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    (code, r["summary"].clone())
}

#[test]
fn an_unknown_code_on_the_command_line_lists_the_valid_ones() {
    for flag in ["--deny", "--warn", "--allow"] {
        let a = check(
            std::path::Path::new("examples/solo/charte.toml"),
            &[flag, "partal"],
        )
        .code(2);
        let err = stderr(&a);
        assert!(
            err.contains(&format!("invalid value 'partal' for '{flag} <CODE>'")),
            "{err}"
        );
        assert!(err.contains("did you mean `partial`?"), "{err}");
        assert!(err.contains(&format!("codes are {OVERRIDABLE}")), "{err}");
    }
    let a = check(
        std::path::Path::new("examples/solo/charte.toml"),
        &["--allow", "invalid-manifest"],
    )
    .code(2);
    assert!(stderr(&a).contains("`invalid-manifest` cannot be overridden"));
}

#[test]
fn an_unknown_code_in_the_manifest_lists_the_valid_ones() {
    let dir = groupe_with("[check]\nlevels = { partal = \"error\", non-conform = \"fatal\" }\n");
    let a = charte()
        .current_dir(dir.path())
        .args(["--today", TODAY, "check"])
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("unknown finding code `partal`"), "{err}");
    assert!(err.contains("did you mean `partial`?"), "{err}");
    assert!(
        err.contains("`unknown-product`, `unknown-referential`"),
        "{err}"
    );
    assert!(
        err.contains("`unknown-service` and `referential-not-in-use`"),
        "{err}"
    );
    assert!(err.contains("unknown level `fatal`"), "{err}");
    assert!(err.contains("charte.toml has 2 problems"), "{err}");
}

#[test]
fn the_manifest_sets_levels_and_the_command_line_wins() {
    let plain = groupe_with("");
    let (code, s) = summary(&plain, &[]);
    assert_eq!(
        (code, &s["errors"], &s["warnings"]),
        (1, &7.into(), &18.into())
    );

    // The one partial finding becomes an error.
    let strict = groupe_with(
        "[check]\nlevels = { partial = \"error\", upcoming-requirement = \"allow\" }\n",
    );
    let (_, s) = summary(&strict, &[]);
    assert_eq!(
        (&s["errors"], &s["warnings"], &s["infos"]),
        (&8.into(), &11.into(), &0.into())
    );

    // --warn beats the manifest; --deny beats --warn and --allow.
    let (_, s) = summary(&strict, &["--warn", "partial"]);
    assert_eq!(s["errors"], 7);
    let (_, s) = summary(
        &strict,
        &[
            "--allow", "partial", "--warn", "partial", "--deny", "partial",
        ],
    );
    assert_eq!(s["errors"], 8);

    // Everything down to warnings: the run passes.
    let codes = [
        "evidence-expired",
        "planned-overdue",
        "missing-proof",
        "non-conform",
        "missing-declaration",
    ];
    let mut args = Vec::new();
    for c in codes {
        args.extend(["--warn", c]);
    }
    let (code, s) = summary(&plain, &args);
    assert_eq!(
        (code, &s["errors"], &s["passed"]),
        (0, &0.into(), &true.into())
    );
}
