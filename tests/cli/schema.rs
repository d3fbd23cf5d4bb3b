//! The JSON outputs against their schema, docs/report.schema.json: every
//! JSON output of the example projects and of fixtures that reach each
//! finding code, obligation, change and registry state validates; every
//! object in them is closed, so a field the schema lacks fails; and the
//! schema's closed lists of values are the code's own.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use charte::catalogue::diff::ChangeKind;
use charte::catalogue::{Criticality, Nature, Scope};
use charte::commands::status::State;
use charte::commands::verify::State as VerifyState;
use charte::engine::ObligationKind;
use charte::findings::{Code, Severity};
use serde_json::{json, Value};

use crate::registry::Env;
use crate::server::Server;
use crate::support::{charte, example, project, root, run, stdout, TODAY};

const SCHEMA: &str = "docs/report.schema.json";

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join(SCHEMA)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A validator for each output: the check report is the root (`#`), the
/// others are under `$defs`. Formats (dates, RFC 3339 times) are asserted.
fn validators() -> jsonschema::ValidatorMap {
    jsonschema::options()
        .should_validate_formats(true)
        .build_map(&schema())
        .unwrap()
}

/// JSON outputs, each with what produced it and the schema that describes it.
#[derive(Default)]
struct Outputs(Vec<Output>);

struct Output {
    what: String,
    /// `#` for the check report, `#/$defs/…` for the others.
    schema: &'static str,
    /// One document, or one a line for JSON Lines.
    docs: Vec<Value>,
}

impl Outputs {
    /// One JSON document on stdout.
    fn add(&mut self, schema: &'static str, what: &str, a: &assert_cmd::assert::Assert) -> Value {
        let doc: Value = serde_json::from_slice(&a.get_output().stdout)
            .unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{}", stdout(a)));
        self.add_value(schema, what, doc.clone());
        doc
    }

    fn add_value(&mut self, schema: &'static str, what: &str, doc: Value) {
        self.0.push(Output {
            what: what.to_string(),
            schema,
            docs: vec![doc],
        });
    }

    /// JSON Lines on stdout: one document a line.
    fn add_lines(&mut self, schema: &'static str, what: &str, a: &assert_cmd::assert::Assert) {
        let docs: Vec<Value> = stdout(a)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert!(!docs.is_empty(), "{what}: no line");
        self.0.push(Output {
            what: what.to_string(),
            schema,
            docs,
        });
    }

    /// Every output validates, and adding a field to any of its objects
    /// makes it invalid.
    fn assert_valid(&self) {
        let validators = validators();
        let mut problems = Vec::new();
        for output in &self.0 {
            let what = &output.what;
            let validator = validators
                .get(output.schema)
                .unwrap_or_else(|| panic!("{SCHEMA} has no {}", output.schema));
            let mut seen = HashSet::new();
            for (i, doc) in output.docs.iter().enumerate() {
                let what = match output.docs.len() {
                    1 => what.clone(),
                    _ => format!("{what}, line {}", i + 1),
                };
                problems.extend(
                    validator
                        .iter_errors(doc)
                        .map(|e| format!("{what}: {e} at {}", e.instance_path())),
                );
                for at in object_places(doc, &mut seen) {
                    let mut tampered = doc.clone();
                    let object = tampered.pointer_mut(&at).unwrap().as_object_mut().unwrap();
                    object.insert("unexpected".to_string(), Value::Bool(true));
                    if validator.is_valid(&tampered) {
                        problems.push(format!(
                            "{what}: a field added at `{at}` still validates: that object is not closed in {SCHEMA}"
                        ));
                    }
                }
            }
        }
        assert!(
            problems.is_empty(),
            "{SCHEMA} does not describe these outputs:\n{}",
            problems.join("\n")
        );
    }

    /// Every document of the outputs.
    fn docs(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().flat_map(|o| &o.docs)
    }
}

/// A JSON pointer to one object of each place in `doc`'s shape not `seen`
/// yet (the items of an array are one place): where to add a field the
/// schema lacks.
fn object_places(doc: &Value, seen: &mut HashSet<String>) -> Vec<String> {
    fn walk(
        v: &Value,
        at: String,
        shape: String,
        seen: &mut HashSet<String>,
        out: &mut Vec<String>,
    ) {
        match v {
            Value::Object(map) => {
                if seen.insert(shape.clone()) {
                    out.push(at.clone());
                }
                for (k, v) in map {
                    let k = k.replace('~', "~0").replace('/', "~1");
                    walk(v, format!("{at}/{k}"), format!("{shape}/{k}"), seen, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, format!("{at}/{i}"), format!("{shape}/*"), seen, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, String::new(), String::new(), seen, &mut out);
    out
}

/// `charte --today TODAY ARGS…` run in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    charte()
        .current_dir(dir)
        .args(["--today", TODAY])
        .args(args)
        .assert()
}

/// One product, a commitment and declarations that produce the codes the
/// example projects do not: mistakes in the manifest and evidence files that
/// do not hold (each commented). With the lock of [`every_code_project`],
/// `lock-out-of-date` too.
fn every_code_manifest(uses: &str) -> String {
    format!(
        r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
use = [{uses}]

[[product]]
id = "exemple-lgc"
name = "Exemple Cabinet"
version = "5.2.0"
kind = "lgc"
# unknown-service (`msante`); referential-not-in-use (segur-lgc, among others)
services = ["insi", "msante"]

# missing-due-date; the other commitments: missing-declaration
[[commitment]]
requirement = "charte-engagements:IV.2"
status = "planned"

# unknown-product
[[declaration]]
product = "personne"
requirement = "ins:INS.01"
status = "conform"

# unknown-referential
[[declaration]]
product = "exemple-lgc"
requirement = "inconnu:X.01"
status = "conform"

# evidence-future-date
[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.08"
status = "conform"
declared = 2026-11-20
evidence = [{{ proof = "INS.08.01.01", ref = "CNDA#1", date = 2027-02-01 }}]

# unknown-requirement
[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.99"
status = "conform"

# missing-proof, then duplicate-declaration
[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.02"
status = "conform"

[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.02"
status = "conform"

# missing-justification and partial
[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.03"
status = "partial"

# missing-due-date
[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.04"
status = "planned"

# evidence-file-missing
[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.05"
status = "conform"
evidence = [{{ proof = "INS.05.01.01", path = "preuves/absente.pdf" }}]

# evidence-digest-mismatch
[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.06"
status = "conform"
declared = 2026-11-02
evidence = [{{ proof = "INS.06.01.01", path = "preuves/capture.txt", sha256 = "{zeros}", date = 2026-11-01 }}]

# evidence-path-outside and missing-proof
[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.07"
status = "conform"
evidence = [{{ path = "../dehors.pdf" }}, {{ url = "https://exemple.example/preuve", kind = "document" }}]
"#,
        zeros = "0".repeat(64)
    )
}

/// [`every_code_manifest`] with a charte.lock that locks `ins` alone.
fn every_code_project() -> tempfile::TempDir {
    let dir = project(every_code_manifest(r#""ins""#).as_bytes());
    std::fs::create_dir(dir.path().join("preuves")).unwrap();
    std::fs::write(dir.path().join("preuves/capture.txt"), "capture\n").unwrap();
    run_in(dir.path(), &["fetch"]).code(0);
    let text = every_code_manifest(r#""charte-engagements", "ins""#);
    std::fs::write(dir.path().join("charte.toml"), text).unwrap();
    dir
}

/// A manifest with no charte.lock: `--frozen` cannot resolve it.
const MINIMAL_FOR_FROZEN: &str = crate::support::MINIMAL;

#[test]
fn check_reports_validate_and_reach_every_finding_code() {
    let mut outputs = Outputs::default();
    let json = ["check", "--format", "json"];
    outputs.add("#", "solo", &run(&example("solo"), &json).code(0));
    outputs.add("#", "groupe", &run(&example("groupe"), &json).code(1));
    let overridden = [
        &json[..],
        &["--deny", "partial", "--warn", "missing-proof"],
        &["--allow", "upcoming-requirement", "--fail-on", "warning"],
    ]
    .concat();
    outputs.add(
        "#",
        "groupe, overridden",
        &run(&example("groupe"), &overridden).code(1),
    );
    let one = [&json[..], &["--product", "hexa-imagerie"]].concat();
    outputs.add(
        "#",
        "groupe, one product",
        &run(&example("groupe"), &one).code(1),
    );
    let dir = every_code_project();
    outputs.add("#", "every code", &run_in(dir.path(), &json).code(1));

    // A manifest that does not validate still gets a report, on stdout and in files.
    let invalid =
        project(b"schema = 1\n\n[organization]\nname = 3\nsiren = \"123\"\nflavour = \"x\"\n");
    let path = invalid.path().join("reports/charte.json");
    let report = format!("json={}", path.display());
    let with_file = [&json[..], &["--report", &report]].concat();
    outputs.add("#", "invalid", &run_in(invalid.path(), &with_file).code(2));
    let text = std::fs::read(&path).unwrap();
    outputs.add_value(
        "#",
        "invalid, --report",
        serde_json::from_slice(&text).unwrap(),
    );

    // Referentials that cannot be resolved still give a report, on stdout and in files.
    let frozen = project(MINIMAL_FOR_FROZEN.as_bytes());
    let path = frozen.path().join("reports/charte.json");
    let report = format!("json={}", path.display());
    let unavailable = [&json[..], &["--frozen", "--report", &report]].concat();
    outputs.add(
        "#",
        "unavailable",
        &run_in(frozen.path(), &unavailable).code(3),
    );
    let text = std::fs::read(&path).unwrap();
    outputs.add_value(
        "#",
        "unavailable, --report",
        serde_json::from_slice(&text).unwrap(),
    );
    outputs.assert_valid();

    let mut codes = BTreeSet::new();
    let mut severities = BTreeSet::new();
    for report in outputs.docs() {
        for f in report["findings"].as_array().unwrap() {
            codes.insert(f["code"].as_str().unwrap().to_string());
            severities.insert(f["severity"].as_str().unwrap().to_string());
        }
    }
    let all: BTreeSet<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    let unreached: Vec<&String> = all.difference(&codes).collect();
    assert!(
        unreached.is_empty(),
        "no report has {unreached:?}: add a case here"
    );
    assert_eq!(severities.len(), 3, "{severities:?}");
}

#[test]
fn upcoming_validates_with_every_kind_of_obligation() {
    let mut outputs = Outputs::default();
    let json = ["upcoming", "--format", "json"];
    outputs.add(
        "#/$defs/upcoming",
        "solo",
        &run(&example("solo"), &json).code(0),
    );
    let far = [&json[..], &["--within", "11000d"]].concat();
    let groupe = outputs.add(
        "#/$defs/upcoming",
        "groupe, 11000 days",
        &run(&example("groupe"), &far).code(0),
    );
    let overdue = [&json[..], &["--within", "0d", "--product", "hexa-cabinet"]].concat();
    outputs.add(
        "#/$defs/upcoming",
        "groupe, overdue of one product",
        &run(&example("groupe"), &overdue).code(0),
    );
    outputs.assert_valid();

    let obligations = groupe["obligations"].as_array().unwrap();
    let kinds: BTreeSet<&str> = obligations
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    assert!(obligations.iter().any(|o| o["product"].is_null()));
    assert!(obligations.iter().any(|o| o["overdue"] == true));
}

#[test]
fn product_lists_and_exports_validate() {
    let mut outputs = Outputs::default();
    let dir = every_code_project();
    for (name, manifest) in [
        ("solo", example("solo")),
        ("groupe", example("groupe")),
        ("every code", dir.path().join("charte.toml")),
    ] {
        let list = ["product", "list", "--format", "json"];
        outputs.add("#/$defs/product-list", name, &run(&manifest, &list).code(0));
        let export = ["export", "--format", "jsonl"];
        outputs.add_lines("#/$defs/export-row", name, &run(&manifest, &export).code(0));
        let missing = ["export", "--missing", "--format", "jsonl"];
        if name == "every code" {
            let a = run(&manifest, &missing).code(0);
            outputs.add_lines("#/$defs/export-missing-row", name, &a);
        }
    }
    outputs.assert_valid();
}

#[test]
fn referentials_of_the_embedded_catalogue_validate() {
    let mut outputs = Outputs::default();
    let outside = tempfile::tempdir().unwrap();
    let list = ["referentials", "list", "--format", "json"];
    outputs.add(
        "#/$defs/referentials-list",
        "outside a project",
        &run_in(outside.path(), &list).code(0),
    );
    outputs.add(
        "#/$defs/referentials-list",
        "groupe",
        &run(&example("groupe"), &list).code(0),
    );
    let index = std::fs::read_to_string(root().join("catalogue/index.json")).unwrap();
    let index: Value = serde_json::from_str(&index).unwrap();
    for r in index["referentials"].as_array().unwrap() {
        for v in r["versions"].as_array().unwrap() {
            let wanted = format!(
                "{}@={}",
                r["id"].as_str().unwrap(),
                v["version"].as_str().unwrap()
            );
            let show = ["referentials", "show", &wanted, "--format", "json"];
            outputs.add(
                "#/$defs/referentials-show",
                &wanted,
                &run_in(outside.path(), &show).code(0),
            );
            let shown: Value =
                serde_json::from_slice(&run_in(outside.path(), &show).code(0).get_output().stdout)
                    .unwrap();
            let first = shown["requirement"][0]["id"].as_str().unwrap();
            let one = format!("{wanted}:{first}");
            let show = ["referentials", "show", &one, "--format", "json"];
            outputs.add(
                "#/$defs/referentials-show-requirement",
                &one,
                &run_in(outside.path(), &show).code(0),
            );
        }
    }
    outputs.assert_valid();
}

/// Two products using MSSanté, locked at 0.1.0, with declarations that the
/// move to 1.0.0 renumbers, revises, removes and makes mandatory.
const MSSANTE: &str = r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
use = ["mssante-clients@0.1"]

[[product]]
id = "exemple-lgc"
name = "Exemple Cabinet"
version = "5.2.0"
kind = "lgc"
services = ["mssante"]

[[product]]
id = "exemple-dpi"
name = "Exemple Hôpital"
version = "3.1.0"
kind = "dpi"
services = ["mssante"]
profiles = ["bal-per-org"]

[[declaration]]
product = "exemple-lgc"
requirement = "mssante-clients:SC.MSS/CDA.02"
status = "conform"
declared = 2022-05-01

[[declaration]]
product = "exemple-lgc"
requirement = "mssante-clients:SC.MSS/UX.02"
status = "conform"
declared = 2022-05-01

[[declaration]]
product = "exemple-dpi"
requirement = "mssante-clients:SC.MSS/UX.04"
status = "conform"
declared = 2022-05-01
"#;

#[test]
fn update_impact_validates_on_the_embedded_catalogue() {
    let dir = project(MSSANTE.as_bytes());
    run_in(dir.path(), &["fetch"]).code(0);
    let manifest = dir.path().join("charte.toml");
    let widened = MSSANTE.replace(
        r#"["mssante-clients@0.1"]"#,
        r#"["mssante-clients", "ins"]"#,
    );
    std::fs::write(&manifest, widened).unwrap();
    let mut outputs = Outputs::default();
    let json = ["update", "--format", "json"];
    let dry = outputs.add(
        "#/$defs/update",
        "dry run",
        &run_in(dir.path(), &[&json[..], &["--dry-run"]].concat()).code(0),
    );
    outputs.add(
        "#/$defs/update",
        "update",
        &run_in(dir.path(), &json).code(0),
    );
    outputs.add(
        "#/$defs/update",
        "nothing left to move",
        &run_in(dir.path(), &json).code(0),
    );
    outputs.assert_valid();

    let moves = dry["referentials"].as_array().unwrap();
    assert!(moves.iter().any(|m| m["from"].is_null()), "{dry}");
    let kinds: BTreeSet<&str> = moves
        .iter()
        .flat_map(|m| m["changes"].as_array().unwrap())
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["added", "nature", "removed", "renumbered", "revised"])
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Adds a version to the served catalogue: the document of `id` at `from`,
/// edited, listed without a publication date.
fn publish(served: &Path, id: &str, from: &str, to: &str, edit: (&str, &str)) {
    let text = std::fs::read_to_string(served.join(format!("{id}/{from}.toml"))).unwrap();
    assert!(text.contains(edit.0), "{id} {from} lacks {:?}", edit.0);
    let text = text
        .replacen(
            &format!("version = \"{from}\""),
            &format!("version = \"{to}\""),
            1,
        )
        .replacen(edit.0, edit.1, 1);
    std::fs::write(served.join(format!("{id}/{to}.toml")), &text).unwrap();
    let path = served.join("index.json");
    let mut index: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let entry = index["referentials"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["id"] == id)
        .unwrap();
    let versions = entry["versions"].as_array_mut().unwrap();
    for v in versions.iter_mut() {
        v["yanked"] = true.into();
    }
    versions.push(json!({
        "version": to,
        "url": format!("{id}/{to}.toml"),
        "sha256": charte::catalogue::sha256_hex(text.as_bytes()),
    }));
    std::fs::write(&path, serde_json::to_vec_pretty(&index).unwrap()).unwrap();
}

#[test]
fn an_imported_document_shown_validates() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ins.csv"),
        "referential,version,id,title,profiles,derived-from,proof,proof-label\n\
         ins,2.0.0,INS.01,Qualifier l'identité,Profil Centres de santé,socle:INS.00,INS.01.01.01,Vidéo\n",
    )
    .unwrap();
    run_in(
        dir.path(),
        &["referentials", "import", "ins.csv", "--into", "cat"],
    )
    .code(0);
    let server = Server::start(&dir.path().join("cat"));
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("charte.toml"),
        crate::fetch::manifest(&server.url("index.json"), "\"ins\""),
    )
    .unwrap();
    let mut outputs = Outputs::default();
    let show = ["referentials", "show", "ins", "--format", "json"];
    let doc = outputs.add(
        "#/$defs/referentials-show",
        "imported",
        &run_in(project.path(), &show).code(0),
    );
    outputs.assert_valid();
    assert_eq!(doc["provenance"]["format"], "csv");
    assert_eq!(doc["requirement"][0]["derived-from"][0], "socle:INS.00");
}

#[test]
fn outputs_of_a_remote_catalogue_validate() {
    let served = tempfile::tempdir().unwrap();
    copy_dir(&root().join("catalogue"), served.path());
    let server = Server::start(served.path());
    let manifest = format!(
        r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
index = "{}"
use = ["charte-engagements", "ins"]

[[product]]
id = "exemple-lgc"
name = "Exemple Cabinet"
version = "5.2.0"
kind = "lgc"
services = ["insi"]

[[commitment]]
requirement = "charte-engagements:IV.2"
status = "conform"
declared = 2026-02-10

[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.01"
status = "planned"
due = 2027-03-31
"#,
        server.url("index.json")
    );
    let dir = project(manifest.as_bytes());
    let cache = tempfile::tempdir().unwrap();
    let charte_here = |args: &[&str]| {
        charte()
            .current_dir(dir.path())
            .env("CHARTE_CACHE_DIR", cache.path())
            .args(["--today", TODAY])
            .args(args)
            .assert()
    };
    charte_here(&["fetch"]).code(0);
    // New versions, the locked ones yanked: IV.2 is revised, INS.01 comes
    // into force later.
    let revised = ("id = \"IV.2\"\n", "id = \"IV.2\"\nrevised = 2026-06-01\n");
    publish(
        served.path(),
        "charte-engagements",
        "1.0.0",
        "1.1.0",
        revised,
    );
    let later = ("effective = 2021-01-01", "effective = 2027-01-01");
    publish(served.path(), "ins", "2.0.0", "2.1.0", later);

    let mut outputs = Outputs::default();
    let list = outputs.add(
        "#/$defs/referentials-list",
        "remote",
        &charte_here(&["referentials", "list", "--format", "json"]).code(0),
    );
    let show = ["referentials", "show", "ins", "--format", "json"];
    outputs.add(
        "#/$defs/referentials-show",
        "remote, locked",
        &charte_here(&show).code(0),
    );
    let update = ["update", "--dry-run", "--format", "json"];
    let impact = outputs.add("#/$defs/update", "remote", &charte_here(&update).code(0));
    outputs.assert_valid();

    assert!(list["catalogue"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    let versions: Vec<&Value> = list["referentials"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["versions"].as_array().unwrap())
        .collect();
    assert!(versions.iter().any(|v| v["yanked"] == true));
    assert!(versions.iter().any(|v| v["published"].is_null()));
    let changes: Vec<&Value> = impact["referentials"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["changes"].as_array().unwrap())
        .collect();
    let kinds: BTreeSet<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["effective", "revised"]), "{impact}");
    assert!(changes.iter().any(|c| c["organization"] == true));
    assert!(changes.iter().any(|c| c["declarations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["product"].is_null())));
}

#[test]
fn status_validates_in_every_state() {
    let env = Env::start();
    env.login().success();
    let products = ["--product", "exemple-lgc", "--product", "exemple-dpi"];
    let submit = [&["submit"][..], &products, &["--product", "exemple-app"]].concat();
    env.charte().args(submit).assert().success();
    // exemple-dpi changes; exemple-app leaves the manifest; the commitments
    // were never sent.
    env.edit("CNDA-INSI-2026-0042", "CNDA-INSI-2026-0043");
    let text = std::fs::read_to_string(env.manifest()).unwrap();
    let start = text.find("[[product]]\nid = \"exemple-app\"").unwrap();
    let end = text.find("[[commitment]]").unwrap();
    let mut text = format!("{}{}", &text[..start], &text[end..]);
    text.truncate(
        text.find("[[declaration]]\nproduct = \"exemple-app\"")
            .unwrap(),
    );
    std::fs::write(env.manifest(), text).unwrap();

    let mut outputs = Outputs::default();
    let a = env
        .charte()
        .args(["status", "--format", "json"])
        .assert()
        .success();
    let status = outputs.add("#/$defs/status", "status", &a);
    outputs.assert_valid();
    let states: BTreeSet<&str> = status["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].as_str().unwrap())
        .collect();
    assert_eq!(states.len(), 4, "{status}");
}

#[test]
fn verify_outputs_validate() {
    use crate::log_fixture::{write_receipt, Log, LogServer};
    let log = Log::new(6);
    let server = LogServer::start(log.clone(), 6);
    let dir = tempfile::tempdir().unwrap();
    let manifest = crate::support::MINIMAL.replace(
        "[referentials]",
        &format!(
            "[registry]\nurl = \"{}\"\nlog-key = \"{}\"\n\n[referentials]",
            server.url(),
            log.signer.verifier()
        ),
    );
    std::fs::write(dir.path().join("charte.toml"), manifest).unwrap();
    for i in [0, 3] {
        log.write_receipt(dir.path(), &server.url(), i, 4);
    }
    let verify = |args: &[&str]| {
        charte()
            .current_dir(dir.path())
            .arg("verify")
            .args(["--format", "json"])
            .args(args)
            .assert()
    };
    let mut outputs = Outputs::default();
    outputs.add("#/$defs/verify", "verify", &verify(&[]).code(0));
    outputs.add(
        "#/$defs/verify",
        "verify --offline",
        &verify(&["--offline"]).code(0),
    );
    let mut broken = log.receipt(&server.url(), 1, 4);
    broken["receipt"]["digest"] = serde_json::json!("00".repeat(32));
    write_receipt(dir.path(), "produit-1", &broken);
    std::fs::write(dir.path().join(".charte/receipts/autre.json"), "{}").unwrap();
    server.served.lock().unwrap().size = 2;
    let failed = outputs.add("#/$defs/verify", "verify, failures", &verify(&[]).code(3));
    assert_eq!(failed["log"]["consistent"], false, "{failed}");
    outputs.assert_valid();
}

#[test]
fn the_schema_is_draft_2020_12_and_names_its_home() {
    let schema = schema();
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!(
            "{SCHEMA} is not a valid schema: {e} at {}",
            e.instance_path()
        );
    }
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["$id"],
        format!("{}/blob/main/{SCHEMA}", env!("CARGO_PKG_REPOSITORY"))
    );
}

/// What `pointer` of the schema lists in its `enum`, nulls left out.
fn listed(pointer: &str) -> Vec<String> {
    let schema = schema();
    let values = schema
        .pointer(pointer)
        .and_then(|v| v["enum"].as_array())
        .unwrap_or_else(|| panic!("{SCHEMA} has no enum at {pointer}"));
    values
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// How the JSON outputs write each value.
fn serialized<T: serde::Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .map(|v| {
            serde_json::to_value(v)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Every variant of an enum, so that a new one stops this file compiling
/// until it is listed here and in the schema.
macro_rules! variants {
    ($ty:ident: $($v:ident),+ $(,)?) => {{
        let _every_variant_is_listed = |v: $ty| match v {
            $($ty::$v)|+ => (),
        };
        [$($ty::$v),+]
    }};
}

#[test]
fn closed_lists_are_those_of_the_code() {
    let codes: Vec<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(
        listed("/$defs/code"),
        codes,
        "list every finding code in {SCHEMA}, in the order of the codes! table"
    );
    let statuses: Vec<String> = charte::manifest::Status::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    assert_eq!(listed("/$defs/declaration-status"), statuses);
    assert_eq!(listed("/$defs/product-kind"), charte::manifest::KINDS);

    let cases = [
        (
            "/$defs/severity",
            serialized(&variants!(Severity: Info, Warning, Error)),
        ),
        (
            "/$defs/nature",
            serialized(&variants!(Nature: Exigence, Preconisation)),
        ),
        (
            "/$defs/referentials-show/properties/scope",
            serialized(&variants!(Scope: Product, Organization)),
        ),
        (
            "/$defs/shown-requirement/properties/criticality",
            serialized(&variants!(Criticality: Mineure, Majeure, Critique)),
        ),
        (
            "/$defs/status-entry/properties/state",
            serialized(&variants!(
                State: UpToDate,
                ChangedLocally,
                ReEvaluated,
                Withdrawn,
                NeverSubmitted,
                NotInManifest
            )),
        ),
        (
            "/$defs/verify-receipt/properties/state",
            serialized(&variants!(VerifyState: Verified, Failed, NotVerifiable)),
        ),
        (
            "/$defs/update-change/properties/kind",
            serialized(&variants!(
                ChangeKind: Added,
                Removed,
                Renumbered,
                Revised,
                Nature,
                Effective
            )),
        ),
        (
            "/$defs/obligation/properties/kind",
            serialized(&variants!(ObligationKind: Effective, Due, EvidenceExpiry)),
        ),
    ];
    for (pointer, values) in cases {
        assert_eq!(listed(pointer), values, "{SCHEMA} {pointer}");
    }
}

#[test]
fn a_tampered_report_fails_validation() {
    let validators = validators();
    let report = &validators["#"];
    let a = run(&example("groupe"), &["check", "--format", "json"]).code(1);
    let original: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert!(report.is_valid(&original));
    let tamper = |edit: &dyn Fn(&mut Value)| {
        let mut doc = original.clone();
        edit(&mut doc);
        report.is_valid(&doc)
    };
    // A field the schema lacks, at the top, in a summary, in a product
    // (whose counts sit beside its own fields) and in a finding.
    assert!(!tamper(
        &|d| d["generated_at"] = json!("2026-11-23T10:00:00Z")
    ));
    assert!(!tamper(&|d| d["summary"]["criticals"] = json!(0)));
    assert!(!tamper(&|d| d["products"][0]["substantiated"] = json!(0)));
    assert!(!tamper(
        &|d| d["organization_counts"]["substantiated"] = json!(0)
    ));
    assert!(!tamper(&|d| d["findings"][0]["help"] = json!("…")));
    // A field gone, a code or a severity not in the list, a date misspelt.
    assert!(!tamper(&|d| {
        d["findings"][0].as_object_mut().unwrap().remove("location");
    }));
    assert!(!tamper(
        &|d| d["findings"][0]["code"] = json!("no-such-code")
    ));
    assert!(!tamper(&|d| d["findings"][0]["severity"] = json!("fatal")));
    assert!(!tamper(&|d| d["today"] = json!("2026-02-30")));
    assert!(!tamper(&|d| d["products"][0]["conformity"] = json!(1.5)));

    let upcoming = &validators["#/$defs/upcoming"];
    let a = run(&example("groupe"), &["upcoming", "--format", "json"]).code(0);
    let mut doc: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert!(upcoming.is_valid(&doc));
    doc["obligations"][0]["overdue"] =
        (!doc["obligations"][0]["overdue"].as_bool().unwrap()).into();
    assert!(!upcoming.is_valid(&doc), "overdue must agree with days");
}

#[test]
fn import_dry_run_validates() {
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.csv");
    std::fs::write(
        &rows,
        "product,requirement,status,declared,evidence
medilune-cabinet,ssi:SC.SSI/GEN.01,conform,2026-11-02,
,charte-engagements:IV.2,conform,,url:https://convergence.example/evaluations/2
",
    )
    .unwrap();
    let rows = rows.to_str().unwrap();
    let args = ["import", rows, "--dry-run", "--output-format", "json"];
    let mut outputs = Outputs::default();
    let doc = outputs.add(
        "#/$defs/import-dry-run",
        "solo",
        &run(&example("solo"), &args).code(0),
    );
    assert_eq!(doc["updated"], 2, "{doc}");
    assert!(doc["rows"][1]["product"].is_null(), "{doc}");
    outputs.assert_valid();
}
