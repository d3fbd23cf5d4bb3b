//! `--help` of every command under a snapshot: the command tree is walked,
//! so a new command gets its snapshot without anyone listing it here.

use clap::CommandFactory;

use crate::support::{charte, stdout};

/// Every command's path from the root: `[]`, `["check"]`, …
fn paths(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut path = prefix.clone();
        path.push(sub.get_name().to_string());
        paths(sub, path, out);
    }
}

#[test]
fn help_of_every_command() {
    let mut all = Vec::new();
    paths(&charte::cli::Cli::command(), Vec::new(), &mut all);
    assert!(all.len() > 3, "{all:?}");
    for path in all {
        let a = charte().args(&path).arg("--help").assert().success();
        let name = std::iter::once("charte".to_string())
            .chain(path)
            .collect::<Vec<_>>()
            .join("_");
        insta::assert_snapshot!(format!("help_{name}"), stdout(&a));
    }
}
