//! The directory in a browser: every page type, in French and in English,
//! passes the web checks of the shared harness (`tests/cli/support/web.rs`:
//! axe-core's WCAG 2.1 A and AA rules, nothing wider than a 360 px phone or
//! a 1280 px desktop outside a box that scrolls, internal links that
//! resolve, no Nu HTML checker error). The badge, an SVG image, is only
//! checked to answer and screenshotted. Screenshots are kept under the
//! target folder (`target/tmp/directory-screenshots/`); with
//! `CHARTE_WRITE_SCREENSHOTS=1` one of each page type is also written to
//! `docs/images/`, for the README.

use std::path::PathBuf;

use serde_json::json;

use crate::directory::{choice, publish, siren};
use crate::support::{product_document, root, web, Registry, SIREN_A};

#[test]
fn every_page_type_is_accessible_valid_and_fits_a_phone_and_a_desktop() {
    if web::tools("directory_browser").is_none() {
        return;
    }
    let registry = Registry::start_with(|config| {
        config.catalogue(concat!(env!("CARGO_MANIFEST_DIR"), "/../catalogue"))
    });
    let client = registry.client(Some(&registry.token(SIREN_A)));
    publish(&registry, &client);
    // A few more organizations, for a list and a search worth the name.
    for (n, (name, product, kind)) in [
        ("Clinique Numérique Lyon", "Dossier Patient Clinique", "dpi"),
        ("Radiologie Ouest Logiciels", "Radiologie Plus", "ris"),
        ("Officine Connectée", "Officine Pro", "lgo"),
    ]
    .into_iter()
    .enumerate()
    {
        let siren = siren(31_000_000 + n as u32);
        let client = registry.client(Some(&registry.token(&siren)));
        assert_eq!(client.submit(&choice(&siren, name, "public")).status, 201);
        let mut document = product_document(&siren, "produit");
        document["organization"]["name"] = json!(name);
        document["product"]["name"] = json!(product);
        document["product"]["kind"] = json!(kind);
        assert_eq!(client.submit(&document).status, 201);
    }
    let base = format!("http://{}", registry.addr());
    let organization = format!("/organizations/{SIREN_A}");
    let pages = [
        ("index", "/".to_owned()),
        ("search", "/?q=radiologie".to_owned()),
        ("organization", organization.clone()),
        ("product", format!("{organization}/products/exemple-lgc")),
        ("withdrawn", format!("{organization}/products/ancien-dpi")),
        (
            "badge",
            format!("{organization}/products/exemple-lgc/badge.svg"),
        ),
    ];
    // Each page in both languages, named in the URL: the browser's own
    // Accept-Language would otherwise choose.
    let in_lang = |path: &str, lang: &str| {
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{path}{sep}lang={lang}")
    };
    let mut urls = Vec::new();
    for (_, path) in &pages {
        for lang in ["fr", "en"] {
            urls.push(format!("{base}{}", in_lang(path, lang)));
        }
    }
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("directory-screenshots");
    web::check_pages("directory_browser", &urls, &shots);
    if std::env::var_os("CHARTE_WRITE_SCREENSHOTS").is_some_and(|v| v == "1") {
        for (kind, path) in &pages {
            // The file check.mjs names after the URL's path and query.
            let name = in_lang(path, "fr")
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '.')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            for width in web::WIDTHS {
                std::fs::copy(
                    shots.join(format!("{name}-{width}.png")),
                    root().join(format!("docs/images/directory-{kind}-{width}.png")),
                )
                .unwrap_or_else(|e| panic!("{name}-{width}.png: {e}"));
            }
        }
    }
}
