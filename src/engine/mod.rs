//! The evaluation engine: a pure function from a manifest, the referentials it
//! uses and an evaluation date to counts and findings (SPEC §3).
//!
//! The only thing it asks of the outside world is what the evidence files
//! are, through [`EvidenceFiles`], so that it can be tested without a disk.

mod agenda;

use std::collections::HashMap;

use crate::findings::{Code, FailOn, Finding, Levels, Severity};
pub use agenda::{agenda, Obligation, ObligationKind};

use crate::catalogue::resolve::Drift;
use crate::catalogue::{Nature, Referential, Requirement, Resolved, Scope, Vocabulary, LOCK_NAME};
use crate::date::Date;
use crate::diag::{Source, Span};
use crate::manifest::{Declaration, Manifest, Product, Status, Traits};
use crate::suggest;

/// Days before a planned due date when it is "due soon".
pub const DUE_SOON_DAYS: i64 = 30;
/// Days before an upcoming requirement's effective date when it becomes a warning.
pub const UPCOMING_WARNING_DAYS: i64 = 90;

/// What an evidence `path` is on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileCheck {
    /// Absolute, or leaves the manifest's folder (symlinks included).
    Outside,
    Missing,
    /// Present; its sha256 when asked for.
    Present {
        sha256: Option<String>,
    },
}

/// Looks at evidence files. `digest` asks for the file's sha256.
pub trait EvidenceFiles {
    fn check(&self, path: &str, digest: bool) -> FileCheck;
}

/// Everything an evaluation depends on.
pub struct Input<'a> {
    pub manifest: &'a Manifest,
    /// The manifest's text, to name lines in messages.
    pub source: &'a Source,
    pub referentials: &'a [Resolved],
    pub today: Date,
    pub files: &'a dyn EvidenceFiles,
    pub levels: &'a Levels,
    /// Products to evaluate; empty means all.
    pub only: &'a [String],
    /// What the catalogue offers (see [`crate::catalogue::offered`]), for
    /// the advisory checks of scope: the services and profiles a product
    /// may name, and the referentials it may fall under beyond `use`. Empty
    /// when the catalogue is not at hand; those checks then rely on the
    /// referentials in use alone.
    pub offered: &'a [Referential],
}

/// Counts of SPEC §3.2 for a product or the organization.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Counts {
    pub applicable: u32,
    /// Declared conform, and substantiated: no error concerns the evidence.
    pub conform: u32,
    /// Declared conform, but a proof is missing, expired or wrong: an error
    /// concerns the evidence. Not counted as conform.
    pub unsubstantiated: u32,
    pub partial: u32,
    pub non_conform: u32,
    pub planned: u32,
    pub not_applicable: u32,
    pub missing: u32,
    pub conformity: f64,
    #[serde(skip)]
    exigences: u32,
    #[serde(skip)]
    exigences_conform: u32,
    #[serde(skip)]
    exigences_not_applicable: u32,
    #[serde(skip)]
    exigences_unsubstantiated: u32,
}

/// The mandatory requirements (`exigence`) in force among the counts: what
/// `conformity` is computed from, conform / (applicable − not applicable).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exigences {
    pub applicable: u32,
    pub not_applicable: u32,
    pub conform: u32,
    pub unsubstantiated: u32,
}

impl Counts {
    /// The figures every table of counts shows, in its column order:
    /// applicable, conform, unsubstantiated, partial, non-conform, planned,
    /// not applicable, missing.
    pub fn figures(&self) -> [u32; 8] {
        [
            self.applicable,
            self.conform,
            self.unsubstantiated,
            self.partial,
            self.non_conform,
            self.planned,
            self.not_applicable,
            self.missing,
        ]
    }

    /// Counts one applicable requirement: its declared status, and whether
    /// a conform declaration lacks substantiation.
    fn add(&mut self, nature: Nature, status: Option<Status>, unsubstantiated: bool) {
        self.applicable += 1;
        let declared_unsubstantiated = status == Some(Status::Conform) && unsubstantiated;
        let status = match status {
            Some(Status::Conform) if unsubstantiated => {
                self.unsubstantiated += 1;
                None
            }
            None => {
                self.missing += 1;
                None
            }
            status => status,
        };
        match status {
            None => {}
            Some(Status::Conform) => self.conform += 1,
            Some(Status::Partial) => self.partial += 1,
            Some(Status::NonConform) => self.non_conform += 1,
            Some(Status::Planned) => self.planned += 1,
            Some(Status::NotApplicable) => self.not_applicable += 1,
        }
        if nature == Nature::Exigence {
            self.exigences += 1;
            self.exigences_unsubstantiated += u32::from(declared_unsubstantiated);
            match status {
                Some(Status::Conform) => self.exigences_conform += 1,
                Some(Status::NotApplicable) => self.exigences_not_applicable += 1,
                _ => {}
            }
        }
    }

    /// What `conformity` is the ratio of: the mandatory requirements
    /// declared conform and substantiated, and the mandatory requirements that count (those
    /// applicable less those declared not applicable).
    pub fn conformity_basis(&self) -> (u32, u32) {
        (
            self.exigences_conform,
            self.exigences - self.exigences_not_applicable,
        )
    }

    /// The mandatory requirements behind the rate, as a statement prints
    /// them next to it: applicable, declared not applicable, conform and
    /// substantiated, and declared conform without substantiation.
    pub fn exigences(&self) -> Exigences {
        Exigences {
            applicable: self.exigences,
            not_applicable: self.exigences_not_applicable,
            conform: self.exigences_conform,
            unsubstantiated: self.exigences_unsubstantiated,
        }
    }

    fn finish(&mut self) {
        let denominator = self.exigences - self.exigences_not_applicable;
        self.conformity = if denominator == 0 {
            1.0
        } else {
            // Two decimals, as reports show it.
            (f64::from(self.exigences_conform) / f64::from(denominator) * 100.0).round() / 100.0
        };
    }
}

/// A requirement that applies to the organization or to an evaluated
/// product, and the declaration that counts for it: what views beyond the
/// counts (per referential, dated obligations) are built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applicable {
    /// The product, as an index into `manifest.products`; `None` for the
    /// organization.
    pub owner: Option<usize>,
    /// Index into `Input::referentials`.
    pub referential: usize,
    /// Index into that referential's `requirements`.
    pub requirement: usize,
    /// The declaration that counts, as an index into `manifest.commitments`
    /// (organization) or `manifest.declarations` (product).
    pub declaration: Option<usize>,
    /// In force at the evaluation date; the counts take only these.
    pub effective: bool,
    /// Declared conform, but an error concerns its evidence (SPEC §3.2).
    pub unsubstantiated: bool,
}

/// The result of an evaluation.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub organization: Counts,
    /// Evaluated products, as indices into `manifest.products`, with their counts.
    pub products: Vec<(usize, Counts)>,
    /// Sorted: the organization's first, then by product, then by position.
    pub findings: Vec<Finding>,
    /// Every applicable requirement, effective or not: the organization's
    /// first, then each evaluated product's, in referential order.
    pub applicable: Vec<Applicable>,
}

impl Evaluation {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn passed(&self, fail_on: FailOn) -> bool {
        !self.findings.iter().any(|f| fail_on.fails(f.severity))
    }

    /// The counts of one owner (a product index, or `None` for the
    /// organization) split by referential, for the referentials that have
    /// an effective requirement applying to it, in `use` order. `input` is
    /// the one this evaluation was made from.
    pub fn by_referential(&self, input: &Input<'_>, owner: Option<usize>) -> Vec<(usize, Counts)> {
        let mut split: Vec<(usize, Counts)> = Vec::new();
        for a in self
            .applicable
            .iter()
            .filter(|a| a.owner == owner && a.effective)
        {
            let nature = input.referentials[a.referential].doc.requirements[a.requirement].nature;
            let status = a
                .declaration
                .map(|i| input.declaration(owner, i).status.value);
            match split.last_mut() {
                Some((r, counts)) if *r == a.referential => {
                    counts.add(nature, status, a.unsubstantiated)
                }
                _ => {
                    let mut counts = Counts::default();
                    counts.add(nature, status, a.unsubstantiated);
                    split.push((a.referential, counts));
                }
            }
        }
        for (_, counts) in &mut split {
            counts.finish();
        }
        split
    }
}

impl Input<'_> {
    /// A declaration named by [`Applicable::declaration`]: a commitment for
    /// the organization, a product declaration otherwise.
    pub fn declaration(&self, owner: Option<usize>, index: usize) -> &Declaration {
        match owner {
            None => &self.manifest.commitments[index],
            Some(_) => &self.manifest.declarations[index],
        }
    }
}

/// Error for an `exigence`, warning for a `preconisation`.
fn by_nature(nature: Nature) -> Severity {
    match nature {
        Nature::Exigence => Severity::Error,
        Nature::Preconisation => Severity::Warning,
    }
}

/// Who a declaration is for: a product (index) or the organization.
type Owner = Option<usize>;

struct Evaluator<'a> {
    input: &'a Input<'a>,
    referentials: Vec<&'a Referential>,
    /// Where each referential's requirements start in a row of `declared`.
    offsets: Vec<usize>,
    products: HashMap<&'a str, usize>,
    /// Declarations that count: one row per owner (the organization, then
    /// each product), one cell per requirement of the referentials in use.
    declared: Vec<Option<(usize, &'a Declaration)>>,
    /// Cells of `declared` whose conform declaration an evidence error
    /// leaves unsubstantiated.
    unsubstantiated: Vec<bool>,
    /// Requirements in use, the length of a row of `declared`.
    width: usize,
    findings: Vec<(Owner, Finding)>,
    applicable: Vec<Applicable>,
    /// Union of the products' traits, for the organization's requirements.
    all: Traits,
}

/// Evaluates a manifest. Pure: same input, same output.
pub fn evaluate(input: &Input<'_>) -> Evaluation {
    let m = input.manifest;
    let mut ev = Evaluator {
        input,
        referentials: input.referentials.iter().map(|r| &r.doc).collect(),
        offsets: Vec::new(),
        products: m
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.value.as_str(), i))
            .collect(),
        declared: Vec::new(),
        unsubstantiated: Vec::new(),
        width: 0,
        findings: Vec::new(),
        applicable: Vec::new(),
        all: m.traits(),
    };
    for doc in &ev.referentials {
        ev.offsets.push(ev.width);
        ev.width += doc.requirements.len();
    }
    ev.declared = vec![None; ev.width * (m.products.len() + 1)];
    ev.unsubstantiated = vec![false; ev.declared.len()];
    for (i, d) in m.commitments.iter().enumerate() {
        ev.declaration(i, d, false);
    }
    for (i, d) in m.declarations.iter().enumerate() {
        ev.declaration(i, d, true);
    }
    let organization = ev.count(None);
    let vocabulary = Vocabulary::new(
        input
            .referentials
            .iter()
            .map(|r| &r.doc)
            .chain(input.offered),
    );
    let mut products = Vec::new();
    for (i, p) in m.products.iter().enumerate() {
        if input.only.is_empty() || input.only.contains(&p.id.value) {
            ev.scope(i, &vocabulary);
            products.push((i, ev.count(Some(i))));
        }
    }
    let applicable = std::mem::take(&mut ev.applicable);
    let mut findings = ev.findings;
    // The organization first, then products in manifest order; unknown
    // products last; within a group, in file order.
    findings.sort_by_key(|(owner, f)| {
        let group = match (owner, &f.product) {
            (None, None) => 0,
            (Some(i), _) => i + 1,
            (None, Some(_)) => usize::MAX,
        };
        (group, f.span.map_or(usize::MAX, |s| s.start()), f.code)
    });
    Evaluation {
        organization,
        products,
        findings: findings.into_iter().map(|(_, f)| f).collect(),
        applicable,
    }
}

/// The findings of a `charte.lock` out of date with `use`, at the severity
/// `levels` give them: the evaluation was made against what `charte fetch`
/// would lock, and they say so. They come before an evaluation's findings.
pub fn lock_findings(drift: &[Drift], levels: &Levels) -> Vec<Finding> {
    drift
        .iter()
        .filter_map(|d| {
            let severity = levels.apply(Code::LockOutOfDate, Severity::Error)?;
            Some(Finding {
                code: Code::LockOutOfDate,
                severity,
                product: None,
                requirement: None,
                message: format!(
                    "{}; checked against what `charte fetch` would lock: run it and commit {LOCK_NAME}",
                    d.message
                ),
                span: d.span,
            })
        })
        .collect()
}

/// `referential:requirement`, formatted only when a message needs it.
struct Ref<'a>(&'a str, &'a str);

impl std::fmt::Display for Ref<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.0, self.1)
    }
}

impl<'a> Evaluator<'a> {
    /// The cell of `declared` for an owner and a requirement.
    fn cell(&self, owner: Owner, referential: usize, requirement: usize) -> usize {
        owner.map_or(0, |i| i + 1) * self.width + self.offsets[referential] + requirement
    }

    fn push(
        &mut self,
        (owner, product): (Owner, Option<&str>),
        code: Code,
        default: Severity,
        requirement: Option<String>,
        message: String,
        span: Option<Span>,
    ) {
        if let Some(severity) = self.input.levels.apply(code, default) {
            self.findings.push((
                owner,
                Finding {
                    code,
                    severity,
                    product: product.map(str::to_string),
                    requirement,
                    message,
                    span,
                },
            ));
        }
    }

    fn declaration(&mut self, index: usize, d: &'a Declaration, for_product: bool) {
        let input = self.input;
        let first_finding = self.findings.len();
        let product_name = d.product.as_ref().map(|p| p.value.as_str());
        if let Some(name) = product_name {
            if !input.only.is_empty() && !input.only.iter().any(|o| o == name) {
                return;
            }
        }
        let owner: Owner = product_name.and_then(|n| self.products.get(n).copied());
        let req_span = Some(d.requirement.span);

        // Checks that need nothing but the declaration itself.
        if d.status.value.needs_justification() && d.justification.is_none() {
            self.push(
                (owner, product_name),
                Code::MissingJustification,
                Severity::Error,
                Some(d.requirement.value.to_string()),
                format!(
                    "status {} needs a justification: say why, in `justification = \"…\"`",
                    d.status.value.as_str()
                ),
                Some(d.status.span),
            );
        }
        if d.status.value == Status::Planned && d.due.is_none() {
            self.push(
                (owner, product_name),
                Code::MissingDueDate,
                Severity::Error,
                Some(d.requirement.value.to_string()),
                "status planned needs a due date: add `due = YYYY-MM-DD`".to_string(),
                Some(d.status.span),
            );
        }
        self.evidence_files(owner, product_name, d);
        self.future_dates(owner, product_name, d);

        if for_product && owner.is_none() {
            let known: Vec<&str> = input
                .manifest
                .products
                .iter()
                .map(|p| p.id.value.as_str())
                .collect();
            let hint = match suggest::closest(product_name.unwrap_or(""), known.iter().copied()) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => String::new(),
            };
            self.push(
                (None, product_name),
                Code::UnknownProduct,
                Severity::Error,
                Some(d.requirement.value.to_string()),
                format!(
                    "no [[product]] has the id `{}`{hint}",
                    product_name.unwrap_or_default()
                ),
                d.product.as_ref().map(|p| p.span),
            );
        }

        let reference = &d.requirement.value;
        let found = self
            .referentials
            .iter()
            .position(|r| r.id == reference.referential);
        let Some(ri) = found else {
            let in_use: Vec<&str> = self.referentials.iter().map(|r| r.id.as_str()).collect();
            let hint = match suggest::closest(&reference.referential, in_use.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("add `{}` to [referentials] use", reference.referential),
            };
            self.push(
                (owner, product_name),
                Code::UnknownReferential,
                Severity::Error,
                Some(d.requirement.value.to_string()),
                format!(
                    "referential `{}` is not in [referentials] use: {hint}",
                    reference.referential
                ),
                req_span,
            );
            return;
        };
        let doc = self.referentials[ri];
        let qi = match doc.position(&reference.requirement) {
            Some(qi) => qi,
            None => match doc.replacement_of(&reference.requirement) {
                Some(qi) => {
                    let new = &doc.requirements[qi];
                    self.push(
                (owner, product_name),
                        Code::RequirementReplaced,
                        Severity::Warning,
                        Some(d.requirement.value.to_string()),
                        format!(
                            "{} {} renumbers `{}` as `{}`: this declaration counts for the new id; rename it",
                            doc.id, doc.version, reference.requirement, new.id
                        ),
                        req_span,
                    );
                    qi
                }
                None => {
                    let ids = doc.requirements.iter().map(|r| r.id.as_str());
                    let hint = match suggest::closest(&reference.requirement, ids) {
                        Some(near) => format!("; did you mean `{}:{near}`?", doc.id),
                        None => format!("; `charte referentials show {}` lists them", doc.id),
                    };
                    self.push(
                        (owner, product_name),
                        Code::UnknownRequirement,
                        Severity::Error,
                        Some(d.requirement.value.to_string()),
                        format!(
                            "{} {} has no requirement `{}`{hint}",
                            doc.id, doc.version, reference.requirement
                        ),
                        req_span,
                    );
                    return;
                }
            },
        };
        let req = &doc.requirements[qi];
        let canonical = Ref(&doc.id, &req.id);
        let severity = by_nature(req.nature);

        // Does it apply to whom it is declared for?
        let mismatch = match (for_product, doc.scope) {
            (true, Scope::Organization) => Some(
                "it is an organization-level requirement: declare it in a [[commitment]]"
                    .to_string(),
            ),
            (false, Scope::Product) => Some(
                "it is a product requirement: declare it in a [[declaration]] for each product"
                    .to_string(),
            ),
            (true, Scope::Product) => match owner {
                Some(i) => {
                    let p: &Product = &input.manifest.products[i];
                    req.applies_to.mismatch(&p.kind, &p.services, &p.profiles)
                }
                None => return,
            },
            (false, Scope::Organization) => {
                req.applies_to
                    .mismatch_any(&self.all.kinds, &self.all.services, &self.all.profiles)
            }
        };
        if let Some(reason) = mismatch {
            let whom = product_name.map_or("the organization".to_string(), |p| format!("`{p}`"));
            self.push(
                (owner, product_name),
                Code::NotApplicableDeclared,
                Severity::Warning,
                Some(canonical.to_string()),
                format!("{canonical} does not apply to {whom}: {reason}"),
                req_span,
            );
            return;
        }

        let key = self.cell(owner, ri, qi);
        if let Some((_, first)) = self.declared[key] {
            let line = self.input.source.line_col(first.span.start()).line;
            self.push(
                (owner, product_name),
                Code::DuplicateDeclaration,
                Severity::Error,
                Some(canonical.to_string()),
                format!(
                    "{canonical} is declared twice for {}; keep one (the first is on line {line})",
                    product_name.unwrap_or("the organization")
                ),
                Some(d.span),
            );
            return;
        }
        self.declared[key] = Some((index, d));
        self.status(owner, product_name, d, req, &canonical, severity);
        // SPEC §3.2: conform counts as conform only when no error (at the
        // severity the overrides leave) concerns its evidence.
        self.unsubstantiated[key] = d.status.value == Status::Conform
            && self.findings[first_finding..]
                .iter()
                .any(|(_, f)| f.severity == Severity::Error && f.code.concerns_evidence());
        if let (Some(revised), Some(declared)) = (req.revised, &d.declared) {
            if revised > declared.value {
                self.push(
                (owner, product_name),
                    Code::RequirementRevised,
                    Severity::Warning,
                    Some(canonical.to_string()),
                    format!(
                        "{canonical} was revised on {revised}, after this declaration of {}: read the new text and re-attest",
                        declared.value
                    ),
                    Some(declared.span),
                );
            }
        }
    }

    fn status(
        &mut self,
        owner: Owner,
        product: Option<&str>,
        d: &'a Declaration,
        req: &'a Requirement,
        canonical: &Ref<'_>,
        severity: Severity,
    ) {
        let today = self.input.today;
        let effective = req.effective.is_none_or(|e| e <= today);
        let status_span = Some(d.status.span);
        let title = &req.title;
        match d.status.value {
            Status::NonConform if effective => self.push(
                (owner, product),
                Code::NonConform,
                severity,
                Some(canonical.to_string()),
                format!("{canonical} is declared non-conform « {title} »"),
                status_span,
            ),
            Status::Partial if effective => self.push(
                (owner, product),
                Code::Partial,
                Severity::Warning,
                Some(canonical.to_string()),
                format!("{canonical} is declared partially conform « {title} »"),
                status_span,
            ),
            Status::Planned => {
                if let Some(due) = &d.due {
                    let days = today.days_until(due.value);
                    if days < 0 {
                        self.push(
                (owner, product),
                            Code::PlannedOverdue,
                            severity,
                            Some(canonical.to_string()),
                            format!(
                                "{canonical} was planned for {}, {} days ago: deliver it or move the date",
                                due.value, -days
                            ),
                            Some(due.span),
                        );
                    } else if days <= DUE_SOON_DAYS {
                        self.push(
                            (owner, product),
                            Code::PlannedDueSoon,
                            Severity::Warning,
                            Some(canonical.to_string()),
                            format!("{canonical} is planned for {}, in {days} days", due.value),
                            Some(due.span),
                        );
                    }
                }
            }
            Status::Conform => {
                for proof in req.proofs.iter().filter(|p| p.required) {
                    if !d
                        .evidence
                        .iter()
                        .any(|e| e.proof.as_deref() == Some(proof.id.as_str()))
                    {
                        let what = proof.label.as_deref().unwrap_or(&proof.kind);
                        self.push(
                (owner, product),
                            Code::MissingProof,
                            severity,
                            Some(canonical.to_string()),
                            format!(
                                "{canonical} is declared conform but no evidence names the required proof {} ({what}): add `{{ proof = \"{}\", ref = \"…\" }}`",
                                proof.id, proof.id
                            ),
                            status_span,
                        );
                    }
                }
            }
            _ => {}
        }
        if matches!(d.status.value, Status::Conform | Status::Partial) {
            for e in &d.evidence {
                let (Some(proof_id), Some(date)) = (&e.proof, &e.date) else {
                    continue;
                };
                let Some(max_age) = req.proof(proof_id).and_then(|p| p.max_age_days) else {
                    continue;
                };
                let expires = date.value.add_days(i64::from(max_age));
                if expires < today {
                    self.push(
                (owner, product),
                        Code::EvidenceExpired,
                        severity,
                        Some(canonical.to_string()),
                        format!(
                            "evidence for proof {proof_id} dated {} expired on {expires} (valid {max_age} days): renew it",
                            date.value
                        ),
                        Some(date.span),
                    );
                }
            }
        }
    }

    fn evidence_files(&mut self, owner: Owner, product: Option<&str>, d: &Declaration) {
        for e in &d.evidence {
            let Some(path) = &e.path else { continue };
            match self.input.files.check(&path.value, e.sha256.is_some()) {
                FileCheck::Outside => self.push(
                (owner, product),
                    Code::EvidencePathOutside,
                    Severity::Error,
                    Some(d.requirement.value.to_string()),
                    format!(
                        "evidence path `{}` is outside the manifest's folder: keep proofs beside charte.toml and use a relative path",
                        path.value
                    ),
                    Some(path.span),
                ),
                FileCheck::Missing => self.push(
                (owner, product),
                    Code::EvidenceFileMissing,
                    Severity::Error,
                    Some(d.requirement.value.to_string()),
                    format!("evidence file `{}` does not exist", path.value),
                    Some(path.span),
                ),
                FileCheck::Present { sha256 } => {
                    if let (Some(want), Some(have)) = (&e.sha256, sha256) {
                        if *want != have {
                            self.push(
                (owner, product),
                                Code::EvidenceDigestMismatch,
                                Severity::Error,
                                Some(d.requirement.value.to_string()),
                                format!(
                                    "evidence file `{}` has sha256 {have}, not the declared {want}: the file changed since it was attested",
                                    path.value
                                ),
                                Some(path.span),
                            );
                        }
                    }
                }
            }
        }
    }

    /// Dates after the evaluation date: an evidence item's `date`, the
    /// declaration's `declared`.
    fn future_dates(&mut self, owner: Owner, product: Option<&str>, d: &Declaration) {
        let today = self.input.today;
        let evidence = d
            .evidence
            .iter()
            .filter_map(|e| e.date.as_ref())
            .map(|date| ("evidence dated", date));
        for (what, date) in evidence.chain(d.declared.as_ref().map(|x| ("declared on", x))) {
            if date.value > today {
                self.push(
                    (owner, product),
                    Code::EvidenceFutureDate,
                    Severity::Error,
                    Some(d.requirement.value.to_string()),
                    format!(
                        "{what} {}, after the evaluation date {today}: a date to come attests nothing; correct it",
                        date.value
                    ),
                    Some(date.span),
                );
            }
        }
    }

    /// What a product names and what it may fall under: services and
    /// profiles no referential knows, and referentials of the catalogue
    /// that would apply to it but are not in `use`.
    fn scope(&mut self, i: usize, vocabulary: &Vocabulary) {
        let input = self.input;
        let p = &input.manifest.products[i];
        let name = Some(p.id.value.as_str());
        for (values, spans, profile) in [
            (&p.services, &p.service_spans, false),
            (&p.profiles, &p.profile_spans, true),
        ] {
            for (value, span) in values.iter().zip(spans) {
                if let Some(message) = vocabulary.unknown(value, profile) {
                    self.push(
                        (Some(i), name),
                        Code::UnknownService,
                        Severity::Error,
                        None,
                        format!("product `{}`: {message}", p.id.value),
                        Some(*span),
                    );
                }
            }
        }
        for doc in input.offered {
            if doc.scope != Scope::Product || self.referentials.iter().any(|r| r.id == doc.id) {
                continue;
            }
            let applying = doc.applying_to(std::slice::from_ref(&p.kind), &p.services, &p.profiles);
            if applying > 0 {
                self.push(
                    (Some(i), name),
                    Code::ReferentialNotInUse,
                    Severity::Warning,
                    None,
                    format!(
                        "`{}` has {} that would apply to `{}`, but it is not in [referentials] use: \
                         add it with `charte use add {}`, or allow this finding if the product does not fall under it",
                        doc.id,
                        crate::text::plural(applying, "requirement"),
                        p.id.value,
                        doc.id
                    ),
                    Some(p.span),
                );
            }
        }
    }

    /// Counts one owner's applicable requirements, and reports the missing
    /// and upcoming ones.
    fn count(&mut self, owner: Owner) -> Counts {
        let input = self.input;
        let today = input.today;
        let mut counts = Counts::default();
        let (scope, product, span) = match owner {
            Some(i) => {
                let p = &input.manifest.products[i];
                (Scope::Product, Some(p), p.span)
            }
            None => (Scope::Organization, None, input.manifest.organization.span),
        };
        let product_name = product.map(|p| p.id.value.as_str());
        for ri in 0..self.referentials.len() {
            let doc = self.referentials[ri];
            if doc.scope != scope {
                continue;
            }
            for (qi, req) in doc.requirements.iter().enumerate() {
                let applies = match product {
                    Some(p) => req.applies_to.mismatch(&p.kind, &p.services, &p.profiles),
                    None => req.applies_to.mismatch_any(
                        &self.all.kinds,
                        &self.all.services,
                        &self.all.profiles,
                    ),
                }
                .is_none();
                if !applies {
                    continue;
                }
                let key = self.cell(owner, ri, qi);
                let cell = self.declared[key];
                let unsubstantiated = self.unsubstantiated[key];
                let declared = cell.map(|(_, d)| d);
                let status = declared.map(|d| d.status.value);
                let effective = req.effective.is_none_or(|e| e <= today);
                self.applicable.push(Applicable {
                    owner,
                    referential: ri,
                    requirement: qi,
                    declaration: cell.map(|(i, _)| i),
                    effective,
                    unsubstantiated,
                });
                let canonical = Ref(&doc.id, &req.id);
                match req.effective {
                    Some(effective) if effective > today => {
                        if status != Some(Status::Conform) {
                            let days = today.days_until(effective);
                            let severity = if days <= UPCOMING_WARNING_DAYS {
                                Severity::Warning
                            } else {
                                Severity::Info
                            };
                            self.push(
                                (owner, product_name),
                                Code::UpcomingRequirement,
                                severity,
                                Some(canonical.to_string()),
                                format!(
                                    "{canonical} becomes effective on {effective}, in {days} days « {} »",
                                    req.title
                                ),
                                Some(declared.map_or(span, |d| d.span)),
                            );
                        }
                    }
                    _ => {
                        counts.add(req.nature, status, unsubstantiated);
                        if status.is_none() {
                            self.push(
                                (owner, product_name),
                                Code::MissingDeclaration,
                                by_nature(req.nature),
                                Some(canonical.to_string()),
                                format!("no declaration for {canonical} « {} »", req.title),
                                Some(span),
                            );
                        }
                    }
                }
            }
        }
        counts.finish();
        counts
    }
}

#[cfg(test)]
mod tests;
