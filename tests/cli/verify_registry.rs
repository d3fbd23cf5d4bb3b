//! `charte verify` against the reference registry itself, started on
//! loopback on a temporary SQLite file: receipts from real submissions
//! verify, `.charte/checkpoint` follows the log only after a proof, and each
//! way the registry can tamper with what it stored or logged (its triggers
//! dropped, its key changed, its database rebuilt) is caught, the receipt
//! named with why. The tampering is tried on PostgreSQL too when
//! `CHARTE_REGISTRY_POSTGRES` names a server (`.ci/run` starts one; `psql`
//! runs the tampering there).

use std::path::{Path, PathBuf};

use charte_registry::log::Signer;
use charte_registry::{Config, ServerHandle};
use serde_json::Value;

use crate::registry::{call, log_signer, MANIFEST, SIREN};
use crate::support::{self, stderr, stdout, TODAY};

/// The storage engine of a registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Sqlite,
    Postgres,
}

/// The engines the tampering is tried on: SQLite, and PostgreSQL when
/// `CHARTE_REGISTRY_POSTGRES` names a server.
fn engines() -> Vec<Engine> {
    if std::env::var_os("CHARTE_REGISTRY_POSTGRES").is_some() {
        vec![Engine::Sqlite, Engine::Postgres]
    } else {
        notice();
        vec![Engine::Sqlite]
    }
}

/// Says, past the test harness's capture, that PostgreSQL was left out.
#[allow(clippy::disallowed_methods)]
fn notice() {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "verify_registry: the tampering is tried on SQLite only, CHARTE_REGISTRY_POSTGRES is not set (.ci/run sets it)"
    );
}

/// Runs `sql` with `psql` on the PostgreSQL database at `url`, stopping at
/// its first error; what it printed (unaligned, tuples only).
fn psql(url: &str, sql: &str) -> String {
    let out = std::process::Command::new("psql")
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            url,
            "-c",
            sql,
        ])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "{sql}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A new database on the server of `CHARTE_REGISTRY_POSTGRES`: its URL.
fn postgres_database() -> String {
    static MADE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let admin = std::env::var("CHARTE_REGISTRY_POSTGRES").unwrap();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let made = MADE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let name = format!("charte_verify_{}_{made}_{nanos}", std::process::id());
    psql(&admin, &format!("CREATE DATABASE {name}"));
    let (server, _) = admin.rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

/// A registry on its own database, its log signed by `signer`.
struct Registry {
    engine: Engine,
    /// The SQLite file, or the PostgreSQL URL.
    db: PathBuf,
    token: String,
    server: Option<ServerHandle>,
    _dir: tempfile::TempDir,
}

impl Registry {
    fn start(engine: Engine, signer: Signer) -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let db = match engine {
            Engine::Sqlite => dir.path().join("registry.sqlite3"),
            Engine::Postgres => PathBuf::from(postgres_database()),
        };
        let token = charte_registry::add_token(&db, SIREN, "tests").unwrap();
        let mut registry = Registry {
            engine,
            db,
            token,
            server: None,
            _dir: dir,
        };
        registry.restart(signer);
        registry
    }

    /// Stops it (if it runs) and starts it again on the same database, on
    /// another port, its log signed by `signer`.
    fn restart(&mut self, signer: Signer) {
        self.stop();
        let config = Config::new(&self.db)
            .log_key(signer)
            .log_to(std::io::sink());
        self.server = Some(charte_registry::spawn(config).unwrap());
    }

    fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().unwrap();
        }
    }

    fn url(&self) -> String {
        self.server.as_ref().unwrap().url()
    }

    /// `GET path` without a token: the log is public.
    fn get(&self, path: &str) -> Vec<u8> {
        let answer = call(
            charte::net::Method::Get,
            &format!("{}{path}", self.url()),
            None,
            &[],
            None,
        );
        assert_eq!(answer.status, 200, "{path}");
        answer.body
    }

    fn checkpoint(&self) -> String {
        String::from_utf8(self.get("/v1/log/checkpoint")).unwrap()
    }

    /// Runs SQL on its database, as anyone with the file or the owner's
    /// role could: `sqlite` on SQLite, `postgres` on PostgreSQL.
    fn tamper(&self, sqlite: &str, postgres: &str) {
        match self.engine {
            Engine::Sqlite => {
                let conn = charte_registry::store::open(&self.db).unwrap();
                conn.execute_batch(sqlite).unwrap();
            }
            Engine::Postgres => {
                psql(self.db.to_str().unwrap(), postgres);
            }
        }
    }

    /// The text of the one value `sql` selects.
    fn value(&self, sql: &str) -> String {
        match self.engine {
            Engine::Sqlite => {
                let conn = charte_registry::store::open(&self.db).unwrap();
                conn.query_row(sql, [], |r| r.get(0)).unwrap()
            }
            Engine::Postgres => psql(self.db.to_str().unwrap(), sql)
                .trim_end_matches('\n')
                .to_owned(),
        }
    }
}

/// A project of [`MANIFEST`] submitting to `registry`, the log's key pinned.
struct Project {
    dir: tempfile::TempDir,
    config: tempfile::TempDir,
}

impl Project {
    fn new(registry: &Registry) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let text = MANIFEST.replace("REGISTRY", &registry.url()).replace(
            "[referentials]",
            &format!(
                "log-key = \"{}\"\n\n[referentials]",
                log_signer().verifier()
            ),
        );
        std::fs::write(dir.path().join("charte.toml"), text).unwrap();
        Project {
            dir,
            config: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn charte(&self) -> assert_cmd::Command {
        let mut cmd = support::charte();
        cmd.current_dir(self.path())
            .env("CHARTE_CONFIG_DIR", self.config.path())
            .env("CHARTE_TODAY", TODAY)
            .env("CHARTE_RETRY_BASE_MS", "1")
            .env_remove("CHARTE_TOKEN");
        cmd
    }

    fn submit(&self, registry: &Registry) {
        self.charte()
            .env("CHARTE_TOKEN", &registry.token)
            .args(["submit", "--registry", &registry.url()])
            .assert()
            .code(0);
    }

    /// `charte verify ARGS…` against `registry`.
    fn verify(&self, registry: &Registry, args: &[&str]) -> assert_cmd::assert::Assert {
        self.charte()
            .args(["verify", "--registry", &registry.url()])
            .args(args)
            .assert()
    }

    fn edit(&self, from: &str, to: &str) {
        let path = self.path().join("charte.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn kept(&self) -> Option<String> {
        std::fs::read_to_string(self.path().join(".charte/checkpoint")).ok()
    }

    /// The receipt file of a product (`None`: the commitments).
    fn receipt_path(&self, product: Option<&str>) -> PathBuf {
        charte::registry::receipts::path(self.path(), product)
    }

    fn receipt(&self, product: Option<&str>) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.receipt_path(product)).unwrap()).unwrap()
    }

    /// Every receipt file, as `verify` names them, with its receipt.
    fn receipts(&self) -> Vec<(String, Value)> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.path().join(".charte/receipts"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let shown = p.strip_prefix(self.path()).unwrap().display().to_string();
                let value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                (shown, value)
            })
            .collect()
    }
}

/// The size of a checkpoint's tree (its second line).
fn size(checkpoint: &str) -> u64 {
    checkpoint.lines().nth(1).unwrap().parse().unwrap()
}

/// A registry on `engine`, and a project that submitted its 4 documents
/// to it, then a fifth after an edit, and verified: the tree of 5 kept.
fn verified(engine: Engine) -> (Registry, Project) {
    let registry = Registry::start(engine, log_signer());
    let project = Project::new(&registry);
    project.submit(&registry);
    project.edit("version = \"5.2.0\"", "version = \"5.3.0\"");
    project.submit(&registry);
    project.verify(&registry, &[]).code(0);
    assert_eq!(project.kept().as_deref().map(size), Some(5));
    (registry, project)
}

/// Runs verify against `registry`: exit 3, exactly `expected` on stderr,
/// and `.charte/checkpoint` untouched.
fn caught(project: &Project, registry: &Registry, expected: &str) {
    let before = project.kept();
    let a = project.verify(registry, &[]).code(3);
    assert_eq!(stderr(&a), expected, "on {:?}", registry.engine);
    assert_eq!(
        project.kept(),
        before,
        ".charte/checkpoint changed after a failure, on {:?}",
        registry.engine
    );
}

#[test]
fn receipts_of_real_submissions_verify_and_the_kept_tree_follows_the_log() {
    let registry = Registry::start(Engine::Sqlite, log_signer());
    let project = Project::new(&registry);
    project.submit(&registry);
    let a = project.verify(&registry, &[]).code(0);
    assert_eq!(stderr(&a), "");
    let out = stdout(&a);
    assert!(
        out.contains("first seen (.charte/checkpoint held none)"),
        "{out}"
    );
    assert!(
        out.ends_with("4 receipts, 4 verified in the log\n"),
        "{out}"
    );
    // The registry's own checkpoint, byte for byte, once proven.
    assert_eq!(project.kept().unwrap(), registry.checkpoint());
    assert_eq!(size(&project.kept().unwrap()), 4);

    // Each receipt's leaf, in the tree of the checkpoint it came with.
    for (file, stored) in project.receipts() {
        let log = &stored["receipt"]["log"];
        let index = log["index"].as_u64().unwrap();
        assert!(
            out.contains(&format!(
                "{file}  leaf {index} of {}",
                size(log["checkpoint"].as_str().unwrap())
            )),
            "{out}"
        );
    }

    // The log grows: the kept tree moves on after the consistency proof.
    project.edit("version = \"5.2.0\"", "version = \"5.3.0\"");
    project.submit(&registry);
    project.edit("version = \"3.1.0\"", "version = \"3.2.0\"");
    project.submit(&registry);
    let a = project.verify(&registry, &["--format", "json"]).code(0);
    let report: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(report["verified"], 4);
    assert_eq!(report["log"]["kept"], 4);
    assert_eq!(report["log"]["size"], 6);
    assert_eq!(report["log"]["saved"], true);
    assert_eq!(project.kept().unwrap(), registry.checkpoint());

    // Nothing new: the same tree, the file untouched.
    let a = project.verify(&registry, &[]).code(0);
    assert!(stdout(&a).contains(
        "consistent with the tree of 6 kept in .charte/checkpoint, and with every receipt's checkpoint\n"
    ));
}

#[test]
fn another_checkout_gets_the_proofs_of_documents_the_registry_holds() {
    let (registry, project) = verified(Engine::Sqlite);
    // The same manifest, without .charte/: every document is held already.
    let other = Project::new(&registry);
    std::fs::copy(
        project.path().join("charte.toml"),
        other.path().join("charte.toml"),
    )
    .unwrap();
    other.submit(&registry);
    let a = other.verify(&registry, &[]).code(0);
    assert!(stdout(&a).ends_with("4 receipts, 4 verified in the log\n"));
    for (file, stored) in other.receipts() {
        let product = stored["receipt"]["product"].as_str();
        assert_eq!(stored, project.receipt(product), "{file}");
    }
}

#[test]
fn offline_needs_no_registry_and_a_registry_down_is_exit_4() {
    let (mut registry, project) = verified(Engine::Sqlite);
    let url = registry.url();
    let kept = project.kept();
    registry.stop();
    let a = project
        .charte()
        .args(["verify", "--offline", "--registry", &url])
        .assert()
        .code(0);
    assert_eq!(stderr(&a), "");
    assert!(stdout(&a).ends_with(
        "the registry's current log was not asked (--offline): run without --offline to check it never rewrote its history\n\
         4 receipts, 4 verified in the log\n"
    ));
    let a = project
        .charte()
        .args(["verify", "--registry", &url])
        .assert()
        .code(4);
    let port = url.rsplit(':').next().unwrap();
    assert_eq!(
        stderr(&a).replace(port, "PORT"),
        "error: no answer from http://127.0.0.1:PORT/v1/log/checkpoint: tcp connect error: Connection refused (os error 111) (gave up after 6 attempts)\n  \
         is the registry up? Check its address (--registry or [registry] url) and the network, then run the command again\n"
    );
    assert_eq!(project.kept(), kept);
}

#[test]
fn a_stored_document_altered_with_its_entry_is_caught() {
    for engine in engines() {
        let (registry, project) = verified(engine);
        let receipt = project.receipt(Some("exemple-dpi"))["receipt"].clone();
        let (id, digest) = (
            receipt["id"].as_str().unwrap(),
            receipt["digest"].as_str().unwrap(),
        );
        let index = receipt["log"]["index"].as_u64().unwrap();
        // The declaration said conform; the stored document now says
        // otherwise, under a digest that matches it, and the log's entry
        // follows.
        let document = registry.value(&format!(
            "SELECT document FROM submissions WHERE id = '{id}'"
        ));
        let mut value: Value = serde_json::from_str(&document).unwrap();
        assert_eq!(value["declarations"][0]["status"], "conform");
        value["declarations"][0]["status"] = "non-conform".into();
        value["declarations"][0]["justification"] = "Recette à refaire.".into();
        let altered = charte_registry::document_text(&value).replace('\'', "''");
        let forged = charte_registry::digest(&value);
        let update = format!(
            "UPDATE submissions SET document = '{altered}', digest = '{forged}' WHERE id = '{id}';
             UPDATE log_entries SET digest = '{forged}' WHERE id = '{id}';"
        );
        registry.tamper(
            &format!(
                "DROP TRIGGER submissions_never_updated; DROP TRIGGER log_entries_never_updated; {update}"
            ),
            &format!(
                "ALTER TABLE submissions DISABLE TRIGGER submissions_never_updated_or_deleted;
                 ALTER TABLE log_entries DISABLE TRIGGER log_entries_append_only; {update}"
            ),
        );
        caught(
            &project,
            &registry,
            &format!(
                "error: .charte/receipts/exemple-dpi.json: the registry's log lists at index {index} the digest {forged} of {id}, where it proved this receipt's digest {digest} of {id}: the registry changed what it stored\n"
            ),
        );
    }
}

#[test]
fn a_removed_leaf_is_caught() {
    for engine in engines() {
        let (mut registry, project) = verified(engine);
        let receipt = project.receipt(Some("exemple-app"))["receipt"].clone();
        let index = receipt["log"]["index"].as_u64().unwrap();
        let delete = format!("DELETE FROM log_entries WHERE idx = {index};");
        registry.tamper(
            &format!("DROP TRIGGER log_entries_never_deleted; {delete}"),
            &format!("ALTER TABLE log_entries DISABLE TRIGGER log_entries_append_only; {delete}"),
        );
        let expected = format!(
            "error: .charte/receipts/exemple-app.json: the registry's log lists no entry at index {index}, where it proved this receipt's: the registry removed the entry\n"
        );
        caught(&project, &registry, &expected);
        // Restarted, the registry logs the submission again, at the end:
        // the entry is still missing where the receipt was proved.
        registry.restart(log_signer());
        caught(&project, &registry, &expected);
    }
}

/// The key id of `signer`, as its verifier key writes it.
fn key_id(signer: &Signer) -> String {
    let key = signer.verifier().to_string();
    key.split('+').nth(1).unwrap().to_owned()
}

#[test]
fn a_checkpoint_signed_with_another_key_is_caught() {
    for engine in engines() {
        let (mut registry, project) = verified(engine);
        let other = Signer::generate("registry.test/charte").unwrap();
        let (other_id, pinned_id) = (key_id(&other), key_id(&log_signer()));
        // At start, the registry signs the current tree with its new key.
        registry.restart(other);
        caught(
            &project,
            &registry,
            &format!(
                "error: the registry's current checkpoint: the checkpoint is signed by `registry.test/charte` with the unknown key id {other_id}, where log-key has {pinned_id}: the log signs with another key than the one pinned\n"
            ),
        );
        // A receipt it issues now carries a checkpoint of that key: caught
        // offline too.
        project.edit("version = \"1.0.0\"", "version = \"1.1.0\"");
        project.submit(&registry);
        let a = project.verify(&registry, &["--offline"]).code(3);
        assert_eq!(
            stderr(&a),
            format!(
                "error: .charte/receipts/exemple-app.json: the checkpoint is signed by `registry.test/charte` with the unknown key id {other_id}, where log-key has {pinned_id}: the log signs with another key than the one pinned\n"
            )
        );
    }
}

#[test]
fn a_fork_of_the_log_is_caught_against_the_kept_tree() {
    for engine in engines() {
        let (registry, project) = verified(engine);
        // Another database, the same key: another history of the same log, as a
        // registry rebuilt from an edited copy would sign.
        let fork = Registry::start(engine, log_signer());
        let other = Project::new(&fork);
        other.submit(&fork);
        for (from, to) in [("5.2.0", "5.4.0"), ("3.1.0", "3.3.0")] {
            other.edit(
                &format!("version = \"{from}\""),
                &format!("version = \"{to}\""),
            );
            other.submit(&fork);
        }
        assert_eq!(size(&fork.checkpoint()), 6);
        caught(
            &project,
            &fork,
            "error: the registry's tree of 6 is not the continuation of the tree of 5 kept in .charte/checkpoint: the tree of 6 entries is not consistent with the earlier tree of 5: the log rewrote its history (a fork, or entries removed or changed)\n",
        );
        // Without a kept tree, each receipt's checkpoint is not in the fork.
        std::fs::remove_file(project.path().join(".charte/checkpoint")).unwrap();
        let expected: String = project
            .receipts()
            .iter()
            .map(|(file, stored)| {
                let n = size(stored["receipt"]["log"]["checkpoint"].as_str().unwrap());
                format!(
                    "error: {file}: its checkpoint (a tree of {n}) is not part of the registry's current log of 6: the tree of 6 entries is not consistent with the earlier tree of {n}: the log rewrote its history (a fork, or entries removed or changed)\n"
                )
            })
            .collect();
        caught(&project, &fork, &expected);
        assert_eq!(project.kept(), None);
        // The registry the project submitted to is still consistent with it.
        project.verify(&registry, &[]).code(0);
    }
}

#[test]
fn an_inclusion_proof_for_another_index_is_caught() {
    for engine in engines() {
        let (registry, project) = verified(engine);
        // A receipt, and the registry's own proof of another leaf of the same
        // tree, as long as its own (the documents are sent in parallel: which
        // leaf each got varies).
        let (file, mut stored, index, tree, proof) = project
            .receipts()
            .into_iter()
            .find_map(|(file, stored)| {
                let log = &stored["receipt"]["log"];
                let index = log["index"].as_u64().unwrap();
                let tree = size(log["checkpoint"].as_str().unwrap());
                let length = log["inclusion"].as_array().unwrap().len();
                let proof = (0..tree).filter(|&j| j != index).find_map(|j| {
                    let other: Value = serde_json::from_slice(
                        &registry.get(&format!("/v1/log/proof/inclusion?index={j}&size={tree}")),
                    )
                    .unwrap();
                    (other["inclusion"].as_array().unwrap().len() == length)
                        .then(|| other["inclusion"].clone())
                })?;
                Some((file, stored, index, tree, proof))
            })
            .unwrap();
        stored["receipt"]["log"]["inclusion"] = proof;
        std::fs::write(
            project.path().join(&file),
            serde_json::to_string_pretty(&stored).unwrap(),
        )
        .unwrap();
        let expected = format!(
            "error: {file}: the inclusion proof of leaf {index} does not lead to the checkpoint's root: the receipt's digest and id are not that leaf of the tree of {tree} (the receipt was altered, or the proof is another leaf's)\n"
        );
        caught(&project, &registry, &expected);
        let a = project.verify(&registry, &["--offline"]).code(3);
        assert_eq!(stderr(&a), expected);
    }
}
