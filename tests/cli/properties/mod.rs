//! Properties checked on generated values, in-process through the
//! functions the commands use, one family to a file:
//!
//! - `export_import.rs`: `export` then `import` is the identity: importing
//!   the exported rows (CSV and JSONL) into the same manifest writes
//!   nothing, and importing them into the manifest without its
//!   declarations recreates them;
//! - `edits.rs`: an edit (`declare`, `commit`, `product add`,
//!   `product set`, `product remove`, `import`) leaves every line outside
//!   the entries it changes byte for byte as it was, in order, and the
//!   result is a valid manifest holding the values written;
//! - `twin.rs`: in both, every edit is also made by the editor that reads
//!   the manifest whole, and the two editors write the same text;
//! - `canonical_json.rs`: the client and the registry write the same
//!   canonical JSON of any JSON value, so they hash the same digest.
//!
//! This file holds the generated manifests the first three share and the
//! ways to read manifests back; `layout.rs` writes the manifests.
//!
//! The manifests have one to three products whose kinds and services come
//! from the embedded catalogue, commitments and declarations of every status
//! for requirements that apply, with due and declaration dates,
//! justifications and evidence of every kind (links, files, references,
//! proofs the requirements define), and values full of separators, escapes,
//! quotes, line breaks, non-ASCII and surrounding spaces. They are written
//! in every layout TOML allows: comments everywhere, blank lines, CRLF or LF,
//! sections or arrays of inline tables, evidence inline or as sub-tables,
//! quoted keys, odd spacing, every kind of string.
//!
//! Each property runs 256 cases (seconds in a debug build); `PROPTEST_CASES`
//! sets another count, as in
//! `PROPTEST_CASES=5000 cargo test --test cli properties`. A failing case
//! is saved beside the others of its file, in
//! `tests/proptest-regressions/properties/` (`edits.txt` for `edits.rs`),
//! and tried first on every later run.

mod canonical_json;
mod edits;
mod export_import;
mod layout;
mod twin;

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use charte::catalogue::{sha256_hex, Embedded, Proof, Referential, Resolved, Scope};
use charte::commands::import::{self, Input};
use charte::date::Date;
use charte::diag::{Diagnostic, Source};
use charte::edit::bulk::{self, Format};
use charte::evidence::Disk;
use charte::manifest::{
    self, siren_is_valid, EvidenceItem, Manifest, ProductRecord, Record, RequirementRef, Status,
    EVIDENCE_KINDS, KINDS,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence, Index};
use proptest::test_runner::TestCaseError;

use crate::support::TODAY;
use layout::{write_manifest, Layout};

/// Cases per property unless `PROPTEST_CASES` says otherwise: enough to
/// cover every layout on each run, and quick in a debug build.
const CASES: u32 = 256;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

fn today() -> Date {
    TODAY.parse().unwrap()
}

// ── The embedded catalogue ──────────────────────────────────────────────

/// The newest version of every referential of the embedded catalogue, and
/// the services and profiles its requirements mention.
struct Catalogue {
    referentials: Vec<Resolved>,
    services: Vec<String>,
    profiles: Vec<String>,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let index = Embedded::index().unwrap();
        let mut referentials = Vec::new();
        let (mut services, mut profiles) = (Vec::new(), Vec::new());
        for entry in &index.referentials {
            let v = entry
                .versions
                .iter()
                .filter(|v| !v.yanked)
                .max_by(|a, b| a.version.cmp(&b.version))
                .unwrap();
            let text = std::str::from_utf8(Embedded::file(&v.url).unwrap()).unwrap();
            let doc = Referential::parse(text).unwrap();
            for req in &doc.requirements {
                for (into, from) in [
                    (&mut services, &req.applies_to.services),
                    (&mut profiles, &req.applies_to.profiles),
                ] {
                    for s in from {
                        if !into.contains(s) {
                            into.push(s.clone());
                        }
                    }
                }
            }
            referentials.push(Resolved {
                doc,
                sha256: v.sha256.clone(),
                source: "embedded".to_string(),
            });
        }
        Catalogue {
            referentials,
            services,
            profiles,
        }
    })
}

/// A requirement that can be declared, and the proofs it defines.
struct Target {
    reference: RequirementRef,
    proofs: &'static [Proof],
}

/// The product requirements that apply to `p`.
fn product_targets(p: &ProductRecord) -> Vec<Target> {
    targets(Scope::Product, |req| {
        req.applies_to
            .mismatch(&p.kind, &p.services, &p.profiles)
            .is_none()
    })
}

/// The organization's requirements that apply to one of its products.
fn organization_targets(products: &[ProductRecord]) -> Vec<Target> {
    let mut kinds = Vec::new();
    let mut services = Vec::new();
    let mut profiles = Vec::new();
    for p in products {
        kinds.push(p.kind.clone());
        services.extend(p.services.iter().cloned());
        profiles.extend(p.profiles.iter().cloned());
    }
    targets(Scope::Organization, |req| {
        req.applies_to
            .mismatch_any(&kinds, &services, &profiles)
            .is_none()
    })
}

fn targets(scope: Scope, applies: impl Fn(&charte::catalogue::Requirement) -> bool) -> Vec<Target> {
    let mut out = Vec::new();
    for r in &catalogue().referentials {
        if r.doc.scope != scope {
            continue;
        }
        for req in r.doc.requirements.iter().filter(|req| applies(req)) {
            out.push(Target {
                reference: RequirementRef {
                    referential: r.doc.id.clone(),
                    requirement: req.id.clone(),
                },
                proofs: &req.proofs,
            });
        }
    }
    out
}

// ── Values ──────────────────────────────────────────────────────────────

/// Pieces of text values: the bulk formats' separators and escapes, TOML's
/// quotes and escapes, line breaks, controls, non-ASCII, spaces.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "0",
    "Médilune",
    "naïve",
    "ß",
    "€",
    "中文",
    "🩺",
    " ",
    "  ",
    "\t",
    "\u{a0}",
    "\u{2028}",
    "\u{feff}",
    ";",
    "|",
    "%",
    "%3B",
    "%7c",
    "%25",
    "%3D",
    "=",
    ":",
    ",",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "\\",
    "\\n",
    "#",
    "[[declaration]]",
    "{",
    "}",
    "\n",
    "\r\n",
    "\r",
    "\u{0}",
    "\u{1b}",
    "\u{7f}",
    "proof:X=Y",
    "url:https://a",
];

/// A text that is not blank, as the manifest requires of its strings.
fn text() -> impl Strategy<Value = String> {
    vec(select(PIECES), 1..7)
        .prop_map(|pieces| pieces.concat())
        .prop_filter("blank", |s| !s.trim().is_empty())
}

const URL_PIECES: &[&str] = &[
    "a", "preuve", "é", "中", "%20", "%3B", "%7C", "%25", "%3D", "%", ";", "|", "=", "?q=1", "&",
    "#frag", "'", "\"", " ", "\t", "~", "/", ":", ",", "\n",
];

/// A link the manifest accepts. Links and paths never end in spaces: the
/// CSV evidence cell trims them there (only references are kept exactly).
fn url() -> impl Strategy<Value = String> {
    const HOSTS: &[&str] = &[
        "https://preuves.example",
        "https://convergence.example:8443",
        "https://xn--prv-bma.example",
        "http://127.0.0.1:8080",
        "http://localhost",
        "http://[::1]",
    ];
    (select(HOSTS), vec(select(URL_PIECES), 0..6))
        .prop_map(|(host, path)| format!("{host}/{}", path.concat()).trim_end().to_string())
}

/// Links a manifest refuses: import must refuse them too.
const WILD_URLS: &[&str] = &[
    "http://intranet.example/preuve",
    "https://exa mple.example/x",
    "https://",
    "http://192.0.2.1/rapport",
];

const PATH_PIECES: &[&str] = &[
    "a", "rapport", "é", "中", " ", "-", "_", ";", "|", "%", "%3B", "%25", "=", ":", "'", "\"",
    "#", "\n", "[", "]", "{", "}", "\\", "🩺", ".pdf",
];

/// A file inside the manifest's folder: folders never end in `.pdf`, files
/// always do, so that no generated file is another's folder.
fn path() -> impl Strategy<Value = String> {
    let segment = || {
        vec(select(PATH_PIECES), 1..4).prop_map(|p| {
            let s = p.concat();
            let s = s.trim_end_matches(".pdf");
            format!("d{s}")
        })
    };
    (vec(segment(), 0..3), vec(select(PATH_PIECES), 0..4)).prop_map(|(dirs, file)| {
        let mut path: Vec<String> = dirs;
        path.push(format!("{}.pdf", file.concat()));
        path.join("/")
    })
}

fn date() -> impl Strategy<Value = Date> {
    let year = prop_oneof![9 => 1990i32..2040, 1 => 1i32..=9999];
    (year, 1u32..=12, 1u32..=31).prop_filter_map("no such day", |(y, m, d)| Date::from_ymd(y, m, d))
}

fn siren() -> impl Strategy<Value = String> {
    vec(0u8..10, 8).prop_map(|digits| {
        let head: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        (0..10)
            .map(|check| format!("{head}{check}"))
            .find(|s| siren_is_valid(s))
            .unwrap()
    })
}

/// An evidence item before it knows its requirement's proofs.
#[derive(Clone, Debug)]
struct ItemSeed {
    proof: Option<Index>,
    kind: Option<&'static str>,
    /// Which of ref (1), url (2) and path (4) it has.
    locators: u8,
    reference: String,
    url: String,
    path: String,
    /// A digest on a link too, which the manifest allows.
    url_digest: bool,
    date: Option<Date>,
}

fn item_seed() -> impl Strategy<Value = ItemSeed> {
    (
        proptest::option::of(any::<Index>()),
        proptest::option::of(select(EVIDENCE_KINDS)),
        1u8..8,
        text(),
        (url(), path()),
        any::<bool>(),
        proptest::option::of(date()),
    )
        .prop_map(
            |(proof, kind, locators, reference, (url, path), url_digest, date)| ItemSeed {
                proof,
                kind,
                locators,
                reference,
                url,
                path,
                url_digest: url_digest && locators & 2 != 0 && locators & 4 == 0,
                date,
            },
        )
}

impl ItemSeed {
    fn item(&self, proofs: &[Proof]) -> EvidenceItem {
        let has = |bit: u8| self.locators & bit != 0;
        let path = has(4).then(|| self.path.clone());
        let url = has(2).then(|| self.url.clone());
        let reference = if has(1) || (path.is_none() && url.is_none()) {
            Some(self.reference.clone())
        } else {
            None
        };
        let sha256 = match (&path, &url) {
            (Some(p), _) => Some(file_digest(p)),
            (None, Some(u)) if self.url_digest => Some(sha256_hex(u.as_bytes())),
            _ => None,
        };
        EvidenceItem {
            proof: match (self.proof, proofs.is_empty()) {
                (Some(i), false) => Some(i.get(proofs).id.clone()),
                _ => None,
            },
            kind: self.kind.map(str::to_string),
            reference,
            url,
            path,
            sha256,
            date: self.date,
        }
    }
}

/// What a generated evidence file holds: its own path.
fn file_digest(path: &str) -> String {
    sha256_hex(path.as_bytes())
}

/// What a declaration or commitment says, before it knows what it is about.
#[derive(Clone, Debug)]
struct Body {
    status: Status,
    justification: String,
    /// A justification even where the status does not need one.
    justified: bool,
    due: Date,
    /// A due date even for another status than planned.
    dated_due: bool,
    declared: Option<Date>,
    evidence: Vec<ItemSeed>,
}

fn body() -> impl Strategy<Value = Body> {
    (
        select(&Status::ALL[..]),
        text(),
        prop::bool::weighted(0.3),
        date(),
        prop::bool::weighted(0.1),
        prop_oneof![4 => date().prop_map(Some), 1 => Just(None)],
        vec(item_seed(), 0..4),
    )
        .prop_map(
            |(status, justification, justified, due, dated_due, declared, evidence)| Body {
                status,
                justification,
                justified,
                due,
                dated_due,
                declared,
                evidence,
            },
        )
}

impl Body {
    fn record(&self, product: Option<String>, target: &Target) -> Record {
        Record {
            product,
            requirement: target.reference.clone(),
            status: self.status,
            justification: (self.justified || self.status.needs_justification())
                .then(|| self.justification.clone()),
            due: (self.dated_due || self.status == Status::Planned).then_some(self.due),
            declared: self.declared,
            evidence: self
                .evidence
                .iter()
                .map(|e| e.item(target.proofs))
                .collect(),
        }
    }
}

fn product() -> impl Strategy<Value = ProductRecord> {
    let cat = catalogue();
    let id_chars: Vec<char> = ('a'..='z').chain('0'..='9').chain(['-']).collect();
    (
        vec(select(id_chars), 1..8),
        text(),
        text(),
        select(KINDS),
        subsequence(cat.services.clone(), 0..=cat.services.len().min(4)),
        subsequence(cat.profiles.clone(), 0..=cat.profiles.len().min(2)),
    )
        .prop_map(|(id, name, version, kind, services, profiles)| {
            let id: String = id.into_iter().collect();
            ProductRecord {
                // Made unique by the manifest; never starting with a dash.
                id: format!("p{id}"),
                name,
                version,
                kind: kind.to_string(),
                services,
                profiles,
            }
        })
}

#[derive(Clone, Debug)]
struct Organization {
    name: String,
    siren: String,
    federation: Option<String>,
    charter_signed: Option<Date>,
    contact: String,
}

fn organization() -> impl Strategy<Value = Organization> {
    (
        text(),
        siren(),
        proptest::option::of(text()),
        proptest::option::of(date()),
        select(&["conformite@exemple.fr", "qualité@médilune.example"][..]),
    )
        .prop_map(
            |(name, siren, federation, charter_signed, contact)| Organization {
                name,
                siren,
                federation,
                charter_signed,
                contact: contact.to_string(),
            },
        )
}

/// What a generated manifest holds.
#[derive(Clone, Debug)]
struct Model {
    organization: Organization,
    /// `id@major` in `use` rather than `id`.
    pinned: bool,
    registry: bool,
    products: Vec<ProductRecord>,
    commitments: Vec<Record>,
    declarations: Vec<Record>,
}

fn model() -> impl Strategy<Value = Model> {
    (
        organization(),
        any::<(bool, bool)>(),
        vec(product(), 1..=3),
        vec((any::<Index>(), any::<Index>(), body()), 0..10),
        vec((any::<Index>(), body()), 0..5),
    )
        .prop_map(
            |(organization, (pinned, registry), products, decls, commits)| {
                let products: Vec<ProductRecord> = products
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| ProductRecord {
                        id: format!("{}-{i}", p.id),
                        ..p
                    })
                    .collect();
                let mut seen = HashSet::new();
                let mut declarations = Vec::new();
                for (p, t, body) in decls {
                    let p = p.get(&products);
                    let targets = product_targets(p);
                    if targets.is_empty() {
                        continue;
                    }
                    let target = t.get(&targets);
                    let record = body.record(Some(p.id.clone()), target);
                    if seen.insert(record.key()) {
                        declarations.push(record);
                    }
                }
                let targets = organization_targets(&products);
                let mut commitments = Vec::new();
                for (t, body) in commits {
                    if targets.is_empty() {
                        break;
                    }
                    let record = body.record(None, t.get(&targets));
                    if seen.insert(record.key()) {
                        commitments.push(record);
                    }
                }
                Model {
                    organization,
                    pinned,
                    registry,
                    products,
                    commitments,
                    declarations,
                }
            },
        )
}

/// Writes the evidence files the records name into `dir`.
fn write_files<'a>(dir: &Path, records: impl IntoIterator<Item = &'a Record>) {
    for r in records {
        for path in r.evidence.iter().filter_map(|e| e.path.as_deref()) {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, path.as_bytes()).unwrap();
        }
    }
}

// ── Reading manifests back ──────────────────────────────────────────────

fn parse(text: &str) -> Result<Manifest, String> {
    manifest::parse(&Source::new("charte.toml", text.to_string())).map_err(|diags| {
        let source = Source::new("charte.toml", text.to_string());
        describe(&source, &diags)
    })
}

fn describe(source: &Source, diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let line = d.span.map_or(0, |s| source.line_col(s.start()).line);
            format!("{}:{line}: {}", source.name, d.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a manifest holds, as plain values.
#[derive(Clone, Debug, PartialEq)]
struct Values {
    products: Vec<ProductRecord>,
    commitments: Vec<Record>,
    declarations: Vec<Record>,
}

fn values(m: &Manifest) -> Values {
    Values {
        products: m.products.iter().map(ProductRecord::from).collect(),
        commitments: m.commitments.iter().map(Record::from).collect(),
        declarations: m.declarations.iter().map(Record::from).collect(),
    }
}

/// `have` is `want`, or a failure showing how they differ, then `context`.
fn same<T: std::fmt::Debug + PartialEq>(
    have: &T,
    want: &T,
    context: &str,
) -> Result<(), TestCaseError> {
    if have == want {
        return Ok(());
    }
    let (have, want) = (format!("{have:#?}\n"), format!("{want:#?}\n"));
    let diff = similar::TextDiff::from_lines(&want, &have)
        .unified_diff()
        .header("expected", "found")
        .to_string();
    Err(TestCaseError::fail(format!("{diff}\n{context}")))
}

/// The text `want`, or a failure showing the lines that differ.
fn same_text(have: &str, want: &str, context: &str) -> Result<(), TestCaseError> {
    if have == want {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(want, have)
        .unified_diff()
        .header("expected", "found")
        .to_string();
    Err(TestCaseError::fail(format!("{context}:\n{diff}")))
}

/// Generates a manifest and checks it says what was generated.
fn generated(m: &Model, style: &[u8]) -> Result<(String, Layout, Manifest), TestCaseError> {
    let (text, layout) = write_manifest(m, style);
    let parsed = parse(&text).map_err(|e| {
        TestCaseError::fail(format!("the generated manifest is invalid:\n{e}\n{text}"))
    })?;
    same(
        &values(&parsed),
        &Values {
            products: m.products.clone(),
            commitments: m.commitments.clone(),
            declarations: layout.declarations.clone(),
        },
        &format!("the manifest reads otherwise than generated:\n{text}"),
    )?;
    Ok((text, layout, parsed))
}

/// Reads rows as `charte import` does: every problem of the file.
fn read_rows(bytes: &[u8], format: Format) -> Result<Vec<bulk::Row>, String> {
    let parsed = bulk::parse("rows", bytes, format);
    let mut problems = parsed.problems;
    problems.extend(bulk::repeats(&parsed.rows, &parsed.source));
    if problems.is_empty() {
        Ok(parsed.rows)
    } else {
        Err(describe(&parsed.source, &problems))
    }
}

/// What `charte import` would do with rows on a manifest: the plan, or
/// every problem.
fn plan(
    rows: &[bulk::Row],
    manifest: &Manifest,
    text: &str,
    dir: &Path,
) -> Result<import::Plan, String> {
    let source = Source::new("charte.toml", text.to_string());
    let disk = Disk::new(dir);
    let input = Input {
        manifest,
        source: &source,
        referentials: &catalogue().referentials,
        files: &disk,
        today: today(),
        force: false,
        replace: false,
        explain: None,
    };
    import::plan(rows.to_vec(), &input).map_err(|diags| describe(&source, &diags))
}

fn export(records: &[Record], format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    bulk::write(records, format, &mut out).unwrap();
    out
}
