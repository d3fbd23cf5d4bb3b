//! Turning the user's copy of an official requirement file into referential
//! documents (SPEC §6): one reader per format, and the mapping they share —
//! ids, profiles, kinds, duplicates, HTML, and the TOML written.
//!
//! Each reader turns its file into [`Draft`]s, one per source project, REM
//! or framework; [`Draft::add`] applies the rules on defects (the same id
//! under several profiles, two requirements sharing an id) so every format
//! gets them alike; [`render`] writes a document byte for byte the same for
//! the same file.

mod ciso;
mod convergence;
mod csv;
mod iteration;
mod oscal;
mod rem;
mod render;
mod squash;
pub mod xlsx;

pub use render::{check_rendered, render};

use std::collections::BTreeMap;

use crate::catalogue::model::{Criticality, Nature, Proof, Scope};
use crate::date::Date;

/// The largest file charte reads as a source: checked before reading.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// The formats charte reads, in the order `--format` offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// charte's own flat layout (docs/import.md)
    Csv,
    /// a REM annex, sheet `Exigences`
    Rem,
    /// the ANS Squash requirement export, sheet `REQUIREMENT`
    Squash,
    /// a CISO Assistant framework library (YAML)
    CisoAssistant,
    /// an OSCAL catalog (JSON)
    Oscal,
    /// the Convergence export, sheet `Exigences`
    Convergence,
    /// an iteration sheet with the old and new wording
    Iteration,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Rem => "rem",
            Format::Squash => "squash",
            Format::CisoAssistant => "ciso-assistant",
            Format::Oscal => "oscal",
            Format::Convergence => "convergence",
            Format::Iteration => "iteration",
        }
    }
}

/// The user's file, read whole.
pub struct Source {
    /// The file's name, without its folder: what `[provenance]` records.
    pub name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// What the command line asks of the import.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Requirement statuses to keep (lowercase, `-` for `_`); empty: approved only.
    pub statuses: Vec<String>,
}

impl Options {
    /// Whether a requirement of this status (as the source spells it) is kept.
    pub fn keeps(&self, status: &str) -> bool {
        let status = status.trim().to_lowercase().replace(['_', ' '], "-");
        if status.is_empty() {
            return true;
        }
        if matches!(status.as_str(), "obsolete" | "obsolète") {
            return false;
        }
        if self.statuses.is_empty() {
            return matches!(status.as_str(), "approved" | "published" | "approuvée");
        }
        self.statuses.contains(&status)
    }
}

/// A problem that makes the file unreadable as its format: where, and what.
#[derive(Debug)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One referential being read.
#[derive(Clone, Debug)]
pub struct Draft {
    pub id: String,
    pub version: semver::Version,
    /// The source's name for it: the project, REM or framework.
    pub name: String,
    pub publisher: Option<String>,
    pub published: Option<Date>,
    pub scope: Scope,
    pub source: Option<String>,
    /// The sheet, project or framework, as `[provenance] part` records it.
    pub part: String,
    pub profiles: BTreeMap<String, String>,
    pub requirements: Vec<DraftRequirement>,
    pub warnings: Vec<String>,
}

/// One requirement being read.
#[derive(Clone, Debug)]
pub struct DraftRequirement {
    pub id: String,
    pub section: Option<String>,
    pub title: String,
    pub nature: Nature,
    pub criticality: Option<Criticality>,
    pub kinds: Vec<String>,
    pub services: Vec<String>,
    /// `None`: applies whatever the profiles.
    pub profiles: Option<Vec<String>>,
    pub effective: Option<Date>,
    pub revised: Option<Date>,
    pub replaces: Vec<String>,
    pub derived_from: Vec<String>,
    pub text: Option<String>,
    pub proofs: Vec<Proof>,
    /// Where it was read, for warnings: `row 7`, `node …`.
    pub at: String,
}

impl DraftRequirement {
    pub fn new(id: String, title: String, at: String) -> DraftRequirement {
        DraftRequirement {
            id,
            section: None,
            title,
            nature: Nature::Exigence,
            criticality: None,
            kinds: Vec::new(),
            services: Vec::new(),
            profiles: None,
            effective: None,
            revised: None,
            replaces: Vec::new(),
            derived_from: Vec::new(),
            text: None,
            proofs: Vec::new(),
            at,
        }
    }

    /// Whether two rows state the same requirement (one under several
    /// profiles, or one spread over several scenario rows).
    fn same_as(&self, other: &DraftRequirement) -> bool {
        self.title == other.title && self.text == other.text && self.nature == other.nature
    }

    /// Takes in another row of the same requirement.
    fn merge(&mut self, other: DraftRequirement) {
        self.profiles = match (self.profiles.take(), other.profiles) {
            (Some(mut a), Some(b)) => {
                for p in b {
                    if !a.contains(&p) {
                        a.push(p);
                    }
                }
                Some(a)
            }
            _ => None,
        };
        for k in other.kinds {
            if !self.kinds.contains(&k) {
                self.kinds.push(k);
            }
        }
        for proof in other.proofs {
            self.add_proof(proof);
        }
    }

    pub fn add_proof(&mut self, proof: Proof) {
        if !self.proofs.iter().any(|p| p.id == proof.id) {
            self.proofs.push(proof);
        }
    }
}

impl Draft {
    pub fn new(id: String, name: String, part: String) -> Draft {
        Draft {
            id,
            version: semver::Version::new(1, 0, 0),
            name,
            publisher: None,
            published: None,
            scope: Scope::Product,
            source: None,
            part,
            profiles: BTreeMap::new(),
            requirements: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Names a profile by its source label; returns its slug.
    pub fn profile(&mut self, label: &str) -> String {
        let label = label.trim();
        let slug = profile_slug(label);
        self.profiles
            .entry(slug.clone())
            .or_insert_with(|| label.to_string());
        slug
    }

    /// Adds a requirement read from the source, applying the rules on
    /// official files' defects: a requirement seen again (same statement)
    /// gains the new row's profiles and proofs, an unconditional row making
    /// it unconditional; a different requirement under a taken id is kept
    /// as `ID~2`, `ID~3`…, with a warning naming both rows.
    pub fn add(&mut self, mut req: DraftRequirement) {
        let mut n = 1;
        let mut first: Option<String> = None;
        loop {
            let id = if n == 1 {
                req.id.clone()
            } else {
                format!("{}~{n}", req.id)
            };
            match self.requirements.iter().position(|r| r.id == id) {
                Some(j) if self.requirements[j].same_as(&req) => {
                    self.requirements[j].merge(req);
                    return;
                }
                Some(j) => {
                    first.get_or_insert_with(|| self.requirements[j].at.clone());
                    n += 1;
                }
                None => {
                    if let Some(first) = first {
                        self.warnings.push(format!(
                            "`{}` names two different requirements ({first} and {}): the second is kept as `{id}`",
                            req.id, req.at
                        ));
                    }
                    req.id = id;
                    self.requirements.push(req);
                    return;
                }
            }
        }
    }

    pub fn warn(&mut self, warning: String) {
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }
}

/// Reads a source in a format into its referentials.
pub fn read(format: Format, source: &Source, options: &Options) -> Result<Vec<Draft>, Unreadable> {
    let drafts = match format {
        Format::Csv => csv::read(source, options)?,
        Format::Rem => rem::read(source, options)?,
        Format::Squash => squash::read(source, options)?,
        Format::CisoAssistant => ciso::read(source, options)?,
        Format::Oscal => oscal::read(source, options)?,
        Format::Convergence => convergence::read(source, options)?,
        Format::Iteration => iteration::read(source, options)?,
    };
    Ok(drafts)
}

/// Tells the format of a file from what it holds, or says what was seen.
pub fn detect(source: &Source) -> Result<Format, Unreadable> {
    let bytes = &source.bytes;
    if bytes.starts_with(b"PK\x03\x04") {
        let mut book = xlsx::Book::open(bytes)?;
        let names = book.sheet_names();
        if names.iter().any(|n| n == squash::SHEET) {
            return Ok(Format::Squash);
        }
        for name in &names {
            let header: Vec<String> = book.header_of(name).iter().map(|h| xlsx::fold(h)).collect();
            let has = |h: &str| header.contains(&xlsx::fold(h));
            let starts = |h: &str| header.iter().any(|c| c.starts_with(&xlsx::fold(h)));
            if has("N° exigence") {
                return Ok(Format::Rem);
            }
            if has("Périmètre") && has("N° preuve") {
                return Ok(Format::Convergence);
            }
            if has("ID Exigence") && starts("Enoncé de l'exigence") {
                return Ok(Format::Iteration);
            }
        }
        return Err(Unreadable(format!(
            "a spreadsheet whose sheets ({}) are none charte reads: a Squash export has a sheet `REQUIREMENT`, a REM annex or a Convergence export a sheet `Exigences`; name the format with --format",
            names.join(", ")
        )));
    }
    let text = String::from_utf8_lossy(bytes);
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('{') {
        let body = text.trim_start_matches('\u{feff}');
        let parsed = serde_json::from_str::<serde_json::Value>(body);
        if let Err(e) = &parsed {
            if !text.contains("requirement_nodes") {
                return Err(Unreadable(format!(
                    "line {}, column {}: a JSON file that does not parse ({e})",
                    e.line(),
                    e.column()
                )));
            }
        }
        if let Ok(serde_json::Value::Object(map)) = parsed {
            if map.contains_key("catalog") {
                return Ok(Format::Oscal);
            }
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            return Err(Unreadable(format!(
                "a JSON file with the keys {} and no `catalog`: charte reads OSCAL catalogs; name the format with --format",
                keys.join(", ")
            )));
        }
    }
    if text.contains("requirement_nodes") && text.contains("framework") {
        return Ok(Format::CisoAssistant);
    }
    let first = start.lines().next().unwrap_or("");
    let cells: Vec<String> = first
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_string())
        .collect();
    if cells.iter().any(|c| c == "id") && cells.iter().any(|c| c == "title") {
        return Ok(Format::Csv);
    }
    let seen: String = first.chars().take(60).collect();
    Err(Unreadable(format!(
        "cannot tell its format (its first line is `{seen}`): name it with --format (csv, rem, squash, ciso-assistant, oscal, convergence, iteration)",
    )))
}

/// Lowercase kebab-case, accents dropped: what manifests can name.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = fold_accent(c).to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A profile's slug: `Profil BAL PER/ORG` → `bal-per-org`.
pub fn profile_slug(label: &str) -> String {
    let label = label.trim();
    let bare = label
        .strip_prefix("Profil ")
        .or_else(|| label.strip_prefix("profil "))
        .unwrap_or(label);
    slug(bare)
}

/// Whether a profile label means "no condition".
pub fn is_general_profile(label: &str) -> bool {
    let s = profile_slug(label);
    s.is_empty() || s == "general"
}

pub(crate) fn fold_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'í' | 'Î' | 'Ï' => 'i',
        'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' => 'o',
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ÿ' => 'y',
        'œ' | 'Œ' => 'o',
        c => c,
    }
}

/// The manifest's product kind for a kind named by a source, if any.
pub fn kind(name: &str) -> Option<&'static str> {
    Some(match name.trim().to_lowercase().as_str() {
        "dpi" => "dpi",
        "pfi" => "pfi",
        "lgc" => "lgc",
        "sgl" | "bio" => "sgl",
        "ris" => "ris",
        "drimbox" | "db" | "drim-m" => "drimbox",
        "lgo" => "lgo",
        "dui" => "dui",
        "mes-app" | "mes" => "mes-app",
        _ => return None,
    })
}

/// Kinds from a `|`-separated list; unknown ones are warned about.
pub fn kinds(cell: &str, draft: &mut Draft, at: &str) -> Vec<String> {
    let mut out = Vec::new();
    for name in cell
        .split(['|', ',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match kind(name) {
            Some(k) if !out.iter().any(|o| o == k) => out.push(k.to_string()),
            Some(_) => {}
            None => draft.warn(format!(
                "{at}: `{name}` is no product kind charte knows: that condition is left out"
            )),
        }
    }
    out
}

/// A proof's kind, guessed from how the source words it.
pub fn proof_kind(label: &str) -> &'static str {
    let l = label.to_lowercase();
    if l.contains("intrusion") || l.contains("pentest") || l.contains("passi") {
        "pentest-report"
    } else if l.contains("vidéo") || l.contains("video") {
        "video"
    } else if l.contains("capture") {
        "screenshots"
    } else if l.contains("attestation") {
        "attestation"
    } else if l.contains("certificat") || l.contains("homologation") {
        "certificate"
    } else if l.contains("exécution") || l.contains("execution") || l.contains("test") {
        "test-run"
    } else {
        "document"
    }
}

/// A proof read from a source: required, kind guessed from its label.
pub fn proof(id: &str, label: &str) -> Proof {
    let label = plain_text(label);
    Proof {
        id: id.trim().to_string(),
        kind: proof_kind(&label).to_string(),
        label: (!label.is_empty()).then_some(label),
        required: true,
        max_age_days: None,
    }
}

/// A title from a statement when the source gives none: its first line,
/// cut at 120 characters.
pub fn title_from(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() <= 120 {
        line.to_string()
    } else {
        let cut: String = line.chars().take(119).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Plain text from a cell that may hold HTML: tags dropped (paragraphs and
/// breaks become new lines), entities decoded, blanks folded.
pub fn plain_text(s: &str) -> String {
    let mut text = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].to_lowercase();
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            // Not a tag: a lone `<` in prose.
            text.push('<');
            rest = &rest[open + 1..];
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if matches!(
            name.as_str(),
            "br" | "p" | "div" | "li" | "tr" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4"
        ) {
            text.push('\n');
            if name == "li" && !tag.starts_with('/') {
                text.push_str("- ");
            }
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let text = decode_entities(&text);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse().ok().and_then(char::from_u32)
            } else {
                Some(match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => ' ',
                    "eacute" => 'é',
                    "egrave" => 'è',
                    "ecirc" => 'ê',
                    "agrave" => 'à',
                    "acirc" => 'â',
                    "ccedil" => 'ç',
                    "ocirc" => 'ô',
                    "ucirc" => 'û',
                    "ugrave" => 'ù',
                    "icirc" => 'î',
                    "iuml" => 'ï',
                    "rsquo" => '’',
                    "lsquo" => '‘',
                    "laquo" => '«',
                    "raquo" => '»',
                    "hellip" => '…',
                    "ndash" => '–',
                    "mdash" => '—',
                    _ => return None,
                })
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(if c == '\u{a0}' { ' ' } else { c });
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A version from a source's own label (`1`, `v1.3`, `2.0.1`, `Version 1.0`).
pub fn version_from(label: &str) -> Option<semver::Version> {
    let digits: String = label
        .trim()
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut parts = digits
        .split('.')
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u64>());
    let major = parts.next()?.ok()?;
    let minor = parts.next().and_then(Result::ok).unwrap_or(0);
    let patch = parts.next().and_then(Result::ok).unwrap_or(0);
    Some(semver::Version::new(major, minor, patch))
}

/// A referential id from a name: its slug, or `imported` for none.
pub fn id_from(name: &str) -> String {
    let s = slug(name);
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        "imported".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_labels_become_slugs_a_manifest_can_name() {
        assert_eq!(profile_slug("Profil BAL PER/ORG"), "bal-per-org");
        assert_eq!(
            profile_slug("Profil Référentiel d'identités"),
            "referentiel-d-identites"
        );
        assert!(is_general_profile("Profil Général"));
        assert!(is_general_profile("Général"));
        assert!(!is_general_profile("Profil IAM"));
    }

    #[test]
    fn html_cells_become_plain_text() {
        assert_eq!(
            plain_text("<p>Le LPS DOIT&nbsp;utiliser TLS&nbsp;1.2 &amp; plus.</p><p>Voir <b>annexe</b>.<br/>Fin</p>"),
            "Le LPS DOIT utiliser TLS 1.2 & plus.\nVoir annexe.\nFin"
        );
        assert_eq!(plain_text("a < b et c > d"), "a < b et c > d");
        assert_eq!(plain_text("&#233;t&#xE9; &unknown; &"), "été &unknown; &");
    }

    fn req(id: &str, text: &str, profiles: Option<&[&str]>, at: &str) -> DraftRequirement {
        let mut r = DraftRequirement::new(id.to_string(), "Titre".to_string(), at.to_string());
        r.text = Some(text.to_string());
        r.profiles = profiles.map(|p| p.iter().map(|s| (*s).to_string()).collect());
        r
    }

    #[test]
    fn one_requirement_under_several_profiles_applies_under_each() {
        let mut d = Draft::new("x".into(), "x".into(), "x".into());
        d.add(req("A.01", "Texte", Some(&["bal-per-org"]), "row 2"));
        d.add(req("A.01", "Texte", Some(&["iam"]), "row 3"));
        assert_eq!(d.requirements.len(), 1);
        assert_eq!(
            d.requirements[0].profiles,
            Some(vec!["bal-per-org".into(), "iam".into()])
        );
        // An unconditional row makes it unconditional.
        d.add(req("A.01", "Texte", None, "row 4"));
        assert_eq!(d.requirements[0].profiles, None);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn two_requirements_sharing_an_id_are_both_kept_with_a_warning() {
        let mut d = Draft::new("x".into(), "x".into(), "x".into());
        d.add(req("SSI/IE.43", "Un", None, "row 2"));
        d.add(req("SSI/IE.43", "Deux", None, "row 5"));
        d.add(req("SSI/IE.43", "Deux", Some(&["iam"]), "row 6"));
        d.add(req("SSI/IE.43", "Trois", None, "row 9"));
        let ids: Vec<&str> = d.requirements.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["SSI/IE.43", "SSI/IE.43~2", "SSI/IE.43~3"]);
        assert_eq!(
            d.warnings,
            [
                "`SSI/IE.43` names two different requirements (row 2 and row 5): the second is kept as `SSI/IE.43~2`",
                "`SSI/IE.43` names two different requirements (row 2 and row 9): the second is kept as `SSI/IE.43~3`",
            ]
        );
    }

    #[test]
    fn versions_come_from_the_source_labels() {
        assert_eq!(
            version_from("Version 1.0"),
            Some(semver::Version::new(1, 0, 0))
        );
        assert_eq!(version_from("2"), Some(semver::Version::new(2, 0, 0)));
        assert_eq!(version_from("v1.3.1"), Some(semver::Version::new(1, 3, 1)));
        assert_eq!(version_from("IT2"), Some(semver::Version::new(2, 0, 0)));
        assert_eq!(version_from("none"), None);
    }
}
