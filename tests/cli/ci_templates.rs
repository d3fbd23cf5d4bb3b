//! The CI templates under examples/ci/ are valid YAML and do what the
//! README says: check with --frozen, fail on errors, publish the reports.

use serde_norway::Value;

use crate::support::root;

fn load(name: &str) -> Value {
    let path = root().join("examples/ci").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The path of a command line's `--report FORMAT=PATH`, checking that every
/// `--report` names a format charte writes.
fn report_path<'a>(command: &'a str, format: &str) -> Option<&'a str> {
    use clap::ValueEnum;
    let words: Vec<&str> = command.split_whitespace().collect();
    let mut found = None;
    for pair in words.windows(2).filter(|w| w[0] == "--report") {
        let (f, path) = pair[1].split_once('=').expect("FORMAT=PATH");
        assert!(charte::report::Format::from_str(f, false).is_ok(), "{f}");
        if f == format {
            found = Some(path);
        }
    }
    found
}

#[test]
fn github_actions_workflow() {
    let w = load("github-actions.yml");
    assert_eq!(w["permissions"]["security-events"], "write");
    let steps = w["jobs"]["conformity"]["steps"].as_sequence().unwrap();
    let run = |s: &Value| s["run"].as_str().unwrap_or_default().to_string();
    let check = steps
        .iter()
        .find(|s| run(s).contains("charte check"))
        .expect("a step runs charte check");
    let command = run(check);
    assert!(command.contains("--frozen"), "{command}");
    assert!(command.contains("--format markdown"), "{command}");
    assert!(command.contains(">> \"$GITHUB_STEP_SUMMARY\""), "{command}");
    // The check step has no continue-on-error: its exit code fails the job.
    assert!(check.get("continue-on-error").is_none());

    let sarif = report_path(&command, "sarif").expect("a SARIF report");
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("a step uploads SARIF");
    assert_eq!(upload["with"]["sarif_file"], sarif);
    // Uploaded also when the check failed.
    assert!(upload["if"].as_str().unwrap().contains("!cancelled()"));
}

#[test]
fn gitlab_ci_job() {
    let ci = load("gitlab-ci.yml");
    let job = &ci["charte"];
    let script: Vec<&str> = job["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let command = script.iter().find(|s| s.contains("charte check")).unwrap();
    assert!(command.contains("--frozen"), "{command}");
    assert!(job.get("allow_failure").is_none());
    let junit = report_path(command, "junit").expect("a JUnit report");
    assert_eq!(job["artifacts"]["reports"]["junit"], junit);
    assert_eq!(job["artifacts"]["when"], "always");
}
