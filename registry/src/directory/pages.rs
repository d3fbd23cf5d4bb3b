//! The directory's HTML pages, written with maud: every interpolated
//! string is escaped by construction. Valid HTML5, no script, one
//! stylesheet; accessible by construction (a `lang`, a skip link,
//! landmarks, headings in order, labelled search field, tables with
//! captions and header cells).

use std::collections::BTreeMap;

use maud::{html, Markup, DOCTYPE};
use serde_json::Value;

use super::model::{Counts, Listing, Organization, Product, PAGE_SIZE};
use super::sources::Sources;
use super::text::Lang;

/// How a page links to others: its language, carried on in links when the
/// reader chose it with `?lang=`.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub lang: Lang,
    pub explicit: bool,
    /// This page's path, for the link to the other language.
    pub path: &'a str,
}

impl Ctx<'_> {
    /// `path` with `params` (empty values left out) and, when chosen, the language.
    fn href(&self, path: &str, params: &[(&str, &str)]) -> String {
        let mut query: Vec<String> = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        if self.explicit {
            query.push(format!("lang={}", self.lang.code()));
        }
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", query.join("&"))
        }
    }

    fn t(&self, fr: &'static str, en: &'static str) -> &'static str {
        self.lang.t(fr, en)
    }
}

/// Percent-encodes a query value (unreserved characters kept).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn layout(ctx: Ctx<'_>, title: &str, query: &[(&str, &str)], body: Markup) -> String {
    let other = ctx.lang.other();
    let mut switch: Vec<String> = query
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    switch.push(format!("lang={}", other.code()));
    let switch = format!("{}?{}", ctx.path, switch.join("&"));
    let site = ctx.t(
        "Annuaire des engagements e-santé",
        "Directory of e-health commitments",
    );
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — " (site) }
                link rel="stylesheet" href="/directory.css";
            }
            body {
                a class="skip" href="#contenu" { (ctx.t("Aller au contenu", "Skip to content")) }
                header {
                    p class="site" { a href=(ctx.href("/", &[])) { (site) } }
                    nav aria-label=(ctx.t("Langue", "Language")) {
                        a href=(switch) hreflang=(other.code()) lang=(other.code()) {
                            (other.t("Français", "English"))
                        }
                    }
                }
                main id="contenu" { (body) }
                footer {
                    p { (ctx.t(
                        "Déclarations des éditeurs, auto-déclarées : ni certification, ni label, ni référencement. Seules les organisations qui l'ont choisi (charte submit --public) figurent dans cet annuaire.",
                        "The publishers' own declarations, self-declared: neither a certification, nor a label, nor a referencing. Only organizations that chose to (charte submit --public) are listed in this directory."
                    )) }
                }
            }
        }
    }
    .into_string()
}

/// `/`: the search and one page of organizations.
pub fn index(ctx: Ctx<'_>, search: &str, page: u64, listing: &Listing) -> String {
    let pages = listing.total.div_ceil(PAGE_SIZE).max(1);
    let title = ctx.t("Éditeurs", "Publishers");
    let number = (page + 1).to_string();
    let body = html! {
        h1 { (title) }
        form role="search" method="get" action="/" {
            label for="q" { (ctx.t("Rechercher un éditeur, un SIREN, un produit ou un type de produit", "Search a publisher, a SIREN, a product or a kind of product")) }
            div class="field" {
                input type="search" id="q" name="q" value=(search);
                @if ctx.explicit { input type="hidden" name="lang" value=(ctx.lang.code()); }
                button type="submit" { (ctx.t("Rechercher", "Search")) }
            }
        }
        p role="status" {
            @match (listing.total, ctx.lang) {
                (0, _) => (ctx.t("Aucune organisation ne correspond.", "No organization matches.")),
                (1, _) => (ctx.t("1 organisation.", "1 organization.")),
                (n, Lang::Fr) => (format!("{n} organisations.")),
                (n, Lang::En) => (format!("{n} organizations.")),
            }
        }
        @if !listing.rows.is_empty() {
            table {
                caption { (ctx.t("Organisations ayant choisi de figurer dans l'annuaire", "Organizations that chose to be listed")) }
                thead { tr {
                    th scope="col" { (ctx.t("Organisation", "Organization")) }
                    th scope="col" { "SIREN" }
                    th scope="col" class="n" { (ctx.t("Produits", "Products")) }
                } }
                tbody {
                    @for row in &listing.rows {
                        tr {
                            th scope="row" { a href=(ctx.href(&format!("/organizations/{}", row.siren), &[])) { bdi { (row.name) } } }
                            td class="siren" { (row.siren) }
                            td class="n" { (row.products) }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav aria-label=(ctx.t("Pagination", "Pagination")) class="pages" {
                @if page > 0 {
                    a rel="prev" href=(ctx.href("/", &[("q", search), ("page", &page.to_string())])) { (ctx.t("Page précédente", "Previous page")) }
                }
                span { (ctx.lang.fill(ctx.t("Page {}", "Page {}"), &number)) " / " (pages) }
                @if page + 1 < pages {
                    a rel="next" href=(ctx.href("/", &[("q", search), ("page", &(page + 2).to_string())])) { (ctx.t("Page suivante", "Next page")) }
                }
            }
        }
    };
    let page_text = if page > 0 {
        number.clone()
    } else {
        String::new()
    };
    layout(ctx, title, &[("q", search), ("page", &page_text)], body)
}

fn rate(ctx: Ctx<'_>, counts: &Counts) -> Markup {
    let (conform, applicable) = (counts.conform, counts.applicable);
    let basis = match ctx.lang {
        Lang::Fr => {
            let s = |n: u64| if n > 1 { "s" } else { "" };
            format!(
                "({conform} conforme{}, preuves à l'appui, sur {applicable} applicable{})",
                s(conform),
                s(applicable)
            )
        }
        Lang::En => format!("({conform} conform with proofs, of {applicable} applicable)"),
    };
    html! {
        strong { (ctx.lang.percent(counts.conformity)) }
        " "
        span class="basis" { (basis) }
    }
}

fn time(ctx: Ctx<'_>, rfc3339: &str) -> Markup {
    html! { time datetime=(rfc3339) { (ctx.lang.date(rfc3339)) } }
}

/// The declarations of a document that are not `conform`: requirement,
/// status, due date or justification, as the statement lists gaps.
fn gaps(ctx: Ctx<'_>, document: &Value, caption: &str) -> Markup {
    let declarations = document["declarations"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let open: Vec<&Value> = declarations
        .iter()
        .filter(|d| d["status"] != "conform")
        .collect();
    html! {
        @if open.is_empty() {
            p { (ctx.t("Aucune déclaration autre que conforme.", "No declaration other than conform.")) }
        } @else {
            table {
                caption { (caption) }
                thead { tr {
                    th scope="col" { (ctx.t("Exigence", "Requirement")) }
                    th scope="col" { (ctx.t("État", "Status")) }
                    th scope="col" { (ctx.t("Échéance ou justification", "Due date or justification")) }
                } }
                tbody {
                    @for d in open {
                        tr {
                            th scope="row" { code { (d["requirement"].as_str().unwrap_or_default()) } }
                            td { (ctx.lang.status(d["status"].as_str().unwrap_or_default())) }
                            td { (detail(ctx, d)) }
                        }
                    }
                }
            }
        }
    }
}

fn detail(ctx: Ctx<'_>, d: &Value) -> String {
    let mut parts = Vec::new();
    if let (Some(due), Some("planned")) = (d["due"].as_str(), d["status"].as_str()) {
        parts.push(
            ctx.lang
                .fill(ctx.t("échéance le {}", "due on {}"), &ctx.lang.date(due)),
        );
    }
    if let Some(justification) = d["justification"].as_str() {
        parts.push(justification.to_owned());
    }
    parts.join(" ; ")
}

/// `/organizations/{siren}`.
pub fn organization(ctx: Ctx<'_>, org: &Organization) -> String {
    let body = html! {
        nav aria-label=(ctx.t("Fil d'Ariane", "Breadcrumb")) class="crumbs" {
            a href=(ctx.href("/", &[])) { (ctx.t("Éditeurs", "Publishers")) }
        }
        h1 { bdi { (org.name) } }
        dl {
            dt { "SIREN" } dd { (org.siren) }
        }
        h2 { (ctx.t("Engagements de la charte", "Charter commitments")) }
        @match &org.commitments {
            Some((row, document)) => {
                @if let Some(counts) = &row.counts {
                    p { (ctx.t("Engagements tenus : ", "Commitments kept: ")) (rate(ctx, counts)) ", " (ctx.t("déclarés le ", "declared on ")) (time(ctx, &row.received_at)) "." }
                }
                (gaps(ctx, document, ctx.t("Engagements qui ne sont pas déclarés conformes", "Commitments not declared conform")))
            }
            None => p { (ctx.t("Aucun engagement transmis.", "No commitment submitted.")) }
        }
        h2 { (ctx.t("Produits", "Products")) }
        @if org.products.is_empty() {
            p { (ctx.t("Aucun produit transmis.", "No product submitted.")) }
        } @else {
            table {
                caption { (ctx.t("Produits et taux de conformité de leur dernière déclaration", "Products and the conformity rate of their latest declaration")) }
                thead { tr {
                    th scope="col" { (ctx.t("Produit", "Product")) }
                    th scope="col" { (ctx.t("Type", "Kind")) }
                    th scope="col" { (ctx.t("Conformité", "Conformity")) }
                    th scope="col" { (ctx.t("Dernière soumission", "Last submission")) }
                } }
                tbody {
                    @for p in &org.products {
                        tr {
                            th scope="row" { a href=(ctx.href(&format!("/organizations/{}/products/{}", org.siren, p.id), &[])) { bdi { (p.title()) } } }
                            td { (p.kind.as_deref().unwrap_or_default()) }
                            td {
                                @match (&p.counts, p.withdrawn) {
                                    (_, true) => { (ctx.t("Retiré", "Withdrawn")) }
                                    (Some(counts), false) => { (rate(ctx, counts)) }
                                    (None, false) => {}
                                }
                            }
                            td { (time(ctx, &p.received_at)) }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &org.name, &[], body)
}

/// What a document declares for each referential it names: its version and
/// how many declarations have each status.
fn per_referential(document: &Value) -> Vec<(String, String, BTreeMap<String, u64>)> {
    let mut out: Vec<(String, String, BTreeMap<String, u64>)> = document["referentials"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            (text("id"), text("version"), BTreeMap::new())
        })
        .collect();
    for d in document["declarations"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let requirement = d["requirement"].as_str().unwrap_or_default();
        let Some((id, _)) = requirement.split_once(':') else {
            continue;
        };
        if let Some((_, _, counts)) = out.iter_mut().find(|(r, _, _)| r == id) {
            *counts
                .entry(d["status"].as_str().unwrap_or_default().to_owned())
                .or_default() += 1;
        }
    }
    out.retain(|(_, _, counts)| !counts.is_empty());
    out
}

const STATUSES: [&str; 5] = [
    "conform",
    "partial",
    "non-conform",
    "planned",
    "not-applicable",
];

/// `/organizations/{siren}/products/{id}`.
pub fn product(ctx: Ctx<'_>, p: &Product, sources: &Sources) -> String {
    let row = &p.row;
    let org_href = ctx.href(&format!("/organizations/{}", p.siren), &[]);
    // The badge in the language of the page, when the page was asked for in one.
    let badge = ctx.href(
        &format!("/organizations/{}/products/{}/badge.svg", p.siren, row.id),
        &[],
    );
    let body = html! {
        nav aria-label=(ctx.t("Fil d'Ariane", "Breadcrumb")) class="crumbs" {
            a href=(ctx.href("/", &[])) { (ctx.t("Éditeurs", "Publishers")) }
            " › "
            a href=(org_href) { bdi { (p.organization) } }
        }
        h1 { bdi { (row.title()) } }
        dl {
            dt { (ctx.t("Éditeur", "Publisher")) } dd { a href=(org_href) { bdi { (p.organization) } } " (SIREN " (p.siren) ")" }
            @if let Some(version) = &row.version { dt { (ctx.t("Version", "Version")) } dd { bdi { (version) } } }
            @if let Some(kind) = &row.kind { dt { (ctx.t("Type", "Kind")) } dd { (kind) } }
            dt { (ctx.t("État", "State")) }
            dd {
                @if row.withdrawn {
                    strong { (ctx.t("Retiré", "Withdrawn")) } " " (ctx.t("le ", "on ")) (time(ctx, &row.received_at))
                } @else {
                    (ctx.t("Déclaré le ", "Declared on ")) (time(ctx, &row.received_at))
                }
            }
        }
        @if let (Some(counts), Some(document), false) = (&row.counts, &p.document, row.withdrawn) {
            h2 { (ctx.t("Conformité", "Conformity")) }
            p { img src=(badge) alt=(ctx.lang.basis(counts)); }
            p { (rate(ctx, counts)) }
            div class="wide" role="region" tabindex="0" aria-label=(ctx.t("Décompte", "Counts")) { table {
                caption { (ctx.t("Décompte des exigences applicables (les conformes le sont preuves à l'appui)", "Count of the applicable requirements (conform ones with their proofs)")) }
                thead { tr {
                    th scope="col" { (ctx.t("Applicables", "Applicable")) }
                    th scope="col" { (ctx.t("Conformes", "Conform")) }
                    th scope="col" { (ctx.t("Déclarées conformes, preuve manquante ou expirée", "Declared conform, proof missing or out of date")) }
                    th scope="col" { (ctx.t("Partielles", "Partial")) }
                    th scope="col" { (ctx.t("Non conformes", "Non-conform")) }
                    th scope="col" { (ctx.t("Prévues", "Planned")) }
                    th scope="col" { (ctx.t("Non applicables", "Not applicable")) }
                    th scope="col" { (ctx.t("Non déclarées", "Not declared")) }
                } }
                tbody { tr {
                    @for n in [counts.applicable, counts.conform, counts.unsubstantiated, counts.partial, counts.non_conform, counts.planned, counts.not_applicable, counts.missing] {
                        td class="n" { (n) }
                    }
                } }
            } }
            h2 { (ctx.t("Par référentiel", "By referential")) }
            div class="wide" role="region" tabindex="0" aria-label=(ctx.t("Par référentiel", "By referential")) { table {
                caption { (ctx.t("Déclarations par référentiel et par état déclaré", "Declarations by referential and declared status")) }
                thead { tr {
                    th scope="col" { (ctx.t("Référentiel", "Referential")) }
                    th scope="col" { (ctx.t("Version", "Version")) }
                    @for status in STATUSES { th scope="col" class="n" { (ctx.lang.status(status)) } }
                } }
                tbody {
                    @for (id, version, counts) in per_referential(document) {
                        tr {
                            th scope="row" {
                                @match sources.get(&id, &version) {
                                    Some(source) => {
                                        a href=(source.url) lang="fr" { (source.title.as_deref().unwrap_or(&id)) }
                                        " " span class="id" { "(" code { (id) } ")" }
                                    }
                                    None => code { (id) }
                                }
                            }
                            td { (version) }
                            @for status in STATUSES { td class="n" { (counts.get(status).copied().unwrap_or(0)) } }
                        }
                    }
                }
            } }
            h2 { (ctx.t("Écarts", "Gaps")) }
            @if counts.missing > 0 || counts.unsubstantiated > 0 {
                p { (ctx.lang.fill(ctx.t("Exigences applicables sans déclaration : {}.", "Applicable requirements without a declaration: {}."), &counts.missing.to_string()))
                    " " (ctx.lang.fill(ctx.t("Déclarées conformes, preuve manquante ou expirée : {}.", "Declared conform, proof missing or out of date: {}."), &counts.unsubstantiated.to_string())) }
            }
            (gaps(ctx, document, ctx.t("Exigences qui ne sont pas déclarées conformes : état, échéance ou justification", "Requirements not declared conform: status, due date or justification")))
        }
        h2 { (ctx.t("Historique des soumissions", "Submission history")) }
        table {
            caption { (ctx.t("Soumissions reçues par le registre, la plus récente d'abord", "Submissions the registry received, newest first")) }
            thead { tr {
                th scope="col" { (ctx.t("Reçue le", "Received on")) }
                th scope="col" { (ctx.t("Reçu", "Receipt")) }
                th scope="col" { (ctx.t("Nature", "Kind")) }
                th scope="col" { (ctx.t("Journal de transparence", "Transparency log")) }
            } }
            tbody {
                @for s in &p.history {
                    tr {
                        th scope="row" { (time(ctx, &s.received_at)) }
                        td { code { (s.id) } }
                        td { @if s.withdrawn { (ctx.t("Retrait", "Withdrawal")) } @else { (ctx.t("Déclaration", "Declaration")) } }
                        td {
                            @if let Some((index, size)) = s.log {
                                "✓ " (ctx.t("vérifiée dans le journal", "verified in the log")) " "
                                "(" (ctx.t("entrée", "entry")) " " (index) (ctx.t(") : ", "): "))
                                a href=(format!("/v1/log/proof/inclusion?index={index}&size={size}")) type="application/json" {
                                    (ctx.t("preuve d'inclusion", "inclusion proof")) " (JSON)"
                                }
                            } @else {
                                (ctx.t("pas encore dans le journal", "not in the log yet"))
                            }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &row.title(), &[], body)
}

/// The page of a 404.
pub fn not_found(ctx: Ctx<'_>) -> String {
    let title = ctx.t("Page introuvable", "Page not found");
    let body = html! {
        h1 { (title) }
        p { (ctx.t("Cette page n'existe pas, ou l'organisation n'a pas choisi de figurer dans l'annuaire.", "This page does not exist, or the organization did not choose to be listed in the directory.")) }
        p { a href=(ctx.href("/", &[])) { (ctx.t("Rechercher un éditeur", "Search a publisher")) } }
    };
    layout(ctx, title, &[], body)
}
