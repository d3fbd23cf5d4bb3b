//! The public statement in a browser: headless Chromium (Debian's
//! `chromium`) lays out each example's statement at a phone's width (360 px)
//! and a desktop's (1280 px), and the page never overflows sideways: wide
//! tables scroll inside their own box or reflow. Screenshots are kept under
//! the target folder (`target/tmp/statement-screenshots/`) to look at.
//!
//! Without `chromium` the test says it is skipped, unless `CI` is set: then
//! it fails (`.ci/run` installs it).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::support::{example, run, stdout};

/// The `chromium` program on the PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|p| p.is_file())
}

#[allow(clippy::disallowed_macros)] // a skipped test says so on the test's output
fn skipped(why: &str) {
    eprintln!("statement_browser: skipped: {why}");
}

/// The test copy of a page: the statement inside a frame exactly `width`
/// pixels wide (headless Chromium keeps its window at least 500 pixels wide,
/// a frame has the width it is given), with a script that writes whether
/// the statement overflows sideways into the outer page. The statement
/// itself has no script.
fn probe_page(statement: &str, width: u32) -> String {
    let probe = "<script>addEventListener('load', () => { \
        const d = document.documentElement; \
        parent.document.getElementById('probe').textContent = \
        [d.scrollWidth, d.clientWidth, innerWidth].join(' '); });</script>";
    let inner = statement.replacen("</body>", &format!("{probe}</body>"), 1);
    let srcdoc = inner
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>\
         <body style=\"margin:0\"><p id=\"probe\">not loaded</p>\
         <iframe style=\"border:0;display:block\" width=\"{width}\" height=\"2000\" \
         srcdoc=\"{srcdoc}\"></iframe></body></html>"
    )
}

/// Runs Chromium on a page and returns its stdout, within a minute.
fn chromium_run(program: &Path, profile: &Path, args: &[String]) -> String {
    let mut child = Command::new(program)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).unwrap();
        s
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium {args:?}: {status}");
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("chromium {args:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

/// The page's width, the frame's width without its scrollbar, and the
/// frame's window width, as the probe measured them.
fn measure(program: &Path, dir: &Path, page: &Path, width: u32) -> [u32; 3] {
    let dom = chromium_run(
        program,
        &dir.join("profile"),
        &[
            format!("--window-size={width},2000"),
            "--run-all-compositor-stages-before-draw".into(),
            "--virtual-time-budget=10000".into(),
            "--dump-dom".into(),
            format!("file://{}", page.display()),
        ],
    );
    let doc = Html::parse_document(&dom);
    let probe: String = doc
        .select(&Selector::parse("#probe").unwrap())
        .next()
        .expect("the probe page")
        .text()
        .collect();
    let n: Vec<u32> = probe
        .split(' ')
        .map(|s| s.parse().unwrap_or_else(|_| panic!("probe: {probe}")))
        .collect();
    [n[0], n[1], n[2]]
}

#[test]
fn the_statement_fits_a_phone_and_a_desktop() {
    let Some(program) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed and CI is set: `apt-get install chromium`"
        );
        skipped("no chromium on the PATH (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("statement-screenshots");
    std::fs::create_dir_all(&shots).unwrap();

    // The probe sees overflow where there is some.
    let wide = dir.path().join("wide.html");
    std::fs::write(
        &wide,
        probe_page(
            "<!DOCTYPE html><html><body><div style=\"width:1000px\">x</div></body></html>",
            360,
        ),
    )
    .unwrap();
    let [scroll, client, _] = measure(&program, dir.path(), &wide, 360);
    assert!(scroll > client, "the probe is live: {scroll} > {client}");

    for (name, lang) in [
        ("groupe", "fr"),
        ("groupe", "en"),
        ("solo", "fr"),
        ("solo", "en"),
    ] {
        let statement = stdout(
            &run(
                &example(name),
                &["report", "--format", "html", "--lang", lang],
            )
            .code(0),
        );
        for width in [360, 1280] {
            let page = dir.path().join(format!("{name}-{lang}-{width}.html"));
            std::fs::write(&page, probe_page(&statement, width)).unwrap();
            let [scroll, client, inner] = measure(&program, dir.path(), &page, width);
            assert_eq!(inner, width, "{name} {lang}: the frame is {width} px wide");
            assert!(
                scroll <= client,
                "{name} --lang {lang} at {width} px: the page is {scroll} px wide, \
                 {client} px are visible"
            );
            let shot = shots.join(format!("{name}-{lang}-{width}.png"));
            chromium_run(
                &program,
                &dir.path().join("profile"),
                &[
                    format!("--window-size={width},2000"),
                    "--virtual-time-budget=10000".into(),
                    format!("--screenshot={}", shot.display()),
                    format!("file://{}", page.display()),
                ],
            );
            assert!(shot.is_file(), "{}", shot.display());
        }
    }
}
