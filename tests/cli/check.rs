//! `charte check` on the example publishers: exit codes, and snapshots of
//! every output format with the evaluation date fixed.

use crate::support::{charte, check, codes, project, root, stdout, MINIMAL, TODAY};

fn example(name: &str) -> std::path::PathBuf {
    // Relative, so that locations in snapshots do not depend on the checkout.
    std::path::PathBuf::from(format!("examples/{name}/charte.toml"))
}

#[test]
fn the_small_publisher_is_fully_conform() {
    let a = check(&example("solo"), &[]).code(0);
    insta::assert_snapshot!("solo_table", stdout(&a));
    let a = check(&example("solo"), &["--format", "json"]).code(0);
    let out = stdout(&a);
    insta::assert_snapshot!("solo_json", out);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["products"][0]["conformity"], 1.0);
}

#[test]
fn the_larger_publisher_has_findings() {
    let a = check(&example("groupe"), &[]).code(1);
    insta::assert_snapshot!("groupe_table", stdout(&a));
    let a = check(&example("groupe"), &["--format", "json"]).code(1);
    let out = stdout(&a);
    insta::assert_snapshot!("groupe_json", out);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes = codes(&report);
    for expected in [
        "evidence-expired",
        "planned-overdue",
        "requirement-replaced",
    ] {
        assert!(
            codes.iter().any(|c| c == expected),
            "no {expected} in {codes:?}"
        );
    }
}

#[test]
fn json_report_has_the_contract_fields() {
    let a = check(&example("groupe"), &["--format", "json"]).code(1);
    let r: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(r["schema"], 1);
    assert_eq!(r["tool"]["name"], "charte");
    assert_eq!(r["today"], TODAY);
    for key in ["name", "siren"] {
        assert!(r["organization"][key].is_string());
    }
    for key in ["id", "version", "sha256", "source"] {
        assert!(r["referentials"][0][key].is_string(), "{key}");
    }
    for key in ["errors", "warnings", "infos"] {
        assert!(r["summary"][key].is_u64(), "{key}");
    }
    let counts = [
        "applicable",
        "conform",
        "partial",
        "non_conform",
        "planned",
        "not_applicable",
        "missing",
    ];
    for key in counts {
        assert!(r["organization_counts"][key].is_u64(), "{key}");
        assert!(r["products"][0][key].is_u64(), "{key}");
    }
    assert!(r["products"][0]["conformity"].is_f64());
    for key in ["id", "name", "version", "kind"] {
        assert!(r["products"][0][key].is_string(), "{key}");
    }
    let f = &r["findings"][0];
    for key in ["code", "severity", "message"] {
        assert!(f[key].is_string(), "{key}");
    }
    let located = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| !f["location"].is_null())
        .unwrap();
    assert!(located["location"]["file"]
        .as_str()
        .unwrap()
        .ends_with("charte.toml"));
    assert!(located["location"]["line"].as_u64().unwrap() >= 1);
    assert!(located["location"]["column"].as_u64().unwrap() >= 1);
}

#[test]
fn fail_on_and_overrides_change_the_exit_code() {
    check(&example("groupe"), &["--fail-on", "never"]).code(0);
    check(&example("solo"), &["--fail-on", "warning"]).code(0);
    let a = check(
        &example("groupe"),
        &["--format", "json", "--allow", "evidence-expired"],
    )
    .code(1);
    assert!(!stdout(&a).contains("\"evidence-expired\""));
}

#[test]
fn the_product_flag_keeps_that_product_and_the_organization() {
    let a = check(&example("groupe"), &["--format", "json"]).code(1);
    let all: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let first = all["products"][0]["id"].as_str().unwrap().to_string();
    let a = check(
        &example("groupe"),
        &["--format", "json", "--product", &first],
    );
    let one: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(one["products"].as_array().unwrap().len(), 1);
    for f in one["findings"].as_array().unwrap() {
        assert!(
            f["product"].is_null() || f["product"] == first.as_str(),
            "{f}"
        );
    }
}

#[test]
fn the_evaluation_date_comes_from_charte_today() {
    let dir = project(MINIMAL.as_bytes());
    let a = charte()
        .env("CHARTE_TODAY", "2030-01-01")
        .arg("--manifest")
        .arg(dir.path().join("charte.toml"))
        .args(["check", "--format", "json"])
        .assert();
    let r: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(r["today"], "2030-01-01");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let a = check(&example("groupe"), &[]).code(1);
    assert!(!stdout(&a).contains('\x1b'));
    let a = charte()
        .args(["--color", "always", "--today", TODAY, "--manifest"])
        .arg(example("groupe"))
        .arg("check")
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(out.contains("\x1b[1merror\x1b[0m"), "{out}");
    // Colour does not count as width: every row of a table is as wide as its border.
    let plain = strip_ansi(&out);
    let mut width = None;
    for line in plain.lines() {
        let w = line.chars().count();
        match line.chars().next() {
            Some('╭') => width = Some(w),
            Some('│' | '╞' | '╰') => assert_eq!(Some(w), width, "{line}"),
            _ => {}
        }
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // `export` writes through the CSV and JSON writers, which wrap the error.
    for args in [
        &["check"][..],
        &["export"],
        &["export", "--format", "jsonl"],
    ] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("charte"))
            .current_dir(root())
            .args(["--today", TODAY, "--manifest"])
            .arg(example("groupe"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        let ok = if args[0] == "check" { [0, 1] } else { [0, 0] };
        assert!(ok.contains(&status.code().unwrap()), "{args:?}: {status:?}");
    }
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let a = charte().args(["check", "--help"]).assert().success();
    let out = stdout(&a);
    assert!(out.contains("--fail-on"));
    assert!(out.contains("Examples:"));
    let a = charte().arg("--help").assert().success();
    assert!(stdout(&a).contains("Exit codes:"));
}

/// The charter's commitments declared conform, five of them without the
/// proof their requirement requires; the sixth is planned.
const COMMITMENTS_WITHOUT_PROOF: &str = r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
use = ["charte-engagements"]

[[commitment]]
requirement = "charte-engagements:IV.1"
status = "conform"

[[commitment]]
requirement = "charte-engagements:IV.2"
status = "conform"

[[commitment]]
requirement = "charte-engagements:IV.3"
status = "planned"
due = 2027-06-30

[[commitment]]
requirement = "charte-engagements:IV.4"
status = "conform"

[[commitment]]
requirement = "charte-engagements:IV.5"
status = "conform"

[[commitment]]
requirement = "charte-engagements:IV.6"
status = "conform"
"#;

#[test]
fn conform_without_proof_is_unsubstantiated_in_every_output() {
    let dir = project(COMMITMENTS_WITHOUT_PROOF.as_bytes());
    let manifest = dir.path().join("charte.toml");

    let a = check(&manifest, &["--format", "json"]).code(1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let c = &report["organization_counts"];
    assert_eq!(
        (
            &c["applicable"],
            &c["conform"],
            &c["unsubstantiated"],
            &c["planned"]
        ),
        (&6.into(), &0.into(), &5.into(), &1.into())
    );
    assert_eq!(c["conformity"], 0.0);
    assert_eq!(
        codes(&report)
            .iter()
            .filter(|c| *c == "missing-proof")
            .count(),
        5
    );

    let a = check(&manifest, &["--format", "markdown"]).code(1);
    assert!(
        stdout(&a).contains("| *organization* |  |  | 6 | 0 | 5 | 0 | 0 | 1 | 0 | 0 | 0 % |"),
        "{}",
        stdout(&a)
    );

    let a = check(&manifest, &[]).code(1);
    let table = stdout(&a);
    let row: Vec<&str> = table
        .lines()
        .find(|l| l.contains("(organization)"))
        .unwrap()
        .split(['┆', '│'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        row,
        [
            "(organization)",
            "6",
            "0",
            "5",
            "0",
            "0",
            "1",
            "0",
            "0",
            "0 %"
        ]
    );

    let a = crate::support::run(&manifest, &["badge", "--organization"]).success();
    let badge = stdout(&a);
    assert!(
        badge.contains(">0\u{a0}% des engagements · auto-déclaré</text>"),
        "{badge}"
    );
    assert!(
        badge.contains("5 déclarées conformes, preuve manquante ou expirée"),
        "{badge}"
    );

    let a = crate::support::run(&manifest, &["report", "--format", "markdown"]).success();
    let statement = stdout(&a);
    assert_eq!(
        statement
            .matches("| Déclaré conforme, preuve manquante ou expirée |")
            .count(),
        // In the commitments' table and in the gaps.
        5 + 5,
        "{statement}"
    );
    assert!(statement.contains(
        "0\u{a0}% — 0 conforme sur 6 exigences applicables en vigueur, 0 non applicable, \
         5 déclarées conformes, preuve manquante ou expirée"
    ));

    // OSCAL: not satisfied, and charte's own status says why.
    let a = check(&manifest, &["--format", "oscal"]).code(1);
    let oscal = stdout(&a);
    assert_eq!(
        oscal.matches("\"value\": \"unsubstantiated\"").count(),
        5,
        "{oscal}"
    );
    assert!(!oscal.contains("\"state\": \"satisfied\""), "{oscal}");
}

#[test]
fn a_misspelt_service_is_an_unknown_service_at_its_line() {
    let text = MINIMAL.replace(
        "services = [\"insi\"]",
        "services = [\"insi\",\n    \"msante\"]",
    );
    let dir = project(text.as_bytes());
    let a = check(&dir.path().join("charte.toml"), &["--format", "json"]).code(1);
    let report: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "unknown-service")
        .expect("an unknown-service finding");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["product"], "exemple-lgc");
    assert_eq!(
        f["message"],
        "product `exemple-lgc`: no referential knows the service `msante`, so it switches no requirement on; did you mean `mssante`?"
    );
    assert_eq!(
        (&f["location"]["line"], &f["location"]["column"]),
        (&17.into(), &5.into())
    );
}

#[test]
fn a_pipeline_gets_every_report_when_the_referentials_are_unavailable() {
    let dir = project(MINIMAL.as_bytes());
    // A lock that no longer matches `use`: --frozen may neither fix nor use it.
    charte()
        .current_dir(dir.path())
        .args(["--today", TODAY, "fetch"])
        .assert()
        .success();
    let manifest = dir.path().join("charte.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("use = [\"ins\"]", "use = [\"ins\", \"ssi\"]"),
    )
    .unwrap();
    let run = charte()
        .current_dir(dir.path())
        .args([
            "--today", TODAY, "check", "--frozen", "--format", "markdown",
        ])
        .args([
            "--report",
            "sarif=out/charte.sarif",
            "--report",
            "junit=out/charte.xml",
        ])
        .assert()
        .code(3);
    let markdown = stdout(&run);
    assert!(
        markdown.contains("could not be resolved: nothing was checked"),
        "{markdown}"
    );
    assert!(markdown.contains("referentials-unavailable"), "{markdown}");
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/charte.sarif")).unwrap())
            .unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "referentials-unavailable"
    );
    let junit = std::fs::read_to_string(dir.path().join("out/charte.xml")).unwrap();
    assert!(junit.contains("referentials-unavailable"), "{junit}");
}

#[test]
fn a_pipeline_without_a_manifest_gets_a_report_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let run = charte()
        .current_dir(dir.path())
        .args(["--today", TODAY, "check", "--format", "json"])
        .assert()
        .code(2);
    let report: serde_json::Value = serde_json::from_str(&stdout(&run)).unwrap();
    assert_eq!(codes(&report), ["invalid-manifest"]);
    assert_eq!(report["summary"]["passed"], false);
}

#[test]
fn many_missing_declarations_of_one_referential_are_one_line_unless_verbose() {
    let dir = project(include_bytes!("fixtures/commented.toml"));
    let manifest = dir.path().join("charte.toml");
    let grouped = |s: &str| {
        s.lines()
            .filter(|l| l.contains("mssante-clients:*"))
            .count()
    };
    let missing = |s: &str| {
        s.lines()
            .filter(|l| l.contains("missing-declaration"))
            .count()
    };
    let a = check(&manifest, &["--format", "table"]).code(1);
    let table = stdout(&a);
    assert_eq!(grouped(&table), 1, "{table}");
    assert!(
        table.contains("14 requirements of mssante-clients have no declaration: list them with `charte export --missing --product medilune-cabinet` (or here with --verbose; --format json lists each)"),
        "{table}"
    );
    // Referentials with ten or fewer stay one line each.
    assert_eq!(missing(&table), 25, "{table}");
    let a = check(&manifest, &["--format", "table", "--verbose"]).code(1);
    let table = stdout(&a);
    assert_eq!((grouped(&table), missing(&table)), (0, 38), "{table}");
    let a = check(&manifest, &["--format", "json"]).code(1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let n = codes(&json)
        .iter()
        .filter(|c| *c == "missing-declaration")
        .count();
    assert_eq!(n, 38);
}

#[test]
fn quiet_output_starts_with_its_first_line() {
    let dir = project(include_bytes!("fixtures/commented.toml"));
    let a = check(&dir.path().join("charte.toml"), &["-q"]).code(1);
    let out = stdout(&a);
    assert!(out.starts_with("organization\n"), "{out}");
    assert_eq!(crate::support::stderr(&a), "");
}
