//! `charte update` and `charte referentials` on the embedded catalogue:
//! the impact of moving `mssante-clients` from 0.1.0 to 1.0.0, and what the
//! catalogue offers.

use crate::support::{charte, stderr, stdout, TODAY};

/// Two products using MSSanté, with declarations that the move from 0.1.0
/// to 1.0.0 renumbers, revises, removes and makes mandatory.
fn manifest(uses: &str) -> String {
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
evidence = [{{ proof = "MSS/CDA.02.01.01", ref = "CI-SIS-CR-CDA-N1-Create_doc-Sc1#812", date = 2022-04-20 }}]

[[declaration]]
product = "exemple-lgc"
requirement = "mssante-clients:SC.MSS/UX.02"
status = "conform"
declared = 2022-05-01

[[declaration]]
product = "exemple-dpi"
requirement = "mssante-clients:SC.MSS/UX.03"
status = "planned"
due = 2027-06-30
declared = 2022-05-01

[[declaration]]
product = "exemple-dpi"
requirement = "mssante-clients:SC.MSS/UX.04"
status = "conform"
declared = 2022-05-01
"#
    )
}

struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(uses: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("charte.toml"), manifest(uses)).unwrap();
        Project { dir }
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        charte()
            .current_dir(self.dir.path())
            .arg("--today")
            .arg(TODAY)
            .args(args)
            .assert()
    }

    fn lock(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("charte.lock")).unwrap()
    }

    fn set_uses(&self, uses: &str) {
        std::fs::write(self.dir.path().join("charte.toml"), manifest(uses)).unwrap();
    }
}

/// Locked at 0.1.0, then `use` widened to any version.
fn locked_then_widened() -> Project {
    let p = Project::new(r#""mssante-clients@0.1""#);
    p.run(&["fetch"]).code(0);
    assert!(p.lock().contains("version = \"0.1.0\""));
    p.set_uses(r#""mssante-clients""#);
    p
}

#[test]
fn update_shows_the_impact_of_mssante_v1_then_moves_the_lock() {
    let p = locked_then_widened();
    let before = p.lock();
    // The lock still satisfies `use`: check runs on 0.1.0 and says nothing of the lock.
    let a = p.run(&["check", "--format", "json"]).code(1);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(report["referentials"][0]["version"], "0.1.0");
    let a = p.run(&["update", "--dry-run"]).code(0);
    insta::assert_snapshot!("update_dry_run_table", stdout(&a));
    assert_eq!(p.lock(), before, "--dry-run writes nothing");
    let a = p.run(&["update", "--dry-run", "--format", "json"]).code(0);
    insta::assert_snapshot!("update_dry_run_json", stdout(&a));
    let json: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let changes = json["referentials"][0]["changes"].as_array().unwrap();
    let renumbered = changes.iter().find(|c| c["kind"] == "renumbered").unwrap();
    assert_eq!(renumbered["requirement"], "SC.MSS/CONF.02");
    assert_eq!(renumbered["previous"], "SC.MSS/CDA.02");
    assert_eq!(renumbered["declarations"][0]["product"], "exemple-lgc");
    // --locked refuses to move it.
    let a = p.run(&["update", "--locked"]).code(3);
    assert!(
        stderr(&a).contains("--locked forbids changing charte.lock"),
        "{}",
        stderr(&a)
    );
    assert_eq!(p.lock(), before);

    let a = p.run(&["update"]).code(0);
    assert!(
        stdout(&a).ends_with("wrote charte.lock\n"),
        "{}",
        stdout(&a)
    );
    assert!(p.lock().contains("version = \"1.0.0\""));
    let a = p.run(&["check", "--frozen", "--format", "json"]).code(1);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(report["referentials"][0]["version"], "1.0.0");
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"requirement-replaced"), "{codes:?}");
    assert!(codes.contains(&"requirement-revised"), "{codes:?}");

    let a = p.run(&["update"]).code(0);
    assert_eq!(
        stdout(&a),
        "already at the newest matching version: mssante-clients 1.0.0\ncharte.lock is up to date\n"
    );
}

#[test]
fn update_only_moves_what_it_is_told() {
    let p = Project::new(r#""ins", "mssante-clients@0.1""#);
    p.run(&["fetch"]).code(0);
    p.set_uses(r#""ins", "mssante-clients""#);
    let a = p.run(&["update", "ins"]).code(0);
    assert_eq!(
        stdout(&a),
        "already at the newest matching version: ins 2.0.0\ncharte.lock is up to date\n"
    );
    assert!(p.lock().contains("version = \"0.1.0\""));
    let a = p.run(&["update", "mssante"]).code(2);
    assert!(
        stderr(&a).contains("did you mean `mssante-clients`?"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn referentials_list_shows_versions_use_and_lock() {
    let p = Project::new(r#""mssante-clients@0.1""#);
    p.run(&["fetch"]).code(0);
    let a = p.run(&["referentials", "list", "--format", "json"]).code(0);
    let json: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(json["catalogue"], "embedded");
    let mss = json["referentials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "mssante-clients")
        .unwrap();
    assert_eq!(mss["use"], "mssante-clients@^0.1");
    assert_eq!(mss["locked"], "0.1.0");
    assert_eq!(mss["versions"][0]["version"], "0.1.0");
    assert_eq!(mss["versions"][1]["version"], "1.0.0");
    let ins = json["referentials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ins")
        .unwrap();
    assert!(ins["use"].is_null() && ins["locked"].is_null());
    let a = p.run(&["referentials", "list"]).code(0);
    let out = stdout(&a);
    assert!(
        out.starts_with("référentiels of the embedded catalogue\n"),
        "{out}"
    );
    assert!(out.contains("mssante-clients@^0.1"), "{out}");
}

#[test]
fn referentials_work_outside_a_project() {
    let empty = tempfile::tempdir().unwrap();
    let a = charte()
        .current_dir(empty.path())
        .args(["referentials", "list"])
        .assert()
        .code(0);
    assert!(stdout(&a).contains("0.1.0, 1.0.0"), "{}", stdout(&a));
    let a = charte()
        .current_dir(empty.path())
        .args(["referentials", "show", "charte-engagements"])
        .assert()
        .code(0);
    insta::assert_snapshot!("show_charte_engagements", stdout(&a));
}

#[test]
fn referentials_show_picks_the_locked_or_the_asked_version() {
    let p = Project::new(r#""mssante-clients@0.1""#);
    p.run(&["fetch"]).code(0);
    let a = p.run(&["referentials", "show", "mssante-clients"]).code(0);
    assert!(
        stdout(&a).starts_with("mssante-clients 0.1.0\n"),
        "{}",
        stdout(&a)
    );
    let a = p
        .run(&["referentials", "show", "mssante-clients@1"])
        .code(0);
    let out = stdout(&a);
    assert!(out.starts_with("mssante-clients 1.0.0\n"), "{out}");
    assert!(out.contains("replaces: SC.MSS/CDA.02"), "{out}");
    assert!(
        out.contains("applies to: services mssante; profiles bal-per-org"),
        "{out}"
    );
    assert!(
        out.contains("proof MSS/CONF.01.01.01 (test-run, required)"),
        "{out}"
    );
    let a = p
        .run(&[
            "referentials",
            "show",
            "mssante-clients@=1.0.0",
            "--format",
            "json",
        ])
        .code(0);
    let json: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(json["version"], "1.0.0");
    assert_eq!(json["origin"], "embedded");
    assert_eq!(
        json["source"],
        "https://esante.gouv.fr/offres-services/mssante"
    );
    assert_eq!(json["sha256"].as_str().unwrap().len(), 64);
    let conf01 = &json["requirement"][0];
    assert_eq!(conf01["id"], "SC.MSS/CONF.01");
    assert_eq!(conf01["applies-to"]["services"][0], "mssante");
    assert_eq!(conf01["proof"][0]["required"], true);
    let a = p.run(&["referentials", "show", "mssante"]).code(2);
    assert!(
        stderr(&a).contains("did you mean `mssante-clients`?"),
        "{}",
        stderr(&a)
    );
    let a = p
        .run(&["referentials", "show", "mssante-clients@7"])
        .code(2);
    assert!(stderr(&a).contains("it has 0.1.0, 1.0.0"), "{}", stderr(&a));
}

#[test]
fn the_examples_are_locked_and_check_frozen() {
    for (name, code) in [("solo", 0), ("groupe", 1)] {
        let manifest = format!("examples/{name}/charte.toml");
        let a = charte()
            .args([
                "--today",
                TODAY,
                "--frozen",
                "--manifest",
                &manifest,
                "check",
            ])
            .assert()
            .code(code);
        assert!(stdout(&a).contains("référentiels:"));
        // The committed lock is what `fetch` would write.
        let a = charte()
            .args(["--locked", "--manifest", &manifest, "fetch"])
            .assert()
            .code(0);
        assert!(
            stdout(&a).contains("charte.lock is up to date"),
            "{}",
            stdout(&a)
        );
    }
}

#[test]
fn help_names_the_new_commands() {
    let a = charte().arg("--help").assert().success();
    let out = stdout(&a);
    for word in ["fetch", "update", "referentials", "--locked", "--frozen"] {
        assert!(out.contains(word), "{word}: {out}");
    }
    for cmd in [
        &["fetch", "--help"][..],
        &["update", "--help"],
        &["referentials", "show", "--help"],
        &["referentials", "list", "--help"],
    ] {
        let a = charte().args(cmd).assert().success();
        assert!(stdout(&a).contains("Examples:"), "{cmd:?}");
    }
}
