//! An OSCAL catalog (`--format oscal`, JSON): groups are sections,
//! controls and their enhancements requirements, `statement` parts their text.

use serde::Deserialize;

use super::{Draft, DraftRequirement, Options, Source, Unreadable};

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
}

#[derive(Deserialize)]
struct Part {
    name: String,
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
    let mut draft = Draft::new(
        super::id_from(&meta.title),
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
        group(g, &mut draft);
    }
    Ok(vec![draft])
}

fn group(g: &Group, draft: &mut Draft) {
    let section = g.id.clone().or_else(|| g.title.clone());
    for c in &g.controls {
        control(c, section.as_deref(), draft);
    }
    for sub in &g.groups {
        group(sub, draft);
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
