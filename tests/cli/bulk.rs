//! `import` and `export`: export is the exact inverse of import, and a bad
//! file is refused whole, every problem reported with its line.

use std::fs;
use std::path::Path;

use crate::editing::run;
use crate::support::{charte, project, root, stderr, stdout, MINIMAL, TODAY};

const COMMENTED: &str = include_str!("fixtures/commented.toml");

/// Copies an example project (manifest and evidence files) into a temporary folder.
fn example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(&root().join("examples").join(name), dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn import(dir: &Path, input: &[u8], args: &[&str]) -> assert_cmd::assert::Assert {
    charte()
        .current_dir(dir)
        .args(["--today", TODAY, "import", "-"])
        .args(args)
        .write_stdin(input)
        .assert()
}

#[test]
fn export_then_import_changes_nothing() {
    for name in ["solo", "groupe"] {
        for format in ["csv", "jsonl"] {
            let dir = example(name);
            let path = dir.path().join("charte.toml");
            let before = fs::read(&path).unwrap();
            let long_ago =
                std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
            let exported = run(dir.path(), &["export", "--format", format]).success();
            let rows = exported.get_output().stdout.clone();
            let a = import(dir.path(), &rows, &["--format", format]).success();
            let m = charte::manifest::parse(&charte::diag::Source::new(
                "charte.toml",
                String::from_utf8(before.clone()).unwrap(),
            ))
            .unwrap();
            let count = m.commitments.len() + m.declarations.len();
            assert_eq!(
                stdout(&a),
                format!("imported <stdin>: 0 created, 0 updated, {count} unchanged\n"),
                "{name} {format}"
            );
            assert_eq!(fs::read(&path).unwrap(), before, "{name} {format}");
            assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), long_ago);
        }
    }
}

/// The TOML editor spells every header of an array like the first and
/// ends the file with a line break: with nothing to write, the manifest is
/// left exactly as it is all the same.
#[test]
fn an_import_that_changes_nothing_leaves_an_unusual_layout_alone() {
    let unusual = COMMENTED
        .replacen("[[declaration]]", "[[\"declaration\"]]", 1)
        .replace(
            "\n\n# Fin : les autres exigences sont suivies dans le tableur qualité.\n",
            "",
        );
    let dir = project(unusual.as_bytes());
    let path = dir.path().join("charte.toml");
    for format in ["csv", "jsonl"] {
        let exported = run(dir.path(), &["export", "--format", format]).success();
        let rows = exported.get_output().stdout.clone();
        let a = import(dir.path(), &rows, &["--format", format]).success();
        assert_eq!(
            stdout(&a),
            "imported <stdin>: 0 created, 0 updated, 4 unchanged\n"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), unusual, "{format}");
    }
}

/// A manifest without declarations exports as a CSV header alone, which
/// import used to refuse as "the file has no rows".
#[test]
fn export_then_import_of_no_declarations_changes_nothing() {
    let dir = project(MINIMAL.as_bytes());
    let exported = run(dir.path(), &["export"]).success();
    assert_eq!(
        stdout(&exported),
        "product,requirement,status,justification,due,declared,evidence\n"
    );
    let a = import(dir.path(), &exported.get_output().stdout.clone(), &[]).success();
    assert_eq!(
        stdout(&a),
        "imported <stdin>: 0 created, 0 updated, 0 unchanged\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("charte.toml")).unwrap(),
        MINIMAL
    );
}

#[test]
fn the_export_format() {
    let dir = project(COMMENTED.as_bytes());
    let csv = run(dir.path(), &["export"]).success();
    let jsonl = run(dir.path(), &["export", "--format", "jsonl"]).success();
    insta::assert_snapshot!(format!("{}\n{}", stdout(&csv), stdout(&jsonl)));
}

#[test]
fn import_creates_updates_and_counts() {
    let dir = project(COMMENTED.as_bytes());
    let rows = "product,requirement,status,justification,due,declared,evidence
medilune-cabinet,ins:INS.02,conform,,,2026-07-15,proof:INS.02.01.01=CNDA-INSi#49233|date:2026-06-10
medilune-cabinet,ins:INS.01,conform,,,,proof:INS.01.01.01=CNDA-INSi#48959|date:2026-06-08;proof:INS.01.01.02=CNDA-INSi#51002|date:2026-10-02
medilune-cabinet,ins:INS.03,non-conform,\"Stockage des traits : correctif en 7.5,\nlivré en janvier\",,,
,charte-engagements:IV.2,planned,Évaluation Convergence à refaire,2027-02-28,,
";
    let dry = import(dir.path(), rows.as_bytes(), &["--dry-run"]).success();
    insta::assert_snapshot!("import_creates_updates_and_counts_dry_run", stdout(&dry));
    assert_eq!(
        fs::read_to_string(dir.path().join("charte.toml")).unwrap(),
        COMMENTED
    );
    let a = import(dir.path(), rows.as_bytes(), &[]).success();
    assert_eq!(
        stdout(&a),
        "imported <stdin>: 2 created, 1 updated, 1 unchanged\n"
    );
    let after = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    insta::assert_snapshot!(crate::editing::changed(COMMENTED, &after));
    // The same file again changes nothing: undated rows keep their date.
    let again = import(dir.path(), rows.as_bytes(), &[]).success();
    assert_eq!(
        stdout(&again),
        "imported <stdin>: 0 created, 0 updated, 4 unchanged\n"
    );
}

/// Imports a bad file; returns stderr after checking that nothing changed.
fn refused(file_name: &str, bytes: &[u8], args: &[&str]) -> String {
    let dir = project(COMMENTED.as_bytes());
    let file = dir.path().join(file_name);
    fs::write(&file, bytes).unwrap();
    let a = charte()
        .current_dir(dir.path())
        .args(["--today", TODAY, "import", file_name])
        .args(args)
        .assert()
        .code(2);
    assert!(a.get_output().stdout.is_empty());
    assert_eq!(
        fs::read_to_string(dir.path().join("charte.toml")).unwrap(),
        COMMENTED
    );
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    let err = stderr(&a);
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn every_bad_row_is_reported_and_nothing_written() {
    let rows = "product,requirement,status,justification,due,declared,evidence
medilune-cabinet,ins:INS.02,conforme,,,,
medilune-cabint,ins:INS.03,conform,,,,
medilune-cabinet,ins:INS.04,planned,,2027-02-30,,
medilune-cabinet,ins:INS.05,partial,,,,
medilune-cabinet,ins:INS.5,conform,,,,
medilune-cabinet,ins:INS.06,conform,,,,urll:https://x.example
medilune-cabinet,ins:INS.07,conform,,,
medilune-cabinet,ins:INS.08,conform,,,,ref:a
medilune-cabinet,ins:INS.08,conform,,,,ref:b
,ins:INS.09,conform,,,,
medilune-cabinet,charte-engagements:IV.2,conform,,,,
medilune-cabinet,mssante-clients:SC.MSS/UX.05,conform,,,,
medilune-cabinet,ins:INS.10,conform,,,,proof:INS.10.01.09=R
medilune-cabinet,ins:INS.12,conform,,,,path:../secret.pdf
";
    let err = refused("rows.csv", rows.as_bytes(), &[]);
    insta::assert_snapshot!(err);
}

/// Links the manifest refuses (plain http to another machine, addresses
/// that do not parse) used to pass the row checks and then fail the final
/// check of the edited manifest as "a bug in charte".
#[test]
fn links_the_manifest_refuses_are_refused_with_their_row() {
    let rows = "product,requirement,status,evidence
medilune-cabinet,ins:INS.06,conform,url:http://intranet.example/preuve
medilune-cabinet,ins:INS.07,conform,url:https://exa mple.example/x
medilune-cabinet,ins:INS.08,conform,url:http://127.0.0.1:8080/preuve
";
    let err = refused("rows.csv", rows.as_bytes(), &[]);
    assert!(!err.contains("bug in charte"), "{err}");
    assert!(
        err.contains("evidence url `http://intranet.example/preuve` cannot be used: plain http is allowed only for 127.0.0.1, ::1 and localhost"),
        "{err}"
    );
    assert!(err.contains("rows.csv:2:"), "{err}");
    assert!(
        err.contains("evidence url `https://exa mple.example/x` cannot be used: not a valid URL"),
        "{err}"
    );
    assert!(err.contains("rows.csv:3:"), "{err}");
    assert!(!err.contains("rows.csv:4:"), "{err}");
    // `declare --evidence` reads items the same way.
    let dir = project(COMMENTED.as_bytes());
    let a = run(
        dir.path(),
        &[
            "declare",
            "medilune-cabinet",
            "ins:INS.06",
            "--status",
            "conform",
            "--evidence",
            "url:http://intranet.example/preuve",
        ],
    )
    .code(2);
    assert!(
        stderr(&a).contains("plain http is allowed only"),
        "{}",
        stderr(&a)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("charte.toml")).unwrap(),
        COMMENTED
    );
}

#[test]
fn unknown_columns_are_named_with_a_suggestion() {
    let err = refused(
        "rows.csv",
        b"produit,requirement,statut\nmedilune-cabinet,ins:INS.02,conform\n",
        &[],
    );
    assert!(err.contains("unknown column `produit`"), "{err}");
    assert!(err.contains("unknown column `statut`"), "{err}");
    assert!(err.contains("did you mean `status`?"), "{err}");
    assert!(err.contains("--> rows.csv:1:1"), "{err}");
}

#[test]
fn invalid_utf8_is_pointed_at() {
    let mut rows =
        b"product,requirement,status,justification\nmedilune-cabinet,ins:INS.02,non-conform,Probl"
            .to_vec();
    rows.extend([0xe8, 0x6d, 0x65, b'\n']);
    rows.extend(b"medilune-cabinet,ins:INS.03,conforme,\n");
    let err = refused("rows.csv", &rows, &[]);
    assert!(
        err.contains("column `justification` is not valid UTF-8"),
        "{err}"
    );
    assert!(err.contains("--> rows.csv:2:"), "{err}");
    assert!(err.contains("--> rows.csv:3:"), "{err}");
    assert!(
        err.contains("rows.csv has 2 problems; nothing was written"),
        "{err}"
    );
}

#[test]
fn every_bad_jsonl_line_is_reported_at_its_line() {
    let rows = "{\"product\":\"medilune-cabinet\",\"requirement\":\"ins:INS.02\",\"status\":\"conform\"}
{\"product\":\"medilune-cabinet\",\"requirement\":\"ins:INS.03\",\"status\":\"conform\",\"satus\":1}
not json
{\"product\":\"medilune-cabinet\",\"requirement\":\"ins:INS.04\",\"status\":\"planned\",\"due\":\"bientôt\"}
";
    let err = refused("rows.jsonl", rows.as_bytes(), &[]);
    assert!(err.contains("--> rows.jsonl:2:"), "{err}");
    assert!(err.contains("unknown key `satus`"), "{err}");
    assert!(err.contains("--> rows.jsonl:3:"), "{err}");
    assert!(
        err.contains("`bientôt` is not a date (column `due`)"),
        "{err}"
    );
    assert!(err.contains("rows.jsonl has 3 problems"), "{err}");
}

#[test]
fn a_misspelt_jsonl_key_gets_a_suggestion() {
    let rows =
        "{\"product\":\"medilune-cabinet\",\"requirement\":\"ins:INS.03\",\"statut\":\"conform\"}
{\"requirement\":\"ins:INS.03\",\"status\":\"conform\",\"evidence\":[{\"proff\":\"A\"}]}
";
    let err = refused("rows.jsonl", rows.as_bytes(), &[]);
    assert_eq!(
        err,
        r#"error: unknown key `statut`
 --> rows.jsonl:1:58
  |
1 | {"product":"medilune-cabinet","requirement":"ins:INS.03","statut":"conform"}
  |                                                          ^^^^^^^^ unknown key
  |
  = help: did you mean `status`? keys are `product`, `requirement`, `status`, `justification`, `due`, `declared` and `evidence`

error: unknown key `proff`
 --> rows.jsonl:2:61
  |
2 | {"requirement":"ins:INS.03","status":"conform","evidence":[{"proff":"A"}]}
  |                                                             ^^^^^^^ unknown key
  |
  = help: did you mean `proof`? keys are `proof`, `kind`, `ref`, `url`, `path`, `sha256` and `date`

error: rows.jsonl has 2 problems; nothing was written
"#
    );
}

#[test]
fn a_huge_file_is_refused_before_reading() {
    let dir = project(COMMENTED.as_bytes());
    let file = dir.path().join("huge.csv");
    // Sparse: 100 MB without writing them.
    fs::File::create(&file).unwrap().set_len(100 << 20).unwrap();
    let a = run(dir.path(), &["import", "huge.csv"]).code(2);
    assert!(
        stderr(&a).contains("huge.csv is 100 MiB; charte imports at most 32 MiB at once"),
        "{}",
        stderr(&a)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("charte.toml")).unwrap(),
        COMMENTED
    );
}

#[test]
fn an_empty_file_says_what_to_write() {
    let err = refused("rows.csv", b"", &[]);
    assert!(err.contains("the file has no rows"), "{err}");
    assert!(err.contains("product,requirement,status,justification,due,declared,evidence"));
}

/// A CSV as a French spreadsheet saves it: byte order mark, `;`, CRLF, and
/// a cell with a line break (Alt+Enter). Every error is on the physical
/// line and column of the file.
#[test]
fn a_spreadsheet_csv_points_at_the_right_line_and_column() {
    let rows = "\u{feff}product;requirement;status;justification;due\r
medilune-cabinet;ins:INS.03;non-conform;\"Stockage des traits :\r
correctif en 7.5\";\r
medilune-cabinet;ins:INS.04;conforme;;\r
medilune-cabinet;ins:INS.05;planned;\"Refonte;\r
en cours\";2027-02-30\r
medilune-cabinet;ins:INS.06;conform;;\r
medilune-cabinet;ins:INS.06;conform;;\r
";
    let err = refused("rows.csv", rows.as_bytes(), &[]);
    assert!(
        err.contains("unknown status `conforme` (column `status`)\n --> rows.csv:4:29\n"),
        "{err}"
    );
    assert!(
        err.contains("`2027-02-30` is not a date (column `due`)\n --> rows.csv:6:11\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "ins:INS.06 for medilune-cabinet is on line 7 and again on line 8\n --> rows.csv:8:1\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("rows.csv has 3 problems; nothing was written"),
        "{err}"
    );
    // Line endings of old Macs, a lone CR, count the same.
    let cr = rows.replace("\r\n", "\r");
    let err = refused("rows.csv", cr.as_bytes(), &[]);
    assert!(err.contains(" --> rows.csv:4:29\n"), "{err}");
    assert!(err.contains(" --> rows.csv:6:11\n"), "{err}");
    assert!(err.contains("on line 7 and again on line 8"), "{err}");
}

const PATH_EVIDENCE: &str = "path = \"preuves/attestation-rssi.txt\", sha256 = \"8f1792c227317acb4007ccebda314e926f385ee4a6bde152df8438dce1c3a539\"";

/// A file with only some columns merges into the declarations: the others,
/// evidence with a `path` and its sha256 included, stay byte for byte.
#[test]
fn a_partial_import_keeps_what_it_does_not_name() {
    let dir = example("solo");
    let path = dir.path().join("charte.toml");
    let before = fs::read_to_string(&path).unwrap();
    assert!(before.contains(PATH_EVIDENCE));
    let rows = "product,requirement,status,declared\nmedilune-cabinet,ssi:SC.SSI/GEN.01,conform,2026-11-02\n";
    let dry = import(dir.path(), rows.as_bytes(), &["--dry-run"]).success();
    insta::assert_snapshot!(stdout(&dry));
    let a = import(dir.path(), rows.as_bytes(), &[]).success();
    assert_eq!(
        stdout(&a),
        "imported <stdin>: 0 created, 1 updated, 0 unchanged\n"
    );
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        before.replacen(
            "declared = 2026-10-20\nevidence = [{ proof = \"SSI/GEN.01.01.01\"",
            "declared = 2026-11-02\nevidence = [{ proof = \"SSI/GEN.01.01.01\"",
            1
        )
    );
    // The same in JSONL: a key left out keeps the field, `null` clears it.
    let dir = example("solo");
    let jsonl = "{\"product\":\"medilune-cabinet\",\"requirement\":\"ssi:SC.SSI/GEN.01\",\"status\":\"conform\",\"declared\":\"2026-11-02\"}\n";
    import(dir.path(), jsonl.as_bytes(), &["--format", "jsonl"]).success();
    let jsonl_path = dir.path().join("charte.toml");
    assert_eq!(fs::read_to_string(&jsonl_path).unwrap(), after);
    let cleared = "{\"product\":\"medilune-cabinet\",\"requirement\":\"ssi:SC.SSI/GEN.01\",\"status\":\"conform\",\"evidence\":null}\n";
    import(dir.path(), cleared.as_bytes(), &["--format", "jsonl"]).success();
    assert!(!fs::read_to_string(&jsonl_path)
        .unwrap()
        .contains(PATH_EVIDENCE));
}

/// `--replace` makes each row the whole declaration: the evidence the file
/// does not give is dropped, and the dry run says so, in JSON too.
#[test]
fn replace_drops_what_the_row_does_not_give_and_the_dry_run_says_so() {
    let dir = example("solo");
    let path = dir.path().join("charte.toml");
    let before = fs::read_to_string(&path).unwrap();
    let rows = "product,requirement,status\nmedilune-cabinet,ssi:SC.SSI/GEN.01,conform\n";
    let dry = import(
        dir.path(),
        rows.as_bytes(),
        &["--replace", "--dry-run", "--output-format", "json"],
    )
    .success();
    let doc: serde_json::Value = serde_json::from_slice(&dry.get_output().stdout).unwrap();
    assert_eq!(
        doc["rows"][0]["evidence_dropped"],
        serde_json::json!(["proof:SSI/GEN.01.01.01|path:preuves/attestation-rssi.txt|sha256:8f1792c227317acb4007ccebda314e926f385ee4a6bde152df8438dce1c3a539|date:2026-10-01"])
    );
    assert_eq!(doc["rows"][0]["line"], 2);
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
    import(dir.path(), rows.as_bytes(), &["--replace"]).success();
    let after = fs::read_to_string(&path).unwrap();
    assert!(!after.contains(PATH_EVIDENCE), "{after}");
    // Without --replace, the same file keeps them.
    let dir = example("solo");
    import(dir.path(), rows.as_bytes(), &[]).success();
    let kept = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    assert!(kept.contains(PATH_EVIDENCE));
}

const TWO_PRODUCTS: &str = r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
use = ["ins", "charte-engagements"]

[[product]]
id = "exemple-lgc"
name = "Exemple Cabinet"
version = "5.2.0"
kind = "lgc"
services = ["insi"]

[[product]]
id = "exemple-app"
name = "Exemple App"
version = "1.0.0"
kind = "mes-app"

[[commitment]]
requirement = "charte-engagements:IV.1"
status = "planned"
due = 2027-01-31

[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.01"
status = "conform"
evidence = [{ proof = "INS.01.01.01", ref = "CNDA-INSi#48959" }]
"#;

/// The to-do list: filled in with sed and imported back, in one step.
#[test]
fn export_missing_filled_in_and_imported_back() {
    let dir = project(TWO_PRODUCTS.as_bytes());
    let all = run(dir.path(), &["export", "--missing"]).success();
    let jsonl = run(
        dir.path(),
        &[
            "export",
            "--missing",
            "--format",
            "jsonl",
            "--product",
            "exemple-lgc",
        ],
    )
    .success();
    insta::assert_snapshot!(format!("{}\n{}", stdout(&all), stdout(&jsonl)));
    let todo = dir.path().join("todo.csv");
    let exported = run(
        dir.path(),
        &["export", "--missing", "--product", "exemple-lgc"],
    )
    .success();
    fs::write(&todo, &exported.get_output().stdout).unwrap();
    let sed = std::process::Command::new("sed")
        .args(["-i", "2,$s/^\\([^,]*,[^,]*\\),,/\\1,conform,/"])
        .arg(&todo)
        .status()
        .unwrap();
    assert!(sed.success());
    let a = run(dir.path(), &["import", "todo.csv"]).success();
    let rows = stdout(&exported).lines().count() - 1;
    assert_eq!(
        stdout(&a),
        format!("imported todo.csv: {rows} created, 0 updated, 0 unchanged\n")
    );
    // check finds every requirement of the product declared.
    let check = run(
        dir.path(),
        &[
            "check",
            "--product",
            "exemple-lgc",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    )
    .success();
    let report: serde_json::Value = serde_json::from_slice(&check.get_output().stdout).unwrap();
    let product = &report["products"][0];
    assert_eq!(product["id"], "exemple-lgc", "{report}");
    assert_eq!(product["missing"], 0, "{report}");
    // Declared conform, every one; those whose required proofs the template
    // left out count as unsubstantiated.
    let declared_conform =
        product["conform"].as_u64().unwrap() + product["unsubstantiated"].as_u64().unwrap();
    assert_eq!(
        declared_conform,
        product["applicable"].as_u64().unwrap(),
        "{report}"
    );
    let undeclared = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "missing-declaration" && f["product"] == "exemple-lgc")
        .count();
    assert_eq!(undeclared, 0, "{report}");
    let again = run(
        dir.path(),
        &["export", "--missing", "--product", "exemple-lgc"],
    )
    .success();
    assert_eq!(
        stdout(&again),
        "product,requirement,status,justification,due,declared,evidence,title,proofs\n"
    );
}

#[test]
fn export_of_one_product() {
    let dir = project(TWO_PRODUCTS.as_bytes());
    let a = run(dir.path(), &["export", "--product", "exemple-lgc"]).success();
    assert_eq!(
        stdout(&a),
        "product,requirement,status,justification,due,declared,evidence\nexemple-lgc,ins:INS.01,conform,,,,proof:INS.01.01.01=CNDA-INSi#48959\n"
    );
    let a = run(dir.path(), &["export", "--product", "exemple-lgx"]).code(2);
    assert!(
        stderr(&a).contains("did you mean `exemple-lgc`?"),
        "{}",
        stderr(&a)
    );
}

/// A file without a `status` column updates the declarations it names (here
/// their evidence) and keeps their status; it cannot create one.
#[test]
fn a_file_without_status_updates_and_does_not_create() {
    let dir = example("solo");
    let path = dir.path().join("charte.toml");
    let before = fs::read_to_string(&path).unwrap();
    let rows = "requirement,product,evidence\r\nins:INS.01,medilune-cabinet,proof:INS.01.01.01=CNDA-INSi#1\r\nins:INS.99,medilune-cabinet,ref:x\r\n";
    let a = import(dir.path(), rows.as_bytes(), &[]).code(2);
    assert_eq!(
        stderr(&a),
        "error: medilune-cabinet has no declaration of ins:INS.99 yet, and the file has no `status` column to make one\n --> <stdin>:3:1\n  |\n3 | ins:INS.99,medilune-cabinet,ref:x\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ this row\n  |\n  = help: add a `status` column (the file updates the declarations it names, and creates the others)\n\nerror: <stdin> has 1 problem; nothing was written\n"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
    let rows = "requirement,product,evidence\nins:INS.01,medilune-cabinet,proof:INS.01.01.01=CNDA-INSi#1\n";
    let dry = import(dir.path(), rows.as_bytes(), &["--dry-run"]).success();
    insta::assert_snapshot!(stdout(&dry));
    import(dir.path(), rows.as_bytes(), &[]).success();
    let exported = run(dir.path(), &["export", "--format", "jsonl"]).success();
    let line = stdout(&exported)
        .lines()
        .find(|l| l.contains("\"ins:INS.01\""))
        .unwrap()
        .to_string();
    let row: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(row["status"], "conform", "{row}");
    assert_eq!(row["declared"], TODAY, "{row}");
    assert_eq!(
        row["evidence"],
        serde_json::json!([{"proof": "INS.01.01.01", "ref": "CNDA-INSi#1"}])
    );
}
