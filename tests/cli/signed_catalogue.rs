//! Signed catalogues (SPEC §8): `charte catalogue sign`, then `fetch` from a
//! loopback server with `[referentials] key` set: a good signature passes
//! and the index's serial is locked; an unsigned, wrongly signed or
//! tampered index, and a rollback to a lower serial, are refused (exit 3)
//! with nothing cached or locked.

use std::path::Path;

use crate::fetch::manifest;
use crate::server::Server;
use crate::support::{charte, root, stderr, TODAY};

struct Signed {
    server: Server,
    served: tempfile::TempDir,
    project: tempfile::TempDir,
    cache: tempfile::TempDir,
    keys: tempfile::TempDir,
    public: String,
}

pub fn keypair(dir: &Path, name: &str) -> String {
    let pair = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let secret = pair.sk.to_box(None).unwrap().into_string();
    std::fs::write(dir.join(name), secret).unwrap();
    pair.pk.to_base64()
}

/// The embedded catalogue's files with `serial` in the index.
fn write_catalogue(dir: &Path, serial: u64) {
    for entry in std::fs::read_dir(root().join("catalogue")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let target = dir.join(entry.file_name());
            std::fs::create_dir_all(&target).unwrap();
            for file in std::fs::read_dir(entry.path()).unwrap() {
                let file = file.unwrap();
                std::fs::copy(file.path(), target.join(file.file_name())).unwrap();
            }
        }
    }
    let index = std::fs::read_to_string(root().join("catalogue/index.json")).unwrap();
    let index = index.replacen(
        "\"schema\": 1,",
        &format!("\"schema\": 1,\n  \"serial\": {serial},"),
        1,
    );
    std::fs::write(dir.join("index.json"), index).unwrap();
}

impl Signed {
    fn new(serial: u64) -> Signed {
        let served = tempfile::tempdir().unwrap();
        write_catalogue(served.path(), serial);
        let keys = tempfile::tempdir().unwrap();
        let public = keypair(keys.path(), "catalogue.key");
        let server = Server::start(served.path());
        let signed = Signed {
            server,
            served,
            project: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
            keys,
            public,
        };
        signed.set_key(&signed.public.clone());
        signed.sign().success();
        signed
    }

    fn set_key(&self, key: &str) {
        let index = self.server.url("index.json");
        let text = manifest(&index, "\"ins\"").replacen(
            &format!("index = \"{index}\"\n"),
            &format!("index = \"{index}\"\nkey = \"{key}\"\n"),
            1,
        );
        std::fs::write(self.project.path().join("charte.toml"), text).unwrap();
    }

    fn sign(&self) -> assert_cmd::assert::Assert {
        charte()
            .args(["catalogue", "sign"])
            .arg(self.served.path())
            .arg("--key")
            .arg(self.keys.path().join("catalogue.key"))
            .assert()
    }

    fn fetch(&self) -> assert_cmd::assert::Assert {
        charte()
            .current_dir(self.project.path())
            .env("CHARTE_CACHE_DIR", self.cache.path())
            .args(["--today", TODAY, "fetch"])
            .assert()
    }

    fn lock(&self) -> Option<String> {
        std::fs::read_to_string(self.project.path().join("charte.lock")).ok()
    }

    /// Every file in the cache, but its lock file.
    fn cached(&self) -> Vec<String> {
        let mut files = Vec::new();
        for sub in ["indexes", "documents"] {
            if let Ok(dir) = std::fs::read_dir(self.cache.path().join(sub)) {
                files.extend(
                    dir.map(|e| format!("{sub}/{}", e.unwrap().file_name().to_string_lossy())),
                );
            }
        }
        files
    }

    /// The cached copy of the index (and its signature), in order.
    fn cached_index(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(self.cache.path().join("indexes"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect()
    }

    fn refused(&self, why: &str) {
        let url = self.server.url("index.json");
        let out = self.fetch().code(3);
        assert_eq!(
            stderr(&out),
            format!(
                "error: {url} is refused: {why}\n  [referentials] key asks for an index signed by that key \
                 in {url}.minisig: ask the catalogue's publisher to sign it (`charte catalogue sign`), \
                 or check the key\n"
            )
        );
        assert_eq!(self.lock(), None);
        assert_eq!(self.cached(), Vec::<String>::new());
    }
}

#[test]
fn a_signed_index_is_fetched_and_its_serial_locked() {
    let signed = Signed::new(3);
    let signature =
        std::fs::read_to_string(signed.served.path().join("index.json.minisig")).unwrap();
    assert!(signature.starts_with("untrusted comment: "), "{signature}");
    assert!(signature.contains("trusted comment: charte catalogue index.json serial 3\n"));
    signed.fetch().success();
    let lock = signed.lock().unwrap();
    assert!(lock.contains("version = 1\nserial = 3\n"), "{lock}");
    // Offline, the cached index is checked again against its cached signature.
    charte()
        .current_dir(signed.project.path())
        .env("CHARTE_CACHE_DIR", signed.cache.path())
        .args(["--today", TODAY, "--offline", "fetch"])
        .assert()
        .success();
}

#[test]
fn an_unsigned_index_is_refused() {
    let signed = Signed::new(3);
    std::fs::remove_file(signed.served.path().join("index.json.minisig")).unwrap();
    let url = signed.server.url("index.json.minisig");
    let out = signed.fetch().code(3);
    assert!(
        stderr(&out).contains(&format!("is refused: it is not signed: {url} answered 404")),
        "{}",
        stderr(&out)
    );
    assert_eq!(signed.lock(), None);
    assert_eq!(signed.cached(), Vec::<String>::new());
}

#[test]
fn an_index_signed_by_another_key_is_refused() {
    let signed = Signed::new(3);
    let other = keypair(signed.keys.path(), "other.key");
    signed.set_key(&other);
    signed.refused(
        "its signature does not verify with [referentials] key \
         (The signature was created with a different key than the one provided)",
    );
}

#[test]
fn a_tampered_index_is_refused() {
    let signed = Signed::new(3);
    let path = signed.served.path().join("index.json");
    let index = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, index.replacen("\"serial\": 3", "\"serial\": 4", 1)).unwrap();
    signed.refused(
        "its signature does not verify with [referentials] key (The signature verification failed)",
    );
}

#[test]
fn a_lower_serial_is_refused_as_a_rollback() {
    let signed = Signed::new(3);
    signed.fetch().success();
    let before = signed.lock().unwrap();
    let cached = signed.cached_index();
    write_catalogue(signed.served.path(), 2);
    signed.sign().success();
    let out = signed.fetch().code(3);
    let url = signed.server.url("index.json");
    assert_eq!(
        stderr(&out),
        format!(
            "error: {url} has serial 2, lower than the serial 3 charte.lock was resolved from: \
             refused as a rollback to an older catalogue\n  \
             if the catalogue's publisher really went back, delete charte.lock and run `charte fetch`\n"
        )
    );
    assert_eq!(signed.lock().unwrap(), before);
    assert_eq!(signed.cached_index(), cached);
}

#[test]
fn signing_needs_a_serial_and_a_secret_key() {
    let signed = Signed::new(3);
    let index = root().join("catalogue/index.json");
    let plain = tempfile::tempdir().unwrap();
    std::fs::copy(index, plain.path().join("index.json")).unwrap();
    let out = charte()
        .args(["catalogue", "sign"])
        .arg(plain.path())
        .arg("--key")
        .arg(signed.keys.path().join("catalogue.key"))
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("has no `serial`: add `\"serial\": 1`"),
        "{}",
        stderr(&out)
    );
    let out = charte()
        .args(["catalogue", "sign"])
        .arg(signed.served.path())
        .arg("--key")
        .arg(signed.served.path().join("index.json"))
        .assert()
        .code(2);
    assert!(
        stderr(&out).contains("is not a minisign secret key"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_higher_serial_is_taken_and_leaves_a_locked_lock_valid() {
    let signed = Signed::new(3);
    signed.fetch().success();
    write_catalogue(signed.served.path(), 4);
    signed.sign().success();
    let before = signed.lock().unwrap();
    charte()
        .current_dir(signed.project.path())
        .env("CHARTE_CACHE_DIR", signed.cache.path())
        .args(["--today", TODAY, "--locked", "fetch"])
        .assert()
        .success();
    assert_eq!(signed.lock().unwrap(), before);
    signed.fetch().success();
    assert!(signed.lock().unwrap().contains("serial = 4\n"));
}

#[test]
fn a_key_that_is_not_a_minisign_public_key_is_a_manifest_error() {
    let signed = Signed::new(3);
    signed.set_key("RWnope");
    let out = signed.fetch().code(2);
    assert!(
        stderr(&out).contains("error: `key` is not a minisign public key: "),
        "{}",
        stderr(&out)
    );
    assert_eq!(signed.lock(), None);
}
