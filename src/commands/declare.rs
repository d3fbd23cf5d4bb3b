//! `charte declare`: create or update a product's declaration of one
//! requirement, or of every requirement a glob matches. The statement it
//! makes (status, justification, due date, evidence) is shared with
//! `charte commit`.

use std::collections::HashMap;
use std::io::Write;

use crate::context::{parse_date, Context};
use crate::date::Date;
use crate::edit::bulk;
use crate::edit::rules::{self, Mismatch, Owner, Problem, Rules, Target};
use crate::edit::session::Session;
use crate::error::{exit, Error};
use crate::evidence::Disk;
use crate::manifest::{
    french_status, Change, DeclKey, Declaration, EvidenceItem, Record, RequirementRef, Status,
    Tally,
};
use crate::suggest;

/// Create or update a product's declaration of a requirement.
///
/// Sets the status and, when given, the justification, due date and
/// evidence; `declared` becomes the evaluation date. Evidence already
/// declared is kept: an item for the same proof (or the same link, file or
/// reference) is replaced, others are added. A `path:` evidence must be a
/// file inside the manifest's folder; its sha256 is stored.
///
/// REQUIREMENT may be a glob over one referential's ids (`segur-lgc:SC.MSS/*`,
/// `ins:*`): every matching requirement that applies to the product is
/// declared, and those that do not apply are skipped and named.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte declare exemple-lgc ins:INS.01 --status conform --proof INS.01.01.01=CNDA-INSi#48959
  charte declare exemple-lgc ssi:SC.SSI/GEN.18 --status conform \\
      --proof SSI/GEN.18.01.01=path:preuves/pentest-2026.pdf --date 2026-03-02
  charte declare exemple-lgc ins:INS.09 --status planned --due 2027-03-31 --justification \"Livré en 6.0\"
  charte declare exemple-lgc 'segur-lgc:SC.MSS/*' --status conform --evidence url:https://preuves.example/mss")]
pub struct Args {
    /// The product's id
    #[arg(value_name = "PRODUCT")]
    pub product: String,

    /// REFERENTIAL:ID, or a glob of ids (segur-lgc:SC.MSS/*, ins:*)
    #[arg(value_name = "REQUIREMENT")]
    pub requirement: String,

    #[command(flatten)]
    pub statement: Statement,
}

/// What a declaration or commitment states.
#[derive(Debug, clap::Args)]
pub struct Statement {
    /// conform, partial, non-conform, planned or not-applicable
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub status: Status,

    /// Why: required for partial, non-conform and not-applicable
    #[arg(long, value_name = "TEXT")]
    pub justification: Option<String>,

    /// When the work will be delivered (YYYY-MM-DD): required for planned
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub due: Option<Date>,

    /// Evidence: url:https://…, path:FILE (its sha256 is stored) or ref:TEXT; repeatable
    #[arg(long = "evidence", value_name = "SPEC", value_parser = parse_evidence)]
    pub evidence: Vec<EvidenceItem>,

    /// A proof the requirement asks for, as ID=REF (ID=url:… and ID=path:… also work); repeatable
    #[arg(long = "proof", value_name = "ID=REF", value_parser = parse_proof)]
    pub proofs: Vec<EvidenceItem>,

    /// When the evidence given here was produced [default: the evaluation date]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<Date>,

    /// Drop the evidence already declared before adding the one given
    #[arg(long)]
    pub clear_evidence: bool,

    /// Declare even requirements that do not apply (check then warns: not-applicable-declared)
    #[arg(long)]
    pub force: bool,
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        match french_status(s).or_else(|| suggest::closest(s, all.iter().copied())) {
            Some(near) => format!("did you mean `{near}`? statuses are {}", all.join(", ")),
            None => format!("statuses are {}", all.join(", ")),
        }
    })
}

fn parse_evidence(s: &str) -> Result<EvidenceItem, String> {
    bulk::parse_evidence_item(s)
}

/// `ID=REF`, `ID=url:…`, `ID=path:…` or `ID=ref:…`.
fn parse_proof(s: &str) -> Result<EvidenceItem, String> {
    let Some((id, locator)) = s.split_once('=') else {
        return Err(
            "write the proof's id and where to find it, as INS.01.01.01=CNDA-INSi#48959"
                .to_string(),
        );
    };
    let id = id.trim();
    if id.is_empty() || locator.trim().is_empty() {
        return Err(
            "write the proof's id and where to find it, as INS.01.01.01=CNDA-INSi#48959"
                .to_string(),
        );
    }
    let mut item = if ["url:", "path:", "ref:"]
        .iter()
        .any(|p| locator.starts_with(p))
    {
        bulk::parse_evidence_item(locator)?
    } else {
        EvidenceItem {
            reference: Some(locator.to_string()),
            ..EvidenceItem::default()
        }
    };
    item.proof = Some(id.to_string());
    Ok(item)
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    state(
        Some(&args.product),
        &args.requirement,
        &args.statement,
        ctx,
        out,
    )
}

/// Two evidence items that say where the same proof is.
fn same_evidence(a: &EvidenceItem, b: &EvidenceItem) -> bool {
    match (&a.proof, &b.proof) {
        (Some(x), Some(y)) => x == y,
        (None, None) => {
            (a.reference.is_some() && a.reference == b.reference)
                || (a.url.is_some() && a.url == b.url)
                || (a.path.is_some() && a.path == b.path)
        }
        _ => false,
    }
}

impl Statement {
    /// The evidence given on the command line, dated.
    fn items(&self, today: Date) -> Vec<EvidenceItem> {
        self.evidence
            .iter()
            .chain(&self.proofs)
            .map(|e| EvidenceItem {
                date: e.date.or(Some(self.date.unwrap_or(today))),
                ..e.clone()
            })
            .collect()
    }

    /// The declaration after this statement, from what it was.
    fn apply(
        &self,
        old: Option<Record>,
        product: Option<String>,
        requirement: RequirementRef,
        items: &[EvidenceItem],
        today: Date,
    ) -> Record {
        let status = self.status;
        let (justification, due, mut evidence) = match old {
            // A justification or due date that explained the old status goes with it.
            Some(o) => (
                o.justification
                    .filter(|_| o.status == status || status.needs_justification()),
                o.due.filter(|_| status == Status::Planned),
                o.evidence,
            ),
            None => (None, None, Vec::new()),
        };
        if self.clear_evidence {
            evidence.clear();
        }
        for item in items {
            match evidence.iter().position(|e| same_evidence(e, item)) {
                Some(i) => evidence[i] = item.clone(),
                None => evidence.push(item.clone()),
            }
        }
        Record {
            product,
            requirement,
            status,
            justification: self.justification.clone().or(justification),
            due: self.due.or(due),
            declared: Some(today),
            evidence,
        }
    }
}

/// What may be a slip in dates or proofs the statement gives, although it
/// is valid: a due date already past, evidence dated after today, a proof
/// reference that is the name of a file.
fn dating_notes(st: &Statement, today: Date, folder: &std::path::Path) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(due) = st.due.filter(|due| *due < today) {
        notes.push(format!(
            "--due {due} is already past (today is {today}): `charte check` reports the work as overdue (planned-overdue)"
        ));
    }
    if let Some(date) = st.date.filter(|date| *date > today) {
        notes.push(format!(
            "--date {date} is after today ({today}): evidence is dated when it was produced (`charte check` warns: evidence-future-date)"
        ));
    }
    for item in &st.proofs {
        let (Some(id), Some(reference)) = (&item.proof, &item.reference) else {
            continue;
        };
        let path = std::path::Path::new(reference);
        if path.is_file() || folder.join(path).is_file() {
            notes.push(format!(
                "{reference} is a file, kept as a plain reference: to store its sha256 and have check verify it, write --proof {id}=path:{reference}"
            ));
        }
    }
    notes
}

/// Declares `pattern` for a product, or for the organization when
/// `product` is `None`.
pub(crate) fn state(
    product: Option<&str>,
    pattern: &str,
    st: &Statement,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    if st.due.is_some() && st.status != Status::Planned {
        return Err(Error::Usage(format!(
            "--due is the delivery date of planned work, and the status is {}\n  help: drop --due, or use --status planned",
            st.status.as_str()
        ))
        .into());
    }
    let mut session = Session::open(&ctx.manifest)?;
    let referentials = rules::referentials_in_use(&ctx.resolver(), &session.loaded)?;
    let manifest = &session.loaded.manifest;
    let rules = Rules::new(manifest, &referentials);
    let owner = rules.owner(product).map_err(Error::from)?;
    let (targets, glob) = rules.expand(pattern).map_err(Error::from)?;
    if glob && !st.proofs.is_empty() {
        return Err(Error::Usage(
            "--proof names a proof of one requirement, and a glob matches several\n  help: declare with the glob first, then each requirement's proofs one by one"
                .to_string(),
        )
        .into());
    }
    let matched = targets.len();
    let mut chosen: Vec<Target<'_>> = Vec::new();
    let mut skipped: Vec<(Target<'_>, String)> = Vec::new();
    for t in targets {
        match rules.mismatch(t, owner) {
            None => chosen.push(t),
            Some(Mismatch::Level(p)) => return Err(Error::from(p).into()),
            Some(Mismatch::NotApplicable(_)) if st.force => chosen.push(t),
            Some(Mismatch::NotApplicable(why)) if glob => skipped.push((t, why)),
            Some(Mismatch::NotApplicable(why)) => {
                return Err(Error::from(
                    Problem::new(format!(
                        "{} does not apply to {}: {why}",
                        t.reference(),
                        owner.describe()
                    ))
                    .help("declare it anyway with --force (check then warns with not-applicable-declared), or fix the product's kind, services or profiles with `charte product set`"),
                )
                .into())
            }
        }
    }
    if chosen.is_empty() {
        let why = skipped
            .iter()
            .take(3)
            .map(|(t, why)| format!("{}: {why}", t.req.id))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(Error::Usage(format!(
            "none of the {matched} requirements matching `{pattern}` applies to {} ({why}{})\n  help: --force declares them anyway",
            owner.describe(),
            if skipped.len() > 3 { "; …" } else { "" }
        ))
        .into());
    }

    let mut items = st.items(ctx.today);
    let disk = Disk::new(session.loaded.folder());
    rules::hash_evidence(&disk, &mut items).map_err(Error::from)?;

    let declarations: &[Declaration] = match owner {
        Owner::Organization => &manifest.commitments,
        Owner::Product(_) => &manifest.declarations,
    };
    let mut existing: HashMap<String, Vec<&Declaration>> = HashMap::new();
    for d in declarations {
        if d.product.as_ref().map(|p| p.value.as_str()) == owner.product_id() {
            existing
                .entry(d.requirement.value.to_string())
                .or_default()
                .push(d);
        }
    }
    let mut plan: Vec<(DeclKey, Record, Option<Status>)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for t in &chosen {
        let reference = t.reference();
        let key = reference.to_string();
        // A declaration under an id this requirement renumbers is renamed.
        let found: Vec<&Declaration> = std::iter::once(key.clone())
            .chain(
                t.req
                    .replaces
                    .iter()
                    .map(|old| format!("{}:{old}", t.doc.id)),
            )
            .flat_map(|k| existing.get(&k).cloned().unwrap_or_default())
            .collect();
        if found.len() > 1 {
            let lines: Vec<String> = found
                .iter()
                .map(|d| {
                    session
                        .loaded
                        .source
                        .line_col(d.span.start())
                        .line
                        .to_string()
                })
                .collect();
            return Err(Error::Usage(format!(
                "{} has {} declarations of {key} for {} (lines {})\n  help: remove all but one from the manifest, then declare again",
                session.name(),
                found.len(),
                owner.describe(),
                lines.join(", ")
            ))
            .into());
        }
        let old = found.first().map(|d| Record::from(*d));
        let old_status = old.as_ref().map(|o| o.status);
        let find = (
            owner.product_id().map(str::to_string),
            old.as_ref()
                .map_or(key.clone(), |o| o.requirement.to_string()),
        );
        let record = st.apply(
            old,
            owner.product_id().map(str::to_string),
            reference,
            &items,
            ctx.today,
        );
        for p in rules.check_record(*t, &record) {
            problems.push(if glob {
                format!("{key}: {p}")
            } else {
                p.to_string()
            });
        }
        plan.push((find, record, old_status));
    }
    if !problems.is_empty() {
        return Err(Error::Usage(problems.join("\n")).into());
    }

    let mut tally = Tally::default();
    let mut changes = Vec::with_capacity(plan.len());
    for (find, record, _) in &plan {
        let change = session.editor.upsert(find, record);
        tally.add(change);
        changes.push(change);
    }
    // What the report says, gathered before the manifest read goes.
    let who = owner.describe();
    let skipped: Vec<String> = skipped.iter().map(|(t, _)| t.req.id.clone()).collect();
    // Say which required proofs a conform declaration still lacks.
    let lacking: Vec<(String, String)> = chosen
        .iter()
        .zip(&plan)
        .filter(|(_, (_, r, _))| r.status == Status::Conform)
        .flat_map(|(t, (_, r, _))| {
            t.req
                .proofs
                .iter()
                .filter(|p| p.required)
                .filter(|p| !r.evidence.iter().any(|e| e.proof.as_deref() == Some(&p.id)))
                .map(|p| (t.reference().to_string(), p.id.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let folder = session.loaded.folder().to_path_buf();
    session.save()?;
    for note in dating_notes(st, ctx.today, &folder) {
        ctx.shell.say(&format!("note: {note}"))?;
    }

    if ctx.quiet {
        return Ok(exit::SUCCESS);
    }
    if glob {
        writeln!(
            out,
            "declared {} requirement{} matching {pattern} for {who}: {tally}",
            plan.len(),
            crate::text::plural_s(plan.len())
        )?;
        if !skipped.is_empty() {
            writeln!(
                out,
                "skipped {} that do{} not apply to {who} (--force declares them): {}",
                skipped.len(),
                if skipped.len() == 1 { "es" } else { "" },
                skipped.join(", ")
            )?;
        }
    } else {
        let (_, record, old_status) = &plan[0];
        let verb = match changes[0] {
            Change::Created => "created",
            Change::Updated => "updated",
            Change::Unchanged => "unchanged",
        };
        let was = match old_status {
            Some(s) if *s != record.status => format!(" (was {})", s.as_str()),
            _ => String::new(),
        };
        writeln!(
            out,
            "{verb} {} for {who}: {}{was}",
            record.requirement,
            record.status.as_str()
        )?;
    }
    if glob && !lacking.is_empty() {
        writeln!(
            out,
            "note: {} required proof{} still to attach: `charte check` lists them (missing-proof)",
            lacking.len(),
            if lacking.len() == 1 { " is" } else { "s are" }
        )?;
    } else {
        for (r, proof) in &lacking {
            writeln!(
                out,
                "note: {r} asks for proof {proof}: add it with --proof {proof}=REF"
            )?;
        }
    }
    Ok(exit::SUCCESS)
}
