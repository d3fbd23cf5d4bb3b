//! `charte completions SHELL`, and the generated files under completions/.

use crate::support::{charte, root, stdout};

/// (shell, file under completions/)
const FILES: &[(&str, &str)] = &[
    ("bash", "charte.bash"),
    ("zsh", "_charte"),
    ("fish", "charte.fish"),
    ("powershell", "_charte.ps1"),
    ("elvish", "charte.elv"),
];

/// How completions/ is regenerated.
const REGENERATE: &str = "for s in bash:charte.bash zsh:_charte fish:charte.fish \
powershell:_charte.ps1 elvish:charte.elv; do cargo run -q -- completions ${s%%:*} > completions/${s#*:}; done";

#[test]
fn the_committed_completions_are_current() {
    let mut stale = Vec::new();
    for (shell, file) in FILES {
        let a = charte().args(["completions", shell]).assert().success();
        let generated = stdout(&a);
        assert!(generated.contains("charte"), "{shell}");
        // Completions offer the subcommands and the finding codes.
        assert!(
            generated.contains("explain") && generated.contains("report"),
            "{shell}"
        );
        let committed =
            std::fs::read_to_string(root().join("completions").join(file)).unwrap_or_default();
        if committed != generated {
            stale.push(*file);
        }
    }
    assert!(
        stale.is_empty(),
        "completions/{} stale: regenerate with\n  {REGENERATE}",
        stale.join(", completions/")
    );
}

#[test]
fn fish_completes_finding_codes() {
    let a = charte().args(["completions", "fish"]).assert().success();
    assert!(stdout(&a).contains("missing-proof"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let a = charte().args(["completions", "tcsh"]).assert().code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("possible values: bash"));
}
