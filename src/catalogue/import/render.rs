//! The referential document written for a draft: TOML in a fixed order and
//! layout, so that the same source file gives the same bytes.

use std::fmt::Write as _;

use super::{Draft, Format, Source};
use crate::catalogue::model::{Criticality, Nature, Scope};
use crate::catalogue::Referential;
use crate::text::toml_string;

/// The document for a draft, in a fixed order and layout: the same draft
/// gives the same bytes.
pub fn render(draft: &Draft, source: &Source, format: Format) -> String {
    let mut out = String::new();
    let q = |s: &str| toml_string(s);
    let _ = writeln!(
        out,
        "# Imported by charte from {}: the official text as given by that file.",
        source.name
    );
    let _ = writeln!(out, "schema = 1");
    let _ = writeln!(out, "id = {}", q(&draft.id));
    let _ = writeln!(out, "version = {}", q(&draft.version.to_string()));
    let _ = writeln!(
        out,
        "label = {}",
        q(&format!(
            "{} (texte officiel tel que fourni par {})",
            draft.name, source.name
        ))
    );
    if let Some(p) = &draft.publisher {
        let _ = writeln!(out, "publisher = {}", q(p));
    }
    if let Some(d) = draft.published {
        let _ = writeln!(out, "published = {d}");
    }
    let scope = match draft.scope {
        Scope::Product => "product",
        Scope::Organization => "organization",
    };
    let _ = writeln!(out, "scope = {}", q(scope));
    if let Some(s) = &draft.source {
        let _ = writeln!(out, "source = {}", q(s));
    }
    let _ = writeln!(out, "\n[provenance]");
    let _ = writeln!(out, "file = {}", q(&source.name));
    let _ = writeln!(out, "sha256 = {}", q(&source.sha256));
    let _ = writeln!(out, "format = {}", q(format.as_str()));
    let _ = writeln!(out, "part = {}", q(&draft.part));
    let _ = writeln!(
        out,
        "importer = {}",
        q(&format!("charte {}", env!("CARGO_PKG_VERSION")))
    );
    let _ = writeln!(out, "warnings = {}", list(&draft.warnings, true));
    if !draft.profiles.is_empty() {
        let _ = writeln!(out, "\n[profiles]");
        for (slug, label) in &draft.profiles {
            let _ = writeln!(out, "{slug} = {}", q(label));
        }
    }
    for r in &draft.requirements {
        let _ = writeln!(out, "\n[[requirement]]");
        let _ = writeln!(out, "id = {}", q(&r.id));
        if let Some(s) = &r.section {
            let _ = writeln!(out, "section = {}", q(s));
        }
        let _ = writeln!(out, "title = {}", q(&r.title));
        let nature = match r.nature {
            Nature::Exigence => "exigence",
            Nature::Preconisation => "preconisation",
        };
        let _ = writeln!(out, "nature = {}", q(nature));
        if let Some(c) = r.criticality {
            let c = match c {
                Criticality::Mineure => "mineure",
                Criticality::Majeure => "majeure",
                Criticality::Critique => "critique",
            };
            let _ = writeln!(out, "criticality = {}", q(c));
        }
        let profiles = r.profiles.clone().unwrap_or_default();
        if !r.kinds.is_empty() || !r.services.is_empty() || !profiles.is_empty() {
            let mut parts = Vec::new();
            for (key, values) in [
                ("kinds", &r.kinds),
                ("services", &r.services),
                ("profiles", &profiles),
            ] {
                if !values.is_empty() {
                    parts.push(format!("{key} = {}", list(values, false)));
                }
            }
            let _ = writeln!(out, "applies-to = {{ {} }}", parts.join(", "));
        }
        if let Some(d) = r.effective {
            let _ = writeln!(out, "effective = {d}");
        }
        if let Some(d) = r.revised {
            let _ = writeln!(out, "revised = {d}");
        }
        if !r.replaces.is_empty() {
            let _ = writeln!(out, "replaces = {}", list(&r.replaces, false));
        }
        if !r.derived_from.is_empty() {
            let _ = writeln!(out, "derived-from = {}", list(&r.derived_from, false));
        }
        if let Some(t) = &r.text {
            let _ = writeln!(out, "text = {}", q(t));
        }
        for p in &r.proofs {
            let _ = writeln!(out, "\n[[requirement.proof]]");
            let _ = writeln!(out, "id = {}", q(&p.id));
            let _ = writeln!(out, "kind = {}", q(&p.kind));
            if let Some(l) = &p.label {
                let _ = writeln!(out, "label = {}", q(l));
            }
            let _ = writeln!(out, "required = {}", p.required);
            if let Some(days) = p.max_age_days {
                let _ = writeln!(out, "max-age-days = {days}");
            }
        }
    }
    out
}

/// A TOML array of strings; one item a line when `long`.
fn list(items: &[String], long: bool) -> String {
    if items.is_empty() {
        return "[]".to_string();
    }
    let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    if long {
        format!("[\n  {},\n]", quoted.join(",\n  "))
    } else {
        format!("[{}]", quoted.join(", "))
    }
}

/// Checks a rendered document parses as charte reads documents.
pub fn check_rendered(text: &str) -> Result<Referential, String> {
    Referential::parse(text)
}
