//! The manual pages under docs/man/, rendered from the command line's
//! definition: one for `charte` and one for each subcommand.

use std::collections::BTreeMap;
use std::path::Path;

use clap::CommandFactory;

use crate::support::root;

/// How docs/man/ is regenerated.
const REGENERATE: &str = "CHARTE_WRITE_MAN=1 cargo test --test cli man::";

/// Every page, by file name: `charte.1`, `charte-check.1`, `charte-product-add.1`…
fn pages() -> BTreeMap<String, String> {
    fn walk(cmd: &clap::Command, out: &mut BTreeMap<String, String>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, out);
        }
        let man = clap_mangen::Man::new(cmd.clone())
            .source(format!("charte {}", env!("CARGO_PKG_VERSION")));
        let mut page = Vec::new();
        man.render(&mut page).unwrap();
        out.insert(man.get_filename(), String::from_utf8(page).unwrap());
    }
    let mut cmd = charte::cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = BTreeMap::new();
    walk(&cmd, &mut out);
    out
}

fn committed(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| {
                    let name = e.ok()?.file_name().into_string().ok()?;
                    name.ends_with(".1").then(|| {
                        let text = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
                        (name, text)
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_committed_manual_pages_are_current() {
    let dir = root().join("docs/man");
    let generated = pages();
    if std::env::var_os("CHARTE_WRITE_MAN").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for name in committed(&dir).keys() {
            if !generated.contains_key(name) {
                std::fs::remove_file(dir.join(name)).unwrap();
            }
        }
        for (name, text) in &generated {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let committed = committed(&dir);
    let mut stale: Vec<&str> = generated
        .iter()
        .filter(|(name, text)| committed.get(*name) != Some(*text))
        .map(|(name, _)| name.as_str())
        .collect();
    stale.extend(
        committed
            .keys()
            .filter(|name| !generated.contains_key(*name))
            .map(String::as_str),
    );
    assert!(
        stale.is_empty(),
        "docs/man/{} stale: regenerate with\n  {REGENERATE}",
        stale.join(", docs/man/")
    );
}

#[test]
fn every_command_has_a_page() {
    let pages = pages();
    for name in ["charte.1", "charte-check.1", "charte-product-add.1"] {
        assert!(pages.contains_key(name), "{name}: {:?}", pages.keys());
    }
    assert!(
        pages["charte.1"].contains(".TH charte 1"),
        "{}",
        pages["charte.1"]
    );
    assert!(pages["charte-check.1"].contains("\\-\\-fail\\-on"));
}
