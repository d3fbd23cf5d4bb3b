//! The files charte reads and writes: only regular files, read with a
//! bound; edits through a symlink change its target; a read-only manifest
//! is not rewritten; nothing is created writable by others, whatever the
//! umask; secrets stay private and out of the manifest, the lock and the
//! cache.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::support::{charte, project, stderr, MINIMAL, TODAY};

const COMMENTED: &str = include_str!("fixtures/commented.toml");

/// Long enough for a loaded machine, short enough to catch a blocked read.
const QUICK: Duration = Duration::from_secs(30);

/// `charte --today TODAY ARGS…` run in `dir`, ended if it blocks.
fn run(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    charte()
        .current_dir(dir)
        .timeout(QUICK)
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .assert()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

fn link_to_dev_zero(path: &Path) {
    std::os::unix::fs::symlink("/dev/zero", path).unwrap();
}

/// A FIFO and a symlink to `/dev/zero` in place of `name`: `args` run in
/// the folder exit 2 at once, with the message naming the file.
fn refused_as_special(name: &str, manifest: Option<&str>, args: &[&str]) {
    for (make, what) in [
        (mkfifo as fn(&Path), "a FIFO"),
        (link_to_dev_zero, "a character device"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        if let Some(text) = manifest {
            fs::write(dir.path().join("charte.toml"), text).unwrap();
        }
        make(&dir.path().join(name));
        let a = run(dir.path(), args).code(2);
        assert_eq!(
            stderr(&a),
            format!("error: {name} is not a regular file ({what}): charte reads only files\n"),
            "{name} as {what}"
        );
    }
}

#[test]
fn a_fifo_or_dev_zero_as_manifest_is_refused() {
    refused_as_special("charte.toml", None, &["check"]);
}

#[test]
fn a_fifo_or_dev_zero_as_lock_is_refused() {
    refused_as_special("charte.lock", Some(MINIMAL), &["check"]);
}

#[test]
fn a_fifo_or_dev_zero_as_import_file_is_refused() {
    refused_as_special("rows.csv", Some(MINIMAL), &["import", "rows.csv"]);
}

const DECLARE: &[&str] = &[
    "declare",
    "medilune-cabinet",
    "ins:INS.02",
    "--status",
    "non-conform",
    "--justification",
    "x",
];

#[test]
fn an_edit_through_a_symlink_edits_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("shared").join("manifest.toml");
    fs::create_dir(target.parent().unwrap()).unwrap();
    fs::write(&target, COMMENTED).unwrap();
    let link = dir.path().join("charte.toml");
    std::os::unix::fs::symlink("shared/manifest.toml", &link).unwrap();
    run(dir.path(), DECLARE).success();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::read_link(&link).unwrap(),
        Path::new("shared/manifest.toml")
    );
    let after = fs::read_to_string(&target).unwrap();
    assert_ne!(after, COMMENTED);
    assert!(after.contains("justification = \"x\""), "{after}");
}

#[test]
fn a_read_only_manifest_is_not_rewritten() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(COMMENTED.as_bytes());
    let path = dir.path().join("charte.toml");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    // Root may write a 0444 file: charte goes by the mode all the same.
    let a = run(dir.path(), DECLARE).code(2);
    assert_eq!(
        stderr(&a),
        "error: charte.toml is read-only: charte does not change a file protected against writing; nothing was written\n  \
         help: make it writable (`chmod u+w charte.toml`) to edit it\n"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), COMMENTED);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

/// Every file and folder under `dir`, with its mode.
fn modes(dir: &Path) -> Vec<(String, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        let name = entry.path().display().to_string();
        out.push((name, meta.permissions().mode() & 0o777));
        if meta.is_dir() {
            out.extend(modes(&entry.path()));
        }
    }
    out
}

#[test]
fn nothing_is_created_writable_by_others_under_umask_000() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(COMMENTED.as_bytes());
    let manifest = dir.path().join("charte.toml");
    fs::set_permissions(&manifest, fs::Permissions::from_mode(0o644)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("charte");
    let status = std::process::Command::new("sh")
        .current_dir(dir.path())
        .env_remove("CHARTE_MANIFEST")
        .env("CHARTE_CACHE_DIR", dir.path().join("cache"))
        .env("CHARTE_CONFIG_DIR", dir.path().join("config"))
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(&bin)
        .args(["--today", TODAY])
        .args(DECLARE)
        .status()
        .unwrap();
    assert!(status.success());
    let found = modes(dir.path());
    let expect = |name: &str, mode: u32| {
        let path = dir.path().join(name).display().to_string();
        assert!(
            found.contains(&(path.clone(), mode)),
            "{path} should be {mode:o}: {found:?}"
        );
    };
    expect(".charte", 0o755);
    expect(".charte/charte.toml.lock", 0o644);
    expect("charte.lock", 0o644);
    let open: Vec<_> = found.iter().filter(|(_, m)| m & 0o002 != 0).collect();
    assert!(open.is_empty(), "writable by others: {open:?}");
}

#[test]
fn a_credentials_file_others_can_read_or_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    for (mode, how) in [
        (0o644, "readable"),
        (0o620, "writable"),
        (0o606, "writable"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        fs::create_dir(&config).unwrap();
        let path = config.join("credentials.toml");
        let text = "[registry.\"https://registre.example.org\"]\ntoken = \"chr_secret\"\n";
        fs::write(&path, text).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        let a = charte()
            .current_dir(dir.path())
            .timeout(QUICK)
            .env("CHARTE_CONFIG_DIR", &config)
            .args(["logout", "--registry", "https://registre.example.org"])
            .assert()
            .code(2);
        let p = path.display();
        assert_eq!(
            stderr(&a),
            format!(
                "error: {p} is {how} by other users (mode {mode:o}), and it holds registry tokens; \
                 charte uses it only when private\n  help: run `chmod 600 {p}`, and log in again \
                 if others may have read it\n"
            )
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), text, "left as it was");
    }
}

#[test]
fn credentials_in_the_index_url_are_refused_and_kept_nowhere() {
    let text = MINIMAL.replace(
        "[referentials]\n",
        "[referentials]\nindex = \"https://u:secret@referentiels.example.org/index.json\"\n",
    );
    let dir = project(text.as_bytes());
    let cache = dir.path().join("cache");
    for args in [&["check"][..], &["fetch"]] {
        let a = charte()
            .current_dir(dir.path())
            .timeout(QUICK)
            .env("CHARTE_CACHE_DIR", &cache)
            .args(args)
            .assert()
            .code(2);
        let err = stderr(&a);
        assert!(
            err.contains("error: `index` holds a user name or password"),
            "{err}"
        );
        assert!(err.contains("charte.toml:9:"), "at its place: {err}");
        assert!(
            err.contains("never write credentials in the manifest"),
            "{err}"
        );
    }
    assert!(!dir.path().join("charte.lock").exists());
    assert!(!cache.exists());
}

/// A lock of `entries` entries: examples/solo's six, then made-up ones
/// the manifest does not use.
fn long_lock(entries: usize) -> String {
    let mut text =
        fs::read_to_string(crate::support::root().join("examples/solo/charte.lock")).unwrap();
    for i in 0..entries - 6 {
        text.push_str(&format!(
            "\n[[referential]]\nid = \"zz-extra-{i:06}\"\nversion = \"1.0.0\"\nsource = \"embedded\"\nsha256 = \"{}\"\n",
            "ab".repeat(32)
        ));
    }
    text
}

#[test]
fn a_lock_of_100k_entries_is_read_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let solo = crate::support::root().join("examples/solo");
    fs::copy(solo.join("charte.toml"), dir.path().join("charte.toml")).unwrap();
    fs::write(dir.path().join("charte.lock"), long_lock(100_000)).unwrap();
    // About 1 s of CPU for this debug build; quadratic, it took minutes.
    let a = charte()
        .current_dir(dir.path())
        .timeout(Duration::from_secs(90))
        .args(["--today", TODAY, "check", "--frozen"])
        .assert()
        .code(3);
    let err = stderr(&a);
    assert!(
        err.contains("`zz-extra-099993` 1.0.0 is locked but no longer in use"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
    assert_eq!(
        err.matches("is locked but no longer in use").count(),
        99_994
    );
}
