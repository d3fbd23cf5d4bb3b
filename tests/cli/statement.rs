//! `charte report`: the public statement parses as HTML without a single
//! parse error, loads nothing from elsewhere, is accessible (language,
//! headings in order, tables with captions and header cells), says what it
//! must; and its Markdown is snapshotted.

use scraper::{ElementRef, Html, Selector};

use crate::support::{example, project, run, stderr, stdout, MINIMAL};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn html_of(name: &str, args: &[&str]) -> (String, Html) {
    let mut all = vec!["report", "--format", "html"];
    all.extend(args);
    let a = run(&example(name), &all).code(0);
    let text = stdout(&a);
    let doc = Html::parse_document(&text);
    (text, doc)
}

/// Attributes that make a browser fetch something.
const FETCHING: &[&str] = &[
    "src",
    "href",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
];

fn is_remote(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http:") || u.starts_with("https:") || u.starts_with("//")
}

#[test]
fn the_parse_error_check_is_live() {
    assert!(!Html::parse_document("<!DOCTYPE html><p><b></i>")
        .errors
        .is_empty());
}

fn assert_well_formed(name: &str, text: &str, doc: &Html) {
    assert!(
        doc.errors.is_empty(),
        "{name}: HTML parse errors: {:?}",
        doc.errors
    );
    assert!(text.starts_with("<!DOCTYPE html>"), "{name}: no doctype");
}

fn assert_self_contained(name: &str, doc: &Html) {
    for element in doc.tree.nodes().filter_map(ElementRef::wrap) {
        for (attr, value) in element.value().attrs() {
            assert!(
                !(FETCHING.contains(&attr) && is_remote(value)),
                "{name}: <{} {attr}=\"{value}\"> loads from elsewhere",
                element.value().name()
            );
        }
    }
    for tag in ["script", "link", "iframe", "img", "object", "embed"] {
        assert!(
            doc.select(&sel(tag)).next().is_none(),
            "{name}: has a <{tag}>"
        );
    }
    let style: String = doc.select(&sel("style")).flat_map(|s| s.text()).collect();
    assert!(!style.contains("url(") && !style.contains("@import"));
    assert!(
        style.contains("@media print"),
        "{name}: no print stylesheet"
    );
}

fn assert_accessible(name: &str, doc: &Html, lang: &str) {
    let html = doc.select(&sel("html")).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some(lang), "{name}");
    assert!(doc.select(&sel("head > title")).next().is_some());
    assert!(doc.select(&sel("main")).next().is_some());

    let levels: Vec<u8> = doc
        .select(&sel("h1, h2, h3, h4, h5, h6"))
        .map(|h| h.value().name()[1..].parse().unwrap())
        .collect();
    assert_eq!(levels.first(), Some(&1), "{name}: starts with an h1");
    assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "{name}");
    for pair in levels.windows(2) {
        assert!(
            pair[1] <= pair[0] + 1,
            "{name}: heading skips a level: {levels:?}"
        );
    }

    for table in doc.select(&sel("table")) {
        let first = table
            .children()
            .filter_map(ElementRef::wrap)
            .next()
            .unwrap();
        assert_eq!(first.value().name(), "caption", "{name}: caption first");
        assert!(!first.text().collect::<String>().trim().is_empty());
        let heads: Vec<ElementRef> = table.select(&sel("thead th")).collect();
        assert!(!heads.is_empty(), "{name}: a table has no column headers");
        for th in table.select(&sel("th")) {
            let scope = th.value().attr("scope");
            assert!(
                matches!(scope, Some("col" | "row")),
                "{name}: <th> without scope: {}",
                th.html()
            );
        }
        for tr in table.select(&sel("tbody tr")) {
            let first = tr.children().filter_map(ElementRef::wrap).next().unwrap();
            assert_eq!(
                first.value().attr("scope"),
                Some("row"),
                "{name}: row header"
            );
        }
    }
}

fn text_of(doc: &Html) -> String {
    doc.select(&sel("body"))
        .next()
        .unwrap()
        .text()
        .collect::<String>()
}

#[test]
fn the_html_statement_parses_is_self_contained_and_accessible() {
    for (name, lang, args) in [
        ("groupe", "fr", &[][..]),
        ("groupe", "en", &["--lang", "en"][..]),
        ("solo", "fr", &[][..]),
    ] {
        let (text, doc) = html_of(name, args);
        let what = format!("{name} --lang {lang}");
        assert_well_formed(&what, &text, &doc);
        assert_self_contained(&what, &doc);
        assert_accessible(&what, &doc, lang);
        // Summary, commitments, one per product, planned work (groupe), référentiels.
        let tables = doc.select(&sel("table")).count();
        assert!(tables >= 4, "{what}: {tables} tables");
    }
}

#[test]
fn the_statement_says_what_commitment_iv6_asks() {
    let (_, doc) = html_of("groupe", &[]);
    let text = text_of(&doc);
    for expected in [
        "Groupe Hexasanté SA",
        "853172641",
        "14 septembre 2020",
        "engagement IV.6",
        // Products with their version and overall rate (as `check` computes it).
        "Hexa Hôpital 12.3.0",
        "Hexa Cabinet 9.1.4",
        "Hexa Imagerie RIS 4.0.2",
        "Hexa Suivi 2.6.0",
        "94\u{a0}% (51 exigences conformes sur 54)",
        // Commitments and their status.
        "Proposer ses outils au référencement",
        "échéance le 30 juin 2027",
        // Planned work, the overdue item said so.
        "segur-lgc:LGC.DMP.02",
        "En retard",
        // Referential versions, the evaluation date and the tool version.
        "mssante-clients",
        "23 novembre 2026",
        concat!("charte ", env!("CARGO_PKG_VERSION")),
    ] {
        assert!(
            text.contains(expected),
            "no « {expected} » in the statement"
        );
    }
    // The per-referential table of a product: ssi has one undeclared
    // exigence, and one declared conform whose proof has expired.
    let ssi = doc
        .select(&sel("#p-hexa-dpi ~ div table tbody tr"))
        .find(|tr| tr.text().any(|t| t == "ssi"))
        .expect("a row for ssi under Hexa Hôpital");
    let cells: Vec<String> = ssi.text().map(str::to_string).collect();
    assert_eq!(
        cells,
        [
            "ssi",
            "2.0.0",
            "13",
            "11",
            "1",
            "0",
            "0",
            "0",
            "0",
            "1",
            "83\u{a0}%"
        ]
    );
    // The organization's receipts from the registry are shown only when
    // there are some: none without a registry.
    assert!(!text.contains("Dépôts au registre"));
}

#[test]
fn the_markdown_statement() {
    let a = run(&example("groupe"), &["report", "--format", "markdown"]).code(0);
    insta::assert_snapshot!("groupe_statement_markdown", stdout(&a));
    let a = run(
        &example("solo"),
        &["report", "--format", "markdown", "--lang", "en"],
    )
    .code(0);
    insta::assert_snapshot!("solo_statement_markdown_en", stdout(&a));
}

#[test]
fn output_writes_the_file_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conformite.html");
    let expected = stdout(&run(&example("solo"), &["report", "--format", "html"]).code(0));
    let a = run(
        &example("solo"),
        &[
            "report",
            "--format",
            "html",
            "--output",
            path.to_str().unwrap(),
        ],
    )
    .code(0);
    assert_eq!(stdout(&a), "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);

    let missing = dir.path().join("no/such/folder/page.html");
    let a = run(
        &example("solo"),
        &[
            "report",
            "--format",
            "html",
            "--output",
            missing.to_str().unwrap(),
        ],
    )
    .code(2);
    assert!(stderr(&a).contains("cannot write"), "{}", stderr(&a));
}

#[test]
fn a_manifest_without_products_or_planned_work_still_reads_well() {
    let text = MINIMAL
        .split("[[product]]")
        .next()
        .unwrap()
        .replace("use = [\"ins\"]", "use = [\"charte-engagements\"]");
    let dir = project(text.as_bytes());
    let manifest = dir.path().join("charte.toml");
    let a = run(&manifest, &["report", "--format", "html"]).code(0);
    let out = stdout(&a);
    let doc = Html::parse_document(&out);
    assert_well_formed("minimal", &out, &doc);
    assert_accessible("minimal", &doc, "fr");
    let body = text_of(&doc);
    assert!(body.contains("L'organisation ne déclare aucun produit."));
    assert!(body.contains("Aucun travail prévu n'est déclaré."));
    assert!(
        body.contains("Non déclaré"),
        "undeclared commitments say so"
    );
}

#[test]
fn format_is_required_and_errors_point_at_the_manifest() {
    let a = run(&example("solo"), &["report"]).code(2);
    assert!(stderr(&a).contains("--format"));
    let dir = project(b"schema = 1\n[organization]\nname = 3\n");
    let a = run(
        &dir.path().join("charte.toml"),
        &["report", "--format", "html"],
    )
    .code(2);
    assert!(stderr(&a).contains("charte.toml:3"), "{}", stderr(&a));
}
