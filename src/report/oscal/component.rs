//! `export --format oscal`: the declarations as an OSCAL
//! `component-definition` — a component per product (and one for the
//! organization's commitments), a control implementation per référentiel,
//! an implemented requirement per declaration with charte's status and its
//! evidence.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{document, evidence_props, metadata, set_evidence_links, set_list, token, uuid, Props};
use crate::date::Date;
use crate::manifest::{Declaration, Manifest};

/// The component definition of `m`'s declarations, dated `today`.
pub fn component_definition(m: &Manifest, today: Date) -> Value {
    let title = format!(
        "Declarations of {} to the référentiels e-santé",
        m.organization.name
    );
    let mut meta = metadata(&title, today, env!("CARGO_PKG_VERSION"));
    let mut party_props = Props::default();
    party_props.push("siren", &m.organization.siren);
    let mut party = Map::new();
    party.insert(
        "uuid".into(),
        uuid(&format!("party:{}", m.organization.siren)).into(),
    );
    party.insert("type".into(), "organization".into());
    party.insert("name".into(), m.organization.name.clone().into());
    party_props.set_on(&mut party);
    party.insert("email-addresses".into(), json!([m.organization.contact]));
    meta.insert("parties".into(), json!([party]));

    // A back-matter resource per référentiel in use, for the control
    // implementations to name as their source.
    let mut referentials: Vec<&str> = m.uses.iter().map(|u| u.id.as_str()).collect();
    for d in m.commitments.iter().chain(&m.declarations) {
        let r = d.requirement.value.referential.as_str();
        if !referentials.contains(&r) {
            referentials.push(r);
        }
    }
    let resource = |r: &str| uuid(&format!("referential:{r}"));
    let resources: Vec<Value> = referentials
        .iter()
        .map(|r| {
            let mut props = Props::default();
            props.push("referential", *r);
            if let Some(u) = m.uses.iter().find(|u| u.id == *r) {
                props.push("use", u.to_string());
            }
            let mut res = Map::new();
            res.insert("uuid".into(), resource(r).into());
            res.insert("title".into(), (*r).into());
            props.set_on(&mut res);
            Value::Object(res)
        })
        .collect();

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut components = Vec::new();
    if !m.commitments.is_empty() {
        let mut c = Map::new();
        c.insert(
            "uuid".into(),
            uuid(&format!("component:organization:{}", m.organization.siren)).into(),
        );
        c.insert("type".into(), "policy".into());
        c.insert("title".into(), m.organization.name.clone().into());
        c.insert(
            "description".into(),
            format!(
                "The commitments of {} (organization level).",
                m.organization.name
            )
            .into(),
        );
        set_list(
            &mut c,
            "control-implementations",
            implementations("", &m.commitments, &referentials, &resource, &mut seen),
        );
        components.push(Value::Object(c));
    }
    for p in &m.products {
        let id = p.id.value.as_str();
        let mut props = Props::default();
        props
            .push("product", id)
            .push("kind", &p.kind)
            .push("version", &p.version);
        for s in &p.services {
            props.push("service", s);
        }
        for s in &p.profiles {
            props.push("profile", s);
        }
        let mut c = Map::new();
        c.insert("uuid".into(), uuid(&format!("component:{id}")).into());
        c.insert("type".into(), "software".into());
        c.insert("title".into(), p.name.clone().into());
        c.insert(
            "description".into(),
            format!("{} {} ({}), product `{id}`.", p.name, p.version, p.kind).into(),
        );
        props.set_on(&mut c);
        let declarations: Vec<Declaration> = m
            .declarations
            .iter()
            .filter(|d| d.product.as_ref().is_some_and(|p| p.value == id))
            .cloned()
            .collect();
        set_list(
            &mut c,
            "control-implementations",
            implementations(id, &declarations, &referentials, &resource, &mut seen),
        );
        components.push(Value::Object(c));
    }

    let mut body = Map::new();
    body.insert("metadata".into(), Value::Object(meta));
    set_list(&mut body, "components", components);
    if !resources.is_empty() {
        body.insert("back-matter".into(), json!({ "resources": resources }));
    }
    document("component-definition", body)
}

/// One control implementation per référentiel the declarations name.
fn implementations(
    owner: &str,
    declarations: &[Declaration],
    referentials: &[&str],
    resource: &dyn Fn(&str) -> String,
    seen: &mut HashMap<String, usize>,
) -> Vec<Value> {
    referentials
        .iter()
        .filter_map(|r| {
            let implemented: Vec<Value> = declarations
                .iter()
                .filter(|d| d.requirement.value.referential == *r)
                .map(|d| implemented(owner, d, seen))
                .collect();
            if implemented.is_empty() {
                return None;
            }
            Some(json!({
                "uuid": uuid(&format!("control-implementation:{owner}:{r}")),
                "source": format!("#{}", resource(r)),
                "description": format!("Declarations for the requirements of `{r}`."),
                "implemented-requirements": implemented,
            }))
        })
        .collect()
}

fn implemented(owner: &str, d: &Declaration, seen: &mut HashMap<String, usize>) -> Value {
    let reference = d.requirement.value.to_string();
    // Two declarations for one requirement (a `duplicate-declaration`
    // finding) still get distinct UUIDs.
    let key = format!("implemented:{owner}:{reference}");
    let n = seen.entry(key.clone()).or_insert(0);
    *n += 1;
    let key = if *n == 1 { key } else { format!("{key}#{n}") };

    let status = d.status.value.as_str();
    let mut props = Props::default();
    props.push("requirement", &reference).push("status", status);
    if let Some(due) = &d.due {
        props.push("due", due.value.to_string());
    }
    if let Some(declared) = &d.declared {
        props.push("declared", declared.value.to_string());
    }
    for e in &d.evidence {
        props.extend(evidence_props(e));
    }
    let mut description = format!("Declared {status}.");
    if let Some(j) = &d.justification {
        description.push_str(&format!("\n\n{j}"));
    }
    let mut i = Map::new();
    i.insert("uuid".into(), uuid(&key).into());
    i.insert(
        "control-id".into(),
        token(&d.requirement.value.requirement).into(),
    );
    i.insert("description".into(), description.into());
    props.set_on(&mut i);
    set_evidence_links(&mut i, &d.evidence);
    Value::Object(i)
}
