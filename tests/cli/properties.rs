//! Properties checked on generated manifests, in-process through the
//! functions the commands use:
//!
//! - `export` then `import` is the identity: importing the exported rows
//!   (CSV and JSONL) into the same manifest writes nothing, and importing
//!   them into the manifest without its declarations recreates them;
//! - an edit (`declare`, `commit`, `product add`, `product set`,
//!   `product remove`, `import`) leaves every line outside the entries it
//!   changes byte for byte as it was, in order, and the result is a valid
//!   manifest holding the values written.
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
//! is saved in `tests/proptest-regressions/properties.txt` and tried first
//! on every later run.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use charte::catalogue::{sha256_hex, Embedded, Proof, Referential, Resolved, Scope};
use charte::commands::import::{self, Input};
use charte::date::Date;
use charte::diag::{Diagnostic, Source};
use charte::edit::bulk::{self, Format};
use charte::evidence::Disk;
use charte::manifest::edit::Editor;
use charte::manifest::{
    self, siren_is_valid, Change, EvidenceItem, Manifest, ProductRecord, Record, RequirementRef,
    Status, EVIDENCE_KINDS, KINDS,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence, Index};
use proptest::test_runner::TestCaseError;

use crate::support::{charte, stdout, TODAY};

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

// ── Writing manifests in many layouts ───────────────────────────────────

/// Formatting choices, read from generated bytes: bytes shrink towards
/// zero, and zero is always the plainest choice.
struct Dice<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The file has CRLF line endings.
    crlf: bool,
}

impl Dice<'_> {
    /// 0 to n - 1.
    fn roll(&mut self, n: usize) -> usize {
        let b = self.bytes[self.at % self.bytes.len()];
        self.at += 1;
        usize::from(b) % n
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.roll(n) == n - 1
    }
}

const COMMENTS: &[&str] = &[
    "# ── déclarations ──",
    "#",
    "#\tà revoir ; | % \"guillemets\" 'apostrophes'",
    "# [[declaration]]",
    "# status = \"conform\"",
    "# 中文 🩺 € ß",
    "#no space",
];

/// TOML for a string, in one of the four kinds of string. A line break
/// written as such in a multi-line string is the file's: `\r\n` in a CRLF
/// file, `\n` otherwise; other line breaks are escaped.
fn string(s: &str, d: &mut Dice) -> String {
    let newline = if d.crlf { "\r\n" } else { "\n" };
    let controls =
        |s: &str, allowed: &[char]| s.chars().any(|c| c.is_control() && !allowed.contains(&c));
    match d.roll(6) {
        1 if !s.contains('\'') && !controls(s, &['\t']) => format!("'{s}'"),
        2 => {
            // The line break after the opening quotes is not part of the value.
            let mut out = String::from("\"\"\"\n");
            for (i, part) in s.split(newline).enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.extend(part.chars().map(|c| escape_basic(c, false)));
            }
            out.push_str("\"\"\"");
            out
        }
        3 if !s.contains('\'') && !controls(&s.replace(newline, ""), &['\t']) => {
            format!("'''\n{}'''", s.replace(newline, "\n"))
        }
        // Non-ASCII as \u escapes.
        4 => format!(
            "\"{}\"",
            s.chars().map(|c| escape_basic(c, true)).collect::<String>()
        ),
        _ => format!(
            "\"{}\"",
            s.chars()
                .map(|c| escape_basic(c, false))
                .collect::<String>()
        ),
    }
}

fn escape_basic(c: char, unicode: bool) -> String {
    match c {
        '"' => "\\\"".to_string(),
        '\\' => "\\\\".to_string(),
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        '\t' if unicode => "\\t".to_string(),
        '\t' => "\t".to_string(),
        c if c.is_control() || (unicode && !c.is_ascii()) => {
            if u32::from(c) > 0xffff {
                format!("\\U{:08X}", u32::from(c))
            } else {
                format!("\\u{:04x}", u32::from(c))
            }
        }
        c => c.to_string(),
    }
}

fn key(k: &str, d: &mut Dice) -> String {
    match d.roll(10) {
        8 => format!("\"{k}\""),
        9 => format!("'{k}'"),
        _ => k.to_string(),
    }
}

fn assign(k: &str, value: &str, d: &mut Dice) -> String {
    let k = key(k, d);
    assign_dotted(&k, value, d)
}

/// `key = value` with the key as written: dotted keys are not quoted whole.
fn assign_dotted(k: &str, value: &str, d: &mut Dice) -> String {
    let eq = [" = ", "=", "   =  ", " =\t", "= "][d.roll(5)];
    format!("{k}{eq}{value}")
}

/// Nothing, or a comment after a value.
fn trailing(d: &mut Dice) -> String {
    if d.one_in(4) {
        let spaces = ["  ", " ", "\t", "     "][d.roll(4)];
        format!("{spaces}{}", COMMENTS[d.roll(COMMENTS.len())])
    } else {
        String::new()
    }
}

fn string_array(items: &[String], d: &mut Dice) -> String {
    if items.is_empty() {
        return "[]".to_string();
    }
    let quoted: Vec<String> = items.iter().map(|s| string(s, d)).collect();
    match d.roll(3) {
        1 => format!("[{}]", quoted.join(",")),
        2 => {
            let mut out = String::from("[\n");
            for q in &quoted {
                out.push_str(&format!("  {q},{}\n", trailing(d)));
            }
            out.push(']');
            out
        }
        _ => format!("[ {} ]", quoted.join(", ")),
    }
}

/// A key and its value, already written.
type Field = (&'static str, String);

fn inline_table(fields: &[Field], d: &mut Dice) -> String {
    let parts: Vec<String> = fields.iter().map(|(k, v)| assign(k, v, d)).collect();
    if d.one_in(3) {
        format!("{{{}}}", parts.join(","))
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

fn evidence_fields(e: &EvidenceItem, d: &mut Dice) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    for (k, v) in [
        ("proof", &e.proof),
        ("ref", &e.reference),
        ("url", &e.url),
        ("path", &e.path),
        ("kind", &e.kind),
    ] {
        if let Some(v) = v {
            fields.push((k, string(v, d)));
        }
    }
    if let Some(sha) = &e.sha256 {
        // The manifest reads digests in either case.
        let sha = if d.one_in(3) {
            sha.to_ascii_uppercase()
        } else {
            sha.clone()
        };
        fields.push(("sha256", string(&sha, d)));
    }
    if let Some(date) = e.date {
        fields.push(("date", date.to_string()));
    }
    shuffle(&mut fields, d);
    fields
}

fn evidence_array(items: &[EvidenceItem], d: &mut Dice) -> String {
    let tables: Vec<String> = items
        .iter()
        .map(|e| {
            let f = evidence_fields(e, d);
            inline_table(&f, d)
        })
        .collect();
    if tables.is_empty() {
        return "[]".to_string();
    }
    match d.roll(3) {
        1 => {
            let mut out = String::from("[\n");
            let last = tables.len() - 1;
            for (i, t) in tables.iter().enumerate() {
                let comma = if i < last || d.roll(2) == 0 { "," } else { "" };
                out.push_str(&format!("  {t}{comma}{}\n", trailing(d)));
            }
            out.push(']');
            out
        }
        2 => format!("[{}]", tables.join(",")),
        _ => format!("[{}]", tables.join(", ")),
    }
}

/// Moves fields around now and then: order is the user's.
fn shuffle<T>(items: &mut [T], d: &mut Dice) {
    if items.len() > 1 && d.one_in(4) {
        shuffle_all(items, d);
    }
}

fn shuffle_all<T>(items: &mut [T], d: &mut Dice) {
    for i in (1..items.len()).rev() {
        items.swap(i, d.roll(i + 1));
    }
}

fn record_fields(r: &Record, with_evidence: bool, d: &mut Dice) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    if let Some(p) = &r.product {
        fields.push(("product", string(p, d)));
    }
    fields.push(("requirement", string(&r.requirement.to_string(), d)));
    fields.push(("status", string(r.status.as_str(), d)));
    if let Some(j) = &r.justification {
        fields.push(("justification", string(j, d)));
    }
    if let Some(due) = r.due {
        fields.push(("due", due.to_string()));
    }
    if let Some(declared) = r.declared {
        fields.push(("declared", declared.to_string()));
    }
    if with_evidence && (!r.evidence.is_empty() || d.one_in(6)) {
        fields.push(("evidence", evidence_array(&r.evidence, d)));
    }
    shuffle(&mut fields, d);
    fields
}

fn product_fields(p: &ProductRecord, d: &mut Dice) -> Vec<Field> {
    let mut fields: Vec<Field> = vec![
        ("id", string(&p.id, d)),
        ("name", string(&p.name, d)),
        ("version", string(&p.version, d)),
        ("kind", string(&p.kind, d)),
    ];
    if !p.services.is_empty() || d.one_in(4) {
        fields.push(("services", string_array(&p.services, d)));
    }
    if !p.profiles.is_empty() || d.one_in(6) {
        fields.push(("profiles", string_array(&p.profiles, d)));
    }
    shuffle(&mut fields, d);
    fields
}

/// Which entry of the manifest a range of lines belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Entry {
    Product(String),
    /// A declaration or commitment, by product (none for a commitment)
    /// and requirement.
    Declaration(Option<String>, String),
}

/// Where the generated text put each entry: line ranges, 0-based.
#[derive(Debug, Default)]
struct Layout {
    entries: Vec<(Entry, Range<usize>)>,
    /// Sections written as arrays of inline tables: from the line where
    /// their last entry starts to the closing bracket. Adding to the
    /// array may rewrite these lines.
    arrays: Vec<(&'static str, Range<usize>)>,
    /// The declarations in the order written.
    declarations: Vec<Record>,
    /// Where the comments that go with a `[[section]]` table start: those
    /// above its header after the last blank line (spaces allowed), or all
    /// of them when none of those before holds a comment. Removing the table removes
    /// them; the others introduce what follows and stay.
    attached: Vec<(Entry, usize)>,
}

impl Layout {
    fn entry(&self, e: &Entry) -> Option<Range<usize>> {
        self.entries
            .iter()
            .find(|(k, _)| k == e)
            .map(|(_, r)| r.clone())
    }

    /// The lines removing an entry may take: its own and the comments
    /// that go with it.
    fn removal(&self, e: &Entry) -> Option<Range<usize>> {
        let own = self.entry(e)?;
        let start = self
            .attached
            .iter()
            .find(|(k, _)| k == e)
            .map_or(own.start, |(_, start)| *start);
        Some(start..own.end)
    }

    fn array(&self, section: &str) -> Option<Range<usize>> {
        self.arrays
            .iter()
            .find(|(s, _)| *s == section)
            .map(|(_, r)| r.clone())
    }
}

/// The text being written and where each entry went.
struct Writer<'a> {
    text: String,
    layout: Layout,
    d: Dice<'a>,
    /// `[["declaration"]]` rather than `[[declaration]]`.
    quoted_headers: bool,
}

impl Writer<'_> {
    fn line_no(&self) -> usize {
        self.text.matches('\n').count()
    }

    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// Blank lines and comment lines, as people put between things.
    fn gap(&mut self) {
        for _ in 0..self.d.roll(3) {
            match self.d.roll(4) {
                0 | 1 => self.line(""),
                2 => {
                    let c = COMMENTS[self.d.roll(COMMENTS.len())];
                    self.line(c);
                }
                _ => self.line("   "),
            }
        }
    }

    /// `key = value` lines of a table, with comments between them.
    fn keys(&mut self, fields: &[Field], indent: &str) {
        for (k, v) in fields {
            if self.d.one_in(6) {
                let c = COMMENTS[self.d.roll(COMMENTS.len())];
                self.line(&format!("{indent}{c}"));
            }
            let line = assign(k, v, &mut self.d);
            let t = trailing(&mut self.d);
            self.line(&format!("{indent}{line}{t}"));
        }
    }

    /// A `[[section]]` table; evidence may go into `[[section.evidence]]`
    /// sub-tables.
    fn table(&mut self, section: &str, entry: Entry, fields: &[Field], sub: &[EvidenceItem]) {
        let above = self.line_no();
        self.gap();
        let start = self.line_no();
        let gap: Vec<&str> = self
            .text
            .split('\n')
            .skip(above)
            .take(start - above)
            .collect();
        let attached = match (1..gap.len()).rev().find(|&j| gap[j].trim().is_empty()) {
            Some(j) if gap[..j].iter().any(|l| l.contains('#')) => above + j,
            _ => above,
        };
        self.layout.attached.push((entry.clone(), attached));
        // Every header of an array of tables is spelt alike: the TOML
        // editor keeps one spelling per array.
        let name = if self.quoted_headers {
            format!("\"{section}\"")
        } else {
            section.to_string()
        };
        let t = trailing(&mut self.d);
        let indent = if self.d.one_in(8) { "  " } else { "" };
        self.line(&format!("{indent}[[{name}]]{t}"));
        let indent = ["", "", "  ", "\t"][self.d.roll(4)];
        self.keys(fields, indent);
        for e in sub {
            if self.d.one_in(3) {
                self.line("");
            }
            self.line(&format!("{indent}[[{name}.evidence]]"));
            let fields = evidence_fields(e, &mut self.d);
            self.keys(&fields, indent);
        }
        let end = self.line_no();
        self.layout.entries.push((entry, start..end));
    }

    /// `section = [ {…}, {…} ]` at the root.
    fn array(&mut self, section: &'static str, entries: Vec<(Entry, Vec<Field>)>) {
        self.gap();
        let start = self.line_no();
        let multiline = self.d.roll(2) == 1;
        let mut last = start;
        self.text
            .push_str(&format!("{} = [", key(section, &mut self.d)));
        let n = entries.len();
        for (i, (entry, fields)) in entries.into_iter().enumerate() {
            if multiline {
                self.text.push_str("\n  ");
            } else if i > 0 {
                self.text.push(' ');
            }
            let first = self.line_no();
            last = first;
            let table = inline_table(&fields, &mut self.d);
            self.text.push_str(&table);
            self.layout.entries.push((entry, first..self.line_no() + 1));
            if i + 1 < n || (multiline && self.d.roll(3) != 0) {
                self.text.push(',');
            }
            if multiline {
                let t = trailing(&mut self.d);
                self.text.push_str(&t);
            }
        }
        if multiline {
            self.text.push('\n');
        }
        self.text.push(']');
        let t = trailing(&mut self.d);
        self.line(&t);
        self.layout.arrays.push((section, last..self.line_no()));
    }
}

/// Where each part of the manifest goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// `[section]` tables, or `[[section]]` arrays of tables.
    Tables,
    /// An inline table or an array of inline tables at the root.
    Root,
}

/// Writes a manifest in a layout the bytes choose: its text (LF or CRLF)
/// and where each entry is.
fn write_manifest(m: &Model, style: &[u8]) -> (String, Layout) {
    let mut w = Writer {
        text: String::new(),
        layout: Layout::default(),
        d: Dice {
            bytes: style,
            at: 0,
            crlf: false,
        },
        quoted_headers: false,
    };
    let crlf = w.d.one_in(3);
    w.d.crlf = crlf;
    w.quoted_headers = w.d.one_in(4);
    let place = |d: &mut Dice| {
        if d.one_in(4) {
            Place::Root
        } else {
            Place::Tables
        }
    };
    let org_place = place(&mut w.d);
    let use_place = place(&mut w.d);
    let product_place = place(&mut w.d);
    let commitment_place = place(&mut w.d);
    let declaration_place = place(&mut w.d);
    // Declarations after their product, rather than all products first.
    let interleave =
        product_place == Place::Tables && declaration_place == Place::Tables && w.d.one_in(3);

    let org = &m.organization;
    let mut org_fields: Vec<Field> = vec![
        ("name", string(&org.name, &mut w.d)),
        ("siren", string(&org.siren, &mut w.d)),
        ("contact", string(&org.contact, &mut w.d)),
    ];
    if let Some(f) = &org.federation {
        org_fields.push(("federation", string(f, &mut w.d)));
    }
    if let Some(date) = org.charter_signed {
        org_fields.push(("charter-signed", date.to_string()));
    }
    shuffle(&mut org_fields, &mut w.d);
    let uses: Vec<String> = catalogue()
        .referentials
        .iter()
        .map(|r| {
            if m.pinned {
                format!("{}@{}", r.doc.id, r.doc.version.major)
            } else {
                r.doc.id.clone()
            }
        })
        .collect();
    let uses = string_array(&uses, &mut w.d);

    if w.d.one_in(2) {
        w.line("# Manifeste de conformité — tenu à la main.");
    }
    w.gap();
    let schema = assign("schema", "1", &mut w.d);
    let t = trailing(&mut w.d);
    w.line(&format!("{schema}{t}"));

    // Everything at the root comes before the first table.
    if org_place == Place::Root {
        w.gap();
        if w.d.one_in(2) {
            for (k, v) in &org_fields {
                let k = format!("organization.{}", key(k, &mut w.d));
                let line = assign_dotted(&k, v, &mut w.d);
                w.line(&line);
            }
        } else {
            let table = inline_table(&org_fields, &mut w.d);
            w.line(&format!("organization = {table}"));
        }
    }
    if use_place == Place::Root {
        w.gap();
        let line = assign_dotted("referentials.use", &uses, &mut w.d);
        w.line(&line);
    }
    if product_place == Place::Root {
        let entries = m
            .products
            .iter()
            .map(|p| (Entry::Product(p.id.clone()), product_fields(p, &mut w.d)))
            .collect();
        w.array("product", entries);
    }
    for (section, records, place) in [
        ("commitment", &m.commitments, commitment_place),
        ("declaration", &m.declarations, declaration_place),
    ] {
        if place == Place::Root && section == "declaration" {
            w.layout.declarations.extend(records.iter().cloned());
        }
        if place == Place::Root && (!records.is_empty() || w.d.one_in(4)) {
            let entries = records
                .iter()
                .map(|r| (decl_entry(r), record_fields(r, true, &mut w.d)))
                .collect();
            w.array(section, entries);
        }
    }

    let declaration_table = |w: &mut Writer, r: &Record| {
        let sub = !r.evidence.is_empty() && w.d.one_in(3);
        let fields = record_fields(r, !sub, &mut w.d);
        let sub = if sub { &r.evidence[..] } else { &[] };
        let section = if r.product.is_some() {
            w.layout.declarations.push(r.clone());
            "declaration"
        } else {
            "commitment"
        };
        w.table(section, decl_entry(r), &fields, sub);
    };
    // The sections in the usual order, or now and then in another.
    let mut sections = [
        "organization",
        "registry",
        "referentials",
        "product",
        "commitment",
        "declaration",
        "check",
    ];
    if w.d.one_in(6) {
        shuffle_all(&mut sections, &mut w.d);
    }
    let check = w.d.one_in(5);
    for section in sections {
        match section {
            "organization" if org_place == Place::Tables => {
                w.gap();
                let t = trailing(&mut w.d);
                let header =
                    ["[organization]", "[ organization ]", "[\"organization\"]"][w.d.roll(3)];
                w.line(&format!("{header}{t}"));
                w.keys(&org_fields, "");
            }
            "registry" if m.registry => {
                w.gap();
                w.line("[registry]");
                let url = string("https://registre.example.org", &mut w.d);
                let line = assign("url", &url, &mut w.d);
                w.line(&line);
            }
            "referentials" if use_place == Place::Tables => {
                w.gap();
                w.line("[referentials]");
                let line = assign("use", &uses, &mut w.d);
                w.line(&line);
            }
            "product" if product_place == Place::Tables => {
                for p in &m.products {
                    let fields = product_fields(p, &mut w.d);
                    w.table("product", Entry::Product(p.id.clone()), &fields, &[]);
                    if interleave {
                        for r in m
                            .declarations
                            .iter()
                            .filter(|r| r.product.as_ref() == Some(&p.id))
                        {
                            declaration_table(&mut w, r);
                        }
                    }
                }
            }
            "commitment" if commitment_place == Place::Tables => {
                for r in &m.commitments {
                    declaration_table(&mut w, r);
                }
            }
            "declaration" if declaration_place == Place::Tables && !interleave => {
                for r in &m.declarations {
                    declaration_table(&mut w, r);
                }
            }
            "check" if check => {
                w.gap();
                w.line("[check]");
                w.line("levels = { partial = \"error\" }   # la direction l'exige");
            }
            _ => {}
        }
    }
    w.gap();
    let mut text = w.text;
    if w.d.one_in(5) {
        // No line break at the end of the file.
        while text.ends_with('\n') {
            text.pop();
        }
    }
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    if w.d.one_in(8) {
        text.insert(0, '\u{feff}');
    }
    (text, w.layout)
}

fn decl_entry(r: &Record) -> Entry {
    Entry::Declaration(r.product.clone(), r.requirement.to_string())
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

/// The editor, beside the same edits made on one document for the whole
/// manifest: the two must write the same text.
struct Twin {
    editor: Editor,
    whole: Editor,
    /// The text as read, for the failure message.
    text: String,
}

impl Twin {
    fn parse(text: &str) -> Twin {
        Twin {
            editor: Editor::parse(text).unwrap(),
            whole: Editor::parse_whole(text).unwrap(),
            text: text.to_string(),
        }
    }

    fn upsert(&mut self, find: &manifest::edit::DeclKey, r: &Record) -> Change {
        let change = self.editor.upsert(find, r);
        assert_eq!(change, self.whole.upsert(find, r), "{r:?}\n{}", self.text);
        change
    }

    fn add_product(&mut self, p: &ProductRecord) {
        self.editor.add_product(p);
        self.whole.add_product(p);
    }

    fn set_product(&mut self, p: &ProductRecord) {
        let change = self.editor.set_product(p);
        assert_eq!(change, self.whole.set_product(p), "{p:?}\n{}", self.text);
    }

    fn remove_declarations_of(&mut self, id: &str) {
        let removed = self.editor.remove_declarations_of(id);
        assert_eq!(
            removed,
            self.whole.remove_declarations_of(id),
            "{id}\n{}",
            self.text
        );
    }

    fn remove_product(&mut self, id: &str) {
        let removed = self.editor.remove_product(id);
        assert_eq!(
            removed,
            self.whole.remove_product(id),
            "{id}\n{}",
            self.text
        );
    }

    fn render(&self) -> String {
        let text = self.editor.render();
        let whole = self.whole.render();
        if text != whole {
            let diff = similar::TextDiff::from_lines(&whole, &text)
                .unified_diff()
                .header("whole document", "table by table")
                .to_string();
            panic!(
                "the two editors wrote different texts from\n{}\n{diff}",
                self.text
            );
        }
        text
    }
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
    };
    import::plan(rows.to_vec(), &input).map_err(|diags| describe(&source, &diags))
}

/// The records `charte export` writes: commitments, then declarations.
fn exported(m: &Manifest) -> Vec<Record> {
    m.commitments
        .iter()
        .chain(&m.declarations)
        .map(Record::from)
        .collect()
}

fn export(records: &[Record], format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    bulk::write(records, format, &mut out).unwrap();
    out
}

// ── Property 1: export then import is the identity ──────────────────────

proptest! {
    #![proptest_config(config())]

    #[test]
    fn export_then_import_changes_nothing(m in model(), style in vec(any::<u8>(), 64)) {
        let (text, _, parsed) = generated(&m, &style)?;
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), m.commitments.iter().chain(&m.declarations));
        let records = exported(&parsed);

        // Upserting what is there already is no edit at all.
        let mut editor = Twin::parse(&text);
        for r in &records {
            prop_assert_eq!(editor.upsert(&r.key(), r), Change::Unchanged, "{:?}", r);
        }
        same_text(&editor.render(), &text, "upserting the declarations as they are rewrote the manifest")?;

        let without = Model {
            commitments: Vec::new(),
            declarations: Vec::new(),
            ..m.clone()
        };
        let (bare_text, _, bare) = generated(&without, &style)?;

        for format in [Format::Csv, Format::Jsonl] {
            if records.is_empty() && format == Format::Jsonl {
                // Nothing exports as an empty file, which import refuses:
                // there is no header to tell it from a wrong file.
                continue;
            }
            let bytes = export(&records, format);
            let shown = String::from_utf8_lossy(&bytes).into_owned();
            let rows = read_rows(&bytes, format).map_err(|e| {
                TestCaseError::fail(format!("{format:?} export does not read back:\n{e}\n{shown}"))
            })?;
            let read: Vec<Record> = rows.iter().map(|r| r.record.clone()).collect();
            same(&read, &records, &format!("{format:?} rows read otherwise:\n{shown}"))?;

            // (a) Into the same manifest: nothing to write.
            let again = plan(&rows, &parsed, &text, dir.path())
                .map_err(|e| TestCaseError::fail(format!("{format:?} import refused:\n{e}\n{shown}")))?;
            prop_assert_eq!(
                (again.tally.created, again.tally.updated, again.tally.unchanged),
                (0, 0, records.len()),
                "{:?}:\n{}", format, shown
            );
            let mut editor = Twin::parse(&text);
            for (key, record) in &again.writes {
                editor.upsert(key, record);
            }
            same_text(&editor.render(), &text, &format!("{format:?} import into the same manifest rewrote it"))?;

            // (b) Into the manifest without its declarations: all recreated.
            let fresh = plan(&rows, &bare, &bare_text, dir.path())
                .map_err(|e| TestCaseError::fail(format!("{format:?} import refused:\n{e}\n{shown}")))?;
            prop_assert_eq!(
                (fresh.tally.created, fresh.tally.updated, fresh.tally.unchanged),
                (records.len(), 0, 0)
            );
            let mut editor = Twin::parse(&bare_text);
            for (key, record) in &fresh.writes {
                prop_assert_eq!(editor.upsert(key, record), Change::Created);
            }
            let rebuilt = editor.render();
            let reparsed = parse(&rebuilt)
                .map_err(|e| TestCaseError::fail(format!("{format:?} import left an invalid manifest:\n{e}\n{rebuilt}")))?;
            // An undated row is dated with the evaluation date.
            let dated = |records: &[Record]| -> Vec<Record> {
                records
                    .iter()
                    .map(|r| Record { declared: r.declared.or(Some(today())), ..r.clone() })
                    .collect()
            };
            let original = values(&parsed);
            same(
                &values(&reparsed),
                &Values {
                    products: original.products,
                    commitments: dated(&original.commitments),
                    declarations: dated(&original.declarations),
                },
                &format!("{format:?} import into the manifest without declarations:\n{shown}\n{rebuilt}"),
            )?;
            if text.contains("\r\n") {
                prop_assert!(!rebuilt.replace("\r\n", "").contains('\n'), "CRLF lost:\n{}", rebuilt);
            }
        }
    }
}

// ── Property 2: an edit leaves every other line as it was ───────────────

/// One command's edit.
#[derive(Clone, Debug)]
enum Edit {
    /// `charte declare`: a declaration of a product, new or replaced.
    Declare {
        product: Index,
        target: Index,
        existing: Option<Index>,
        body: Body,
    },
    /// `charte commit`: a commitment, new or replaced.
    Commit {
        target: Index,
        existing: Option<Index>,
        body: Body,
    },
    /// `charte product add`.
    AddProduct(ProductRecord),
    /// `charte product set`: new values for every field.
    SetProduct(Index, ProductRecord),
    /// `charte product remove --with-declarations`.
    RemoveProduct(Index),
    /// `charte import` of a few rows.
    Import {
        format: Format,
        rows: Vec<(Option<Index>, Index, Body, Option<&'static str>)>,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let existing = || prop_oneof![1 => Just(None), 2 => any::<Index>().prop_map(Some)];
    let row = (
        proptest::option::weighted(0.8, any::<Index>()),
        any::<Index>(),
        body(),
        proptest::option::weighted(0.15, select(WILD_URLS)),
    );
    prop_oneof![
        3 => (any::<Index>(), any::<Index>(), existing(), body()).prop_map(
            |(product, target, existing, body)| Edit::Declare { product, target, existing, body }
        ),
        2 => (any::<Index>(), existing(), body())
            .prop_map(|(target, existing, body)| Edit::Commit { target, existing, body }),
        1 => product().prop_map(Edit::AddProduct),
        2 => (any::<Index>(), product()).prop_map(|(i, p)| Edit::SetProduct(i, p)),
        1 => any::<Index>().prop_map(Edit::RemoveProduct),
        2 => (select(&[Format::Csv, Format::Jsonl][..]), vec(row, 1..5))
            .prop_map(|(format, rows)| Edit::Import { format, rows }),
    ]
}

/// The lines of the original text an edit may rewrite, and the values the
/// manifest should hold after it.
struct Expected<'a> {
    layout: &'a Layout,
    allowed: Vec<Range<usize>>,
    values: Values,
}

impl Expected<'_> {
    /// What writing a declaration or commitment does.
    fn upsert(&mut self, r: &Record) {
        let section = if r.product.is_some() {
            "declaration"
        } else {
            "commitment"
        };
        let list = if r.product.is_some() {
            &mut self.values.declarations
        } else {
            &mut self.values.commitments
        };
        match list.iter_mut().find(|d| d.key() == r.key()) {
            Some(d) => *d = r.clone(),
            None => {
                list.push(r.clone());
                self.allowed.extend(self.layout.array(section));
            }
        }
        self.allowed.extend(self.layout.entry(&decl_entry(r)));
    }
}

/// The requirement a declaration names, applicable or not.
fn target_of(reference: &RequirementRef) -> Target {
    let doc = &catalogue()
        .referentials
        .iter()
        .find(|r| r.doc.id == reference.referential)
        .unwrap()
        .doc;
    Target {
        reference: reference.clone(),
        proofs: &doc.requirement(&reference.requirement).unwrap().proofs,
    }
}

/// What `declare` or `commit` states: about a requirement already declared
/// (when there is one and `existing` says so) or about a new one, dated
/// with the evaluation date as the commands date what they write.
fn statement(
    product: Option<String>,
    targets: &[Target],
    target: Index,
    existing: Option<(Index, &[Record])>,
    body: &Body,
) -> Option<Record> {
    let target = match existing {
        Some((i, list)) if !list.is_empty() => target_of(&i.get(list).requirement),
        _ if targets.is_empty() => return None,
        _ => {
            let t = target.get(targets);
            Target {
                reference: t.reference.clone(),
                proofs: t.proofs,
            }
        }
    };
    let mut r = body.record(product, &target);
    r.declared = Some(today());
    Some(r)
}

/// Runs one edit the way its command does: read the manifest, edit, write
/// the text that the command would then validate and save.
fn apply(
    text: &str,
    (n, edit): (usize, &Edit),
    expected: &mut Expected<'_>,
    dir: &Path,
) -> Result<String, TestCaseError> {
    let manifest = parse(text).map_err(TestCaseError::fail)?;
    let mut editor = Twin::parse(text);
    let products: Vec<ProductRecord> = manifest.products.iter().map(ProductRecord::from).collect();
    let unchanged = Ok(text.to_string());
    if products.is_empty() && !matches!(edit, Edit::AddProduct(_)) {
        return unchanged;
    }
    match edit {
        Edit::Declare {
            product,
            target,
            existing,
            body,
        } => {
            let p = product.get(&products);
            let mine: Vec<Record> = expected
                .values
                .declarations
                .iter()
                .filter(|d| d.product.as_ref() == Some(&p.id))
                .cloned()
                .collect();
            let Some(record) = statement(
                Some(p.id.clone()),
                &product_targets(p),
                *target,
                existing.map(|i| (i, &mine[..])),
                body,
            ) else {
                return unchanged;
            };
            write_files(dir, [&record]);
            editor.upsert(&record.key(), &record);
            expected.upsert(&record);
        }
        Edit::Commit {
            target,
            existing,
            body,
        } => {
            let commitments = expected.values.commitments.clone();
            let Some(record) = statement(
                None,
                &organization_targets(&products),
                *target,
                existing.map(|i| (i, &commitments[..])),
                body,
            ) else {
                return unchanged;
            };
            write_files(dir, [&record]);
            editor.upsert(&record.key(), &record);
            expected.upsert(&record);
        }
        Edit::AddProduct(p) => {
            let mut p = p.clone();
            p.id = format!("{}-new{n}", p.id);
            editor.add_product(&p);
            expected.values.products.push(p);
            expected.allowed.extend(expected.layout.array("product"));
        }
        Edit::SetProduct(i, p) => {
            let id = i.get(&products).id.clone();
            let p = ProductRecord { id, ..p.clone() };
            editor.set_product(&p);
            if let Some(old) = expected.values.products.iter_mut().find(|o| o.id == p.id) {
                *old = p.clone();
            }
            expected
                .allowed
                .extend(expected.layout.entry(&Entry::Product(p.id.clone())));
        }
        Edit::RemoveProduct(i) => {
            let id = i.get(&products).id.clone();
            editor.remove_declarations_of(&id);
            editor.remove_product(&id);
            let layout = expected.layout;
            let values = &mut expected.values;
            values.products.retain(|p| p.id != id);
            for d in values
                .declarations
                .iter()
                .filter(|d| d.product.as_ref() == Some(&id))
            {
                expected.allowed.extend(layout.removal(&decl_entry(d)));
            }
            values
                .declarations
                .retain(|d| d.product.as_ref() != Some(&id));
            expected.allowed.extend(layout.removal(&Entry::Product(id)));
        }
        Edit::Import { format, rows } => {
            let mut seen = HashSet::new();
            let mut records = Vec::new();
            let mut wild = false;
            for (product, target, body, url) in rows {
                let (owner, targets) = match product {
                    Some(i) => {
                        let p = i.get(&products);
                        (Some(p.id.clone()), product_targets(p))
                    }
                    None => (None, organization_targets(&products)),
                };
                if targets.is_empty() {
                    continue;
                }
                let mut r = body.record(owner, target.get(&targets));
                if !seen.insert(r.key()) {
                    continue;
                }
                if let Some(url) = url {
                    r.evidence.push(EvidenceItem {
                        url: Some(url.to_string()),
                        ..EvidenceItem::default()
                    });
                    wild = true;
                }
                records.push(r);
            }
            if records.is_empty() {
                return unchanged;
            }
            write_files(dir, &records);
            let bytes = export(&records, *format);
            let planned =
                read_rows(&bytes, *format).and_then(|rows| plan(&rows, &manifest, text, dir));
            match planned {
                Err(e) => {
                    prop_assert!(wild, "import refused valid rows:\n{}", e);
                    return unchanged;
                }
                Ok(plan) => {
                    prop_assert!(
                        !wild,
                        "import accepted a link the manifest refuses:\n{}",
                        String::from_utf8_lossy(&bytes)
                    );
                    for (key, record) in &plan.writes {
                        editor.upsert(key, record);
                        expected.upsert(record);
                    }
                }
            }
        }
    }
    let new = editor.render();
    parse(&new).map_err(|e| {
        TestCaseError::fail(format!(
            "the edit {edit:?} leaves an invalid manifest:\n{e}\n--- before\n{text}\n--- after\n{new}"
        ))
    })?;
    Ok(new)
}

/// Every line of `old` outside `allowed` is in `new`, unchanged and in
/// order; the line endings are the old ones.
fn untouched(old: &str, new: &str, allowed: &[Range<usize>]) -> Result<(), String> {
    let old_lines: Vec<&str> = old.split('\n').collect();
    let new_lines: Vec<&str> = new.split('\n').collect();
    let mut rest = new_lines.iter();
    for (i, line) in old_lines.iter().enumerate() {
        if allowed.iter().any(|r| r.contains(&i)) {
            continue;
        }
        // The last line may have gained a line break.
        let last = i + 1 == old_lines.len();
        if !rest.any(|n| n == line || (last && n.trim_end_matches('\r') == *line)) {
            let diff = similar::TextDiff::from_lines(old, new)
                .unified_diff()
                .header("before", "after")
                .to_string();
            return Err(format!(
                "line {} ({line:?}) is not in the result where it was (lines {allowed:?} may change):\n{diff}",
                i + 1
            ));
        }
    }
    if old.contains("\r\n") && new.replace("\r\n", "").contains('\n') {
        return Err(format!("a CRLF file got LF lines:\n{new:?}"));
    }
    if !old.contains('\r') && new.contains('\r') {
        return Err(format!("an LF file got CR characters:\n{new:?}"));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edits_leave_other_lines_as_they_were(
        m in model(),
        style in vec(any::<u8>(), 64),
        edits in vec(edit(), 1..=3),
    ) {
        let (text, layout, parsed) = generated(&m, &style)?;
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), m.commitments.iter().chain(&m.declarations));
        let mut expected = Expected {
            layout: &layout,
            allowed: Vec::new(),
            values: values(&parsed),
        };
        let mut now = text.clone();
        for e in edits.iter().enumerate() {
            now = apply(&now, e, &mut expected, dir.path())?;
        }
        untouched(&text, &now, &expected.allowed).map_err(TestCaseError::fail)?;
        let after = values(&parse(&now).map_err(TestCaseError::fail)?);
        same(&after, &expected.values, &format!("{edits:#?}\n--- before\n{text}\n--- after\n{now}"))?;
    }
}

// ── Once through the binary ─────────────────────────────────────────────

/// `charte export | charte import -` on a generated manifest, through the
/// binary: the commands agree with the functions the properties check.
#[test]
fn export_import_through_the_binary_changes_nothing() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    let seed = [7u8; 32];
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    let strategy = (model(), vec(any::<u8>(), 64)).prop_filter("some declarations", |(m, _)| {
        m.declarations.len() + m.commitments.len() >= 3
    });
    let (m, style) = strategy.new_tree(&mut runner).unwrap().current();
    let (text, _) = write_manifest(&m, &style);
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), m.commitments.iter().chain(&m.declarations));
    let path = dir.path().join("charte.toml");
    std::fs::write(&path, &text).unwrap();
    let command = |args: &[&str]| {
        let mut cmd = charte();
        cmd.args(["--today", TODAY, "--manifest"])
            .arg(&path)
            .args(args);
        cmd
    };
    let rows = m.declarations.len() + m.commitments.len();
    for format in ["csv", "jsonl"] {
        let exported = command(&["export", "--format", format]).assert().success();
        let imported = command(&["import", "-", "--format", format])
            .write_stdin(exported.get_output().stdout.clone())
            .assert()
            .success();
        assert_eq!(
            stdout(&imported),
            format!("imported <stdin>: 0 created, 0 updated, {rows} unchanged\n")
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }
}
