//! The formats for release pipelines: SARIF, JUnit and Markdown on the
//! example publishers, several reports from one run (`--report`), reports
//! of an invalid manifest, `-q`, and tables that fit a terminal.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{charte, check, project, root, stderr, stdout, MINIMAL, TODAY};

fn example(name: &str) -> PathBuf {
    PathBuf::from(format!("examples/{name}/charte.toml"))
}

/// The JSON report of an example, the reference the other formats agree with.
fn json(name: &str) -> Value {
    let a = check(&example(name), &["--format", "json"]);
    serde_json::from_slice(&a.get_output().stdout).unwrap()
}

fn run(name: &str, format: &str) -> String {
    let a = check(&example(name), &["--format", format]);
    stdout(&a)
}

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    // The published schema's pattern for `language` (of a run and of a tool
    // component) has a stray `]`, which a validator that checks regexes
    // refuses; charte never writes `language`, so the intended pattern stands
    // in, in memory only.
    for owner in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][owner]["properties"]["language"]["pattern"];
        assert_eq!(
            language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
            "{owner}"
        );
        *language = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid_sarif(log: &Value) {
    let errors: Vec<String> = sarif_validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_against_the_schema_and_locates_every_finding() {
    for name in ["solo", "groupe"] {
        let out = run(name, "sarif");
        insta::assert_snapshot!(format!("{name}_sarif"), out);
        let log: Value = serde_json::from_str(&out).unwrap();
        assert_valid_sarif(&log);

        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let codes: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(codes.len(), charte::findings::Code::ALL.len());
        for rule in rules {
            let id = rule["id"].as_str().unwrap();
            assert!(rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("docs/findings.md#{id}")));
            assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
        }

        let report = json(name);
        let findings = report["findings"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), findings.len());
        for (r, f) in results.iter().zip(findings) {
            assert_eq!(r["ruleId"], f["code"]);
            assert_eq!(codes[r["ruleIndex"].as_u64().unwrap() as usize], f["code"]);
            let at = &r["locations"][0]["physicalLocation"];
            assert_eq!(at["artifactLocation"]["uri"], f["location"]["file"]);
            assert_eq!(at["region"]["startLine"], f["location"]["line"]);
            assert_eq!(at["region"]["startColumn"], f["location"]["column"]);
            let level = match f["severity"].as_str().unwrap() {
                "info" => "note",
                other => other,
            };
            assert_eq!(r["level"], level);
        }
    }
}

#[test]
fn the_schema_test_can_fail() {
    let mut log: Value = serde_json::from_str(&run("groupe", "sarif")).unwrap();
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_validator().is_valid(&log));
    let mut log: Value = serde_json::from_str(&run("groupe", "sarif")).unwrap();
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a uri".into();
    assert!(!sarif_validator().is_valid(&log));
}

#[test]
fn allowed_findings_are_not_sarif_results() {
    let a = check(
        &example("groupe"),
        &["--format", "sarif", "--allow", "upcoming-requirement"],
    );
    let log: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 34 - 15);
    assert!(results
        .iter()
        .all(|r| r["ruleId"] != "upcoming-requirement"));
    // The rule stays described: code scanning keeps its help.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == "upcoming-requirement"));
}

/// (suite name, tests, failures, skipped) of a JUnit report.
fn junit_suites(xml: &str) -> Vec<(String, usize, usize, usize)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|s| {
            let cases: Vec<_> = s
                .children()
                .filter(|n| n.has_tag_name("testcase"))
                .collect();
            let with = |tag: &str| {
                cases
                    .iter()
                    .filter(|c| c.children().any(|n| n.has_tag_name(tag)))
                    .count()
            };
            let attr = |name: &str| s.attribute(name).unwrap().parse::<usize>().unwrap();
            // The attributes say what the elements hold.
            assert_eq!(attr("tests"), cases.len());
            assert_eq!(attr("failures"), with("failure"));
            assert_eq!(attr("skipped"), with("skipped"));
            (
                s.attribute("name").unwrap().to_string(),
                cases.len(),
                with("failure"),
                with("skipped"),
            )
        })
        .collect();
    let total = |i: usize| -> usize { suites.iter().map(|s| [s.1, s.2, s.3][i]).sum() };
    for (i, name) in ["tests", "failures", "skipped"].iter().enumerate() {
        assert_eq!(
            root.attribute(*name).unwrap().parse::<usize>().unwrap(),
            total(i),
            "{name}"
        );
    }
    suites
}

#[test]
fn junit_has_a_suite_per_product_and_a_case_per_requirement() {
    for name in ["solo", "groupe"] {
        let out = run(name, "junit");
        insta::assert_snapshot!(format!("{name}_junit"), out);
        let suites = junit_suites(&out);
        let report = json(name);
        let products = report["products"].as_array().unwrap();
        assert_eq!(suites.len(), products.len() + 1);
        let counts = std::iter::once(&report["organization_counts"]).chain(products);
        for (suite, c) in suites.iter().zip(counts) {
            let id = c["id"].as_str().unwrap_or("organization");
            assert_eq!(suite.0, id);
            assert_eq!(suite.1 as u64, c["applicable"].as_u64().unwrap(), "{id}");
            assert_eq!(
                suite.3 as u64,
                c["not_applicable"].as_u64().unwrap(),
                "{id}"
            );
            // A failed case per requirement with an error.
            let mut failing: Vec<&str> = report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] == "error" && f["product"].as_str() == c["id"].as_str())
                .map(|f| f["requirement"].as_str().unwrap())
                .collect();
            failing.dedup();
            assert_eq!(suite.2, failing.len(), "{id}");
        }
    }
    // The expectations of examples/README.md.
    let groupe = junit_suites(&run("groupe", "junit"));
    let expected = [
        ("organization", 6, 0, 0),
        ("hexa-dpi", 63, 2, 0),
        ("hexa-cabinet", 63, 2, 0),
        ("hexa-imagerie", 29, 1, 1),
        ("hexa-app", 37, 2, 0),
    ];
    let got: Vec<(&str, usize, usize, usize)> = groupe
        .iter()
        .map(|s| (s.0.as_str(), s.1, s.2, s.3))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn junit_fails_a_case_for_a_warning_with_fail_on_warning() {
    let dir = project(
        format!("{MINIMAL}\n[[declaration]]\nproduct = \"exemple-lgc\"\nrequirement = \"ins:INS.01\"\nstatus = \"partial\"\njustification = \"half\"\n").as_bytes(),
    );
    let manifest = dir.path().join("charte.toml");
    let by_default = junit_suites(&stdout(&check(&manifest, &["--format", "junit"])));
    let strict = junit_suites(&stdout(&check(
        &manifest,
        &["--format", "junit", "--fail-on", "warning"],
    )));
    let failures = |s: &[(String, usize, usize, usize)]| s.iter().map(|s| s.2).sum::<usize>();
    assert!(failures(&strict) > failures(&by_default));
}

#[test]
fn junit_escapes_what_xml_cannot_hold() {
    let text = MINIMAL.replace(
        "name = \"Exemple Cabinet\"",
        "name = \"Cabinet <Dupont> & \\\"fils\\\" \\u0007\"",
    );
    let dir = project(text.as_bytes());
    let a = check(&dir.path().join("charte.toml"), &["--format", "junit"]);
    let out = stdout(&a);
    let doc = roxmltree::Document::parse(&out).unwrap();
    let name = doc
        .descendants()
        .find(|n| n.has_tag_name("property") && n.attribute("name") == Some("name"))
        .unwrap();
    assert_eq!(
        name.attribute("value"),
        Some("Cabinet <Dupont> & \"fils\" \u{fffd}")
    );
}

#[test]
fn markdown_for_a_pull_request() {
    for name in ["solo", "groupe"] {
        let out = run(name, "markdown");
        insta::assert_snapshot!(format!("{name}_markdown"), out);
    }
    let out = run("groupe", "markdown");
    assert!(out.starts_with("## charte check failed: 7 errors, 18 warnings, 9 infos\n"));
    // Every finding is a table row, with its code linked to the reference.
    let rows = out.lines().filter(|l| {
        l.starts_with("| **error** |") || l.starts_with("| warning |") || l.starts_with("| info |")
    });
    assert_eq!(rows.count(), 34);
    assert!(out.contains("[non-conform]: https://"));
}

/// Reads a report file written by `--report`.
fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn several_reports_from_one_run_agree() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let target = |format: &str, file: &str| format!("{format}={}", out.join(file).display());
    let a = check(
        &example("groupe"),
        &[
            "--format",
            "json",
            "--report",
            &target("sarif", "charte.sarif"),
            "--report",
            &target("junit", "junit/charte.xml"),
            "--report",
            &target("markdown", "charte.md"),
            "--report",
            &target("json", "charte.json"),
            "--report",
            &target("table", "charte.txt"),
        ],
    )
    .code(1);
    let stdout_json = stdout(&a);
    let report: Value = serde_json::from_str(&stdout_json).unwrap();
    assert_eq!(read(&out, "charte.json"), stdout_json);

    let sarif: Value = serde_json::from_str(&read(&out, "charte.sarif")).unwrap();
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report["findings"].as_array().unwrap().len());
    for (severity, level) in [
        ("errors", "error"),
        ("warnings", "warning"),
        ("infos", "note"),
    ] {
        let n = results.iter().filter(|r| r["level"] == level).count() as u64;
        assert_eq!(
            n,
            report["summary"][severity].as_u64().unwrap(),
            "{severity}"
        );
    }

    let suites = junit_suites(&read(&out, "junit/charte.xml"));
    let applicable: u64 = std::iter::once(&report["organization_counts"])
        .chain(report["products"].as_array().unwrap())
        .map(|c| c["applicable"].as_u64().unwrap())
        .sum();
    assert_eq!(suites.iter().map(|s| s.1 as u64).sum::<u64>(), applicable);

    let s = &report["summary"];
    let tally = format!(
        "{} errors, {} warnings, {} infos",
        s["errors"], s["warnings"], s["infos"]
    );
    assert!(read(&out, "charte.md").starts_with(&format!("## charte check failed: {tally}")));
    assert!(read(&out, "charte.txt").ends_with(&format!("failed: {tally}\n")));
    assert_eq!(read(&out, "charte.txt"), run("groupe", "table"));
}

#[test]
fn report_arguments_are_checked() {
    let a = check(&example("solo"), &["--report", "sarif"]).code(2);
    assert!(
        stderr(&a).contains("expected FORMAT=PATH"),
        "{}",
        stderr(&a)
    );
    let a = check(&example("solo"), &["--report", "sarf=x.sarif"]).code(2);
    assert!(
        stderr(&a).contains("did you mean `sarif`?"),
        "{}",
        stderr(&a)
    );
    assert!(stderr(&a).contains("table, json, sarif, junit, markdown, oscal"));
    let a = check(
        &example("solo"),
        &["--report", "sarif=same.out", "--report", "junit=same.out"],
    )
    .code(2);
    assert!(stderr(&a).contains("write the same file"), "{}", stderr(&a));
    assert!(!root().join("same.out").exists());
}

#[test]
fn an_unwritable_report_names_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "").unwrap();
    let path = blocker.join("charte.sarif");
    let a = check(
        &example("solo"),
        &["--report", &format!("sarif={}", path.display())],
    )
    .code(2);
    let err = stderr(&a);
    assert!(err.contains("cannot write the sarif report to"), "{err}");
    assert!(err.contains("charte.sarif"), "{err}");
}

#[test]
fn an_invalid_manifest_still_gets_its_reports() {
    let dir = project(
        MINIMAL
            .replace("siren = \"732829320\"", "siren = \"732829321\"")
            .as_bytes(),
    );
    let sarif = dir.path().join("charte.sarif");
    let a = charte()
        .current_dir(dir.path())
        .args(["--today", TODAY, "check", "--format", "junit", "--report"])
        .arg(format!("sarif={}", sarif.display()))
        .assert()
        .code(2);
    assert!(stderr(&a).contains("Luhn"), "{}", stderr(&a));
    let suites = junit_suites(&stdout(&a));
    assert_eq!(suites.iter().map(|s| s.2).sum::<usize>(), 1);

    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "invalid-manifest");
    let at = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(at["artifactLocation"]["uri"], "charte.toml");
    assert_eq!(at["region"]["startLine"], 5);
}

#[test]
fn quiet_prints_only_what_fails() {
    let a = check(&example("groupe"), &["-q"]).code(1);
    let out = stdout(&a);
    assert!(!out.contains("référentiels"), "{out}");
    assert!(
        !out.contains("│ warning") && !out.contains("│ info"),
        "{out}"
    );
    assert_eq!(out.matches("│ error ").count(), 7, "{out}");
    assert!(out.ends_with("failed: 7 errors, 18 warnings, 9 infos\n"));
    let a = check(&example("solo"), &["-q"]).code(0);
    assert_eq!(stdout(&a), "");

    let a = check(&example("groupe"), &["-q", "--format", "markdown"]).code(1);
    let out = stdout(&a);
    assert!(out.contains("| `hexa-dpi` Hexa Hôpital |"), "{out}");
    assert_eq!(out.matches("| **error** |").count(), 7);
    assert!(!out.contains("| warning |"));

    // Machine formats are complete.
    let a = check(&example("groupe"), &["-q", "--format", "json"]).code(1);
    assert_eq!(stdout(&a), run("groupe", "json"));
}

#[test]
fn tables_fit_the_terminal() {
    use charte::report::{Format, Options, Report};
    let e = crate::support::evaluate_example("groupe", "examples/groupe/charte.toml");
    let report = Report::new(
        &e.manifest,
        &e.source,
        &e.referentials,
        &e.evaluation,
        TODAY.parse().unwrap(),
        charte::findings::FailOn::Error,
    );
    let render = |width: Option<u16>| {
        let mut out = Vec::new();
        let options = Options {
            width,
            ..Options::plain()
        };
        Format::Table
            .reporter(options)
            .render(&report, &mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    };
    let wide = render(None);
    assert!(wide.lines().any(|l| l.chars().count() > 200));
    assert_eq!(render(Some(400)), wide);
    for width in [60u16, 80, 120] {
        let out = render(Some(width));
        for line in out.lines() {
            assert!(
                line.chars().count() <= usize::from(width),
                "{width}: {line}"
            );
        }
        // Nothing is lost: every finding's code is still there.
        for f in &report.findings {
            assert!(out.contains(f.code.as_str()), "{width}: {}", f.code);
        }
    }
    insta::assert_snapshot!("groupe_table_80_columns", render(Some(80)));
}
