//! `referentials show --format oscal`: a référentiel as an OSCAL `catalog` —
//! a group per section, a control per requirement, parts for its statement
//! and proofs, props for its nature, criticality, conditions and dates.

use serde_json::{json, Map, Value};

use super::{datetime, document, metadata, set_list, token, Props};
use crate::catalogue::model::{Criticality, Nature, Referential, Requirement};
use crate::date::Date;

/// The catalog of `doc`, whose bytes have `sha256`. Its date is the
/// référentiel's publication, else `today`.
pub fn catalog(doc: &Referential, sha256: &str, today: Date) -> Value {
    let date = doc.published.unwrap_or(today);
    let mut meta = metadata(&doc.label, date, &doc.version.to_string());
    if let Some(p) = doc.published {
        meta.insert("published".into(), datetime(p).into());
    }
    let mut props = Props::default();
    props
        .push("referential", &doc.id)
        .push(
            "scope",
            match doc.scope {
                crate::catalogue::model::Scope::Product => "product",
                crate::catalogue::model::Scope::Organization => "organization",
            },
        )
        .push("sha256", sha256);
    if let Some(p) = &doc.publisher {
        props.push("publisher", p);
    }
    props.set_on(&mut meta);
    if let Some(source) = &doc.source {
        meta.insert(
            "links".into(),
            json!([{ "href": super::href(source), "rel": "source" }]),
        );
    }

    // Sections in the order first met; requirements without one at the top.
    let mut sections: Vec<(&str, Vec<Value>)> = Vec::new();
    let mut loose = Vec::new();
    for req in &doc.requirements {
        let c = control(doc, req);
        match req.section.as_deref() {
            Some(s) => match sections.iter_mut().find(|(name, _)| *name == s) {
                Some((_, controls)) => controls.push(c),
                None => sections.push((s, vec![c])),
            },
            None => loose.push(c),
        }
    }
    let groups: Vec<Value> = sections
        .into_iter()
        .map(|(name, controls)| {
            let mut props = Props::default();
            props.push_oscal("label", name);
            let mut g = Map::new();
            g.insert("id".into(), format!("s-{}", token(name)).into());
            g.insert("title".into(), name.into());
            props.set_on(&mut g);
            g.insert("controls".into(), controls.into());
            Value::Object(g)
        })
        .collect();

    let mut body = Map::new();
    body.insert("metadata".into(), Value::Object(meta));
    set_list(&mut body, "groups", groups);
    set_list(&mut body, "controls", loose);
    document("catalog", body)
}

fn control(doc: &Referential, req: &Requirement) -> Value {
    let id = token(&req.id);
    let mut props = Props::default();
    props.push_oscal("label", &req.id);
    props.push("requirement", format!("{}:{}", doc.id, req.id));
    props.push(
        "nature",
        match req.nature {
            Nature::Exigence => "exigence",
            Nature::Preconisation => "preconisation",
        },
    );
    if let Some(c) = req.criticality {
        props.push(
            "criticality",
            match c {
                Criticality::Mineure => "mineure",
                Criticality::Majeure => "majeure",
                Criticality::Critique => "critique",
            },
        );
    }
    for kind in &req.applies_to.kinds {
        props.push("applies-to-kind", kind);
    }
    for service in &req.applies_to.services {
        props.push("applies-to-service", service);
    }
    for profile in &req.applies_to.profiles {
        props.push("applies-to-profile", profile);
    }
    if let Some(d) = req.effective {
        props.push("effective", d.to_string());
    }
    if let Some(d) = req.revised {
        props.push("revised", d.to_string());
    }
    for old in &req.replaces {
        props.push("replaces", format!("{}:{old}", doc.id));
    }

    let mut parts = vec![json!({
        "id": format!("{id}_smt"),
        "name": "statement",
        "prose": req.text.as_deref().unwrap_or(&req.title),
    })];
    for (n, proof) in req.proofs.iter().enumerate() {
        let mut props = Props::default();
        props.push_oscal("label", &proof.id);
        props
            .push("proof", &proof.id)
            .push("kind", &proof.kind)
            .push("required", proof.required.to_string());
        if let Some(days) = proof.max_age_days {
            props.push("max-age-days", days.to_string());
        }
        let mut p = Map::new();
        p.insert("id".into(), format!("{id}_proof.{}", n + 1).into());
        p.insert("name".into(), "proof".into());
        p.insert("ns".into(), super::NS.into());
        p.insert(
            "title".into(),
            proof
                .label
                .clone()
                .unwrap_or_else(|| proof.id.clone())
                .into(),
        );
        props.set_on(&mut p);
        parts.push(Value::Object(p));
    }

    let mut c = Map::new();
    c.insert("id".into(), id.into());
    c.insert("title".into(), req.title.clone().into());
    props.set_on(&mut c);
    c.insert("parts".into(), parts.into());
    Value::Object(c)
}
