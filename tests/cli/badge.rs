//! `charte badge`: the SVG parses as XML, is accessible, names what it is
//! about, says it is self-declared, and shows the rate `check` computes from
//! substantiated declarations only.

use crate::support::{check, example, run, stderr, stdout};

/// The badge's texts, title and message colour, after parsing it as XML.
struct Parsed {
    texts: Vec<String>,
    title: String,
    aria: String,
    fill: String,
    width: f64,
    rects: f64,
}

fn parse(svg: &str) -> Parsed {
    let doc = roxmltree::Document::parse(svg).expect("the badge is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    let texts = root
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("aria-hidden").is_none())
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .expect("a <title> first")
        .to_string();
    let rects: Vec<roxmltree::Node> = root
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.parent().is_some_and(|p| p.has_tag_name("g")))
        .collect();
    let width = |n: &roxmltree::Node| -> f64 { n.attribute("width").unwrap().parse().unwrap() };
    Parsed {
        texts,
        title,
        aria: root.attribute("aria-label").unwrap().to_string(),
        fill: rects[1].attribute("fill").unwrap().to_string(),
        width: root.attribute("width").unwrap().parse().unwrap(),
        rects: width(&rects[0]) + width(&rects[1]),
    }
}

#[test]
fn every_product_badge_shows_the_rate_check_computes() {
    let a = check(&example("groupe"), &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let products = report["products"].as_array().unwrap();
    assert_eq!(products.len(), 4);
    for p in products {
        let id = p["id"].as_str().unwrap();
        let rate = p["conformity"].as_f64().unwrap();
        let percent = format!("{:.0}\u{a0}%", rate * 100.0);
        let a = run(&example("groupe"), &["badge", "--product", id]).code(0);
        let badge = parse(&stdout(&a));
        let name = format!(
            "{} {}",
            p["name"].as_str().unwrap(),
            p["version"].as_str().unwrap()
        );
        assert_eq!(
            badge.texts,
            [
                format!("e-santé · {name}"),
                format!("{percent} conforme · auto-déclaré")
            ]
        );
        assert!(
            badge.aria.contains(&name) && badge.aria.contains(&percent),
            "{}",
            badge.aria
        );
        assert!(badge.aria.contains("auto-déclaré"), "{}", badge.aria);
        // The title gives the figures behind the rate, as `check` counts them.
        let unsubstantiated = p["unsubstantiated"].as_u64().unwrap();
        assert!(
            badge.title.starts_with(&format!("{name} : {percent} — "))
                && badge.title.contains("auto-déclarée")
                && badge.title.contains(&format!(
                    "{unsubstantiated} déclarée{} conforme",
                    if unsubstantiated > 1 { "s" } else { "" }
                )),
            "{}",
            badge.title
        );
        assert_eq!(badge.width, badge.rects, "the two halves fill the badge");
    }
}

#[test]
fn colour_and_language_follow_the_rate_and_the_flag() {
    let a = run(&example("groupe"), &["badge", "--product", "hexa-dpi"]).code(0);
    let svg = stdout(&a);
    insta::assert_snapshot!("groupe_badge_hexa_dpi", svg);
    assert_eq!(parse(&svg).fill, "#3d7a0a", "96 % is olive green");

    let a = run(
        &example("solo"),
        &["badge", "-p", "medilune-cabinet", "--lang", "en"],
    )
    .code(0);
    let badge = parse(&stdout(&a));
    assert_eq!(
        badge.texts,
        [
            "e-health · Médilune Cabinet 7.4.2",
            "100% conform · self-declared"
        ]
    );
    assert!(badge.title.contains("self-declared"), "{}", badge.title);
    assert_eq!(badge.fill, "#15803d");
}

#[test]
fn the_organization_badge_shows_the_commitments() {
    let a = run(&example("groupe"), &["badge", "--organization"]).code(0);
    let badge = parse(&stdout(&a));
    assert_eq!(
        badge.texts,
        [
            "charte e-santé · Groupe Hexasanté SA",
            "83\u{a0}% des engagements · auto-déclaré"
        ]
    );
    assert!(badge.aria.contains("Groupe Hexasanté SA"), "{}", badge.aria);
    assert!(
        badge
            .title
            .contains("83\u{a0}% — 5 conformes sur 6 exigences"),
        "{}",
        badge.title
    );
    assert_eq!(badge.fill, "#a16207");
}

#[test]
fn output_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("badge.svg");
    let a = run(
        &example("solo"),
        &["badge", "--organization", "-o", path.to_str().unwrap()],
    )
    .code(0);
    assert_eq!(stdout(&a), "");
    parse(&std::fs::read_to_string(&path).unwrap());
}

#[test]
fn a_badge_needs_one_subject_that_exists() {
    let a = run(&example("groupe"), &["badge"]).code(2);
    assert!(stderr(&a).contains("--product"), "{}", stderr(&a));
    let a = run(&example("groupe"), &["badge", "--product", "hexa-dp"]).code(2);
    let err = stderr(&a);
    assert!(err.contains("did you mean `hexa-dpi`?"), "{err}");
    let a = run(
        &example("groupe"),
        &["badge", "--product", "hexa-dpi", "--organization"],
    )
    .code(2);
    assert!(stderr(&a).contains("cannot be used with"), "{}", stderr(&a));
}

#[test]
fn a_badge_counts_only_substantiated_declarations() {
    // Every ins requirement declared conform, none with its proofs.
    let dir = crate::support::project(crate::support::MINIMAL.as_bytes());
    let manifest = dir.path().join("charte.toml");
    run(
        &manifest,
        &["declare", "exemple-lgc", "ins:*", "--status", "conform"],
    )
    .code(0);
    let a = check(&manifest, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let p = &report["products"][0];
    assert_eq!(p["conformity"], 0.0, "{p}");
    assert!(p["unsubstantiated"].as_u64().unwrap() > 0, "{p}");
    let a = run(&manifest, &["badge", "--product", "exemple-lgc"]).code(0);
    let badge = parse(&stdout(&a));
    assert_eq!(
        badge.texts,
        [
            "e-santé · Exemple Cabinet 5.2.0",
            "0\u{a0}% conforme · auto-déclaré"
        ]
    );
    assert_eq!(badge.fill, "#b91c1c");
    assert!(
        badge.title.contains(&format!(
            "{} déclarées conformes, preuve manquante ou expirée",
            p["unsubstantiated"]
        )),
        "{}",
        badge.title
    );
}
