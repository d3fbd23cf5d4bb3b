//! An OSCAL catalog (`--format oscal`, JSON): groups are sections,
//! controls and their enhancements requirements, `statement` parts their text.
//! A catalog charte wrote (`referentials show --format oscal`) carries its
//! own props in the project's namespace: the referential and requirement
//! ids, nature, criticality, applicability, dates and proofs are read back
//! from them, so that such a catalog imports as the document it came from.

use serde::Deserialize;

use super::{Draft, DraftRequirement, Options, Source, Unreadable};
use crate::catalogue::model::{Criticality, Nature, Proof};
use crate::report::oscal::NS;

#[derive(Deserialize)]
struct Document {
    catalog: Catalog,
}

#[derive(Deserialize)]
struct Catalog {
    metadata: Metadata,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Metadata {
    title: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    published: Option<String>,
}

#[derive(Deserialize)]
struct Group {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Control {
    id: String,
    title: String,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Prop {
    name: String,
    value: String,
    #[serde(default)]
    ns: Option<String>,
}

/// The values of charte's own prop `name`.
fn ours<'p>(props: &'p [Prop], name: &'p str) -> impl Iterator<Item = &'p str> + 'p {
    props
        .iter()
        .filter(move |p| p.name == name && p.ns.as_deref() == Some(NS))
        .map(|p| p.value.trim())
}

/// The referential a catalog charte wrote names in its requirements' props.
fn referential_of(controls: &[Control], groups: &[Group]) -> Option<String> {
    let from_control = |c: &Control| {
        ours(&c.props, "requirement")
            .next()
            .and_then(|v| v.split_once(':'))
            .map(|(r, _)| r.to_string())
    };
    controls.iter().find_map(from_control).or_else(|| {
        groups
            .iter()
            .find_map(|g| referential_of(&g.controls, &g.groups))
    })
}

#[derive(Deserialize)]
struct Part {
    name: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    prose: Option<String>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    props: Vec<Prop>,
}

pub fn read(source: &Source, _options: &Options) -> Result<Vec<Draft>, Unreadable> {
    let doc: Document = serde_json::from_slice(&source.bytes).map_err(|e| {
        Unreadable(format!(
            "line {}, column {}: not an OSCAL catalog ({e})",
            e.line(),
            e.column()
        ))
    })?;
    let meta = &doc.catalog.metadata;
    let charte = referential_of(&doc.catalog.controls, &doc.catalog.groups);
    let mut draft = Draft::new(
        charte
            .clone()
            .unwrap_or_else(|| super::id_from(&meta.title)),
        meta.title.clone(),
        "catalog".to_string(),
    );
    draft.published = meta
        .published
        .as_deref()
        .and_then(|d| d.get(..10)?.parse().ok());
    if let Some(v) = meta.version.as_deref().and_then(super::version_from) {
        draft.version = v;
    }
    for c in &doc.catalog.controls {
        control(c, None, &mut draft);
    }
    for g in &doc.catalog.groups {
        group(g, charte.is_some(), &mut draft);
    }
    Ok(vec![draft])
}

fn group(g: &Group, charte: bool, draft: &mut Draft) {
    // charte writes the section as the group's title (its id is a token).
    let section = if charte {
        g.title.clone().or_else(|| g.id.clone())
    } else {
        g.id.clone().or_else(|| g.title.clone())
    };
    for c in &g.controls {
        control(c, section.as_deref(), draft);
    }
    for sub in &g.groups {
        group(sub, charte, draft);
    }
}

fn control(c: &Control, section: Option<&str>, draft: &mut Draft) {
    let label = c
        .props
        .iter()
        .find(|p| p.name == "label")
        .map(|p| p.value.trim().to_string());
    let id = label.unwrap_or_else(|| c.id.trim().to_string());
    let mut req = DraftRequirement::new(
        id,
        super::plain_text(&c.title),
        format!("control `{}`", c.id),
    );
    req.section = section.map(str::to_string);
    let mut lines = Vec::new();
    for p in c.parts.iter().filter(|p| p.name == "statement") {
        prose(p, &mut lines);
    }
    req.text = Some(lines.join("\n")).filter(|t| !t.is_empty());
    read_our_props(c, &mut req);
    draft.add(req);
    for sub in &c.controls {
        control(sub, section, draft);
    }
}

/// A part's prose and its sub-parts', each led by its label.
fn prose(part: &Part, lines: &mut Vec<String>) {
    if let Some(text) = part
        .prose
        .as_deref()
        .map(super::plain_text)
        .filter(|t| !t.is_empty())
    {
        match part.props.iter().find(|p| p.name == "label") {
            Some(label) => lines.push(format!("{} {text}", label.value)),
            None => lines.push(text),
        }
    }
    for sub in &part.parts {
        prose(sub, lines);
    }
}

/// What charte's own props say of a requirement, when they are there.
fn read_our_props(c: &Control, req: &mut DraftRequirement) {
    let date = |name| ours(&c.props, name).next().and_then(|v| v.parse().ok());
    match ours(&c.props, "nature").next() {
        Some("preconisation") | Some("préconisation") => req.nature = Nature::Preconisation,
        Some("exigence") => req.nature = Nature::Exigence,
        _ => {}
    }
    req.criticality = match ours(&c.props, "criticality").next() {
        Some("mineure") => Some(Criticality::Mineure),
        Some("majeure") => Some(Criticality::Majeure),
        Some("critique") => Some(Criticality::Critique),
        _ => req.criticality,
    };
    req.kinds
        .extend(ours(&c.props, "applies-to-kind").map(str::to_string));
    req.services
        .extend(ours(&c.props, "applies-to-service").map(str::to_string));
    let profiles: Vec<String> = ours(&c.props, "applies-to-profile")
        .map(str::to_string)
        .collect();
    if !profiles.is_empty() {
        req.profiles = Some(profiles);
    }
    req.effective = date("effective").or(req.effective);
    req.revised = date("revised").or(req.revised);
    req.replaces.extend(
        ours(&c.props, "replaces").map(|v| v.split_once(':').map_or(v, |(_, id)| id).to_string()),
    );
    for part in c.parts.iter().filter(|p| p.name == "proof") {
        let Some(id) = ours(&part.props, "proof").next() else {
            continue;
        };
        req.proofs.push(Proof {
            id: id.to_string(),
            kind: ours(&part.props, "kind")
                .next()
                .unwrap_or("document")
                .to_string(),
            label: part.title.clone().filter(|t| t != id),
            required: ours(&part.props, "required").next() == Some("true"),
            max_age_days: ours(&part.props, "max-age-days")
                .next()
                .and_then(|v| v.parse().ok()),
        });
    }
}
