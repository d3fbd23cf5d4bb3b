//! `check --format oscal`: the evaluation as an OSCAL `assessment-results`
//! document — one result, one finding per applicable requirement and owner
//! (a product, or the organization for its commitments), observations for
//! the evidence, the not-applicable declarations and charte's findings that
//! concern no applicable requirement. Written as it is walked, never whole
//! in memory: a large manifest gives tens of megabytes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufWriter, Write};

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{datetime, evidence_href, evidence_props, metadata, state, token, uuid, Pretty, Props};
use crate::date::Date;
use crate::manifest::{Declaration, Evidence, Status};
use crate::report::{FindingInfo, Report, Reporter, RequirementInfo};

pub struct AssessmentResults;

impl Reporter for AssessmentResults {
    /// Writes the document as it walks the report, through a buffer of its
    /// own: neither the document nor its text is ever whole in memory.
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut out = BufWriter::with_capacity(64 * 1024, out);
        let mut json = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
        Document(&Assessment::new(report)).serialize(&mut json)?;
        out.write_all(b"\n")?;
        out.flush()
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

impl Owner<'_> {
    /// The product in keys: empty for the organization.
    fn key(&self) -> &str {
        self.product.unwrap_or("")
    }
}

/// What the document is written from: the report, and what it takes to
/// write each finding and observation without looking anything up twice.
struct Assessment<'a> {
    report: &'a Report,
    org_name: &'a str,
    owners: Vec<Owner<'a>>,
    /// charte's findings by the owner and requirement they concern.
    by_requirement: HashMap<(Option<&'a str>, &'a str), Vec<usize>>,
    /// charte's findings that concern no applicable requirement in force.
    loose: Vec<&'a FindingInfo>,
    /// The control id of each requirement.
    controls: HashMap<&'a str, String>,
    /// The control ids reviewed, in the order first met.
    reviewed: Vec<String>,
    /// Each requirement assessed, once, in the order first met.
    objectives: Vec<&'a RequirementInfo>,
    /// Whether there is at least one finding, one observation.
    any_finding: bool,
    any_observation: bool,
}

impl<'a> Assessment<'a> {
    fn new(report: &'a Report) -> Assessment<'a> {
        let org_name = report
            .organization
            .as_ref()
            .map_or(report.manifest.as_str(), |o| o.name.as_str());
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
        let mut controls: HashMap<&str, String> = HashMap::new();
        let mut reviewed = Vec::new();
        let mut objectives = Vec::new();
        let (mut any_finding, mut any_observation) = (false, false);
        for owner in &owners {
            for req in owner.requirements {
                if let Some(indices) = by_requirement.get(&(owner.product, req.id.as_str())) {
                    for &i in indices {
                        attached[i] = true;
                    }
                }
                if !controls.contains_key(req.id.as_str()) {
                    let control = token(req.id.split_once(':').map_or(&req.id, |(_, id)| id));
                    if !reviewed.contains(&control) {
                        reviewed.push(control.clone());
                    }
                    controls.insert(&req.id, control);
                    objectives.push(req);
                }
                any_observation |= req.declaration.is_some();
                any_finding |= req.status != Some(Status::NotApplicable);
            }
        }
        let loose: Vec<&FindingInfo> = report
            .findings
            .iter()
            .zip(&attached)
            .filter(|(_, a)| !**a)
            .map(|(f, _)| f)
            .collect();
        any_observation |= !loose.is_empty();
        Assessment {
            report,
            org_name,
            owners,
            by_requirement,
            loose,
            controls,
            reviewed,
            objectives,
            any_finding,
            any_observation,
        }
    }

    /// charte's findings on one owner's requirement.
    fn concerning(&self, owner: &Owner, req: &RequirementInfo) -> Vec<&'a FindingInfo> {
        self.by_requirement
            .get(&(owner.product, req.id.as_str()))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.report.findings[i])
            .collect()
    }

    /// Every owner's requirements, in order.
    fn requirements(&self) -> impl Iterator<Item = (&Owner<'a>, &'a RequirementInfo)> + '_ {
        self.owners
            .iter()
            .flat_map(|o| o.requirements.iter().map(move |r| (o, r)))
    }

    /// One finding per applicable requirement in force and owner, but those
    /// declared not applicable.
    fn findings(&self) -> impl Iterator<Item = Finding<'_>> + '_ {
        self.requirements()
            .filter(|(_, req)| req.status != Some(Status::NotApplicable))
            .map(|(owner, req)| {
                let concerning = self.concerning(owner, req);
                finding(owner, req, &self.controls[req.id.as_str()], &concerning)
            })
    }

    /// An observation per declaration, then one per charte finding that
    /// concerns no applicable requirement.
    fn observations(&self) -> impl Iterator<Item = Observation<'_>> + '_ {
        let today = self.report.today;
        let declared = self.requirements().filter_map(move |(owner, req)| {
            let d = req.declaration.as_ref()?;
            Some(observation(
                owner,
                req,
                d,
                today,
                &self.concerning(owner, req),
            ))
        });
        let loose = self
            .loose
            .iter()
            .map(move |f| loose_finding(f, today, self.report));
        declared.chain(loose)
    }

    /// The document's UUID: that of what it assesses — the organization, the
    /// manifest, the evaluation date, charte's version and the référentiels
    /// the lock pins (id, version and SHA-256) — not of its content, so that
    /// it is known before the document is written and the same assessment
    /// keeps it across runs.
    fn uuid(&self) -> String {
        let r = self.report;
        let mut key = format!(
            "assessment-results:{}:{}:{}:{}",
            r.organization.as_ref().map_or("", |o| o.siren.as_str()),
            r.manifest,
            r.today,
            r.tool.version
        );
        for referential in &r.referentials {
            key.push_str(&format!(
                ":{}@{}={}",
                referential.id, referential.version, referential.sha256
            ));
        }
        uuid(&key)
    }

    fn plan(&self) -> String {
        uuid(&format!("assessment-plan:{}", self.report.manifest))
    }

    fn metadata(&self) -> Value {
        let report = self.report;
        let today = report.today;
        let title = format!(
            "Conformity of {} to the référentiels e-santé, {today}",
            self.org_name
        );
        let mut meta = metadata(&title, today, report.tool.version);
        if let Some(o) = &report.organization {
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
        Value::Object(meta)
    }

    fn back_matter(&self) -> Value {
        let report = self.report;
        let mut resources = vec![json!({
            "uuid": self.plan(),
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
        json!({ "resources": resources })
    }

    /// The requirements assessed, each once: its title, which the findings
    /// do not repeat.
    fn local_definitions(&self) -> Value {
        let objectives: Vec<Value> = self
            .objectives
            .iter()
            .map(|req| {
                let mut props = Props::default();
                props.push("requirement", &req.id);
                let mut o = Map::new();
                o.insert(
                    "control-id".into(),
                    self.controls[req.id.as_str()].clone().into(),
                );
                o.insert("description".into(), req.title.clone().into());
                o.insert(
                    "parts".into(),
                    json!([{
                        "name": "objective",
                        "prose": format!(
                            "Each declaration of {} and its evidence, at the evaluation date.",
                            req.id
                        ),
                    }]),
                );
                props.set_on(&mut o);
                Value::Object(o)
            })
            .collect();
        json!({ "objectives-and-methods": objectives })
    }

    fn reviewed_controls(&self) -> Value {
        // OSCAL has no empty selection: when nothing applies, `include-all`
        // of nothing.
        let selection = if self.reviewed.is_empty() {
            json!({ "include-all": {} })
        } else {
            let include: Vec<Value> = self
                .reviewed
                .iter()
                .map(|c| json!({ "control-id": c }))
                .collect();
            json!({ "include-controls": include })
        };
        json!({
            "description": "The applicable requirements in force, by their OSCAL ids (the original id is in each finding's `requirement` prop).",
            "control-selections": [selection],
        })
    }
}

/// `{ "assessment-results": … }`, its keys in the order of the JSON objects
/// of the other OSCAL documents (sorted).
struct Document<'a, 'r>(&'a Assessment<'r>);

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut doc = s.serialize_map(Some(1))?;
        doc.serialize_entry("assessment-results", &Body(a))?;
        doc.end()
    }
}

struct Body<'a, 'r>(&'a Assessment<'r>);

impl Serialize for Body<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut body = s.serialize_map(None)?;
        body.serialize_entry("back-matter", &a.back_matter())?;
        body.serialize_entry("import-ap", &json!({ "href": format!("#{}", a.plan()) }))?;
        if !a.objectives.is_empty() {
            body.serialize_entry("local-definitions", &a.local_definitions())?;
        }
        body.serialize_entry("metadata", &a.metadata())?;
        body.serialize_entry("results", &[ResultOf(a)])?;
        body.serialize_entry("uuid", &a.uuid())?;
        body.end()
    }
}

/// The one result: the evaluation.
struct ResultOf<'a, 'r>(&'a Assessment<'r>);

impl Serialize for ResultOf<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let report = a.report;
        let today = report.today;
        let summary = &report.summary;
        let mut result = s.serialize_map(None)?;
        result.serialize_entry(
            "description",
            &format!(
                "{}'s declarations in {} evaluated by charte {} on {today}: {} errors, {} warnings, {} infos; {}.",
                a.org_name,
                report.manifest,
                report.tool.version,
                summary.errors,
                summary.warnings,
                summary.infos,
                if summary.passed { "passed" } else { "failed" }
            ),
        )?;
        result.serialize_entry("end", &datetime(today))?;
        if a.any_finding {
            result.serialize_entry("findings", &Each(|| a.findings()))?;
        }
        if a.any_observation {
            result.serialize_entry("observations", &Each(|| a.observations()))?;
        }
        let mut props = Props::default();
        props
            .push("passed", summary.passed.to_string())
            .push("errors", summary.errors.to_string())
            .push("warnings", summary.warnings.to_string())
            .push("infos", summary.infos.to_string());
        result.serialize_entry("props", &props)?;
        result.serialize_entry("reviewed-controls", &a.reviewed_controls())?;
        result.serialize_entry("start", &datetime(today))?;
        result.serialize_entry("title", &format!("charte check of {today}"))?;
        result.serialize_entry(
            "uuid",
            &uuid(&format!("result:{}:{today}", report.manifest)),
        )?;
        result.end()
    }
}

/// A list written item by item, as the iterator its closure makes yields
/// them.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Finding<'a> {
    description: String,
    props: Props<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    related_observations: Option<[RelatedObservation; 1]>,
    target: Target<'a>,
    title: String,
    uuid: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct RelatedObservation {
    observation_uuid: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Target<'a> {
    status: TargetStatus,
    target_id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct TargetStatus {
    state: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Observation<'a> {
    collected: String,
    description: String,
    methods: [&'static str; 1],
    props: Props<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relevant_evidence: Vec<RelevantEvidence<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    types: [&'static str; 1],
    uuid: String,
}

#[derive(Serialize)]
struct RelevantEvidence<'a> {
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    href: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Props::is_empty")]
    props: Props<'a>,
}

/// The finding on one applicable requirement for one owner. The
/// requirement's title is in the document's local objectives, once.
fn finding<'a>(
    owner: &Owner<'a>,
    req: &'a RequirementInfo,
    control: &'a str,
    concerning: &[&'a FindingInfo],
) -> Finding<'a> {
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
    let related_observations = req.declaration.as_ref().map(|_| {
        [RelatedObservation {
            observation_uuid: uuid(&format!("observation:{}:{}", owner.key(), req.id)),
        }]
    });
    Finding {
        description,
        props,
        related_observations,
        target: Target {
            status: TargetStatus {
                state: state(status),
            },
            target_id: control,
            kind: "objective-id",
        },
        title: format!("{} — {}", owner.name, req.id),
        uuid: uuid(&format!("finding:{}:{}", owner.key(), req.id)),
    }
}

/// What is declared for one requirement: the evidence, or the justification
/// of a not-applicable declaration.
fn observation<'a>(
    owner: &Owner<'a>,
    req: &'a RequirementInfo,
    d: &'a Declaration,
    today: Date,
    concerning: &[&'a FindingInfo],
) -> Observation<'a> {
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
    let relevant_evidence = d
        .evidence
        .iter()
        .map(|e| RelevantEvidence {
            description: evidence_description(e),
            href: evidence_href(e),
            props: evidence_props(e),
        })
        .collect();
    let collected = d.declared.as_ref().map_or(today, |d| d.value);
    let remarks = if d.status.value == Status::NotApplicable {
        d.justification.as_deref()
    } else {
        None
    };
    Observation {
        collected: datetime(collected),
        description,
        methods: ["EXAMINE"],
        props,
        relevant_evidence,
        remarks,
        title: None,
        types: ["finding"],
        uuid: uuid(&format!("observation:{}:{}", owner.key(), req.id)),
    }
}

/// An evidence item in a few words: what it proves. Where it is and its
/// attributes are the item's `href` and props; a file named besides a URL,
/// which `href` does not hold, is here.
fn evidence_description(e: &Evidence) -> String {
    let mut description = match (&e.proof, &e.kind) {
        (Some(proof), _) => format!("proof {proof}"),
        (None, Some(kind)) => kind.clone(),
        (None, None) => "evidence".to_string(),
    };
    if let (Some(_), Some(path)) = (&e.url, &e.path) {
        description.push_str(&format!(", file {}", path.value));
    }
    description
}

/// One of charte's findings that concerns no applicable requirement (the
/// lock, the manifest, a declaration for a requirement that does not
/// apply…), as an observation.
fn loose_finding<'a>(f: &'a FindingInfo, today: Date, report: &'a Report) -> Observation<'a> {
    let mut props = Props::default();
    props.push("finding", f.code.as_str());
    props.push("severity", f.severity.as_str());
    if let Some(p) = &f.product {
        props.push("product", p);
    }
    if let Some(r) = &f.requirement {
        props.push("requirement", r);
    }
    let at = f
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
        .unwrap_or_else(|| report.manifest.clone());
    Observation {
        collected: datetime(today),
        description: f.message.clone(),
        methods: ["EXAMINE"],
        props,
        relevant_evidence: Vec::new(),
        remarks: None,
        title: Some(format!("{} at {at}", f.code.as_str())),
        types: ["finding"],
        uuid: uuid(&format!(
            "charte-finding:{}:{}:{}:{at}:{}",
            f.code.as_str(),
            f.product.as_deref().unwrap_or(""),
            f.requirement.as_deref().unwrap_or(""),
            f.message
        )),
    }
}
