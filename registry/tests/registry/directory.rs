//! The public directory: opting in and out, the pages in both languages,
//! privacy (a private organization is a 404 everywhere), escaping of
//! untrusted strings, conditional requests, search and pagination.

use serde_json::{json, Value};

use crate::support::{
    commitments_document, product_document, request, Client, Registry, Response, SIREN_A, SIREN_B,
};

pub(crate) fn choice(siren: &str, name: &str, directory: &str) -> Value {
    json!({
        "schema": 2,
        "organization": { "siren": siren, "name": name },
        "directory": directory
    })
}

fn get(registry: &Registry, path: &str, headers: &[(&str, &str)]) -> Response {
    request(registry.addr(), "GET", path, headers, None)
}

fn text(response: &Response) -> String {
    String::from_utf8(response.body.clone()).unwrap()
}

/// A page with the instants and receipt ids of this run replaced by fixed
/// ones, for snapshots.
fn stable(page: &str, receipts: &[&Value]) -> String {
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut page = page.to_owned();
    for (n, receipt) in receipts.iter().enumerate() {
        let at = receipt["received_at"].as_str().unwrap();
        page = page.replace(receipt["id"].as_str().unwrap(), &format!("sub_{n}"));
        page = page.replace(at, "2026-11-23T20:46:00Z");
        let (year, month, day) = (
            &at[..4],
            at[5..7].parse::<usize>().unwrap(),
            at[8..10].parse::<u32>().unwrap(),
        );
        let fr = if day == 1 {
            format!("1er {} {year}", FR[month - 1])
        } else {
            format!("{day} {} {year}", FR[month - 1])
        };
        page = page.replace(&fr, "23 novembre 2026");
        page = page.replace(
            &format!("{day} {} {year}", EN[month - 1]),
            "23 November 2026",
        );
    }
    page
}

/// The nine-digit SIREN of `base` (eight digits) with its Luhn key.
pub(crate) fn siren(base: u32) -> String {
    let stem = format!("{base:08}");
    (0..10)
        .map(|key| format!("{stem}{key}"))
        .find(|s| charte_registry::document::is_valid_siren(s))
        .unwrap()
}

#[test]
fn a_directory_choice_is_a_submission_that_latest_leaves_out() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let public = client.submit(&choice(SIREN_A, "Exemple Santé SAS", "public"));
    assert_eq!(public.status, 201);
    let receipt = public.json();
    assert_eq!(receipt["directory"], "public");
    assert_eq!(receipt["product"], Value::Null);
    let latest = client.get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"));
    assert_eq!(latest.json(), json!([]));
    // Another organization's choice is not this token's to make.
    assert_eq!(
        client.submit(&choice(SIREN_B, "Autre", "public")).status,
        403
    );
    let bad = client.submit(&choice(SIREN_A, "Exemple", "everyone"));
    assert_eq!(bad.status, 422);
    assert_eq!(registry.stored_submissions(), 1);
}

#[test]
fn a_private_organization_is_absent_from_every_page_and_opting_out_removes_it_at_once() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    client.submit(&commitments_document(SIREN_A));
    client.submit(&product_document(SIREN_A, "exemple-lgc"));
    let pages = [
        format!("/organizations/{SIREN_A}"),
        format!("/organizations/{SIREN_A}/products/exemple-lgc"),
        format!("/organizations/{SIREN_A}/products/exemple-lgc/badge.svg"),
    ];
    let listed = |registry: &Registry| {
        let index = text(&get(registry, "/?q=Exemple", &[]));
        index.contains(SIREN_A)
    };
    let statuses = |registry: &Registry| -> Vec<u16> {
        pages.iter().map(|p| get(registry, p, &[]).status).collect()
    };
    // Never chose: private.
    assert!(!listed(&registry));
    assert_eq!(statuses(&registry), [404, 404, 404]);
    assert!(!text(&get(&registry, "/", &[])).contains(SIREN_A));

    assert_eq!(
        client
            .submit(&choice(SIREN_A, "Exemple Santé SAS", "public"))
            .status,
        201
    );
    assert!(listed(&registry));
    assert_eq!(statuses(&registry), [200, 200, 200]);

    assert_eq!(
        client
            .submit(&choice(SIREN_A, "Exemple Santé SAS", "private"))
            .status,
        201
    );
    assert!(!listed(&registry));
    assert_eq!(statuses(&registry), [404, 404, 404]);
    let not_found = get(&registry, &pages[0], &[]);
    assert_eq!(
        not_found.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(!text(&not_found).contains("Exemple"));

    // Public again: the same document, a replay, makes it the choice again.
    assert_eq!(
        client
            .submit(&choice(SIREN_A, "Exemple Santé SAS", "public"))
            .status,
        200
    );
    assert!(listed(&registry));
    assert_eq!(statuses(&registry), [200, 200, 200]);
    // An unknown product of a public organization, and an unknown one.
    let unknown = format!("/organizations/{SIREN_A}/products/autre");
    assert_eq!(get(&registry, &unknown, &[]).status, 404);
    assert_eq!(
        get(&registry, &format!("/organizations/{SIREN_B}"), &[]).status,
        404
    );
    assert_eq!(get(&registry, "/organizations/123", &[]).status, 404);
}

/// An organization with commitments, a product and a withdrawn product.
pub(crate) fn publish(registry: &Registry, client: &Client) -> Vec<Value> {
    let mut receipts = Vec::new();
    let mut submit = |document: &Value| {
        let answer = client.submit(document);
        assert!(
            answer.status == 201 || answer.status == 200,
            "{}",
            text(&answer)
        );
        receipts.push(answer.json());
    };
    submit(&choice(SIREN_A, "Exemple Santé SAS", "public"));
    let mut commitments = commitments_document(SIREN_A);
    commitments["declarations"].as_array_mut().unwrap().push(json!({
        "requirement": "charte-engagements:IV.6", "status": "non-conform", "declared": "2026-02-10",
        "justification": "Déclaration publique en cours de rédaction", "evidence": []
    }));
    submit(&commitments);
    submit(&product_document(SIREN_A, "exemple-lgc"));
    let mut old = product_document(SIREN_A, "ancien-dpi");
    old["product"]["name"] = json!("Ancien DPI");
    old["product"]["kind"] = json!("dpi");
    submit(&old);
    submit(&json!({
        "schema": 2,
        "organization": { "siren": SIREN_A, "name": "Exemple Santé SAS" },
        "product": { "id": "ancien-dpi" },
        "withdrawn": true
    }));
    let _ = registry;
    receipts
}

#[test]
fn pages_in_french_and_english() {
    let registry = Registry::start_with(|config| {
        config.catalogue(concat!(env!("CARGO_MANIFEST_DIR"), "/../catalogue"))
    });
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let receipts = publish(&registry, &client);
    let receipts: Vec<&Value> = receipts.iter().collect();
    let english = [("Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")];
    for (name, path, headers) in [
        ("index_fr", "/".to_owned(), &[][..]),
        ("index_en", "/?lang=en".to_owned(), &[][..]),
        (
            "organization_fr",
            format!("/organizations/{SIREN_A}"),
            &[][..],
        ),
        (
            "organization_en",
            format!("/organizations/{SIREN_A}"),
            &english[..],
        ),
        (
            "product_fr",
            format!("/organizations/{SIREN_A}/products/exemple-lgc"),
            &[][..],
        ),
        (
            "product_en",
            format!("/organizations/{SIREN_A}/products/exemple-lgc?lang=en"),
            &[][..],
        ),
        (
            "withdrawn_fr",
            format!("/organizations/{SIREN_A}/products/ancien-dpi"),
            &[][..],
        ),
        (
            "withdrawn_en",
            format!("/organizations/{SIREN_A}/products/ancien-dpi"),
            &english[..],
        ),
        ("not_found_fr", format!("/organizations/{SIREN_B}"), &[][..]),
        (
            "not_found_en",
            format!("/organizations/{SIREN_B}?lang=en"),
            &[][..],
        ),
        (
            "badge_fr",
            format!("/organizations/{SIREN_A}/products/exemple-lgc/badge.svg"),
            &[][..],
        ),
        (
            "badge_withdrawn_en",
            format!("/organizations/{SIREN_A}/products/ancien-dpi/badge.svg?lang=en"),
            &[][..],
        ),
    ] {
        let page = get(&registry, &path, headers);
        let expected = if name.starts_with("not_found") {
            404
        } else {
            200
        };
        assert_eq!(page.status, expected, "{path}");
        let lang = if name.ends_with("_en") { "en" } else { "fr" };
        assert_eq!(page.header("content-language"), Some(lang), "{path}");
        // One element a line, for reading the snapshots.
        let page = stable(&text(&page), &receipts).replace("><", ">\n<");
        insta::assert_snapshot!(name, page);
    }
}

#[test]
fn untrusted_strings_are_escaped() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let name = "<script>alert(\"org\")</script> & 'Guillemets' \u{202e}droite-à-gauche";
    assert_eq!(client.submit(&choice(SIREN_A, name, "public")).status, 201);
    let mut document = product_document(SIREN_A, "exemple-lgc");
    document["organization"]["name"] = json!(name);
    document["product"]["name"] = json!("\"><img src=x onerror=alert(1)> \u{202b}نظام");
    document["product"]["version"] = json!("</title><script>x</script>");
    document["declarations"][1]["justification"] = json!("<b>bold</b> & \"quoted\"");
    assert_eq!(client.submit(&document).status, 201);
    for path in [
        "/?q=%3Cscript%3E".to_owned(),
        format!("/organizations/{SIREN_A}"),
        format!("/organizations/{SIREN_A}/products/exemple-lgc"),
        format!("/organizations/{SIREN_A}/products/exemple-lgc/badge.svg"),
    ] {
        let page = text(&get(&registry, &path, &[]));
        for raw in ["<script", "<img src=x", "<b>", "\"><img", "</title><script"] {
            assert!(!page.contains(raw), "{path} holds {raw}: {page}");
        }
        assert!(page.contains("&lt;script&gt;"), "{path}: {page}");
    }
    let search = text(&get(&registry, "/?q=%3Cscript%3E", &[]));
    assert!(search.contains(r#"value="&lt;script&gt;""#), "{search}");
    assert!(search.contains(SIREN_A), "{search}");
    // Direction marks stay inside their <bdi>.
    let org = text(&get(&registry, &format!("/organizations/{SIREN_A}"), &[]));
    assert!(org.contains("<bdi>&lt;script&gt;alert(&quot;org&quot;)&lt;/script&gt; &amp; 'Guillemets' \u{202e}droite-à-gauche</bdi>"), "{org}");
}

#[test]
fn pages_are_answered_304_while_unchanged() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    client.submit(&choice(SIREN_A, "Exemple Santé SAS", "public"));
    client.submit(&product_document(SIREN_A, "exemple-lgc"));
    for path in [
        "/".to_owned(),
        format!("/organizations/{SIREN_A}"),
        format!("/organizations/{SIREN_A}/products/exemple-lgc"),
        format!("/organizations/{SIREN_A}/products/exemple-lgc/badge.svg"),
        "/directory.css".to_owned(),
    ] {
        let first = get(&registry, &path, &[]);
        assert_eq!(first.status, 200);
        let etag = first.header("etag").unwrap().to_owned();
        let again = get(&registry, &path, &[("If-None-Match", &etag)]);
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        let other = get(&registry, &path, &[("If-None-Match", "\"other\"")]);
        assert_eq!(other.status, 200, "{path}");
        if path != "/directory.css" {
            let modified = first.header("last-modified").unwrap().to_owned();
            let since = get(&registry, &path, &[("If-Modified-Since", &modified)]);
            assert_eq!(since.status, 304, "{path}");
            let older = get(
                &registry,
                &path,
                &[("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")],
            );
            assert_eq!(older.status, 200, "{path}");
            // Another language is another page.
            let english = get(
                &registry,
                &path,
                &[("If-None-Match", &etag), ("Accept-Language", "en")],
            );
            assert_eq!(english.status, 200, "{path}");
            assert_eq!(first.header("vary"), Some("Accept-Language"));
        }
    }
    // A change makes a new page: the old ETag no longer matches.
    let path = format!("/organizations/{SIREN_A}/products/exemple-lgc");
    let etag = get(&registry, &path, &[])
        .header("etag")
        .unwrap()
        .to_owned();
    let mut changed = product_document(SIREN_A, "exemple-lgc");
    changed["product"]["version"] = json!("5.3.0");
    let answer = client.submit(&changed);
    assert_eq!(answer.status, 201, "{}", registry.log.contents());
    assert_eq!(
        get(&registry, &path, &[("If-None-Match", &etag)]).status,
        200
    );
    // Opting out: the page is gone, whatever the reader held.
    client.submit(&choice(SIREN_A, "Exemple Santé SAS", "private"));
    assert_eq!(get(&registry, &path, &[("If-None-Match", "*")]).status, 404);
}

#[test]
fn search_and_pagination() {
    let registry = Registry::start();
    // 45 public organizations, two of them with products, one private.
    for n in 0..46u32 {
        let siren = siren(10_000_000 + n);
        let client = registry.client(Some(&registry.token(&siren)));
        let name = format!("Éditeur {n:02}");
        let directory = if n == 45 { "private" } else { "public" };
        assert_eq!(client.submit(&choice(&siren, &name, directory)).status, 201);
        if n == 7 || n == 45 {
            let mut document = product_document(&siren, "radio");
            document["organization"]["name"] = json!(name);
            document["product"]["name"] = json!("Radiologie Plus");
            document["product"]["kind"] = json!("ris");
            client.submit(&document);
        }
    }
    let page = |query: &str| text(&get(&registry, query, &[]));
    let first = page("/");
    assert!(first.contains("45 organisations."), "{first}");
    assert!(first.contains("Éditeur 00") && first.contains("Éditeur 19"));
    assert!(!first.contains("Éditeur 20"));
    assert!(first.contains(r#"href="/?page=2""#), "{first}");
    let third = page("/?page=3");
    assert!(third.contains("Éditeur 40") && third.contains("Éditeur 44"));
    assert!(
        !third.contains("Éditeur 45"),
        "the private one is never listed"
    );
    assert!(third.contains(r#"href="/?page=2""#) && !third.contains("page=4"));
    // By name, SIREN, product name and kind, ignoring case.
    assert!(page("/?q=DITEUR+03").contains("1 organisation."));
    let by_siren = page(&format!("/?q={}", siren(10_000_011)));
    assert!(
        by_siren.contains("Éditeur 11") && by_siren.contains("1 organisation."),
        "{by_siren}"
    );
    let by_product = page("/?q=radiologie");
    assert!(
        by_product.contains("Éditeur 07") && by_product.contains("1 organisation."),
        "{by_product}"
    );
    assert!(page("/?q=RIS").contains("Éditeur 07"));
    assert!(page("/?q=%25").contains("Aucune organisation ne correspond."));
    // The search is carried on in the page links, the language too.
    let english = page("/?q=diteur&page=2&lang=en");
    assert!(
        english.contains(r#"href="/?q=diteur&amp;page=3&amp;lang=en""#),
        "{english}"
    );
    assert!(english.contains("45 organizations."));
}

#[test]
fn the_search_follows_renamed_organizations_and_products() {
    let registry = Registry::start();
    let siren = siren(20_000_000);
    let client = registry.client(Some(&registry.token(&siren)));
    assert_eq!(
        client
            .submit(&choice(&siren, "Alpha Santé", "public"))
            .status,
        201
    );
    let product = |id: &str, name: &str, kind: &str, organization: &str| {
        let mut document = product_document(&siren, id);
        document["organization"]["name"] = json!(organization);
        document["product"]["name"] = json!(name);
        document["product"]["kind"] = json!(kind);
        let answer = client.submit(&document);
        assert_eq!(answer.status, 201, "{}", text(&answer));
    };
    let found = |query: &str| {
        let page = text(&get(&registry, &format!("/?q={query}"), &[]));
        if page.contains("1 organisation.") {
            true
        } else {
            assert!(page.contains("Aucune organisation"), "{page}");
            false
        }
    };
    product("radio", "Radiologie Plus", "ris", "Alpha Santé");
    product("labo", "Labo Net", "sgl", "Alpha Santé");
    assert!(found("radiologie") && found("labo") && found("sgl") && found("alpha"));
    // A product renamed: its old name is no longer found, the others still are.
    product("radio", "Imagerie Pro", "drimbox", "Alpha Santé");
    assert!(!found("radiologie") && !found("ris"));
    assert!(found("imagerie") && found("drimbox") && found("labo"));
    // The organization renamed by a product's submission.
    product("dpi", "Dossier Patient", "dpi", "Beta Santé");
    assert!(!found("alpha"));
    assert!(found("beta") && found("dossier") && found("imagerie") && found("labo"));
    // Another product of the same name and kind, then one of them renamed:
    // the other still finds the organization.
    product("dpi-2", "Dossier Patient", "dpi", "Beta Santé");
    product("dpi", "Dossier Clinique", "dpi", "Beta Santé");
    assert!(found("dossier+patient") && found("dossier+clinique"));
    // A withdrawn product keeps its name in the search, as on the pages.
    let withdrawal = json!({
        "schema": 2,
        "organization": { "siren": siren, "name": "Beta Santé" },
        "product": { "id": "labo" },
        "withdrawn": true
    });
    assert_eq!(client.submit(&withdrawal).status, 201);
    assert!(found("labo"));
}

#[test]
fn a_restored_dump_keeps_the_latest_choice_replays_included() {
    if crate::support::on_postgres() {
        return; // load restores into SQLite
    }
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    client.submit(&product_document(SIREN_A, "exemple-lgc"));
    client.submit(&choice(SIREN_A, "Exemple Santé SAS", "public"));
    client.submit(&choice(SIREN_A, "Exemple Santé SAS", "private"));
    // The first choice again: a replay, and the current choice.
    assert_eq!(
        client
            .submit(&choice(SIREN_A, "Exemple Santé SAS", "public"))
            .status,
        200
    );
    let organization = format!("/organizations/{SIREN_A}");
    assert_eq!(get(&registry, &organization, &[]).status, 200);

    let run = |args: &[&str]| {
        crate::support::registry_command()
            .args(args)
            .output()
            .unwrap()
    };
    let dumped = run(&["dump", "--db", registry.db.to_str().unwrap()]);
    assert!(dumped.status.success(), "{dumped:?}");
    let file = registry.dir.path().join("dump.jsonl");
    std::fs::write(&file, &dumped.stdout).unwrap();
    let restored = Registry::start_in(|dir, config| {
        let db = dir.join("registry.sqlite3");
        let loaded = run(&["load", "--db", db.to_str().unwrap(), file.to_str().unwrap()]);
        assert!(loaded.status.success(), "{loaded:?}");
        config
    });
    assert_eq!(get(&restored, &organization, &[]).status, 200);
    let product = get(
        &restored,
        &format!("{organization}/products/exemple-lgc"),
        &[],
    );
    assert_eq!(product.status, 200);
    // `latest` of the restored registry still leaves the choice out.
    let restored_client = restored.client(Some(&restored.token(SIREN_A)));
    let latest = restored_client.get(&format!("/v1/organizations/{SIREN_A}/submissions/latest"));
    assert_eq!(latest.json().as_array().unwrap().len(), 1);
}

#[test]
fn the_history_links_each_submission_to_its_inclusion_proof() {
    let registry = Registry::start();
    let client = registry.client(Some(&registry.token(SIREN_A)));
    let receipts = publish(&registry, &client);
    // The withdrawn product's declarations, then its withdrawal.
    let (declared, withdrawn) = (&receipts[3], &receipts[4]);
    let page = text(&get(
        &registry,
        &format!("/organizations/{SIREN_A}/products/ancien-dpi"),
        &[],
    ));
    for receipt in [withdrawn, declared] {
        let index = receipt["log"]["index"].as_u64().unwrap();
        let link = format!(
            "/v1/log/proof/inclusion?index={index}&amp;size={}",
            index + 1
        );
        let row = page
            .split("<tr>")
            .find(|row| row.contains(receipt["id"].as_str().unwrap()))
            .unwrap_or_else(|| panic!("no row of {}: {page}", receipt["id"]));
        assert!(
            row.contains("✓ vérifiée dans le journal (entrée ") && row.contains(&link),
            "{row}"
        );
        // The proof the page links to is the one the receipt carries.
        let proof = get(&registry, &link.replace("&amp;", "&"), &[]);
        assert_eq!(proof.status, 200);
        let proof = proof.json();
        assert_eq!(proof["index"], index);
        assert_eq!(proof["inclusion"], receipt["log"]["inclusion"]);
    }
    let english = text(&get(
        &registry,
        &format!("/organizations/{SIREN_A}/products/ancien-dpi?lang=en"),
        &[],
    ));
    assert!(
        english.contains("✓ verified in the log (entry "),
        "{english}"
    );
    assert!(english.contains("inclusion proof (JSON)"));
}

#[test]
fn the_stylesheet_has_a_print_layout_without_navigation() {
    let registry = Registry::start();
    let css = get(&registry, "/directory.css", &[]);
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let css = text(&css);
    let print = &css[css.find("@media print").expect("a print layout")..];
    // Navigation, the search form and the pagination are not printed; the
    // wide tables print whole instead of scrolling.
    let hidden = print[..print.find('}').unwrap()].to_owned();
    for selector in ["header nav", "form[role=\"search\"]", ".pages", ".crumbs"] {
        assert!(hidden.contains(selector), "{selector} is printed: {print}");
    }
    assert!(print.contains(".wide { overflow: visible; }"), "{print}");
}
