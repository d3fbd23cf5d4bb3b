//! A run of `charte` that reads as a sentence: the files of a project, the
//! command line, then the exact stdout, stderr and exit status expected.
//!
//! ```text
//! Test::new()
//!     .manifest(MINIMAL)
//!     .args(["check", "--format", "jsno"])
//!     .stderr("error: invalid value 'jsno' for '--format <FORMAT>'\n…")
//!     .status(2)
//!     .run();
//! ```
//!
//! A run expects nothing on stdout and, unless told otherwise, nothing on
//! stderr and status 0. It runs in a new folder, with the evaluation date
//! at `TODAY` (`CHARTE_TODAY`: a `--today` given wins). `[DIR]` in an
//! expected text stands for that folder, as charte prints it.

use std::path::Path;

use super::{charte, TODAY};

#[must_use = "a Test does nothing until it is run"]
pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<String>,
    stderr: String,
    status: i32,
}

impl Test {
    /// A run in a new empty folder.
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().unwrap(),
            args: Vec::new(),
            stderr: String::new(),
            status: 0,
        }
    }

    /// `charte.toml` holding `text`.
    pub fn manifest(self, text: &str) -> Test {
        self.file("charte.toml", text)
    }

    /// A file of the project, its folders made as needed.
    pub fn file(self, path: &str, text: &str) -> Test {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
        self
    }

    /// An empty folder of the project.
    pub fn folder(self, path: &str) -> Test {
        std::fs::create_dir_all(self.dir.path().join(path)).unwrap();
        self
    }

    pub fn args<S: AsRef<str>>(mut self, args: impl IntoIterator<Item = S>) -> Test {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    pub fn stderr(mut self, expected: &str) -> Test {
        self.stderr = expected.to_string();
        self
    }

    pub fn status(mut self, expected: i32) -> Test {
        self.status = expected;
        self
    }

    /// Runs charte and asserts stdout, stderr and the status.
    pub fn run(self) {
        let mut cmd = charte();
        cmd.current_dir(self.dir.path())
            .env("CHARTE_TODAY", TODAY)
            .args(&self.args);
        let output = cmd.output().unwrap();
        let shown = shown(self.dir.path());
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        let mut problems = Vec::new();
        for (name, have, want) in [
            ("stdout", &stdout, &String::new()),
            ("stderr", &stderr, &self.stderr),
        ] {
            let want = want.replace("[DIR]", &shown);
            if *have != want {
                let diff = similar::TextDiff::from_lines(&want, have)
                    .unified_diff()
                    .header("expected", "found")
                    .to_string();
                problems.push(format!("{name} differs:\n{diff}--- {name} found:\n{have}"));
            }
        }
        if output.status.code() != Some(self.status) {
            problems.push(format!(
                "status: expected {}, found {}",
                self.status, output.status
            ));
        }
        assert!(
            problems.is_empty(),
            "charte {}\n{}",
            self.args.join(" "),
            problems.join("\n")
        );
    }
}

/// A folder as charte prints it: the working folder, read back from the
/// system, is the canonical path.
fn shown(dir: &Path) -> String {
    dir.canonicalize().unwrap().display().to_string()
}
