//! The public statement in a browser: each example's statement, in French
//! and in English, served from loopback, passes the web checks of
//! `support/web.rs` (axe-core's WCAG 2.1 A and AA rules, nothing wider than
//! a 360 px phone or a 1280 px desktop outside a box that scrolls, links
//! that resolve, no Nu HTML checker error). Screenshots are kept under the
//! target folder (`target/tmp/statement-screenshots/`) to look at; with
//! `CHARTE_WRITE_SCREENSHOTS=1` the French statement of `solo` at both
//! widths is also written to `docs/images/`, for docs/report.md.

use std::path::PathBuf;

use crate::server::Server;
use crate::support::{example, root, run, stdout, web};

#[test]
fn the_statement_is_accessible_valid_and_fits_a_phone_and_a_desktop() {
    if web::tools("statement_browser").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut urls = Vec::new();
    let server = Server::start(dir.path());
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
        let file = format!("{name}-{lang}.html");
        std::fs::write(dir.path().join(&file), statement).unwrap();
        urls.push(server.url(&file));
    }
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("statement-screenshots");
    web::check_pages("statement_browser", &urls, &shots);
    if std::env::var_os("CHARTE_WRITE_SCREENSHOTS").is_some_and(|v| v == "1") {
        for width in web::WIDTHS {
            std::fs::copy(
                shots.join(format!("solo-fr-{width}.png")),
                root().join(format!("docs/images/statement-{width}.png")),
            )
            .unwrap();
        }
    }
}
