//! charte's own flat layout (`--format csv`, described in docs/import.md):
//! one row per requirement, or per proof of a requirement.

use super::{Draft, DraftRequirement, Options, Source, Unreadable};
use crate::catalogue::model::{Criticality, Nature, Scope};
use crate::date::Date;

const COLUMNS: &[&str] = &[
    "referential",
    "version",
    "label",
    "publisher",
    "published",
    "scope",
    "id",
    "section",
    "title",
    "nature",
    "criticality",
    "kinds",
    "services",
    "profiles",
    "effective",
    "revised",
    "replaces",
    "derived-from",
    "text",
    "proof",
    "proof-kind",
    "proof-label",
    "status",
];

pub fn read(source: &Source, options: &Options) -> Result<Vec<Draft>, Unreadable> {
    let bytes = source
        .bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&source.bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Unreadable(format!("line 1: the header cannot be read ({e})")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for h in &header {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(Unreadable(format!(
                "line 1: unknown column `{h}` (columns are {})",
                COLUMNS.join(", ")
            )));
        }
    }
    for required in ["id", "title"] {
        if !header.iter().any(|h| h == required) {
            return Err(Unreadable(format!(
                "line 1: no column `{required}` in the header"
            )));
        }
    }
    let stem = source
        .name
        .rsplit_once('.')
        .map_or(source.name.as_str(), |(s, _)| s)
        .to_string();
    let mut drafts: Vec<Draft> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            Unreadable(format!("line {line}: the row cannot be read ({e})"))
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        // Shorter rows are cells left out at the end; longer ones would lose text.
        if let Some(extra) = record
            .iter()
            .skip(header.len())
            .find(|c| !c.trim().is_empty())
        {
            return Err(Unreadable(format!(
                "line {line}: {} cells, and the header names {} columns: `{}` belongs to no column (quote a cell that holds a comma)",
                record.len(),
                header.len(),
                extra.trim()
            )));
        }
        let cell = |name: &str| -> String {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let at = |name: &str| format!("line {line}, column `{name}`");
        let date = |name: &str| -> Result<Option<Date>, Unreadable> {
            let s = cell(name);
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<Date>()
                .map(Some)
                .map_err(|e| Unreadable(format!("{}: `{s}` is not a date ({e})", at(name))))
        };
        if !options.keeps(&cell("status")) {
            continue;
        }
        let referential = match cell("referential") {
            s if s.is_empty() => super::id_from(&stem),
            s => s,
        };
        let i = match drafts.iter().position(|d| d.id == referential) {
            Some(i) => i,
            None => {
                let mut d = Draft::new(
                    referential.clone(),
                    referential.clone(),
                    referential.clone(),
                );
                d.part = referential.clone();
                drafts.push(d);
                drafts.len() - 1
            }
        };
        let draft = &mut drafts[i];
        // Referential fields: the first row that gives one sets it.
        if let Some(v) = Some(cell("version")).filter(|s| !s.is_empty()) {
            draft.version = semver::Version::parse(&v).map_err(|e| {
                Unreadable(format!("{}: `{v}` is not a version ({e})", at("version")))
            })?;
        }
        if let Some(l) = Some(cell("label")).filter(|s| !s.is_empty()) {
            draft.name = l;
        }
        if let Some(p) = Some(cell("publisher")).filter(|s| !s.is_empty()) {
            draft.publisher = Some(p);
        }
        if let Some(d) = date("published")? {
            draft.published = Some(d);
        }
        match cell("scope").as_str() {
            "" => {}
            "product" => draft.scope = Scope::Product,
            "organization" => draft.scope = Scope::Organization,
            other => {
                return Err(Unreadable(format!(
                    "{}: `{other}` is not a scope (product or organization)",
                    at("scope")
                )))
            }
        }
        let id = cell("id");
        if id.is_empty() {
            return Err(Unreadable(format!("{}: the cell is empty", at("id"))));
        }
        let title = super::plain_text(&cell("title"));
        if title.is_empty() {
            return Err(Unreadable(format!("{}: the cell is empty", at("title"))));
        }
        let mut req = DraftRequirement::new(id, title, format!("line {line}"));
        req.section = Some(cell("section")).filter(|s| !s.is_empty());
        req.nature = match cell("nature").to_lowercase().as_str() {
            "" | "exigence" => Nature::Exigence,
            "preconisation" | "préconisation" => Nature::Preconisation,
            other => {
                return Err(Unreadable(format!(
                    "{}: `{other}` is not a nature (exigence or preconisation)",
                    at("nature")
                )))
            }
        };
        req.criticality = match cell("criticality").to_lowercase().as_str() {
            "" => None,
            "mineure" => Some(Criticality::Mineure),
            "majeure" => Some(Criticality::Majeure),
            "critique" => Some(Criticality::Critique),
            other => {
                return Err(Unreadable(format!(
                    "{}: `{other}` is not a criticality (mineure, majeure or critique)",
                    at("criticality")
                )))
            }
        };
        let split = |s: String| -> Vec<String> {
            s.split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        req.kinds = super::kinds(&cell("kinds"), draft, &at("kinds"));
        req.services = split(cell("services"));
        let profiles: Vec<String> = split(cell("profiles"))
            .iter()
            .map(|label| draft.profile(label))
            .collect();
        req.profiles = (!profiles.is_empty()).then_some(profiles);
        req.effective = date("effective")?;
        req.revised = date("revised")?;
        req.replaces = split(cell("replaces"));
        req.derived_from = split(cell("derived-from"));
        req.text = Some(super::plain_text(&cell("text"))).filter(|s| !s.is_empty());
        let proof = cell("proof");
        if !proof.is_empty() {
            let mut p = super::proof(&proof, &cell("proof-label"));
            if let Some(kind) = Some(cell("proof-kind")).filter(|s| !s.is_empty()) {
                p.kind = kind;
            }
            req.proofs.push(p);
        }
        draft.add(req);
    }
    Ok(drafts)
}
