//! SIGINT during a command (SPEC §3.4): exit 130, and the message says
//! whether the manifest was written or left as it was, which must be true.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use charte::catalogue::Scope;

use crate::support::TODAY;

/// A manifest of `products` products declaring nothing yet, and an import
/// declaring every requirement that applies to each of them.
fn large_import(products: usize) -> (String, String) {
    let docs: Vec<_> = charte::synth::newest_embedded()
        .into_iter()
        .filter(|d| d.scope == Scope::Product)
        .collect();
    let manifest = charte::synth::manifest(products, 0, &docs);
    let mut csv = String::from("product,requirement,status,justification,due,declared,evidence\n");
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
    let profiles = vec!["centres-de-sante".to_string()];
    let kinds = ["lgc", "dpi", "pfi", "ris", "mes-app", "lgo", "sgl", "dui"];
    for p in 0..products {
        let kind = kinds[p % kinds.len()];
        for d in &docs {
            for r in &d.requirements {
                if r.applies_to.mismatch(kind, &services, &profiles).is_none() {
                    csv.push_str(&format!(
                        "produit-{p:03},{}:{},conform,,,2026-11-01,url:https://preuves.exemple.fr/{p}\n",
                        d.id, r.id
                    ));
                }
            }
        }
    }
    (manifest, csv)
}

fn import(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("charte"));
    cmd.args(["--today", TODAY, "--manifest"])
        .arg(dir.join("charte.toml"))
        .args(["import"])
        .arg(dir.join("rows.csv"))
        .env(
            "CHARTE_CACHE_DIR",
            crate::support::root().join("target/test-cache"),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn setup(manifest: &str, csv: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("charte.toml"), manifest).unwrap();
    fs::write(dir.path().join("rows.csv"), csv).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn an_interrupted_import_says_whether_the_manifest_was_written() {
    let (manifest, csv) = large_import(60);
    // The whole import, uninterrupted: what a written manifest holds, and
    // how long the import takes.
    let reference = setup(&manifest, &csv);
    let started = Instant::now();
    let out = import(reference.path()).output().unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = fs::read_to_string(reference.path().join("charte.toml")).unwrap();
    assert_ne!(expected, manifest);

    // Delays spread over the import, the last ones close to its end, when
    // the manifest is being written.
    let mut seed = Instant::now().elapsed().subsec_nanos() as u64 | 1;
    let mut seen = Vec::new();
    for run in 0..5u32 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let fraction = (f64::from(run) + (seed % 1000) as f64 / 1000.0) / 5.0;
        let delay = took.mul_f64(fraction.min(0.98));
        let dir = setup(&manifest, &csv);
        let child = import(dir.path()).spawn().unwrap();
        std::thread::sleep(delay);
        let killed = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let now = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
        if !killed.success() || out.status.code() == Some(0) {
            // The import was done before the signal came.
            assert_eq!(now, expected);
            seen.push("done");
            continue;
        }
        assert_eq!(out.status.code(), Some(130), "after {delay:?}: {stderr}");
        // The message names each file written, or says none was.
        assert!(
            stderr.starts_with("interrupted: ") && stderr.ends_with('\n'),
            "{stderr:?}"
        );
        if stderr.contains("charte.toml was written") {
            assert_eq!(now, expected, "after {delay:?}: {stderr}");
            seen.push("written");
        } else if stderr == "interrupted: no file was written\n"
            || stderr.contains("charte.toml was left as it was")
        {
            assert_eq!(now, manifest, "after {delay:?}: {stderr}");
            seen.push("left");
        } else {
            panic!("after {delay:?}, unexpected message: {stderr:?}");
        }
        let temporaries: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(temporaries.is_empty(), "{temporaries:?}");
    }
    assert!(
        seen.iter().any(|s| *s != "done"),
        "no run was interrupted: {seen:?} in {took:?}"
    );
}
