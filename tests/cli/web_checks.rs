//! The web checks of `support/web.rs` see what they look for: a page with
//! one fault of each kind gets one problem for each.

use crate::server::Server;
use crate::support::web;

const FAULTY: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Faulty</title></head>
<body><main>
<img src="missing.png">
<div style="width:1000px">wide</div>
<div style="overflow-x:auto"><table style="width:1000px"><tr><td>scrolls in its box</td></tr></table></div>
<a href="#nowhere">anchor</a> <a href="gone.html">gone</a> <a href="ok.html">ok</a>
<p><span><div>misplaced</div></span></p>
</main></body></html>
"##;

#[test]
fn every_fault_of_a_page_is_listed() {
    let Some(tools) = web::tools("web_checks") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("faulty.html"), FAULTY).unwrap();
    std::fs::write(
        dir.path().join("ok.html"),
        "<!DOCTYPE html><html lang=\"en\"><title>ok</title></html>",
    )
    .unwrap();
    let server = Server::start(dir.path());
    let urls = [server.url("faulty.html"), server.url("absent.html")];
    let problems = tools.problems(&urls, &dir.path().join("shots"));
    let has = |what: &str| problems.iter().any(|p| p.contains(what));
    for expected in [
        "at 360 px: axe html-has-lang",
        "at 1280 px: axe image-alt",
        "at 360 px: html > body > main > div:nth-of-type(1) is 1000 px wide",
        "faulty.html#nowhere names no element of the page",
        "gone.html (linked from",
        "answered HTTP 404",
        "missing.png: HTTP 404",
        "Nu HTML checker",
        "absent.html: answered HTTP 404",
    ] {
        assert!(has(expected), "{expected:?} is not among {problems:#?}");
    }
    assert!(!has("at 1280 px: html > body"), "{problems:#?}");
    assert!(
        !has("table"),
        "a table in a box that scrolls: {problems:#?}"
    );
    assert!(!has("ok.html ("), "{problems:#?}");
    for width in web::WIDTHS {
        assert!(dir
            .path()
            .join(format!("shots/faulty-{width}.png"))
            .is_file());
    }
}
