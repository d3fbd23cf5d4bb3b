//! OSCAL for auditors (SPEC §7): the assessment results of `check`, the
//! catalogs of `referentials show` and the component definitions of `export`
//! for the example publishers, against the NIST OSCAL 1.1.2 JSON schemas;
//! the id mapping, states and props; identical documents from two runs; and,
//! when CHARTE_TRESTLE names compliance-trestle, a third-party consumer.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{charte, check, example, project, root, stdout, MINIMAL, TODAY};

const NS: &str = "https://github.com/charte-esante/charte/blob/main/docs/oscal.md";

/// The NIST schema of a model, formats checked.
fn validator(model: &str) -> jsonschema::Validator {
    let file = match model {
        "assessment-results" => "oscal_assessment-results_schema.json",
        "catalog" => "oscal_catalog_schema.json",
        "component-definition" => "oscal_component_schema.json",
        _ => unreachable!("{model}"),
    };
    let text = std::fs::read_to_string(root().join("tests/data/oscal").join(file)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(name: &str, doc: &Value) {
    let model = doc.as_object().unwrap().keys().next().unwrap().clone();
    let errors: Vec<String> = validator(&model)
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(20)
        .collect();
    assert!(
        errors.is_empty(),
        "{name}: invalid {model}:\n{}",
        errors.join("\n")
    );
}

fn run(name: &str, args: &[&str]) -> String {
    let a = charte()
        .arg("--today")
        .arg(TODAY)
        .arg("--manifest")
        .arg(example(name))
        .args(args)
        .assert();
    let code = a.get_output().status.code();
    assert!(matches!(code, Some(0 | 1)), "{name} {args:?}: {code:?}");
    stdout(&a)
}

/// The référentiels an example's lock pins.
fn locked(name: &str) -> Vec<String> {
    let lock =
        std::fs::read_to_string(root().join(format!("examples/{name}/charte.lock"))).unwrap();
    lock.lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect()
}

/// Every OSCAL document of an example, by a name for messages.
fn documents(name: &str) -> Vec<(String, String)> {
    let mut docs = vec![
        (
            format!("{name} check"),
            run(name, &["check", "--format", "oscal"]),
        ),
        (
            format!("{name} export"),
            run(name, &["export", "--format", "oscal"]),
        ),
    ];
    for id in locked(name) {
        let shown = run(name, &["referentials", "show", &id, "--format", "oscal"]);
        docs.push((format!("{name} referentials show {id}"), shown));
    }
    docs
}

#[test]
fn every_oscal_document_of_the_examples_is_valid_oscal_1_1_2() {
    for name in ["solo", "groupe"] {
        for (what, text) in documents(name) {
            let doc: Value = serde_json::from_str(&text).unwrap();
            assert_valid(&what, &doc);
            let model = doc.as_object().unwrap().values().next().unwrap();
            assert_eq!(model["metadata"]["oscal-version"], "1.1.2", "{what}");
        }
    }
}

#[test]
fn the_schemas_refuse_what_oscal_does_not_allow() {
    let text = run("solo", &["check", "--format", "oscal"]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let ar = validator("assessment-results");
    assert!(ar.is_valid(&doc));
    let mut bad = doc.clone();
    bad["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] =
        "partially-satisfied".into();
    assert!(!ar.is_valid(&bad));
    let mut bad = doc.clone();
    bad["assessment-results"]["results"][0]["findings"][0]["target"]["target-id"] =
        "SC.MSS/CONF.01".into();
    assert!(!ar.is_valid(&bad));
    let mut bad = doc;
    bad["assessment-results"]["uuid"] = "not-a-uuid".into();
    assert!(!ar.is_valid(&bad));
}

/// The three documents of the smaller example, whole (the larger one is
/// validated and compared between runs, not kept: it is five times larger).
#[test]
fn oscal_documents_of_the_examples_are_stable() {
    insta::assert_snapshot!(
        "solo_oscal_assessment_results",
        run("solo", &["check", "--format", "oscal"])
    );
    insta::assert_snapshot!(
        "solo_oscal_component_definition",
        run("solo", &["export", "--format", "oscal"])
    );
    insta::assert_snapshot!(
        "mssante_clients_oscal_catalog",
        run(
            "solo",
            &[
                "referentials",
                "show",
                "mssante-clients",
                "--format",
                "oscal"
            ]
        )
    );
}

#[test]
fn two_runs_write_the_same_documents() {
    for name in ["solo", "groupe"] {
        assert_eq!(documents(name), documents(name));
    }
}

fn prop<'a>(object: &'a Value, name: &str) -> Vec<&'a str> {
    object["props"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["name"] == name && p["ns"] == NS)
        .map(|p| p["value"].as_str().unwrap())
        .collect()
}

/// The item of `list` whose `requirement` prop is `requirement` (and whose
/// `product` prop is `product`).
fn about<'a>(list: &'a Value, requirement: &str, product: Option<&str>) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|f| {
            prop(f, "requirement") == [requirement] && prop(f, "product") == Vec::from_iter(product)
        })
        .unwrap_or_else(|| panic!("nothing about {requirement} for {product:?}"))
}

#[test]
fn findings_map_requirements_states_and_charte_statuses() {
    let json: Value = serde_json::from_slice(
        &check(&example("solo"), &["--format", "json"])
            .get_output()
            .stdout,
    )
    .unwrap();
    let doc: Value = serde_json::from_str(&run("solo", &["check", "--format", "oscal"])).unwrap();
    let ar = &doc["assessment-results"];
    assert_eq!(
        ar["metadata"]["last-modified"],
        format!("{TODAY}T00:00:00Z")
    );
    assert_eq!(ar["metadata"]["version"], env!("CARGO_PKG_VERSION"));
    let org = json["organization"]["name"].as_str().unwrap();
    assert!(ar["metadata"]["title"].as_str().unwrap().contains(org));
    let plan = ar["import-ap"]["href"].as_str().unwrap();
    let resources = ar["back-matter"]["resources"].as_array().unwrap();
    assert!(resources
        .iter()
        .any(|r| format!("#{}", r["uuid"].as_str().unwrap()) == plan));

    let result = &ar["results"][0];
    let findings = result["findings"].as_array().unwrap();
    // One finding per applicable requirement and owner, but those declared
    // not applicable, which are observations.
    let products = json["products"].as_array().unwrap();
    let owners = std::iter::once(&json["organization_counts"]).chain(products);
    let expected: u64 = owners
        .map(|c| c["applicable"].as_u64().unwrap() - c["not_applicable"].as_u64().unwrap())
        .sum();
    assert_eq!(findings.len() as u64, expected);
    for f in findings {
        let status = prop(f, "status")[0];
        let state = &f["target"]["status"]["state"];
        assert_eq!(
            state,
            if status == "conform" {
                "satisfied"
            } else {
                "not-satisfied"
            }
        );
        assert_ne!(status, "not-applicable");
        let requirement = prop(f, "requirement")[0];
        let id = requirement.split_once(':').unwrap().1;
        let token = f["target"]["target-id"].as_str().unwrap();
        assert_eq!(token, id.to_lowercase().replace('/', "-"), "{requirement}");
        assert!(
            result["reviewed-controls"]["control-selections"][0]["include-controls"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["control-id"] == token)
        );
    }
    // Each requirement's title once, in the local objectives, rather than
    // in each product's finding.
    let objectives = ar["local-definitions"]["objectives-and-methods"]
        .as_array()
        .unwrap();
    let rie = objectives
        .iter()
        .filter(|o| prop(o, "requirement") == ["identification-electronique:RIE.PS.01"])
        .collect::<Vec<_>>();
    assert_eq!(rie.len(), 1);
    assert_eq!(rie[0]["control-id"], "rie.ps.01");
    assert!(!rie[0]["description"].as_str().unwrap().is_empty());
    // The not-applicable declaration: an observation with its justification.
    let na = about(
        &result["observations"],
        "identification-electronique:RIE.PS.02",
        Some("medilune-cabinet"),
    );
    assert_eq!(prop(na, "status"), ["not-applicable"]);
    assert!(na["description"]
        .as_str()
        .unwrap()
        .contains("n'accepte que la carte CPS"));
    // Evidence: relevant evidence, its address as `href` (not repeated as
    // links), its attributes in props.
    let conform = about(
        &result["observations"],
        "identification-electronique:RIE.PS.01",
        Some("medilune-cabinet"),
    );
    let url = "https://preuves.medilune.example/attestations/rie-ps-01-01.pdf";
    assert!(conform["links"].is_null());
    let evidence = &conform["relevant-evidence"][0];
    assert_eq!(evidence["href"], url);
    assert_eq!(prop(evidence, "proof"), ["RIE.PS.01.01"]);
    assert_eq!(prop(evidence, "date"), ["2026-09-13"]);
    let finding = about(
        &result["findings"],
        "identification-electronique:RIE.PS.01",
        Some("medilune-cabinet"),
    );
    assert_eq!(
        finding["related-observations"][0]["observation-uuid"],
        conform["uuid"]
    );
}

/// Each of charte's findings is on the OSCAL finding of its requirement and
/// product (code and severity in props), or is an observation of its own.
#[test]
fn every_charte_finding_shows_in_the_assessment_results() {
    let json: Value = serde_json::from_slice(
        &check(&example("groupe"), &["--format", "json"])
            .get_output()
            .stdout,
    )
    .unwrap();
    let doc: Value = serde_json::from_str(&run("groupe", &["check", "--format", "oscal"])).unwrap();
    let result = &doc["assessment-results"]["results"][0];
    let all = |key: &str| result[key].as_array().unwrap().clone();
    let (findings, observations) = (all("findings"), all("observations"));
    let mut on_findings = 0;
    for f in json["findings"].as_array().unwrap() {
        let code = f["code"].as_str().unwrap();
        let product = f["product"].as_str();
        let requirement = f["requirement"].as_str();
        let about = |o: &&Value| {
            prop(o, "product") == Vec::from_iter(product)
                && prop(o, "requirement") == Vec::from_iter(requirement)
                && prop(o, "finding").contains(&code)
        };
        if let Some(finding) = findings.iter().find(about) {
            on_findings += 1;
            let worst = prop(finding, "severity")[0];
            let order = ["info", "warning", "error"];
            let rank = |s: &str| order.iter().position(|o| *o == s).unwrap();
            assert!(rank(worst) >= rank(f["severity"].as_str().unwrap()));
        } else {
            assert!(observations.iter().any(|o| about(&o)), "{f}");
        }
    }
    assert!(on_findings > 0);
}

#[test]
fn report_oscal_writes_what_format_oscal_prints() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit/charte.oscal.json");
    let target = format!("oscal={}", path.display());
    let a = check(
        &example("solo"),
        &["--format", "oscal", "--report", &target],
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout(&a));
}

#[test]
fn the_catalog_keeps_sections_requirements_and_proofs() {
    let doc: Value = serde_json::from_str(&run(
        "solo",
        &[
            "referentials",
            "show",
            "mssante-clients",
            "--format",
            "oscal",
        ],
    ))
    .unwrap();
    let catalog = &doc["catalog"];
    let control = catalog["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["controls"].as_array().unwrap())
        .find(|c| c["id"] == "sc.mss-conf.01")
        .expect("SC.MSS/CONF.01 as sc.mss-conf.01");
    assert_eq!(
        prop(control, "requirement"),
        ["mssante-clients:SC.MSS/CONF.01"]
    );
    assert_eq!(prop(control, "nature"), ["exigence"]);
    let parts = control["parts"].as_array().unwrap();
    assert_eq!(parts[0]["name"], "statement");
    assert!(parts.iter().any(|p| p["name"] == "proof" && p["ns"] == NS));
}

/// compliance-trestle imports and validates every document, when
/// CHARTE_TRESTLE names its `trestle` (`.ci/run` installs it).
#[test]
fn compliance_trestle_accepts_every_document() {
    let Some(trestle) = std::env::var_os("CHARTE_TRESTLE") else {
        return;
    };
    let out = std::process::Command::new(root().join("tests/oscal_trestle.sh"))
        .env("CHARTE_TRESTLE", PathBuf::from(trestle))
        .env("CHARTE_BIN", env!("CARGO_BIN_EXE_charte"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Pipelines get the document whatever happens: an invalid manifest's
/// problems are observations, a manifest with nothing declared has a
/// `missing` finding per requirement.
#[test]
fn invalid_and_empty_manifests_still_give_valid_assessment_results() {
    let dir = project(b"schema = 1\n[organization]\nname = 1\n");
    let a = check(&dir.path().join("charte.toml"), &["--format", "oscal"]).code(2);
    let doc: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_valid("invalid manifest", &doc);
    let result = &doc["assessment-results"]["results"][0];
    assert!(result["findings"].is_null());
    assert_eq!(
        prop(&result["observations"][0], "finding"),
        ["invalid-manifest"]
    );

    let dir = project(MINIMAL.as_bytes());
    let a = check(&dir.path().join("charte.toml"), &["--format", "oscal"]).code(1);
    let doc: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_valid("minimal manifest", &doc);
    let findings = doc["assessment-results"]["results"][0]["findings"]
        .as_array()
        .unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        assert_eq!(prop(f, "status"), ["missing"]);
        assert_eq!(f["target"]["status"]["state"], "not-satisfied");
    }
}

/// Every referential of the embedded catalogue, shown as an OSCAL catalog
/// and imported back, is the document it was: ids, sections, titles, text,
/// nature, criticality, applicability, dates and proofs.
#[test]
fn a_catalog_charte_writes_imports_back_as_the_same_referential() {
    let index: Value =
        serde_json::from_slice(&std::fs::read(root().join("catalogue/index.json")).unwrap())
            .unwrap();
    let entries = index["referentials"].as_array().unwrap();
    assert!(entries.len() >= 10, "{index}");
    for entry in entries {
        let id = entry["id"].as_str().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let shown = charte()
            .args([
                "--today",
                TODAY,
                "referentials",
                "show",
                id,
                "--format",
                "oscal",
            ])
            .assert()
            .success();
        let file = dir.path().join("catalog.json");
        std::fs::write(&file, &shown.get_output().stdout).unwrap();
        charte()
            .current_dir(dir.path())
            .args([
                "referentials",
                "import",
                "catalog.json",
                "--format",
                "oscal",
            ])
            .args(["--into", "cat"])
            .assert()
            .success();
        let original = charte()
            .args([
                "--today",
                TODAY,
                "referentials",
                "show",
                id,
                "--format",
                "json",
            ])
            .assert()
            .success();
        let original: Value = serde_json::from_slice(&original.get_output().stdout).unwrap();
        let version = original["version"].as_str().unwrap();
        let text =
            std::fs::read_to_string(dir.path().join(format!("cat/{id}/{version}.toml"))).unwrap();
        let back = charte::catalogue::Referential::parse(&text)
            .unwrap_or_else(|e| panic!("{id}: {e}\n{text}"));
        let reqs = original["requirement"].as_array().unwrap();
        assert_eq!(back.requirements.len(), reqs.len(), "{id}");
        // The catalog groups requirements by section: compare them by id.
        for r in reqs {
            let q = back
                .requirements
                .iter()
                .find(|q| q.id == r["id"].as_str().unwrap())
                .unwrap_or_else(|| panic!("{id}: {} not imported back", r["id"]));
            assert_eq!(q.title, r["title"].as_str().unwrap(), "{id} {}", q.id);
            assert_eq!(q.section.as_deref(), r["section"].as_str(), "{id} {}", q.id);
            let proofs: Vec<&str> = r["proof"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap())
                .collect();
            let back_proofs: Vec<&str> = q.proofs.iter().map(|p| p.id.as_str()).collect();
            assert_eq!(back_proofs, proofs, "{id} {}", q.id);
            let kinds: Vec<&str> = r["applies-to"]["kinds"]
                .as_array()
                .map(|a| a.iter().map(|k| k.as_str().unwrap()).collect())
                .unwrap_or_default();
            assert_eq!(q.applies_to.kinds, kinds, "{id} {}", q.id);
            assert_eq!(
                q.effective.map(|d| d.to_string()).as_deref(),
                r["effective"].as_str(),
                "{id} {}",
                q.id
            );
        }
    }
}
