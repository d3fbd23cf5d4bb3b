//! `check --format oscal`: the evaluation as an OSCAL `assessment-results`
//! document — one result, one finding per applicable requirement and owner
//! (a product, or the organization for its commitments), observations for
//! the evidence, the not-applicable declarations and charte's findings that
//! concern no applicable requirement.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::{
    datetime, document, evidence_description, evidence_href, evidence_props, metadata,
    set_evidence_links, set_list, state, token, uuid, Props,
};
use crate::manifest::Status;
use crate::report::{FindingInfo, Report, Reporter, RequirementInfo};

pub struct AssessmentResults;

impl Reporter for AssessmentResults {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        super::write(&assessment_results(report), out)
    }
}

/// charte's status of an applicable requirement: the declared status, or
/// `missing`.
fn status(req: &RequirementInfo) -> &'static str {
    match req.status {
        None => "missing",
        Some(Status::Conform) if req.unsubstantiated => "unsubstantiated",
        Some(s) => s.as_str(),
    }
}

/// Who the requirements of a finding are declared for.
struct Owner<'a> {
    /// `None` for the organization's commitments.
    product: Option<&'a str>,
    /// As titles name it.
    name: &'a str,
    requirements: &'a [RequirementInfo],
}

fn assessment_results(report: &Report) -> Value {
    let org = report.organization.as_ref();
    let org_name = org.map_or(report.manifest.as_str(), |o| o.name.as_str());
    let today = report.today;

    let mut owners = vec![Owner {
        product: None,
        name: org_name,
        requirements: &report.organization_requirements,
    }];
    owners.extend(report.products.iter().map(|p| Owner {
        product: Some(&p.id),
        name: &p.name,
        requirements: &p.requirements,
    }));

    let mut controls: Vec<String> = Vec::new();
    let mut findings = Vec::new();
    let mut observations = Vec::new();
    // charte's findings by the owner and requirement they concern.
    let mut by_requirement: HashMap<(Option<&str>, &str), Vec<usize>> = HashMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        if let Some(r) = &f.requirement {
            by_requirement
                .entry((f.product.as_deref(), r.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut attached = vec![false; report.findings.len()];
    for owner in &owners {
        for req in owner.requirements {
            let control = token(req.id.split_once(':').map_or(&req.id, |(_, id)| id));
            if !controls.contains(&control) {
                controls.push(control.clone());
            }
            let indices = by_requirement
                .get(&(owner.product, req.id.as_str()))
                .map_or(&[][..], Vec::as_slice);
            let concerning: Vec<&FindingInfo> = indices
                .iter()
                .map(|&i| {
                    attached[i] = true;
                    &report.findings[i]
                })
                .collect();
            let observation = req
                .declaration
                .as_ref()
                .map(|_| observation(owner, req, today, &concerning));
            let observation_uuid = observation.as_ref().map(|o| o["uuid"].clone());
            observations.extend(observation);
            if req.status == Some(Status::NotApplicable) {
                continue;
            }
            findings.push(finding(owner, req, &control, &concerning, observation_uuid));
        }
    }
    for (f, _) in report.findings.iter().zip(&attached).filter(|(_, a)| !**a) {
        observations.push(loose_finding(f, today, report));
    }

    let plan = uuid(&format!("assessment-plan:{}", report.manifest));
    let mut result = Map::new();
    result.insert(
        "uuid".into(),
        uuid(&format!("result:{}:{today}", report.manifest)).into(),
    );
    result.insert("title".into(), format!("charte check of {today}").into());
    result.insert(
        "description".into(),
        format!(
            "{org_name}'s declarations in {} evaluated by charte {} on {today}: {} errors, {} warnings, {} infos; {}.",
            report.manifest,
            report.tool.version,
            report.summary.errors,
            report.summary.warnings,
            report.summary.infos,
            if report.summary.passed { "passed" } else { "failed" }
        )
        .into(),
    );
    result.insert("start".into(), datetime(today).into());
    result.insert("end".into(), datetime(today).into());
    let mut props = Props::default();
    props.push("passed", report.summary.passed.to_string());
    props.push("errors", report.summary.errors.to_string());
    props.push("warnings", report.summary.warnings.to_string());
    props.push("infos", report.summary.infos.to_string());
    props.set_on(&mut result);
    // OSCAL has no empty selection: when nothing applies, `include-all` of
    // nothing.
    let selection = if controls.is_empty() {
        json!({ "include-all": {} })
    } else {
        let include: Vec<Value> = controls
            .iter()
            .map(|c| json!({ "control-id": c }))
            .collect();
        json!({ "include-controls": include })
    };
    result.insert(
        "reviewed-controls".into(),
        json!({
            "description": "The applicable requirements in force, by their OSCAL ids (the original id is in each finding's `requirement` prop).",
            "control-selections": [selection],
        }),
    );
    set_list(&mut result, "observations", observations);
    set_list(&mut result, "findings", findings);

    let title = format!("Conformity of {org_name} to the référentiels e-santé, {today}");
    let mut meta = metadata(&title, today, report.tool.version);
    if let Some(o) = org {
        let party = uuid(&format!("party:{}", o.siren));
        let mut party_props = Props::default();
        party_props.push("siren", &o.siren);
        let mut p = Map::new();
        p.insert("uuid".into(), party.into());
        p.insert("type".into(), "organization".into());
        p.insert("name".into(), o.name.clone().into());
        party_props.set_on(&mut p);
        meta.insert("parties".into(), json!([p]));
    }

    let mut resources = vec![json!({
        "uuid": plan,
        "title": "Assessment plan",
        "description": format!(
            "charte evaluates the declarations of {} against the referentials its lock pins, at the evaluation date, by the rules of charte's specification (§3).",
            report.manifest
        ),
        "rlinks": [{ "href": super::href(&report.manifest) }],
    })];
    for r in &report.referentials {
        let mut props = Props::default();
        props
            .push("referential", &r.id)
            .push("version", &r.version)
            .push("sha256", &r.sha256)
            .push("origin", &r.source);
        let mut res = Map::new();
        res.insert(
            "uuid".into(),
            uuid(&format!("referential:{}@{}", r.id, r.version)).into(),
        );
        res.insert("title".into(), format!("{} {}", r.id, r.version).into());
        props.set_on(&mut res);
        // A référentiel embedded in charte has no address of its own.
        if r.source != "embedded" {
            res.insert(
                "rlinks".into(),
                json!([{
                    "href": super::href(&r.source),
                    "hashes": [{ "algorithm": "SHA-256", "value": r.sha256 }],
                }]),
            );
        }
        resources.push(Value::Object(res));
    }

    let mut body = Map::new();
    body.insert("metadata".into(), Value::Object(meta));
    body.insert("import-ap".into(), json!({ "href": format!("#{plan}") }));
    body.insert("results".into(), json!([result]));
    body.insert("back-matter".into(), json!({ "resources": resources }));
    document("assessment-results", body)
}

/// The finding on one applicable requirement for one owner.
fn finding(
    owner: &Owner,
    req: &RequirementInfo,
    control: &str,
    concerning: &[&FindingInfo],
    observation: Option<Value>,
) -> Value {
    let who = owner.product.unwrap_or("");
    let status = status(req);
    let mut props = Props::default();
    props.push("requirement", &req.id);
    if let Some(p) = owner.product {
        props.push("product", p);
    }
    props.push("status", status);
    if let Some(worst) = concerning.iter().map(|f| f.severity).max() {
        props.push("severity", worst.as_str());
    }
    for f in concerning {
        props.push("finding", f.code.as_str());
    }
    let mut description = format!("{}: {} for {}.", req.id, status, owner.name);
    for f in concerning {
        description.push_str(&format!(
            "\n\n{} ({}): {}",
            f.code.as_str(),
            f.severity.as_str(),
            f.message
        ));
    }
    let mut f = Map::new();
    f.insert(
        "uuid".into(),
        uuid(&format!("finding:{who}:{}", req.id)).into(),
    );
    f.insert(
        "title".into(),
        format!("{} — {}: {}", owner.name, req.id, req.title).into(),
    );
    f.insert("description".into(), description.into());
    props.set_on(&mut f);
    f.insert(
        "target".into(),
        json!({
            "type": "objective-id",
            "target-id": control,
            "status": { "state": state(status) },
        }),
    );
    if let Some(o) = observation {
        f.insert(
            "related-observations".into(),
            json!([{ "observation-uuid": o }]),
        );
    }
    Value::Object(f)
}

/// What is declared for one requirement: the evidence, or the justification
/// of a not-applicable declaration.
fn observation(
    owner: &Owner,
    req: &RequirementInfo,
    today: crate::date::Date,
    concerning: &[&FindingInfo],
) -> Value {
    let d = req.declaration.as_ref().expect("a declaration");
    let status = d.status.value.as_str();
    let mut props = Props::default();
    props.push("requirement", &req.id);
    if let Some(p) = owner.product {
        props.push("product", p);
    }
    props.push("status", status);
    if let Some(due) = &d.due {
        props.push("due", due.value.to_string());
    }
    if let Some(declared) = &d.declared {
        props.push("declared", declared.value.to_string());
    }
    for f in concerning {
        props.push("finding", f.code.as_str());
    }
    let mut description = format!("{} declares {}: {status}.", owner.name, req.id);
    if let Some(j) = &d.justification {
        description.push_str(&format!("\n\nJustification: {j}"));
    }
    let mut o = Map::new();
    let who = owner.product.unwrap_or("");
    o.insert(
        "uuid".into(),
        uuid(&format!("observation:{who}:{}", req.id)).into(),
    );
    o.insert(
        "title".into(),
        format!("{} — {}: declared {status}", owner.name, req.id).into(),
    );
    o.insert("description".into(), description.into());
    props.set_on(&mut o);
    set_evidence_links(&mut o, &d.evidence);
    o.insert("methods".into(), json!(["EXAMINE"]));
    o.insert("types".into(), json!(["finding"]));
    let evidence: Vec<Value> = d
        .evidence
        .iter()
        .map(|e| {
            let mut r = Map::new();
            if let Some(href) = evidence_href(e) {
                r.insert("href".into(), href.into());
            }
            r.insert("description".into(), evidence_description(e).into());
            evidence_props(e).set_on(&mut r);
            Value::Object(r)
        })
        .collect();
    set_list(&mut o, "relevant-evidence", evidence);
    let collected = d.declared.as_ref().map_or(today, |d| d.value);
    o.insert("collected".into(), datetime(collected).into());
    if status == Status::NotApplicable.as_str() {
        if let Some(j) = &d.justification {
            o.insert("remarks".into(), j.clone().into());
        }
    }
    Value::Object(o)
}

/// One of charte's findings that concerns no applicable requirement (the
/// lock, the manifest, a declaration for a requirement that does not
/// apply…), as an observation.
fn loose_finding(f: &FindingInfo, today: crate::date::Date, report: &Report) -> Value {
    let mut props = Props::default();
    props.push("finding", f.code.as_str());
    props.push("severity", f.severity.as_str());
    if let Some(p) = &f.product {
        props.push("product", p);
    }
    if let Some(r) = &f.requirement {
        props.push("requirement", r);
    }
    let mut o = Map::new();
    let at = f
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
        .unwrap_or_else(|| report.manifest.clone());
    o.insert(
        "uuid".into(),
        uuid(&format!(
            "charte-finding:{}:{}:{}:{at}:{}",
            f.code.as_str(),
            f.product.as_deref().unwrap_or(""),
            f.requirement.as_deref().unwrap_or(""),
            f.message
        ))
        .into(),
    );
    o.insert(
        "title".into(),
        format!("{} at {at}", f.code.as_str()).into(),
    );
    o.insert("description".into(), f.message.clone().into());
    props.set_on(&mut o);
    o.insert("methods".into(), json!(["EXAMINE"]));
    o.insert("types".into(), json!(["finding"]));
    o.insert("collected".into(), datetime(today).into());
    Value::Object(o)
}
