//! Editing commands on a hand-written, heavily commented manifest: only the
//! edited entries change, byte for byte; line endings, file mode and, when
//! nothing changes, the modification time are kept.

use std::fs;
use std::path::Path;

use crate::support::{charte, project, stderr, stdout, TODAY};

const COMMENTED: &str = include_str!("fixtures/commented.toml");

/// `charte --today TODAY ARGS…` run in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    charte()
        .current_dir(dir)
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .assert()
}

/// The lines that differ between two texts, between their common first and
/// last lines: a whole edit, shown once.
pub fn changed(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = format!("@@ line {}\n", head + 1);
    for l in &a[head..a.len() - tail] {
        out.push_str(&format!("-{l}"));
    }
    for l in &b[head..b.len() - tail] {
        out.push_str(&format!("+{l}"));
    }
    out
}

fn edited(args: &[&[&str]]) -> String {
    let dir = project(COMMENTED.as_bytes());
    for a in args {
        run(dir.path(), a).success();
    }
    let after = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    changed(COMMENTED, &after)
}

#[test]
fn declare_changes_only_the_keys_that_change() {
    insta::assert_snapshot!(edited(&[&[
        "declare",
        "medilune-cabinet",
        "ins:INS.01",
        "--status",
        "conform",
        "--proof",
        "INS.01.01.02=url:https://preuves.medilune.example/ins-01.mp4",
        "--date",
        "2026-11-02",
    ]]));
}

#[test]
fn declare_adds_a_justification_where_it_belongs() {
    insta::assert_snapshot!(edited(&[&[
        "declare",
        "medilune-cabinet",
        "ins:INS.02",
        "--status",
        "partial",
        "--justification",
        "Vérification des INS reçues d'un tiers : en 7.5",
    ]]));
}

#[test]
fn declare_creates_after_the_last_declaration() {
    insta::assert_snapshot!(edited(&[&[
        "declare",
        "medilune-cabinet",
        "ssi:SC.SSI/GEN.02",
        "--status",
        "not-applicable",
        "--justification",
        "Aucun composant tiers : la veille est couverte par SC.SSI/GEN.01",
    ]]));
}

#[test]
fn commit_updates_a_one_line_evidence_array() {
    insta::assert_snapshot!(edited(&[&[
        "commit",
        "charte-engagements:IV.1",
        "--status",
        "conform",
        "--evidence",
        "ref:Plan de convergence 2027",
    ]]));
}

#[test]
fn products_are_added_changed_and_removed_in_place() {
    insta::assert_snapshot!(edited(&[
        &[
            "product",
            "add",
            "medilune-agenda",
            "--name",
            "Médilune Agenda",
            "--version",
            "2.0.0",
            "--kind",
            "other",
            "--service",
            "pro-sante-connect",
        ],
        &[
            "product",
            "set",
            "medilune-cabinet",
            "--version",
            "7.5.0",
            "--add-service",
            "apcv",
        ],
    ]));
    let dir = project(COMMENTED.as_bytes());
    run(
        dir.path(),
        &[
            "product",
            "add",
            "x",
            "--name",
            "X",
            "--version",
            "1",
            "--kind",
            "other",
        ],
    )
    .success();
    run(dir.path(), &["product", "remove", "x"]).success();
    assert_eq!(
        fs::read_to_string(dir.path().join("charte.toml")).unwrap(),
        COMMENTED
    );
}

#[test]
fn a_product_with_declarations_is_kept_unless_asked() {
    let dir = project(COMMENTED.as_bytes());
    let a = run(dir.path(), &["product", "remove", "medilune-cabinet"]).code(2);
    assert!(
        stderr(&a).contains("product `medilune-cabinet` has 3 declarations; nothing was removed"),
        "{}",
        stderr(&a)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("charte.toml")).unwrap(),
        COMMENTED
    );
    let a = run(
        dir.path(),
        &[
            "product",
            "remove",
            "medilune-cabinet",
            "--with-declarations",
        ],
    )
    .success();
    assert_eq!(
        stdout(&a),
        "removed product medilune-cabinet and its 3 declarations\n"
    );
    // Section banners above a removed entry stay; its own comments go.
    insta::assert_snapshot!(fs::read_to_string(dir.path().join("charte.toml")).unwrap());
}

#[test]
fn crlf_stays_crlf() {
    let crlf = COMMENTED.replace('\n', "\r\n");
    let dir = project(crlf.as_bytes());
    let args = [
        "declare",
        "medilune-cabinet",
        "ins:INS.01",
        "--status",
        "conform",
        "--proof",
        "INS.01.01.02=REF-2",
    ];
    run(dir.path(), &args).success();
    let after = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "a bare LF: {after:?}"
    );
    let lf = project(COMMENTED.as_bytes());
    run(lf.path(), &args).success();
    let lf_after = fs::read_to_string(lf.path().join("charte.toml")).unwrap();
    assert_eq!(after, lf_after.replace('\n', "\r\n"));
}

#[cfg(unix)]
#[test]
fn the_file_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    for mode in [0o644, 0o640, 0o600] {
        let dir = project(COMMENTED.as_bytes());
        let path = dir.path().join("charte.toml");
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        run(
            dir.path(),
            &[
                "declare",
                "medilune-cabinet",
                "ins:INS.02",
                "--status",
                "non-conform",
                "--justification",
                "x",
            ],
        )
        .success();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            mode
        );
    }
}

#[test]
fn an_edit_that_changes_nothing_does_not_touch_the_file() {
    let dir = project(COMMENTED.as_bytes());
    let path = dir.path().join("charte.toml");
    let args = [
        "declare",
        "medilune-cabinet",
        "ins:INS.02",
        "--status",
        "conform",
        "--proof",
        "INS.02.01.01=CNDA-INSi#49233",
        "--date",
        "2026-06-10",
    ];
    run(dir.path(), &args).success();
    let long_ago =
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    let before = fs::read(&path).unwrap();
    let a = run(dir.path(), &args).success();
    assert_eq!(
        stdout(&a),
        "unchanged ins:INS.02 for medilune-cabinet: conform\n"
    );
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), long_ago);
    assert_eq!(fs::read(&path).unwrap(), before);
    // Nor does a product set to what it is.
    run(
        dir.path(),
        &["product", "set", "medilune-cabinet", "--version", "7.4.2"],
    )
    .success();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), long_ago);
}

#[test]
fn a_glob_declares_every_applicable_match_and_counts() {
    let dir = project(COMMENTED.as_bytes());
    let a = run(
        dir.path(),
        &[
            "declare",
            "medilune-cabinet",
            "mssante-clients:SC.MSS/*",
            "--status",
            "planned",
            "--due",
            "2027-06-30",
        ],
    )
    .success();
    insta::assert_snapshot!(stdout(&a));
    let again = run(
        dir.path(),
        &[
            "declare",
            "medilune-cabinet",
            "mssante-clients:SC.MSS/*",
            "--status",
            "planned",
        ],
    )
    .success();
    assert!(
        stdout(&again).contains(": 0 created, 0 updated, 8 unchanged"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn wrong_requests_say_how_to_fix_them() {
    let dir = project(COMMENTED.as_bytes());
    let cases: &[(&[&str], &str)] = &[
        (
            &["declare", "medilune-cabinet", "ins:INS.1", "--status", "conform"],
            "error: ins 2.0.0 has no requirement `INS.1`\n  help: did you mean `ins:INS.01`?",
        ),
        (
            &["declare", "medilune-cabinet", "inss:INS.01", "--status", "conform"],
            "error: referential `inss` is not in [referentials] use\n  help: did you mean `ins`?",
        ),
        (
            &["declare", "medilune-cabinet", "segur-lgc:LGC.DMP.01", "--status", "conform"],
            "add `segur-lgc` to `use` in [referentials] first",
        ),
        (
            &["declare", "medilune-cabint", "ins:INS.01", "--status", "conform"],
            "error: no product has the id `medilune-cabint`\n  help: did you mean `medilune-cabinet`?",
        ),
        (
            &["declare", "medilune-cabinet", "mssante-clients:SC.MSS/UX.05", "--status", "conform"],
            "does not apply to medilune-cabinet: it concerns products",
        ),
        (
            &["declare", "medilune-cabinet", "mssante-clients:SC.MSS/CDA.02", "--status", "conform"],
            "renumbers `SC.MSS/CDA.02` as `SC.MSS/CONF.02`\n  help: declare `mssante-clients:SC.MSS/CONF.02`",
        ),
        (
            &["declare", "medilune-cabinet", "ins:INS.03", "--status", "partial"],
            "error: status partial needs a justification",
        ),
        (
            &["declare", "medilune-cabinet", "ins:INS.03", "--status", "planned"],
            "error: status planned needs a due date",
        ),
        (
            &["declare", "medilune-cabinet", "ins:INS.03", "--status", "conform", "--due", "2027-01-01"],
            "--due is the delivery date of planned work",
        ),
        (
            &["declare", "medilune-cabinet", "ins:INS.03", "--status", "conform", "--proof", "INS.03.01.02=X"],
            "error: ins:INS.03 defines no proof `INS.03.01.02`\n  help: did you mean `INS.03.01.01`?",
        ),
        (
            &["declare", "medilune-cabinet", "ins:INS.03", "--status", "conforme"],
            "did you mean `conform`?",
        ),
        (
            &["declare", "medilune-cabinet", "charte-engagements:IV.2", "--status", "conform"],
            "help: declare it with `charte commit charte-engagements:IV.2 --status …`",
        ),
        (
            &["commit", "ins:INS.01", "--status", "conform"],
            "ins:INS.01 is a product requirement",
        ),
        (
            &["declare", "medilune-cabinet", "ins:INS.9*", "--status", "conform"],
            "no requirement of ins 2.0.0 matches `INS.9*`",
        ),
        (
            &["declare", "medilune-cabinet", "ins:*", "--status", "conform", "--proof", "INS.01.01.01=X"],
            "--proof names a proof of one requirement, and a glob matches several",
        ),
        (
            &["declare", "medilune-cabinet", "ins:INS.03", "--status", "conform", "--evidence", "path:../outside.pdf"],
            "evidence path `../outside.pdf` is outside the manifest's folder",
        ),
        (
            &["declare", "medilune-cabinet", "ins:INS.03", "--status", "conform", "--evidence", "path:preuves/absent.pdf"],
            "evidence file `preuves/absent.pdf` does not exist",
        ),
        (
            &["product", "add", "medilune-cabinet", "--name", "X", "--version", "1", "--kind", "lgc"],
            "product `medilune-cabinet` already exists (line 23 of charte.toml)",
        ),
        (
            &["product", "add", "x", "--name", "X", "--version", "1", "--kind", "lcg"],
            "did you mean `lgc`?",
        ),
        (
            &["product", "set", "medilune-cabinet", "--remove-service", "apcv"],
            "has no service `apcv` to remove",
        ),
    ];
    for (args, expected) in cases {
        let a = run(dir.path(), args).code(2);
        let err = stderr(&a);
        assert!(err.contains(expected), "{args:?}:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("charte.toml")).unwrap(),
        COMMENTED
    );
}

#[test]
fn force_declares_what_does_not_apply() {
    let dir = project(COMMENTED.as_bytes());
    run(
        dir.path(),
        &[
            "declare",
            "medilune-cabinet",
            "mssante-clients:SC.MSS/UX.05",
            "--status",
            "not-applicable",
            "--justification",
            "Pas de messagerie patient",
            "--force",
        ],
    )
    .success();
    let a = crate::support::check(&dir.path().join("charte.toml"), &["--format", "json"]);
    assert!(stdout(&a).contains("not-applicable-declared"));
}

#[test]
fn evidence_files_are_hashed() {
    let dir = project(COMMENTED.as_bytes());
    fs::create_dir(dir.path().join("preuves")).unwrap();
    fs::write(dir.path().join("preuves/pentest.txt"), "test\n").unwrap();
    run(
        dir.path(),
        &[
            "declare",
            "medilune-cabinet",
            "ssi:SC.SSI/GEN.18",
            "--status",
            "conform",
            "--proof",
            "SSI/GEN.18.01.01=path:preuves/pentest.txt",
            "--date",
            "2026-03-02",
        ],
    )
    .success();
    let after = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    assert!(
        after.contains("evidence = [{ proof = \"SSI/GEN.18.01.01\", path = \"preuves/pentest.txt\", sha256 = \"f2ca1bb6c7e907d06dafe4687e579fce76b37e4e93b7605022da52e6ccc26fd2\", date = 2026-03-02 }]"),
        "{after}"
    );
}

#[test]
fn a_renumbered_declaration_is_renamed() {
    let text = COMMENTED
        .replace("ins:INS.02", "mssante-clients:SC.MSS/CDA.02")
        .replace("INS.02.01.01", "MSS/CONF.02.01.01");
    let dir = project(text.as_bytes());
    let a = run(
        dir.path(),
        &[
            "declare",
            "medilune-cabinet",
            "mssante-clients:SC.MSS/CONF.02",
            "--status",
            "conform",
        ],
    )
    .success();
    assert_eq!(
        stdout(&a),
        "updated mssante-clients:SC.MSS/CONF.02 for medilune-cabinet: conform\n"
    );
    let after = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    assert!(after.contains("    requirement = \"mssante-clients:SC.MSS/CONF.02\"\n"));
    assert!(!after.contains("CDA.02"));
}

#[test]
fn an_invalid_manifest_is_not_edited() {
    let text = COMMENTED.replace("siren    = \"912485737\"", "siren    = \"912485738\"");
    let dir = project(text.as_bytes());
    let a = run(
        dir.path(),
        &[
            "declare",
            "medilune-cabinet",
            "ins:INS.02",
            "--status",
            "conform",
        ],
    )
    .code(2);
    let err = stderr(&a);
    assert!(err.contains("`siren` fails the Luhn check"), "{err}");
    assert!(
        err.ends_with("error: charte.toml has 1 problem; nothing was written\n"),
        "{err}"
    );
}

#[test]
fn the_command_line_is_consistent() {
    use clap::CommandFactory;
    charte::cli::Cli::command().debug_assert();
}

#[test]
fn a_misspelt_service_is_refused_with_the_known_one() {
    let dir = project(COMMENTED.as_bytes());
    let add = [
        "product",
        "add",
        "x",
        "--name",
        "X",
        "--version",
        "1",
        "--kind",
        "lgc",
        "--service",
        "msante",
    ];
    let a = run(dir.path(), &add).code(2);
    assert_eq!(
        stderr(&a),
        "error: no referential knows the service `msante`, so it switches no requirement on; did you mean `mssante`?\n  help: correct it, or give --force to keep it as written; nothing was written\n"
    );
    let a = run(
        dir.path(),
        &[
            "product",
            "set",
            "medilune-cabinet",
            "--add-profile",
            "centre-de-sante",
        ],
    )
    .code(2);
    assert!(
        stderr(&a).contains("the profile `centre-de-sante`, so it switches no requirement on; did you mean `centres-de-sante`?"),
        "{}",
        stderr(&a)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("charte.toml")).unwrap(),
        COMMENTED
    );
    // --force keeps it as written, and says so.
    let a = run(dir.path(), &[&add[..], &["--force"]].concat()).success();
    assert_eq!(
        stderr(&a),
        "warning: no referential knows the service `msante`, so it switches no requirement on; did you mean `mssante`?\n"
    );
    let after = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    assert!(after.contains("services = [\"msante\"]"), "{after}");
}

#[test]
fn a_new_version_keeps_its_declarations_and_reattest_dates_them() {
    let dir = project(COMMENTED.as_bytes());
    let a = run(
        dir.path(),
        &["product", "set", "medilune-cabinet", "--version", "7.5.0"],
    )
    .success();
    assert_eq!(
        stderr(&a),
        format!("note: the 3 declarations of medilune-cabinet carry over to version 7.5.0 as they are; once the new version is checked, `charte product set medilune-cabinet --reattest` dates them {TODAY}\n")
    );
    let a = run(
        dir.path(),
        &["product", "set", "medilune-cabinet", "--reattest"],
    )
    .success();
    assert_eq!(
        stderr(&a),
        format!("note: 3 declarations of medilune-cabinet re-attested on {TODAY}\n")
    );
    assert_eq!(stdout(&a), "");
    let after = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    assert_eq!(after.matches(&format!("declared = {TODAY}")).count(), 2);
    assert_eq!(after.matches(&format!("declared    = {TODAY}")).count(), 1);
    assert!(!after.contains("2026-07-15"), "{after}");
}

#[test]
fn likely_slips_in_dates_and_proofs_get_a_note() {
    let dir = project(COMMENTED.as_bytes());
    fs::create_dir(dir.path().join("preuves")).unwrap();
    fs::write(dir.path().join("preuves/pentest.txt"), "test\n").unwrap();
    let a = run(
        dir.path(),
        &[
            "declare",
            "medilune-cabinet",
            "ssi:SC.SSI/GEN.18",
            "--status",
            "conform",
            "--proof",
            "SSI/GEN.18.01.01=preuves/pentest.txt",
            "--date",
            "2027-03-02",
        ],
    )
    .success();
    assert_eq!(
        stderr(&a),
        "note: --date 2027-03-02 is after today (2026-11-23): evidence is dated when it was produced (`charte check` warns: evidence-future-date)\n\
         note: preuves/pentest.txt is a file, kept as a plain reference: to store its sha256 and have check verify it, write --proof SSI/GEN.18.01.01=path:preuves/pentest.txt\n"
    );
    let a = run(
        dir.path(),
        &[
            "declare",
            "medilune-cabinet",
            "ins:INS.01",
            "--status",
            "planned",
            "--due",
            "2026-01-31",
        ],
    )
    .success();
    assert_eq!(
        stderr(&a),
        "note: --due 2026-01-31 is already past (today is 2026-11-23): `charte check` reports the work as overdue (planned-overdue)\n"
    );
    // Quiet means quiet.
    let a = run(
        dir.path(),
        &[
            "-q",
            "declare",
            "medilune-cabinet",
            "ins:INS.01",
            "--status",
            "planned",
            "--due",
            "2026-01-30",
        ],
    )
    .success();
    assert_eq!(stderr(&a), "");
}
