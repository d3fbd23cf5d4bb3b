//! What charte checks before it writes a declaration or a commitment: the
//! requirement exists in a referential in use, is declared at its level
//! (a product or the organization), applies, names only proofs the
//! requirement defines, carries the justification or due date its status
//! needs, and its evidence files are inside the manifest's folder, hashed.

use super::glob::{glob_matches, is_glob};
use crate::catalogue::{self, Referential, Requirement, Resolved, Scope};
use crate::engine::{EvidenceFiles, FileCheck};
use crate::error::Error;
use crate::manifest::Loaded;
use crate::manifest::{EvidenceItem, Manifest, Product, Record, RequirementRef, Status, Traits};
use crate::suggest;

/// Resolves the referentials the manifest uses, through `charte.lock` as
/// `check` does. The one place editing commands get them from.
pub fn referentials_in_use(
    resolver: &catalogue::Resolver<'_>,
    loaded: &Loaded,
) -> anyhow::Result<Vec<Resolved>> {
    Ok(catalogue::resolve::for_manifest(resolver, loaded)?.referentials)
}

/// Something wrong with what the user asked, and how to put it right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Error {
        Error::Usage(p.to_string())
    }
}

/// Who a declaration is for.
#[derive(Clone, Copy, Debug)]
pub enum Owner<'a> {
    Organization,
    Product(&'a Product),
}

impl<'a> Owner<'a> {
    pub fn product_id(self) -> Option<&'a str> {
        match self {
            Owner::Organization => None,
            Owner::Product(p) => Some(&p.id.value),
        }
    }

    /// `exemple-lgc`, or `the organization`.
    pub fn describe(self) -> String {
        match self {
            Owner::Organization => "the organization".to_string(),
            Owner::Product(p) => p.id.value.clone(),
        }
    }
}

/// One requirement of a referential in use.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    pub doc: &'a Referential,
    pub req: &'a Requirement,
}

impl Target<'_> {
    pub fn reference(&self) -> RequirementRef {
        RequirementRef {
            referential: self.doc.id.clone(),
            requirement: self.req.id.clone(),
        }
    }
}

/// Why a requirement cannot be declared for someone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// Declared at the wrong level: never allowed.
    Level(Problem),
    /// It does not apply: allowed with `--force`.
    NotApplicable(String),
}

/// The rules, over a manifest and its referentials.
pub struct Rules<'a> {
    manifest: &'a Manifest,
    products: std::collections::HashMap<&'a str, &'a Product>,
    referentials: &'a [Resolved],
    /// The union of the products' traits, for the organization.
    all: Traits,
}

impl<'a> Rules<'a> {
    pub fn new(manifest: &'a Manifest, referentials: &'a [Resolved]) -> Rules<'a> {
        Rules {
            manifest,
            products: manifest
                .products
                .iter()
                .map(|p| (p.id.value.as_str(), p))
                .collect(),
            referentials,
            all: manifest.traits(),
        }
    }

    /// The product of that id, or the organization for `None`.
    pub fn owner(&self, product: Option<&str>) -> Result<Owner<'a>, Problem> {
        let Some(id) = product else {
            return Ok(Owner::Organization);
        };
        if let Some(p) = self.products.get(id) {
            return Ok(Owner::Product(p));
        }
        let ids: Vec<&str> = self
            .manifest
            .products
            .iter()
            .map(|p| p.id.value.as_str())
            .collect();
        let help = match suggest::closest(id, ids.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if ids.is_empty() => format!(
                "the manifest has no product yet: add it with `charte product add {id} --name … --version … --kind …`"
            ),
            None => format!(
                "its products are {}; add one with `charte product add {id} …`",
                suggest::list(&ids)
            ),
        };
        Err(Problem::new(format!("no product has the id `{id}`")).help(help))
    }

    fn referential(&self, id: &str) -> Result<&'a Referential, Problem> {
        if let Some(r) = self.referentials.iter().find(|r| r.doc.id == id) {
            return Ok(&r.doc);
        }
        let in_use: Vec<&str> = self
            .referentials
            .iter()
            .map(|r| r.doc.id.as_str())
            .collect();
        let in_catalogue = catalogue::Embedded::index()
            .ok()
            .is_some_and(|index| index.entry(id).is_some());
        let help = if in_catalogue {
            format!("add `{id}` to `use` in [referentials] first")
        } else {
            match suggest::closest(id, in_use.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the referentials in use are {}", suggest::list(&in_use)),
            }
        };
        Err(Problem::new(format!("referential `{id}` is not in [referentials] use")).help(help))
    }

    /// The requirement a reference names. A renumbered id points at its
    /// new id.
    pub fn find(&self, r: &RequirementRef) -> Result<Target<'a>, Problem> {
        let doc = self.referential(&r.referential)?;
        if let Some(req) = doc.requirement(&r.requirement) {
            return Ok(Target { doc, req });
        }
        if let Some(i) = doc.replacement_of(&r.requirement) {
            let new = &doc.requirements[i];
            return Err(Problem::new(format!(
                "{} {} renumbers `{}` as `{}`",
                doc.id, doc.version, r.requirement, new.id
            ))
            .help(format!("declare `{}:{}`", doc.id, new.id)));
        }
        let ids = doc.requirements.iter().map(|q| q.id.as_str());
        let help = match suggest::closest(&r.requirement, ids) {
            Some(near) => format!("did you mean `{}:{near}`?", doc.id),
            None => format!("`charte referentials show {}` lists them", doc.id),
        };
        Err(Problem::new(format!(
            "{} {} has no requirement `{}`",
            doc.id, doc.version, r.requirement
        ))
        .help(help))
    }

    /// The requirements a command-line REQUIREMENT names: one, or every
    /// requirement whose id matches a glob (`segur-lgc:SC.MSS/*`, `ins:*`).
    /// Whether it was a glob comes second.
    pub fn expand(&self, pattern: &str) -> Result<(Vec<Target<'a>>, bool), Problem> {
        let example = "write `<referential>:<requirement>`, as `ins:INS.01`, or a glob, as `ins:*`";
        let Some((ref_id, req_pattern)) = pattern.split_once(':') else {
            return Err(
                Problem::new(format!("`{pattern}` is not a requirement reference")).help(example),
            );
        };
        if is_glob(ref_id) {
            return Err(Problem::new(format!(
                "`{pattern}`: a glob matches requirement ids within one referential"
            ))
            .help("name the referential, as `ins:*`"));
        }
        if !is_glob(req_pattern) {
            let r = RequirementRef::parse(pattern).ok_or_else(|| {
                Problem::new(format!("`{pattern}` is not a requirement reference")).help(example)
            })?;
            return Ok((vec![self.find(&r)?], false));
        }
        let doc = self.referential(ref_id)?;
        let found: Vec<Target<'a>> = doc
            .requirements
            .iter()
            .filter(|req| glob_matches(req_pattern, &req.id))
            .map(|req| Target { doc, req })
            .collect();
        if found.is_empty() {
            return Err(Problem::new(format!(
                "no requirement of {} {} matches `{req_pattern}`",
                doc.id, doc.version
            ))
            .help(format!(
                "`*` stands for any text and `?` for one character; `charte referentials show {}` lists the ids",
                doc.id
            )));
        }
        Ok((found, true))
    }

    /// Why `t` cannot be declared for `owner`, if it cannot.
    pub fn mismatch(&self, t: Target<'_>, owner: Owner<'_>) -> Option<Mismatch> {
        let r = t.reference();
        match (t.doc.scope, owner) {
            (Scope::Organization, Owner::Product(_)) => Some(Mismatch::Level(
                Problem::new(format!("{r} is an organization-level requirement"))
                    .help(format!("declare it with `charte commit {r} --status …`")),
            )),
            (Scope::Product, Owner::Organization) => Some(Mismatch::Level(
                Problem::new(format!("{r} is a product requirement")).help(format!(
                    "declare it for each product with `charte declare PRODUCT {r} --status …`"
                )),
            )),
            (Scope::Product, Owner::Product(p)) => t
                .req
                .applies_to
                .mismatch(&p.kind, &p.services, &p.profiles)
                .map(Mismatch::NotApplicable),
            (Scope::Organization, Owner::Organization) => t
                .req
                .applies_to
                .mismatch_any(&self.all.kinds, &self.all.services, &self.all.profiles)
                .map(Mismatch::NotApplicable),
        }
    }

    /// What a record for `t` lacks: a justification or due date its status
    /// needs, or proofs the requirement does not define.
    pub fn check_record(&self, t: Target<'_>, record: &Record) -> Vec<Problem> {
        let mut problems = Vec::new();
        let status = record.status.as_str();
        if record.status.needs_justification() && record.justification.is_none() {
            problems.push(
                Problem::new(format!("status {status} needs a justification"))
                    .help("say why, with --justification TEXT (or in the `justification` column of an import)"),
            );
        }
        if record.status == Status::Planned && record.due.is_none() {
            problems.push(
                Problem::new("status planned needs a due date")
                    .help("say when, with --due YYYY-MM-DD (or in the `due` column of an import)"),
            );
        }
        let proofs: Vec<&str> = t.req.proofs.iter().map(|p| p.id.as_str()).collect();
        for e in &record.evidence {
            let Some(proof) = &e.proof else { continue };
            if t.req.proof(proof).is_some() {
                continue;
            }
            let help = match suggest::closest(proof, proofs.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if proofs.is_empty() => {
                    "it defines no proof: give the evidence without a proof id".to_string()
                }
                None => format!("its proofs are {}", suggest::list(&proofs)),
            };
            problems.push(
                Problem::new(format!("{} defines no proof `{proof}`", t.reference())).help(help),
            );
        }
        problems
    }
}

/// Checks each evidence `path` (inside the manifest's folder, an existing
/// file) and records its sha256, or checks the one given.
pub fn hash_evidence(files: &dyn EvidenceFiles, items: &mut [EvidenceItem]) -> Result<(), Problem> {
    for item in items {
        let Some(path) = &item.path else { continue };
        match files.check(path, true) {
            FileCheck::Outside => {
                return Err(Problem::new(format!(
                    "evidence path `{path}` is outside the manifest's folder"
                ))
                .help("keep proofs in the folder of charte.toml (or below it) and give a path relative to it"))
            }
            FileCheck::Missing => {
                return Err(Problem::new(format!("evidence file `{path}` does not exist"))
                    .help("give a path relative to the folder of charte.toml"))
            }
            FileCheck::Present { sha256 } => {
                let have = sha256.unwrap_or_default();
                match &item.sha256 {
                    Some(given) if *given != have => {
                        return Err(Problem::new(format!(
                            "evidence file `{path}` has sha256 {have}, not {given}"
                        ))
                        .help("leave the digest out and charte computes it"))
                    }
                    _ => item.sha256 = Some(have),
                }
            }
        }
    }
    Ok(())
}
