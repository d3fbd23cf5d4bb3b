//! Writes that never lose data: concurrent editors lose no update, and a
//! process killed at any write, fsync or rename, or failing on a full disk
//! or an I/O error, leaves the old manifest or the new one, both valid, and
//! no temporary file after the next run.
//!
//! The interruption tests need `strace` (Debian package `strace`, installed
//! by `.ci/run`): without it they are skipped, except in CI where they fail.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use charte::catalogue::Scope;
use charte::diag::Source;

use crate::support::{project, TODAY};

const COMMENTED: &str = include_str!("fixtures/commented.toml");

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("charte")
}

fn parse(path: &Path) -> charte::manifest::Manifest {
    let text = fs::read_to_string(path).unwrap();
    charte::manifest::parse(&Source::new("charte.toml", text))
        .unwrap_or_else(|d| panic!("{} is invalid: {d:?}", path.display()))
}

fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[test]
fn concurrent_declarations_are_all_kept() {
    let kind = "lgc";
    let services: Vec<String> = [
        "dmp",
        "mssante",
        "insi",
        "pro-sante-connect",
        "e-prescription",
        "apcv",
    ]
    .map(String::from)
    .to_vec();
    let profiles = vec!["medecin-traitant".to_string()];
    let uses = [
        "ins",
        "identification-electronique",
        "mssante-clients",
        "segur-lgc",
        "ssi",
        "dmp",
    ];
    let docs = charte::synth::newest_embedded();
    let requirements: Vec<String> = docs
        .iter()
        .filter(|d| d.scope == Scope::Product && uses.contains(&d.id.as_str()))
        .flat_map(|d| {
            d.requirements
                .iter()
                .filter(|r| r.applies_to.mismatch(kind, &services, &profiles).is_none())
                .map(move |r| format!("{}:{}", d.id, r.id))
        })
        .take(50)
        .collect();
    assert_eq!(
        requirements.len(),
        50,
        "the catalogue has 50 requirements for an LGC"
    );
    let mut text = format!(
        "schema = 1\n\n[organization]\nname = \"A\"\nsiren = \"732829320\"\ncontact = \"a@b.fr\"\n\n[referentials]\nuse = [{}]\n",
        uses.map(|u| format!("\"{u}\"")).join(", ")
    );
    for p in ["produit-a", "produit-b"] {
        text.push_str(&format!(
            "\n[[product]]\nid = \"{p}\"\nname = \"{p}\"\nversion = \"1.0\"\nkind = \"{kind}\"\nservices = [{}]\nprofiles = [\"medecin-traitant\"]\n",
            services.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
        ));
    }
    let dir = project(text.as_bytes());
    let path = dir.path().join("charte.toml");
    // Two writers per requirement, one per product, all started at once.
    let children: Vec<_> = requirements
        .iter()
        .flat_map(|r| ["produit-a", "produit-b"].map(|p| (p, r)))
        .map(|(p, r)| {
            Command::new(bin())
                .args(["--today", TODAY, "--manifest"])
                .arg(&path)
                .args(["declare", p, r, "--status", "conform", "-q"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    assert_eq!(children.len(), 100);
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let m = parse(&path);
    assert_eq!(m.declarations.len(), 100);
    for p in ["produit-a", "produit-b"] {
        for r in &requirements {
            assert!(
                m.declarations.iter().any(|d| {
                    d.product.as_ref().unwrap().value == p && d.requirement.value.to_string() == *r
                }),
                "{p} {r} lost"
            );
        }
    }
    assert!(temporaries(dir.path()).is_empty());
}

/// Whether the interruption tests can run; in CI they must.
fn strace_works() -> bool {
    let works = Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !works {
        assert!(
            std::env::var_os("CI").is_none(),
            "strace is missing or cannot trace: .ci/run installs it, and CI runs the interruption tests"
        );
        #[allow(clippy::disallowed_macros)] // the test harness shows a test's stderr
        {
            eprintln!("skipped: the interruption tests need strace (apt-get install strace)");
        }
    }
    works
}

const DECLARE: &[&str] = &[
    "declare",
    "medilune-cabinet",
    "ins:INS.02",
    "--status",
    "non-conform",
    "--justification",
    "Écart constaté en recette",
];

/// `strace -f -qq -o LOG STRACE_ARGS… charte --today … --manifest PATH ARGS…`.
fn traced(strace: &[&str], log: &Path, manifest: &Path, args: &[&str]) -> std::process::Output {
    Command::new("strace")
        .args(["-f", "-qq", "-o"])
        .arg(log)
        .args(strace)
        .arg(bin())
        .args(["--today", TODAY, "--manifest"])
        .arg(manifest)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_write_killed_at_any_step_leaves_the_old_or_the_new_file() {
    if !strace_works() {
        return;
    }
    // The manifest a complete run writes.
    let done = project(COMMENTED.as_bytes());
    let done_path = done.path().join("charte.toml");
    let status = Command::new(bin())
        .args(["--today", TODAY, "--manifest"])
        .arg(&done_path)
        .args(DECLARE)
        .status()
        .unwrap();
    assert!(status.success());
    let new = fs::read_to_string(&done_path).unwrap();
    assert_ne!(new, COMMENTED);

    let (mut old_seen, mut new_seen, mut kills) = (0, 0, 0);
    for syscall in [
        "write",
        "fsync",
        "fdatasync",
        "rename",
        "renameat",
        "renameat2",
        "fchmod",
        "close",
        "unlink",
        "unlinkat",
    ] {
        // How often a complete run makes that call.
        let dir = project(COMMENTED.as_bytes());
        let log = dir.path().join("strace.log");
        traced(
            &["-e", &format!("trace={syscall}")],
            &log,
            &dir.path().join("charte.toml"),
            DECLARE,
        );
        let calls = fs::read_to_string(&log)
            .unwrap()
            .lines()
            .filter(|l| l.contains(&format!("{syscall}(")) && !l.contains("resumed>"))
            .count();
        for n in 1..=calls {
            let dir = project(COMMENTED.as_bytes());
            let path = dir.path().join("charte.toml");
            let log = dir.path().join("strace.log");
            traced(
                &[
                    "-e",
                    &format!("trace={syscall}"),
                    "-e",
                    &format!("inject={syscall}:signal=SIGKILL:when={n}"),
                ],
                &log,
                &path,
                DECLARE,
            );
            kills += 1;
            let left = fs::read_to_string(&path).unwrap();
            if left == COMMENTED {
                old_seen += 1;
            } else if left == new {
                new_seen += 1;
            } else {
                panic!("killed at {syscall} #{n}: neither the old file nor the new one:\n{left}");
            }
            parse(&path);
            // The next writer finishes the job and cleans up.
            let next = Command::new(bin())
                .args(["--today", TODAY, "--manifest"])
                .arg(&path)
                .args([
                    "declare",
                    "medilune-cabinet",
                    "ins:INS.03",
                    "--status",
                    "planned",
                    "--due",
                    "2027-01-31",
                ])
                .output()
                .unwrap();
            assert!(
                next.status.success(),
                "{}",
                String::from_utf8_lossy(&next.stderr)
            );
            parse(&path);
            assert_eq!(
                temporaries(dir.path()),
                Vec::<String>::new(),
                "after {syscall} #{n}"
            );
        }
    }
    assert!(kills >= 5, "only {kills} interruptions");
    assert!(
        old_seen > 0 && new_seen > 0,
        "old {old_seen}, new {new_seen}"
    );
}

#[test]
fn a_full_disk_or_an_io_error_leaves_the_manifest_intact() {
    if !strace_works() {
        return;
    }
    for (what, inject) in [
        ("ENOSPC on write", "inject=write:error=ENOSPC:when=1"),
        ("EIO on fsync", "inject=fsync:error=EIO"),
    ] {
        let dir = project(COMMENTED.as_bytes());
        let path = dir.path().join("charte.toml");
        let syscall = inject.split([':', '=']).nth(1).unwrap();
        let out = traced(
            &["-e", &format!("trace={syscall}"), "-e", inject],
            &dir.path().join("strace.log"),
            &path,
            DECLARE,
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{what}: succeeded");
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains("cannot write"), "{what}: {err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), COMMENTED, "{what}");
        assert_eq!(temporaries(dir.path()), Vec::<String>::new(), "{what}");
    }
}
