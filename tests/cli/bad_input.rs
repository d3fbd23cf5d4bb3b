//! Bad input never panics: it exits 2 with a message that says what is wrong
//! and how to fix it.

use crate::support::{charte, check, codes, project, stderr, MINIMAL};

/// Runs `check` on a manifest and returns stderr, asserting exit 2 and no panic.
fn rejected(text: &[u8]) -> String {
    let dir = project(text);
    // Found from its folder, so messages name it `charte.toml`.
    let a = charte()
        .current_dir(dir.path())
        .args(["--today", "2026-11-23", "check"])
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(!err.contains("panicked"), "{err}");
    assert!(a.get_output().stdout.is_empty(), "nothing on stdout");
    err
}

#[test]
fn an_empty_manifest_asks_for_schema_1() {
    let err = rejected(b"");
    assert!(err.contains("the manifest has no `schema`"), "{err}");
    assert!(err.contains("start the file with `schema = 1`"), "{err}");
}

#[test]
fn random_bytes_are_refused_as_binary_or_not_utf8() {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let err = rejected(&bytes);
    assert!(
        err.contains("not valid UTF-8") || err.contains("binary file"),
        "{err}"
    );
}

#[test]
fn nul_bytes_mark_a_binary_file() {
    let err = rejected(b"schema = 1\n\0\0\0");
    assert!(err.contains("binary file"), "{err}");
}

#[test]
fn invalid_utf8_points_at_the_byte() {
    let mut text = MINIMAL.as_bytes().to_vec();
    let at = MINIMAL.find("Exemple Santé").unwrap();
    text[at] = 0xff;
    let err = rejected(&text);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(err.contains(":4:9"), "{err}");
}

#[test]
fn wrong_types_are_all_reported_in_one_run() {
    let text = MINIMAL
        .replace("schema = 1", "schema = \"1\"")
        .replace("version = \"5.2.0\"", "version = 5")
        .replace("services = [\"insi\"]", "services = \"insi\"");
    let err = rejected(text.as_bytes());
    insta::assert_snapshot!(err);
}

#[test]
fn unknown_keys_suggest_the_right_one() {
    let text = MINIMAL
        .replace("contact =", "contact_email =")
        .replace("kind =", "knid =");
    let err = rejected(text.as_bytes());
    assert!(
        err.contains("unknown key `contact_email` in [organization]"),
        "{err}"
    );
    assert!(err.contains("unknown key `knid` in [[product]]"), "{err}");
    assert!(err.contains("did you mean `kind`?"), "{err}");
}

#[test]
fn a_duplicate_key_points_at_the_repeat() {
    let text = MINIMAL.replace(
        "version = \"5.2.0\"",
        "version = \"5.2.0\"\nversion = \"5.3.0\"",
    );
    let err = rejected(text.as_bytes());
    assert!(err.contains("duplicate key"), "{err}");
    assert!(err.contains(":15:1"), "{err}");
}

#[test]
fn deeply_nested_arrays_do_not_overflow_the_stack() {
    let text = format!(
        "{MINIMAL}\nx = {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let err = rejected(text.as_bytes());
    assert!(err.contains("recurse"), "{err}");
    // Long lines are cut around the problem.
    assert!(err.lines().all(|l| l.chars().count() < 200), "{err}");
}

#[test]
fn a_fifty_megabyte_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("charte.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 << 20).unwrap();
    let a = check(&path, &[]).code(2);
    assert!(
        stderr(&a).contains("charte reads manifests of up to 32 MiB"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn a_directory_is_not_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let a = check(dir.path(), &[]).code(2);
    assert!(stderr(&a).contains("is a folder, not a manifest"));
}

#[test]
fn a_missing_manifest_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let a = charte()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("could not find charte.toml"), "{err}");
    assert!(err.contains("--manifest"), "{err}");
}

#[test]
fn a_manifest_is_found_in_a_parent_folder() {
    let dir = project(MINIMAL.as_bytes());
    let sub = dir.path().join("src/deep");
    std::fs::create_dir_all(&sub).unwrap();
    let a = charte()
        .current_dir(&sub)
        .args(["--today", "2026-11-23", "check", "--format", "json"])
        .assert()
        .code(1);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(
        report["findings"][0]["location"]["file"],
        "../../charte.toml"
    );
}

#[test]
fn bad_dates_and_flags_are_usage_errors() {
    let dir = project(MINIMAL.as_bytes());
    let manifest = dir.path().join("charte.toml");
    let a = charte()
        .args(["--today", "2026-02-30", "--manifest"])
        .arg(&manifest)
        .arg("check")
        .assert()
        .code(2);
    assert!(stderr(&a).contains("no such day"), "{}", stderr(&a));
    let a = check(&manifest, &["--deny", "parital"]).code(2);
    assert!(
        stderr(&a).contains("did you mean `partial`?"),
        "{}",
        stderr(&a)
    );
    let a = check(&manifest, &["--product", "nope"]).code(2);
    assert!(stderr(&a).contains("no such product"), "{}", stderr(&a));
}

#[test]
fn invalid_manifest_in_json_still_gives_a_report() {
    let dir = project(MINIMAL.replace("732829320", "732829321").as_bytes());
    let a = check(&dir.path().join("charte.toml"), &["--format", "json"]).code(2);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(report["summary"]["passed"], false);
    assert_eq!(report["findings"][0]["code"], "invalid-manifest");
    assert_eq!(report["findings"][0]["location"]["line"], 5);
    assert!(stderr(&a).contains("fails the Luhn check"));
}

#[test]
fn unknown_referentials_in_use_point_at_the_entry() {
    let dir = project(
        MINIMAL
            .replace("use = [\"ins\"]", "use = [\"ins\", \"mssante\"]")
            .as_bytes(),
    );
    let a = check(&dir.path().join("charte.toml"), &[]).code(2);
    let err = stderr(&a);
    assert!(
        err.contains("the catalogue has no referential `mssante`"),
        "{err}"
    );
    assert!(err.contains("did you mean `mssante-clients`?"), "{err}");
    let dir = project(
        MINIMAL
            .replace("use = [\"ins\"]", "use = [\"ins@9\"]")
            .as_bytes(),
    );
    let err = stderr(&check(&dir.path().join("charte.toml"), &[]).code(2));
    assert!(
        err.contains("no version of `ins` matches `ins@^9`"),
        "{err}"
    );
}

#[test]
fn invalid_manifest_goes_away_once_fixed() {
    let dir = project(MINIMAL.replace("732829320", "732829321").as_bytes());
    let path = dir.path().join("charte.toml");
    check(&path, &["--format", "json"]).code(2);
    std::fs::write(&path, MINIMAL).unwrap();
    let a = check(&path, &["--format", "json"]).code(1);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let codes = codes(&report);
    assert!(!codes.iter().any(|c| c == "invalid-manifest"), "{codes:?}");
    assert!(
        codes.iter().any(|c| c == "missing-declaration"),
        "{codes:?}"
    );
}
