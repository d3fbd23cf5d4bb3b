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
        // A link is followed only when the reader chooses to: the
        // référentiels' official texts are linked.
        if element.value().name() == "a" {
            continue;
        }
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
        // Summary, commitments, one per product, gaps, planned work (groupe), référentiels.
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
        "Contact : conformite@hexasante.example",
        "14 septembre 2020",
        "engagement IV.6",
        // Products with their version and overall rate (as `check` computes it).
        "Hexa Hôpital 12.3.0",
        "Hexa Cabinet 9.1.4",
        "Hexa Imagerie RIS 4.0.2",
        "Hexa Suivi 2.6.0",
        "94\u{a0}% — 51 conformes sur 54 exigences applicables en vigueur, 0 non applicable, \
         1 déclarée conforme, preuve manquante ou expirée.",
        // Gaps: the unsubstantiated declaration says so.
        "Écarts",
        "Test d'intrusion par un prestataire qualifié PASSI",
        "Déclaré conforme, preuve manquante ou expirée",
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
            "83\u{a0}% (10/12)"
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

/// Whole numbers in a text, in order: `94 % — 51 conformes sur 54…` gives
/// 94, 51, 54…
fn numbers(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

/// A printed rate against the figures printed next to it: conform ÷
/// (applicable exigences − not applicable exigences), to the whole percent,
/// 100 % when nothing counts.
fn assert_recomputes(what: &str, rate: u32, conform: u32, counted: u32) {
    let expected = if counted == 0 {
        100.0
    } else {
        f64::from(conform) * 100.0 / f64::from(counted)
    };
    assert!(
        (f64::from(rate) - expected).abs() <= 0.5 + 1e-9,
        "{what}: {rate} % printed, {conform}/{counted} = {expected:.2} %"
    );
}

/// Every rate of the page, recomputed from the figures printed next to it;
/// the figures of the summary, as (rate, conform, applicable, not
/// applicable, unsubstantiated) per row.
fn recompute_every_rate(what: &str, doc: &Html) -> Vec<[u32; 5]> {
    let mut rates = 0;
    // The summary: the rate, then the exigences it is computed from.
    let mut summary = Vec::new();
    for tr in doc.select(&sel("section[aria-labelledby=synthese] tbody tr")) {
        let cells: Vec<String> = tr
            .select(&sel("td"))
            .map(|td| td.text().collect())
            .collect();
        let [rate, conform, applicable, not_applicable, unsubstantiated] =
            cells[1..].iter().map(|c| numbers(c)[0]).collect::<Vec<_>>()[..]
        else {
            panic!("{what}: summary row {cells:?}");
        };
        assert_recomputes(what, rate, conform, applicable - not_applicable);
        summary.push([rate, conform, applicable, not_applicable, unsubstantiated]);
        rates += 1;
    }
    // Sentences: `94 % — 51 conformes sur 54 exigences applicables en
    // vigueur, 0 non applicable, 1 déclarée conforme, …`.
    let sentences: Vec<String> = doc
        .select(&sel("main p"))
        .map(|p| p.text().collect::<String>())
        .filter(|t| t.contains(" — ") && t.contains('%'))
        .collect();
    for sentence in &sentences {
        let n = numbers(sentence);
        assert_recomputes(&format!("{what}: {sentence}"), n[0], n[1], n[2] - n[3]);
        rates += 1;
    }
    assert_eq!(
        sentences.len(),
        summary.len(),
        "{what}: one sentence per row of the summary"
    );
    // Tables by référentiel: `83 % (10/12)`.
    for td in doc.select(&sel("table.counts tr > td:last-child")) {
        let n = numbers(&td.text().collect::<String>());
        assert_recomputes(what, n[0], n[1], n[2]);
        rates += 1;
    }
    assert!(rates > summary.len(), "{what}: {rates} rates");
    summary
}

#[test]
fn every_rate_is_recomputed_from_the_figures_printed_next_to_it() {
    for (name, args) in [
        ("groupe", &[][..]),
        ("groupe", &["--lang", "en"][..]),
        ("solo", &[][..]),
        ("solo", &["--lang", "en"][..]),
    ] {
        let (_, doc) = html_of(name, args);
        recompute_every_rate(&format!("{name} {args:?}"), &doc);
    }

    // Commitments and declarations all conform, none with its proofs: 0 %,
    // and the page says how many are declared conform without proof.
    let text = MINIMAL
        .replace("use = [\"ins\"]", "use = [\"charte-engagements\", \"ins\"]")
        .replace("Exemple Santé SAS", "Aubépine Santé SAS");
    let dir = project(text.as_bytes());
    let manifest = dir.path().join("charte.toml");
    for args in [
        &["commit", "charte-engagements:*", "--status", "conform"][..],
        &[
            "commit",
            "charte-engagements:IV.3",
            "--status",
            "not-applicable",
            "--justification",
            "Aucune expérimentation ouverte cette année.",
        ][..],
        &["declare", "exemple-lgc", "ins:*", "--status", "conform"][..],
    ] {
        run(&manifest, args).code(0);
    }
    let page = stdout(&run(&manifest, &["report", "--format", "html"]).code(0));
    let doc = Html::parse_document(&page);
    let summary = recompute_every_rate("without proofs", &doc);
    assert_eq!(summary[0], [0, 0, 6, 1, 5], "commitments");
    assert_eq!(summary[1], [0, 0, 11, 0, 11], "Exemple Cabinet");
    let body = text_of(&doc);
    for expected in [
        "Déclaration de conformité e-santé d'Aubépine Santé SAS",
        "0\u{a0}% — 0 conforme sur 6 exigences applicables en vigueur, 1 non applicable, \
         5 déclarées conformes, preuve manquante ou expirée",
        "0\u{a0}% — 0 conforme sur 11 exigences applicables en vigueur, 0 non applicable, \
         11 déclarées conformes, preuve manquante ou expirée",
        // The gaps: the justification of what does not apply.
        "Aucune expérimentation ouverte cette année.",
    ] {
        assert!(body.contains(expected), "no « {expected} » in:\n{body}");
    }
    let gaps: Vec<String> = doc
        .select(&sel("section[aria-labelledby=ecarts] tbody tr"))
        .map(|tr| tr.text().collect())
        .collect();
    assert_eq!(gaps.len(), 6 + 11, "{gaps:#?}");
    assert_eq!(
        gaps.iter()
            .filter(|g| g.contains("Déclaré conforme, preuve manquante ou expirée"))
            .count(),
        5 + 11
    );
}

#[test]
fn referentials_are_named_by_title_and_version_and_link_their_official_text() {
    let (_, doc) = html_of("solo", &[]);
    let rows: Vec<ElementRef> = doc
        .select(&sel("section[aria-labelledby=referentiels] tbody tr"))
        .collect();
    assert_eq!(rows.len(), 6);
    let ins = rows
        .iter()
        .find(|tr| tr.text().any(|t| t == "ins"))
        .unwrap();
    let link = ins.select(&sel("th a")).next().expect("a link to the text");
    assert_eq!(
        link.value().attr("href"),
        Some("https://esante.gouv.fr/securite/identite-nationale-de-sante")
    );
    assert!(link
        .text()
        .collect::<String>()
        .starts_with("Référentiel Identifiant national de santé (INS) v2.0"));
    let version: String = ins.select(&sel("td")).next().unwrap().text().collect();
    assert_eq!(version, "2.0.0");
}
