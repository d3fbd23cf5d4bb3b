//! Referential distribution against a real HTTP server on loopback: first
//! and warm fetches, revalidation, every way a download can go wrong, the
//! network gone, and the loopback-only rule for plain HTTP.

use std::path::{Path, PathBuf};

use crate::server::{Fault, Server, LAST_MODIFIED};
use crate::support::{charte, root, stderr, stdout, TODAY};

const MSS_1: &str = "mssante-clients/1.0.0.toml";
const MSS_1_SHA: &str = "1fb44f07ac6209d843a6f50996a2ef971216daee4e27ead4656d8f66482f49dd";

/// A project using a catalogue served on loopback, with its own cache.
pub struct Remote {
    server: Option<Server>,
    /// The served copy of the repository's catalogue folder.
    served: tempfile::TempDir,
    project: tempfile::TempDir,
    cache: tempfile::TempDir,
}

/// A manifest using `uses` from the index at `index`.
pub fn manifest(index: &str, uses: &str) -> String {
    format!(
        r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
index = "{index}"
use = [{uses}]

[[product]]
id = "exemple-lgc"
name = "Exemple Cabinet"
version = "5.2.0"
kind = "lgc"
services = ["insi", "mssante"]
"#
    )
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

impl Remote {
    pub fn new(uses: &str) -> Remote {
        let served = tempfile::tempdir().unwrap();
        copy_dir(&root().join("catalogue"), served.path());
        let server = Server::start(served.path());
        let project = tempfile::tempdir().unwrap();
        std::fs::write(
            project.path().join("charte.toml"),
            manifest(&server.url("index.json"), uses),
        )
        .unwrap();
        Remote {
            server: Some(server),
            served,
            project,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    pub fn server(&self) -> &Server {
        self.server.as_ref().unwrap()
    }

    /// `charte --today TODAY` in the project, with the project's cache.
    pub fn charte(&self) -> assert_cmd::Command {
        let mut cmd = charte();
        cmd.current_dir(self.project.path())
            .env("CHARTE_CACHE_DIR", self.cache.path())
            .arg("--today")
            .arg(TODAY);
        cmd
    }

    /// `charte ARGS…` in the project, with the project's cache.
    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.charte().args(args).assert()
    }

    pub fn lock(&self) -> Option<String> {
        std::fs::read_to_string(self.project.path().join("charte.lock")).ok()
    }

    fn set_uses(&self, uses: &str) {
        let index = self.server().url("index.json");
        std::fs::write(
            self.project.path().join("charte.toml"),
            manifest(&index, uses),
        )
        .unwrap();
    }

    fn documents(&self) -> Vec<String> {
        let dir = self.cache.path().join("documents");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    pub fn requested(&self) -> Vec<(String, u16)> {
        self.server()
            .log()
            .into_iter()
            .map(|l| (l.path, l.status))
            .collect()
    }
}

fn cached(sha: &str) -> String {
    format!("{sha}.toml")
}

#[test]
fn first_fetch_downloads_verifies_and_locks() {
    let r = Remote::new(r#""ins", "mssante-clients@1""#);
    let a = r.run(&["fetch"]).code(0);
    let out = stdout(&a);
    assert!(out.contains("downloaded mssante-clients 1.0.0"), "{out}");
    assert!(
        out.contains("wrote charte.lock: 2 referentials from http://127.0.0.1:"),
        "{out}"
    );
    assert_eq!(
        r.requested(),
        [
            ("/index.json".to_string(), 200),
            ("/ins/2.0.0.toml".to_string(), 200),
            (format!("/{MSS_1}"), 200),
        ]
    );
    let ua = r.server().log()[0].user_agent.clone().unwrap();
    assert_eq!(ua, format!("charte/{}", env!("CARGO_PKG_VERSION")));
    let lock = r.lock().unwrap();
    assert!(lock
        .starts_with("# This file is written by charte. Do not edit it by hand.\nversion = 1\n"));
    assert!(
        lock.contains(&format!("source = \"{}\"", r.server().url(MSS_1))),
        "{lock}"
    );
    assert!(
        lock.contains(&format!("sha256 = \"{MSS_1_SHA}\"")),
        "{lock}"
    );
    assert!(r.documents().contains(&cached(MSS_1_SHA)));
    // The cache is used, and the report names where each document came from.
    r.server().clear_log();
    let a = r.run(&["check", "--frozen", "--format", "json"]).code(1);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(report["referentials"][1]["source"], r.server().url(MSS_1));
    assert!(r.requested().is_empty());
}

#[test]
fn a_warm_fetch_makes_one_request_answered_304() {
    let r = Remote::new(r#""ins", "mssante-clients""#);
    r.run(&["fetch"]).code(0);
    let lock = r.lock().unwrap();
    let modified = std::fs::metadata(r.project.path().join("charte.lock"))
        .unwrap()
        .modified()
        .unwrap();
    r.server().clear_log();
    let a = r.run(&["fetch"]).code(0);
    assert!(
        stdout(&a).contains("charte.lock is up to date"),
        "{}",
        stdout(&a)
    );
    let log = r.server().log();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].path, "/index.json");
    assert_eq!(log[0].status, 304);
    assert!(log[0].if_none_match.is_some());
    assert_eq!(log[0].if_modified_since.as_deref(), Some(LAST_MODIFIED));
    assert_eq!(r.lock().unwrap(), lock);
    let after = std::fs::metadata(r.project.path().join("charte.lock"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(after, modified, "an unchanged lock is not rewritten");
}

#[test]
fn a_changed_index_is_downloaded_again() {
    let r = Remote::new(r#""ins""#);
    r.run(&["fetch"]).code(0);
    // The publisher yanks nothing but republishes the index.
    let index = r.served.path().join("index.json");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, format!("{text}\n")).unwrap();
    r.server().clear_log();
    r.run(&["fetch"]).code(0);
    assert_eq!(r.requested(), [("/index.json".to_string(), 200)]);
}

/// Each way a document download can go wrong: exit 3, nothing of it in the
/// cache, and the lock as it was.
fn rejected(fault: Fault, expected: &str) {
    let r = Remote::new(r#""ins", "mssante-clients@0.1""#);
    r.run(&["fetch"]).code(0);
    let before = r.lock().unwrap();
    let documents = r.documents();
    r.set_uses(r#""ins", "mssante-clients@1""#);
    r.server().fault(MSS_1, fault.clone());
    let a = r.run(&["fetch"]).code(3);
    let err = stderr(&a);
    assert!(err.contains(expected), "{fault:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        r.lock().unwrap(),
        before,
        "{fault:?}: the lock is untouched"
    );
    assert_eq!(r.documents(), documents, "{fault:?}: nothing new is cached");
    // `check` needs the same document, and refuses it the same way.
    r.run(&["check"]).code(3);
    assert_eq!(r.lock().unwrap(), before);
    assert_eq!(r.documents(), documents);
}

#[test]
fn a_tampered_document_is_refused() {
    rejected(
        Fault::Tamper,
        &format!("not the {MSS_1_SHA} that pins `mssante-clients` 1.0.0"),
    );
}

#[test]
fn a_truncated_document_is_refused() {
    rejected(Fault::Truncate, "was cut short");
}

#[test]
fn an_endless_document_is_cut_at_the_cap() {
    rejected(
        Fault::Endless,
        "is larger than 8 MiB, the most charte reads",
    );
}

#[test]
fn wrong_content_is_refused() {
    rejected(
        Fault::Wrong,
        "the document was changed or damaged on the server",
    );
}

#[test]
fn nothing_is_cached_from_a_first_fetch_that_fails() {
    let r = Remote::new(r#""mssante-clients""#);
    r.server().fault(MSS_1, Fault::Tamper);
    r.run(&["fetch"]).code(3);
    assert_eq!(r.lock(), None);
    assert!(r.documents().is_empty());
}

#[test]
fn with_the_server_down_a_warm_cache_still_checks_frozen() {
    let mut r = Remote::new(r#""ins", "mssante-clients""#);
    r.run(&["fetch"]).code(0);
    r.server = None; // the server stops; its port is closed
    let a = r.run(&["check", "--frozen"]).code(1);
    assert!(
        stdout(&a).contains("référentiels: ins 2.0.0, mssante-clients 1.0.0"),
        "{}",
        stdout(&a)
    );
    // With a lock that matches `use`, nothing is asked of the network either.
    r.run(&["check"]).code(1);
}

#[test]
fn with_the_server_down_a_cold_cache_says_what_to_do() {
    let mut r = Remote::new(r#""ins", "mssante-clients""#);
    r.run(&["fetch"]).code(0);
    r.server = None;
    r.cache = tempfile::tempdir().unwrap();
    let a = r.run(&["check", "--frozen"]).code(3);
    let err = stderr(&a);
    assert!(err.contains("is not in the cache"), "{err}");
    assert!(
        err.contains("run `charte fetch` once with network access"),
        "{err}"
    );
    let a = r.run(&["check"]).code(4);
    let err = stderr(&a);
    assert!(
        err.contains("could not download http://127.0.0.1:"),
        "{err}"
    );
    assert!(err.contains("Connection refused"), "{err}");
    let a = r.run(&["fetch"]).code(4);
    let err = stderr(&a);
    assert!(
        err.contains("check [referentials] index and your network"),
        "{err}"
    );
    assert!(
        err.contains("`charte check --frozen` needs no network"),
        "{err}"
    );
}

#[test]
fn a_cached_index_serves_offline_and_is_named_when_the_server_is_down() {
    let mut r = Remote::new(r#""ins""#);
    r.run(&["fetch"]).code(0);
    r.server = None;
    let a = r.run(&["fetch"]).code(4);
    assert!(
        stderr(&a).contains("add --offline to use it"),
        "{}",
        stderr(&a)
    );
    let a = r.run(&["fetch", "--offline"]).code(0);
    assert!(stdout(&a).contains("cached ins 2.0.0"), "{}", stdout(&a));
    r.cache = tempfile::tempdir().unwrap();
    let a = r.run(&["fetch", "--offline"]).code(3);
    assert!(stderr(&a).contains("has never been downloaded, and --offline forbids it"));
}

#[test]
fn a_damaged_cache_entry_is_never_used() {
    let r = Remote::new(r#""mssante-clients""#);
    r.run(&["fetch"]).code(0);
    let path = r.cache.path().join("documents").join(cached(MSS_1_SHA));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("DOIT", "PEUT", 1)).unwrap();
    let a = r.run(&["check", "--frozen"]).code(3);
    assert_eq!(
        stderr(&a),
        format!(
            "error: the cached copy of `mssante-clients` 1.0.0 ({}) failed its sha256 check and was removed, \
             and --offline forbids downloading it again: run `charte fetch` once with network access\n",
            path.display()
        )
    );
    assert!(!path.exists(), "the damaged copy is removed");
    r.server().clear_log();
    r.run(&["check"]).code(1);
    assert_eq!(r.requested(), [(format!("/{MSS_1}"), 200)]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_yanked_version_stays_usable_once_locked() {
    let r = Remote::new(r#""mssante-clients@0.1""#);
    r.run(&["fetch"]).code(0);
    let index = r.served.path().join("index.json");
    let text = std::fs::read_to_string(&index).unwrap().replacen(
        r#""url": "mssante-clients/0.1.0.toml","#,
        r#""url": "mssante-clients/0.1.0.toml", "yanked": true,"#,
        1,
    );
    std::fs::write(&index, text).unwrap();
    let lock = r.lock().unwrap();
    let a = r.run(&["fetch"]).code(0);
    assert!(
        stdout(&a).contains(
            "mssante-clients 0.1.0 (yanked: `charte update mssante-clients` moves off it)"
        ),
        "{}",
        stdout(&a)
    );
    assert_eq!(r.lock().unwrap(), lock);
    r.run(&["check"]).code(1);
    // A project that has not locked it cannot pick it.
    let fresh = tempfile::tempdir().unwrap();
    std::fs::copy(
        r.project.path().join("charte.toml"),
        fresh.path().join("charte.toml"),
    )
    .unwrap();
    let a = charte()
        .current_dir(fresh.path())
        .env("CHARTE_CACHE_DIR", r.cache.path())
        .arg("fetch")
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("no version of `mssante-clients` matches"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn plain_http_to_another_host_is_refused_before_connecting() {
    // In the manifest: a validation error pointing at the line.
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("charte.toml"),
        manifest("http://203.0.113.7/index.json", r#""ins""#),
    )
    .unwrap();
    let a = charte()
        .current_dir(project.path())
        .arg("fetch")
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(
        err.contains("plain http is allowed only for 127.0.0.1, ::1 and localhost"),
        "{err}"
    );
    assert!(err.contains("charte.toml:9:9"), "{err}");
    // In an index: the download is refused, nothing is attempted.
    let r = Remote::new(r#""mssante-clients""#);
    let index = r.served.path().join("index.json");
    let text = std::fs::read_to_string(&index).unwrap().replacen(
        r#""url": "mssante-clients/1.0.0.toml""#,
        r#""url": "http://203.0.113.7/mssante-clients/1.0.0.toml""#,
        1,
    );
    std::fs::write(&index, text).unwrap();
    let a = r.run(&["fetch"]).code(4);
    let err = stderr(&a);
    assert!(
        err.contains(
            "refused to connect: http://203.0.113.7/mssante-clients/1.0.0.toml uses plain http"
        ),
        "{err}"
    );
    assert_eq!(r.requested(), [("/index.json".to_string(), 200)]);
    assert_eq!(r.lock(), None);
}

#[test]
fn redirects_are_followed_only_to_allowed_addresses() {
    let r = Remote::new(r#""mssante-clients""#);
    r.server()
        .fault(MSS_1, Fault::Redirect(r.server().url("moved/1.0.0.toml")));
    std::fs::create_dir(r.served.path().join("moved")).unwrap();
    std::fs::copy(
        r.served.path().join(MSS_1),
        r.served.path().join("moved/1.0.0.toml"),
    )
    .unwrap();
    r.run(&["fetch"]).code(0);
    assert_eq!(
        r.requested(),
        [
            ("/index.json".to_string(), 200),
            (format!("/{MSS_1}"), 302),
            ("/moved/1.0.0.toml".to_string(), 200),
        ]
    );
    let r = Remote::new(r#""mssante-clients""#);
    r.server().fault(
        MSS_1,
        Fault::Redirect("http://203.0.113.7/mssante-clients/1.0.0.toml".to_string()),
    );
    let a = r.run(&["fetch"]).code(4);
    let err = stderr(&a);
    assert!(
        err.contains(
            "refused a redirect: http://203.0.113.7/mssante-clients/1.0.0.toml uses plain http"
        ),
        "{err}"
    );
    assert_eq!(r.lock(), None);
}

#[test]
fn locked_and_frozen_never_write_the_lock() {
    let r = Remote::new(r#""ins""#);
    let a = r.run(&["check", "--locked"]).code(3);
    assert!(stderr(&a).contains("charte.lock is missing, and --locked forbids writing it"));
    let a = r.run(&["fetch", "--locked"]).code(3);
    assert!(
        stderr(&a).contains("--locked forbids writing it"),
        "{}",
        stderr(&a)
    );
    assert_eq!(r.lock(), None);
    // `check` writes a missing lock; a change of `use` is then a finding.
    r.run(&["check"]).code(1);
    let lock = r.lock().unwrap();
    r.set_uses(r#""ins", "mssante-clients""#);
    let a = r.run(&["check", "--format", "json"]).code(1);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let first = &report["findings"][0];
    assert_eq!(first["code"], "lock-out-of-date");
    assert_eq!(first["severity"], "error");
    assert!(first["message"]
        .as_str()
        .unwrap()
        .contains("`mssante-clients` is in use but not locked"));
    assert_eq!(first["location"]["line"], 10);
    assert_eq!(report["referentials"].as_array().unwrap().len(), 2);
    assert_eq!(r.lock().unwrap(), lock, "check does not move a lock");
    let a = r.run(&["check", "--frozen"]).code(3);
    assert!(
        stderr(&a).contains("charte.toml:10: `mssante-clients` is in use but not locked"),
        "{}",
        stderr(&a)
    );
    r.run(&["fetch", "--locked"]).code(3);
    assert_eq!(r.lock().unwrap(), lock);
    r.run(&["fetch"]).code(0);
    r.run(&["check", "--frozen"]).code(1);
    r.set_uses(r#""mssante-clients""#);
    let a = r.run(&["fetch"]).code(0);
    assert!(
        stdout(&a).contains("unlocked ins 2.0.0 (no longer in use)"),
        "{}",
        stdout(&a)
    );
    assert!(!r.lock().unwrap().contains("\"ins\""));
}

#[test]
fn the_cache_folder_comes_from_charte_cache_dir() {
    let r = Remote::new(r#""ins""#);
    r.run(&["fetch"]).code(0);
    let expected: PathBuf = r.cache.path().join("documents");
    assert!(expected.is_dir());
    assert!(r.cache.path().join("indexes").is_dir());
}
