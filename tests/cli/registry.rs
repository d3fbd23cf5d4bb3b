//! `login`, `logout`, `submit` and `status` against the reference registry,
//! started in-process on loopback with a temporary SQLite file: the happy
//! path, dry runs, receipts and the public statement. Faults and security
//! have their own modules, on the fixture defined here.

use std::path::PathBuf;

use charte_registry::{Config, LogBuffer, ServerHandle};
use serde_json::Value;

use crate::support::{self, stderr, stdout, TODAY};

/// The organization of [`MANIFEST`].
pub const SIREN: &str = "732829320";
/// Another organization.
pub const OTHER_SIREN: &str = "912485737";

/// Three products, one declaration each, and a commitment.
pub const MANIFEST: &str = r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[registry]
url = "REGISTRY"

[referentials]
use = ["charte-engagements", "ins"]

[[product]]
id = "exemple-lgc"
name = "Exemple Cabinet"
version = "5.2.0"
kind = "lgc"
services = ["insi"]

[[product]]
id = "exemple-dpi"
name = "Exemple Hôpital"
version = "3.1.0"
kind = "dpi"
services = ["insi"]

[[product]]
id = "exemple-app"
name = "Exemple Patient"
version = "1.0.0"
kind = "mes-app"

[[commitment]]
requirement = "charte-engagements:IV.2"
status = "planned"
due = 2027-03-31
declared = 2026-11-01

[[declaration]]
product = "exemple-lgc"
requirement = "ins:INS.01"
status = "non-conform"
justification = "Recette INSi prévue au premier trimestre."
declared = 2026-11-01

[[declaration]]
product = "exemple-dpi"
requirement = "ins:INS.01"
status = "conform"
declared = 2026-11-01
evidence = [{ ref = "CNDA-INSI-2026-0042", date = 2026-10-12 }]

[[declaration]]
product = "exemple-app"
requirement = "ins:INS.01"
status = "not-applicable"
justification = "L'application ne gère pas d'identité de patient."
declared = 2026-11-01
"#;

/// A registry with a token for [`SIREN`], and a project whose manifest
/// names it.
pub struct Env {
    pub project: tempfile::TempDir,
    /// CHARTE_CONFIG_DIR: where `charte login` keeps tokens.
    pub config: tempfile::TempDir,
    pub db: PathBuf,
    pub log: LogBuffer,
    pub token: String,
    pub server: Option<ServerHandle>,
    url: String,
    _data: tempfile::TempDir,
}

/// The key the test registries sign their log's checkpoints with (fixed,
/// so that a manifest can pin its public key).
pub fn log_signer() -> charte_registry::log::Signer {
    charte_registry::log::Signer::parse(
        "PRIVATE+KEY+registry.test/charte+77e198c1+AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB",
    )
    .unwrap()
}

impl Env {
    pub fn start() -> Env {
        Env::start_with(|c| c)
    }

    pub fn start_with(configure: impl FnOnce(Config) -> Config) -> Env {
        let data = tempfile::tempdir().unwrap();
        let db = data.path().join("registry.sqlite3");
        let token = charte_registry::add_token(&db, SIREN, "tests").unwrap();
        let log = LogBuffer::new();
        let config = Config::new(&db).log_to(log.clone()).log_key(log_signer());
        let server = charte_registry::spawn(configure(config)).unwrap();
        let url = server.url();
        let env = Env {
            project: tempfile::tempdir().unwrap(),
            config: tempfile::tempdir().unwrap(),
            db,
            log,
            token,
            server: Some(server),
            url,
            _data: data,
        };
        env.write(MANIFEST);
        env
    }

    /// Stops the registry (if it runs) and starts another on the same
    /// database, on another port.
    pub fn restart(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().unwrap();
        }
        let config = Config::new(&self.db)
            .log_to(self.log.clone())
            .log_key(log_signer());
        let server = charte_registry::spawn(config).unwrap();
        self.url = server.url();
        self.server = Some(server);
    }

    /// The registry's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        self.server.as_ref().unwrap().addr()
    }

    pub fn manifest(&self) -> PathBuf {
        self.project.path().join("charte.toml")
    }

    /// Writes the manifest, naming this registry.
    pub fn write(&self, text: &str) {
        std::fs::write(self.manifest(), text.replace("REGISTRY", &self.url)).unwrap();
    }

    /// Edits the manifest.
    pub fn edit(&self, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.manifest()).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(self.manifest(), text.replacen(from, to, 1)).unwrap();
    }

    /// `charte` in the project, with its own configuration folder, the
    /// evaluation date fixed, no token in the environment and short waits
    /// between retries.
    pub fn charte(&self) -> assert_cmd::Command {
        let mut cmd = support::charte();
        cmd.current_dir(self.project.path())
            .env("CHARTE_CONFIG_DIR", self.config.path())
            .env("CHARTE_TODAY", TODAY)
            .env("CHARTE_RETRY_BASE_MS", "5")
            .env_remove("CHARTE_TOKEN");
        cmd
    }

    /// `charte ARGS…` with the token in `CHARTE_TOKEN`.
    pub fn with_token(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.charte()
            .env("CHARTE_TOKEN", &self.token)
            .args(args)
            .assert()
    }

    /// `charte login` with the token on standard input.
    pub fn login(&self) -> assert_cmd::assert::Assert {
        self.charte()
            .arg("login")
            .write_stdin(format!("{}\n", self.token))
            .assert()
    }

    /// Rows in the registry's submissions table.
    pub fn stored(&self) -> i64 {
        let conn = charte_registry::store::open(&self.db).unwrap();
        conn.query_row("SELECT count(*) FROM submissions", [], |r| r.get(0))
            .unwrap()
    }

    /// The registry's latest receipts of the organization, by product
    /// (`None` for the commitments), asked with the token.
    pub fn latest(&self) -> Vec<(Option<String>, String)> {
        let answer = call(
            charte::net::Method::Get,
            &format!("{}/v1/organizations/{SIREN}/submissions/latest", self.url),
            Some(&self.token),
            &[],
            None,
        );
        assert_eq!(answer.status, 200);
        let list: Vec<Value> = serde_json::from_slice(&answer.body).unwrap();
        list.iter()
            .map(|r| {
                (
                    r["product"].as_str().map(str::to_string),
                    r["digest"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Requests the registry logged whose line contains `text`.
    pub fn logged(&self, text: &str) -> usize {
        self.log
            .contents()
            .lines()
            .filter(|l| l.contains(text))
            .count()
    }

    /// The receipt saved beside the manifest for a product.
    pub fn receipt(&self, product: Option<&str>) -> Option<Value> {
        let path = charte::registry::receipts::path(self.project.path(), product);
        let text = std::fs::read_to_string(path).ok()?;
        Some(serde_json::from_str(&text).unwrap())
    }
}

/// One request with charte's registry client, as is.
pub fn call(
    method: charte::net::Method,
    url: &str,
    token: Option<&str>,
    headers: &[(&'static str, &str)],
    json: Option<&[u8]>,
) -> charte::net::Answer {
    let api = charte::net::Api::new().unwrap();
    let url = charte::net::Url::parse(url).unwrap();
    api.send(&charte::net::Call {
        method,
        url: &url,
        bearer: token,
        headers,
        json,
    })
    .unwrap()
}

/// The rows of the result table: (product, result, receipt).
pub fn results(out: &str) -> Vec<(String, String, String)> {
    out.lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect();
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .filter(|(p, _, _)| !p.is_empty() && p != "product")
        .collect()
}

/// Receipt ids and dates replaced by placeholders, for snapshots.
pub fn redact(text: &str, url: &str) -> String {
    let mut out = text.replace(url, "http://REGISTRY");
    for (prefix, len, with) in [("sub_", 36, "sub_…"), ("20", 20, "RECEIVED-AT")] {
        let mut redacted = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(prefix) {
            let candidate = rest[at..].get(..len);
            let matches = candidate.is_some_and(|c| {
                if prefix == "sub_" {
                    c[4..].chars().all(|ch| ch.is_ascii_hexdigit())
                } else {
                    c.ends_with('Z') && c.as_bytes()[10] == b'T'
                }
            });
            redacted.push_str(&rest[..at]);
            if matches {
                redacted.push_str(&format!("{with:<len$}"));
                rest = &rest[at + len..];
            } else {
                redacted.push_str(prefix);
                rest = &rest[at + prefix.len()..];
            }
        }
        redacted.push_str(rest);
        out = redacted;
    }
    out
}

fn label(product: &Option<String>) -> &str {
    product.as_deref().unwrap_or("(organization)")
}

#[test]
fn login_submit_status_then_only_the_changed_product_is_sent() {
    let env = Env::start();
    let a = env.login().success();
    assert!(
        stdout(&a).contains(&format!("stored the token for {}", env.url())),
        "{}",
        stdout(&a)
    );

    let a = env.charte().arg("submit").assert().success();
    let out = stdout(&a);
    insta::assert_snapshot!("submit_first", redact(&out, env.url()));
    let rows = results(&out);
    assert_eq!(rows.len(), 4, "{out}");
    assert!(
        rows.iter().all(|(_, result, _)| result == "accepted"),
        "{out}"
    );
    assert_eq!(env.stored(), 4);
    assert_eq!(env.logged("POST /v1/submissions 201"), 4);
    // The registry holds what was sent, with the receipts saved locally.
    let latest = env.latest();
    assert_eq!(latest.len(), 4);
    for (product, digest) in &latest {
        let saved = env.receipt(product.as_deref()).unwrap();
        assert_eq!(
            saved["receipt"]["digest"],
            digest.as_str(),
            "{}",
            label(product)
        );
        assert_eq!(saved["registry"], env.url());
        let id = saved["receipt"]["id"].as_str().unwrap();
        assert!(rows.iter().any(|(p, _, r)| p == label(product) && r == id));
    }

    let a = env.charte().arg("status").assert().success();
    let out = stdout(&a);
    insta::assert_snapshot!("status_up_to_date", redact(&out, env.url()));
    let a = env
        .charte()
        .args(["status", "--format", "json"])
        .assert()
        .success();
    let status: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let states: Vec<&str> = status["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["up-to-date"; 4]);
    assert_eq!(status["registry"], env.url());
    assert_eq!(status["organization"]["siren"], SIREN);

    // One declaration changes: status says so, and submit sends only it.
    env.edit(
        "justification = \"Recette INSi prévue au premier trimestre.\"",
        "justification = \"Recette INSi prévue au second trimestre.\"",
    );
    let a = env
        .charte()
        .args(["status", "--format", "json"])
        .assert()
        .success();
    let status: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let states: Vec<(Value, &str)> = status["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["product"].clone(), p["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        [
            (Value::Null, "up-to-date"),
            ("exemple-lgc".into(), "changed-locally"),
            ("exemple-dpi".into(), "up-to-date"),
            ("exemple-app".into(), "up-to-date"),
        ]
    );
    let out = stdout(&env.charte().arg("status").assert().success());
    assert!(
        out.contains("1 document to send: run `charte submit`"),
        "{out}"
    );

    let before = env.latest();
    let a = env.charte().arg("submit").assert().success();
    let out = stdout(&a);
    let rows = results(&out);
    let result_of = |p: &str| rows.iter().find(|r| r.0 == p).unwrap().1.clone();
    assert_eq!(result_of("exemple-lgc"), "accepted", "{out}");
    for p in ["(organization)", "exemple-dpi", "exemple-app"] {
        assert_eq!(result_of(p), "already held", "{out}");
    }
    assert!(out.ends_with("1 accepted, 3 already held\n"), "{out}");
    assert_eq!(env.logged("POST /v1/submissions "), 5);
    assert_eq!(env.stored(), 5);
    let after = env.latest();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, a.0);
        assert_eq!(
            b.1 == a.1,
            b.0.as_deref() != Some("exemple-lgc"),
            "{:?}",
            b.0
        );
    }
    let lgc = after
        .iter()
        .find(|(p, _)| p.as_deref() == Some("exemple-lgc"))
        .unwrap();
    let saved = env.receipt(Some("exemple-lgc")).unwrap();
    assert_eq!(saved["receipt"]["digest"], lgc.1.as_str());

    // Nothing left to send: a third run sends nothing.
    let out = stdout(&env.charte().arg("submit").assert().success());
    assert!(out.ends_with("4 already held\n"), "{out}");
    assert_eq!(env.logged("POST /v1/submissions "), 5);
}

#[test]
fn status_lists_what_was_never_sent_and_what_left_the_manifest() {
    let env = Env::start();
    env.login().success();
    env.charte()
        .args([
            "submit",
            "--product",
            "exemple-app",
            "--product",
            "exemple-dpi",
        ])
        .assert()
        .success();
    // --product leaves the commitments out.
    assert_eq!(env.stored(), 2);
    let text = std::fs::read_to_string(env.manifest()).unwrap();
    let start = text.find("[[product]]\nid = \"exemple-app\"").unwrap();
    let end = text.find("[[commitment]]").unwrap();
    let mut text = format!("{}{}", &text[..start], &text[end..]);
    let start = text
        .find("[[declaration]]\nproduct = \"exemple-app\"")
        .unwrap();
    text.truncate(start);
    std::fs::write(env.manifest(), text).unwrap();
    let a = env.charte().arg("status").assert().success();
    let out = stdout(&a);
    insta::assert_snapshot!("status_mixed", redact(&out, env.url()));
    let rows = results(&out);
    let states: Vec<(&str, &str)> = rows
        .iter()
        .map(|(p, s, _)| (p.as_str(), s.as_str()))
        .collect();
    assert_eq!(
        states,
        [
            ("(organization)", "never submitted"),
            ("exemple-lgc", "never submitted"),
            ("exemple-dpi", "up to date"),
            ("exemple-app", "not in charte.toml"),
        ]
    );
}

#[test]
fn logout_removes_the_token_and_says_whether_there_was_one() {
    let env = Env::start();
    env.login().success();
    let a = env.charte().arg("logout").assert().success();
    assert!(
        stdout(&a).contains(&format!("removed the token for {}", env.url())),
        "{}",
        stdout(&a)
    );
    let a = env.charte().arg("logout").assert().success();
    assert!(
        stdout(&a).contains(&format!("no token was stored for {}", env.url())),
        "{}",
        stdout(&a)
    );
    let a = env.charte().arg("status").assert().code(4);
    assert!(
        stderr(&a).contains(&format!("run `charte login --registry {}`", env.url())),
        "{}",
        stderr(&a)
    );
}

#[test]
fn login_takes_the_registry_from_the_flag_or_asks_for_one() {
    let env = Env::start();
    let elsewhere = tempfile::tempdir().unwrap();
    // No manifest and no flag: which registry?
    let a = env
        .charte()
        .current_dir(elsewhere.path())
        .arg("login")
        .write_stdin("chr_x\n")
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("which registry? Give --registry URL"),
        "{}",
        stderr(&a)
    );
    // A trailing slash names the same registry.
    env.charte()
        .current_dir(elsewhere.path())
        .args(["login", "--registry", &format!("{}/", env.url())])
        .write_stdin(format!("{}\n", env.token))
        .assert()
        .success();
    env.charte().arg("status").assert().success();
    // Standard input with no token, or with two words.
    for input in ["", "\n", "chr_a chr_b\n"] {
        let a = env
            .charte()
            .arg("login")
            .write_stdin(input)
            .assert()
            .code(2);
        assert!(
            stderr(&a).contains("standard input holds no token"),
            "{}",
            stderr(&a)
        );
    }
}

#[test]
fn dry_run_asks_the_registry_and_stores_nothing() {
    let env = Env::start();
    env.login().success();
    let a = env
        .charte()
        .args(["submit", "--dry-run"])
        .assert()
        .success();
    let rows = results(&stdout(&a));
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.1 == "valid"), "{}", stdout(&a));
    assert_eq!(env.stored(), 0);
    assert_eq!(env.logged("POST /v1/submissions/validate 200"), 4);
    assert!(env.receipt(None).is_none());

    // A justification longer than the registry accepts: the client has no
    // such limit, the registry's validation says what is wrong.
    env.edit(
        "L'application ne gère pas d'identité de patient.",
        &"x".repeat(5000),
    );
    let a = env
        .charte()
        .args(["submit", "--dry-run", "--product", "exemple-app"])
        .assert()
        .code(4);
    let rows = results(&stdout(&a));
    assert_eq!(rows.len(), 1, "{}", stdout(&a));
    assert_eq!(rows[0].1, "invalid");
    let err = stderr(&a);
    assert!(
        err.contains(
            "1 of 1 document would not be accepted:\n  exemple-app: the registry finds it invalid"
        ),
        "{err}"
    );
    assert!(err.contains("/declarations/0/justification"), "{err}");
    assert_eq!(env.stored(), 0);
}

#[test]
fn offline_dry_run_prints_the_documents_without_a_connection() {
    let env = Env::start();
    let a = env
        .charte()
        .args(["--offline", "submit", "--dry-run"])
        .assert()
        .success();
    let out = stdout(&a);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    let products: Vec<Value> = lines
        .iter()
        .map(|l| {
            let doc: Value = serde_json::from_str(l).unwrap();
            // Each line is the canonical text the registry hashes.
            assert_eq!(charte_registry::to_canonical_json(&doc), *l);
            doc["product"]["id"].clone()
        })
        .collect();
    assert_eq!(
        products,
        [
            Value::Null,
            "exemple-lgc".into(),
            "exemple-dpi".into(),
            "exemple-app".into()
        ]
    );
    assert_eq!(env.log.contents(), "", "no request reached the registry");
    // Without --dry-run, or for status, --offline is a usage error that says why.
    let a = env.charte().args(["--offline", "submit"]).assert().code(2);
    assert!(
        stderr(&a).contains("--offline forbids the network: `charte submit --offline --dry-run` prints the documents instead"),
        "{}",
        stderr(&a)
    );
    let a = env.charte().args(["--offline", "status"]).assert().code(2);
    assert!(
        stderr(&a).contains("--offline forbids the network"),
        "{}",
        stderr(&a)
    );
    assert_eq!(env.log.contents(), "");
}

#[test]
fn validity_errors_are_refused_with_their_locations() {
    let env = Env::start();
    env.login().success();
    env.edit(
        "justification = \"Recette INSi prévue au premier trimestre.\"\n",
        "",
    );
    env.edit(
        "requirement = \"ins:INS.01\"\nstatus = \"conform\"",
        "requirement = \"ins:INS.99\"\nstatus = \"conform\"",
    );
    let a = env.charte().arg("submit").assert().code(2);
    let err = stderr(&a);
    assert!(
        err.contains("charte.toml has 2 errors of validity, and declarations with such errors are not submitted"),
        "{err}"
    );
    assert!(
        err.contains("charte.toml:43:10: missing-justification"),
        "{err}"
    );
    assert!(
        err.contains("charte.toml:48:15: unknown-requirement"),
        "{err}"
    );
    assert!(err.contains("nothing was submitted"), "{err}");
    assert_eq!(env.log.contents(), "", "nothing was sent");
    // A manifest's own overrides cannot hide them.
    let text = std::fs::read_to_string(env.manifest()).unwrap();
    std::fs::write(
        env.manifest(),
        text.replace(
            "[referentials]",
            "[check]\nlevels = { missing-justification = \"allow\", unknown-requirement = \"allow\" }\n\n[referentials]",
        ),
    )
    .unwrap();
    env.charte().arg("submit").assert().code(2);
    // Non-conformities are honest declarations: they are sent.
    env.write(MANIFEST);
    env.charte().arg("submit").assert().success();
    // status still answers, and warns.
    env.edit(
        "requirement = \"ins:INS.01\"\nstatus = \"conform\"",
        "requirement = \"ins:INS.99\"\nstatus = \"conform\"",
    );
    let a = env.charte().arg("status").assert().success();
    assert!(
        stderr(&a).contains("charte.toml has 1 error of validity: `charte submit` refuses to send until it is fixed"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn the_statement_shows_the_receipts() {
    let env = Env::start();
    env.login().success();
    let report = |env: &Env| {
        stdout(
            &env.charte()
                .args(["report", "--format", "markdown", "--lang", "en"])
                .assert()
                .success(),
        )
    };
    assert!(!report(&env).contains("Registry submissions"));
    env.charte().arg("submit").assert().success();
    let page = report(&env);
    assert!(page.contains("## Registry submissions"), "{page}");
    for product in [
        None,
        Some("exemple-lgc"),
        Some("exemple-dpi"),
        Some("exemple-app"),
    ] {
        let saved = env.receipt(product).unwrap();
        let id = saved["receipt"]["id"].as_str().unwrap();
        assert!(page.contains(id), "{id} in {page}");
    }
    let section = &page[page.find("## Registry submissions").unwrap()..];
    let hospital = section.find("Exemple Hôpital 3.1.0").unwrap();
    let patient = section.find("Exemple Patient 1.0.0").unwrap();
    assert!(hospital < patient, "in manifest order");
}

/// Every stored row of the registry, in order: (receipt id, digest, document).
fn rows(env: &Env) -> Vec<(String, String, String)> {
    let conn = charte_registry::store::open(&env.db).unwrap();
    let mut statement = conn
        .prepare("SELECT id, digest, document FROM submissions ORDER BY seq")
        .unwrap();
    let rows = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// The state `status --format json` gives each product.
fn states(env: &Env, today: &str) -> Vec<(Value, String)> {
    let a = env
        .charte()
        .env("CHARTE_TODAY", today)
        .args(["status", "--format", "json"])
        .assert()
        .success();
    let status: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    status["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["product"].clone(),
                p["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn withdraw_then_status_says_withdrawn_and_submitting_again_lists_it_again() {
    let env = Env::start();
    env.login().success();
    env.charte().arg("submit").assert().success();
    let before = rows(&env);
    assert_eq!(before.len(), 4);

    // Without a terminal to ask on, a withdrawal needs --yes.
    let a = env
        .charte()
        .args(["submit", "--withdraw", "exemple-lgc"])
        .assert()
        .code(2);
    assert_eq!(
        stderr(&a),
        format!(
            "error: `charte submit --withdraw exemple-lgc` asks for confirmation, and cannot ask here \
             (standard input is not a terminal): add --yes to withdraw exemple-lgc from {}\n",
            env.url()
        )
    );
    // --dry-run shows the document, and sends nothing.
    let a = env
        .charte()
        .args(["submit", "--withdraw", "exemple-lgc", "--dry-run"])
        .assert()
        .success();
    let document = serde_json::json!({
        "schema": 2,
        "organization": { "siren": SIREN, "name": "Exemple Santé SAS" },
        "product": { "id": "exemple-lgc" },
        "withdrawn": true
    });
    assert_eq!(
        stdout(&a),
        format!("{}\n", charte_registry::to_canonical_json(&document))
    );
    assert_eq!(rows(&env), before);

    let a = env
        .charte()
        .args(["submit", "--withdraw", "exemple-lgc", "--yes"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(
        out.starts_with(&format!(
            "withdrew exemple-lgc from {}: receipt sub_",
            env.url()
        )),
        "{out}"
    );
    assert_eq!(
        stderr(&a),
        "note: exemple-lgc is still in charte.toml: `charte submit` would list it again \
         (`charte product remove exemple-lgc --with-declarations` removes it)\n"
    );
    // Append-only: one new row, the others as they were.
    let after = rows(&env);
    assert_eq!(after.len(), 5);
    assert_eq!(after[..4], before[..]);
    assert_eq!(after[4].1, charte_registry::digest(&document));
    let saved = env.receipt(Some("exemple-lgc")).unwrap();
    assert_eq!(saved["receipt"]["withdrawn"], true);
    assert_eq!(saved["receipt"]["digest"], after[4].1.as_str());

    assert_eq!(
        states(&env, TODAY),
        [
            (Value::Null, "up-to-date".to_string()),
            ("exemple-lgc".into(), "withdrawn".to_string()),
            ("exemple-dpi".into(), "up-to-date".to_string()),
            ("exemple-app".into(), "up-to-date".to_string()),
        ]
    );
    let out = stdout(&env.charte().arg("status").assert().success());
    insta::assert_snapshot!("status_withdrawn", redact(&out, env.url()));

    // The same withdrawal again is the same document: no new row.
    let a = env
        .charte()
        .args(["-q", "submit", "--withdraw", "exemple-lgc", "--yes"])
        .assert()
        .success();
    assert_eq!(stdout(&a), "");
    assert_eq!(rows(&env).len(), 5);

    // Submitted again, the product is listed again.
    let out = stdout(&env.charte().arg("submit").assert().success());
    let rows_of = results(&out);
    let lgc = rows_of.iter().find(|r| r.0 == "exemple-lgc").unwrap();
    assert_eq!(lgc.1, "replayed", "{out}");
    assert_eq!(
        states(&env, TODAY)
            .iter()
            .filter(|s| s.1 == "up-to-date")
            .count(),
        4
    );
    assert_eq!(rows(&env).len(), 5);
    let saved = env.receipt(Some("exemple-lgc")).unwrap();
    assert_eq!(saved["receipt"].get("withdrawn"), None);

    // Nothing was ever submitted for this product: nothing to withdraw.
    let a = env
        .charte()
        .args(["submit", "--withdraw", "exemple-pfi", "--yes"])
        .assert()
        .code(4);
    assert!(
        stderr(&a).contains("refused to withdraw exemple-pfi: 422: the organization never submitted the product `exemple-pfi`"),
        "{}",
        stderr(&a)
    );
    assert_eq!(rows(&env).len(), 5);
}

#[test]
fn a_withdrawal_for_another_organization_is_refused_and_stores_nothing() {
    let env = Env::start();
    env.login().success();
    env.charte().arg("submit").assert().success();
    let before = rows(&env);
    env.edit(
        &format!("siren = \"{SIREN}\""),
        &format!("siren = \"{OTHER_SIREN}\""),
    );
    let a = env
        .charte()
        .args(["submit", "--withdraw", "exemple-lgc", "--yes"])
        .assert()
        .code(4);
    assert!(
        stderr(&a).contains(&format!(
            "the token for {} belongs to another organization than {OTHER_SIREN}",
            env.url()
        )),
        "{}",
        stderr(&a)
    );
    assert_eq!(rows(&env), before);
    assert_eq!(env.logged("POST /v1/submissions 403"), 1);
}

#[test]
fn status_tells_a_re_evaluation_from_a_change() {
    let env = Env::start();
    // ethique has a requirement for every product effective on 2027-02-01:
    // evaluated that day, the counts move though the declarations do not.
    env.edit(
        "use = [\"charte-engagements\", \"ins\"]",
        "use = [\"charte-engagements\", \"ins\", \"ethique\"]",
    );
    env.login().success();
    env.charte().arg("submit").assert().success();
    assert_eq!(
        states(&env, TODAY)
            .iter()
            .filter(|s| s.1 == "up-to-date")
            .count(),
        4
    );

    // The same manifest evaluated later: a requirement became effective,
    // the counts moved, the declarations did not.
    let later = "2027-02-01";
    let dpi = |states: &[(Value, String)]| {
        states
            .iter()
            .find(|s| s.0 == "exemple-dpi")
            .unwrap()
            .1
            .clone()
    };
    let at_later = states(&env, later);
    assert_eq!(dpi(&at_later), "re-evaluated", "{at_later:?}");
    assert!(
        at_later.iter().all(|s| s.1 != "changed-locally"),
        "{at_later:?}"
    );

    // A declaration changes: that product changed locally.
    env.charte()
        .args([
            "declare",
            "exemple-lgc",
            "ins:INS.01",
            "--status",
            "non-conform",
            "--justification",
            "Recette INSi prévue en 2027.",
        ])
        .assert()
        .success();
    let now = states(&env, TODAY);
    let lgc = now.iter().find(|s| s.0 == "exemple-lgc").unwrap();
    assert_eq!(lgc.1, "changed-locally", "{now:?}");
    assert_eq!(dpi(&now), "up-to-date");
    assert_eq!(dpi(&states(&env, later)), "re-evaluated");
    let out = stdout(
        &env.charte()
            .env("CHARTE_TODAY", later)
            .arg("status")
            .assert()
            .success(),
    );
    assert!(out.contains("re-evaluated"), "{out}");
}

/// `GET path` of the registry's public directory: the status and the body.
fn directory_page(env: &Env, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(env.addr()).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        env.addr()
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

#[test]
fn public_and_private_choose_whether_the_directory_lists_the_organization() {
    let env = Env::start();
    env.login().success();
    env.charte().arg("submit").assert().success();
    let before = rows(&env);
    let organization = format!("/organizations/{SIREN}");
    // Never chosen: not listed.
    assert_eq!(directory_page(&env, &organization).0, 404);

    let a = env
        .charte()
        .args(["submit", "--public", "--dry-run"])
        .assert()
        .success();
    let document = serde_json::json!({
        "schema": 2,
        "organization": { "siren": SIREN, "name": "Exemple Santé SAS" },
        "directory": "public"
    });
    assert_eq!(
        stdout(&a),
        format!("{}\n", charte_registry::to_canonical_json(&document))
    );
    assert_eq!(rows(&env), before);

    let a = env.charte().args(["submit", "--public"]).assert().success();
    let out = stdout(&a);
    assert!(
        out.starts_with(&format!(
            "Exemple Santé SAS is listed in the public directory of {}: receipt sub_",
            env.url()
        )),
        "{out}"
    );
    let (status, page) = directory_page(&env, &organization);
    assert_eq!(status, 200);
    assert!(page.contains("Exemple Cabinet 5.2.0"), "{page}");
    // The choice is no product: status still lists the four documents.
    assert_eq!(
        states(&env, TODAY)
            .iter()
            .filter(|s| s.1 == "up-to-date")
            .count(),
        4
    );

    let a = env
        .charte()
        .args(["submit", "--private"])
        .assert()
        .success();
    assert!(stdout(&a).starts_with("Exemple Santé SAS is not listed in the public directory of"));
    assert_eq!(directory_page(&env, &organization).0, 404);
    assert!(!directory_page(&env, "/").1.contains(SIREN));
    // Append-only: two choices recorded beside the declarations.
    assert_eq!(rows(&env).len(), before.len() + 2);

    let a = env
        .charte()
        .args(["submit", "--public", "--private"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("cannot be used with"), "{}", stderr(&a));
    let a = env
        .charte()
        .args(["--offline", "submit", "--public"])
        .assert()
        .code(2);
    assert_eq!(
        stderr(&a),
        "error: `charte submit --public` sends to the registry, and --offline forbids the network: \
         `charte submit --public --dry-run` prints the document instead\n"
    );
}

#[test]
fn the_directory_badge_draws_what_charte_badge_draws() {
    let env = Env::start();
    env.login().success();
    env.charte().arg("submit").assert().success();
    env.charte().args(["submit", "--public"]).assert().success();
    // Everything but the accessible title, which the registry words from
    // the counts the document carries.
    let drawn = |svg: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.is_element() && n.tag_name().name() != "title")
            .map(|n| {
                let mut attributes: Vec<String> = n
                    .attributes()
                    .map(|a| format!("{}={}", a.name(), a.value()))
                    .collect();
                attributes.sort();
                let text = n.text().map(str::trim).filter(|t| !t.is_empty());
                format!("{} {} {text:?}", n.tag_name().name(), attributes.join(" "))
            })
            .collect()
    };
    for (product, lang) in [("exemple-lgc", "fr"), ("exemple-dpi", "en")] {
        let local = stdout(
            &env.charte()
                .args(["badge", "--product", product, "--lang", lang])
                .assert()
                .success(),
        );
        let (status, served) = directory_page(
            &env,
            &format!("/organizations/{SIREN}/products/{product}/badge.svg?lang={lang}"),
        );
        assert_eq!(status, 200);
        assert_eq!(drawn(&served), drawn(&local));
    }
}
