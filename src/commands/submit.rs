//! `charte submit`: send the declarations to the registry (SPEC §5), one
//! document per product and one for the organization's commitments.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use comfy_table::{Cell, Color};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::remote::{self, Local, Target, TokenSource};
use crate::context::Context;
use crate::error::{exit, Error};
use crate::manifest::Loaded;
use crate::net::{Api, Url};
use crate::registry::client::{
    Accepted, Failure, Head, Receipt, Registry, Retrying, Sent, Validation,
};
use crate::registry::credentials::Token;
use crate::registry::document::{directory_choice, withdrawal, Submission};
use crate::registry::receipts;

/// Documents sent at once.
const JOBS: usize = 4;

/// Send the declarations to the registry.
///
/// Builds one document per product, and one for the organization's
/// commitments, from charte.toml and the référentiel versions charte.lock
/// pins, and sends each to the registry named by --registry or [registry]
/// url. Refuses while the manifest has errors of validity (unknown products,
/// référentiels or requirements, duplicate declarations, missing
/// justifications or due dates, evidence files missing, changed or outside
/// the folder): `charte check` shows them. Non-conformities are honest
/// declarations, and are sent.
///
/// A document the registry already holds is not sent again, so a second run
/// sends only what changed or what failed. Each document's sha256 is its
/// Idempotency-Key: a document sent twice (say, after a lost answer) is
/// recorded once. Connection failures, timeouts, 409, 429 and 5xx answers
/// are retried with growing waits (honouring Retry-After); other refusals
/// are not. Every document is tried; the run exits 4 when one failed, and
/// lists each failure.
///
/// Receipts of accepted documents are saved in .charte/receipts/ beside
/// charte.toml; `charte report` shows them.
///
/// --dry-run asks the registry to validate the documents, and stores
/// nothing. With --offline, it prints them instead, one canonical JSON
/// document per line (the exact bytes that would be sent and hashed),
/// without any connection or token.
///
/// --withdraw PRODUCT tells the registry the product is withdrawn: it
/// records the withdrawal beside what was declared (nothing is deleted),
/// lists the product as withdrawn, and saves its receipt. It asks first,
/// unless --yes; --dry-run prints the withdrawal document instead. Submitting
/// the product again lists it again.
///
/// --public lists the organization, its commitments and products in the
/// registry's public directory (pages anyone may read, without a token);
/// --private removes it from the directory at once. The choice is recorded
/// like any submission (nothing is deleted) and the latest one holds; an
/// organization that never chose is not listed.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte submit
  charte submit --product exemple-lgc --dry-run
  charte submit --offline --dry-run > documents.jsonl
  CHARTE_TOKEN=… charte submit --registry https://registre.example.org
  charte submit --withdraw exemple-lgc --yes
  charte submit --public

The token comes from CHARTE_TOKEN, else from `charte login`.
--product sends those products only; the commitments are sent by a run without --product.")]
pub struct Args {
    /// Only this product (repeatable)
    #[arg(long = "product", short = 'p', value_name = "ID")]
    pub products: Vec<String>,

    /// Have the registry validate the documents, storing nothing (with --offline: print them)
    #[arg(long)]
    pub dry_run: bool,

    /// The registry's address [default: [registry] url of charte.toml]
    #[arg(long, value_name = "URL", value_parser = remote::parse_url)]
    pub registry: Option<Url>,

    /// Withdraw this product from the registry instead of sending declarations
    #[arg(long, value_name = "PRODUCT", conflicts_with = "products")]
    pub withdraw: Option<String>,

    /// Withdraw without asking for confirmation
    #[arg(long, short = 'y', requires = "withdraw")]
    pub yes: bool,

    /// List the organization in the registry's public directory
    #[arg(long, conflicts_with_all = ["products", "withdraw", "private"])]
    pub public: bool,

    /// Remove the organization from the registry's public directory
    #[arg(long, conflicts_with_all = ["products", "withdraw"])]
    pub private: bool,
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    if let Some(product) = &args.withdraw {
        return withdraw(args, product, ctx, out);
    }
    if args.public || args.private {
        return choose_directory(args, args.public, ctx, out);
    }
    if ctx.network.is_none() && !args.dry_run {
        return Err(Error::Usage(
            "`charte submit` sends to the registry, and --offline forbids the network: \
             `charte submit --offline --dry-run` prints the documents instead"
                .to_string(),
        )
        .into());
    }
    let local = remote::local(ctx, &args.products)?;
    refuse_unfit(&local)?;
    if ctx.network.is_none() {
        for s in &local.submissions {
            writeln!(out, "{}", s.body)?;
        }
        return Ok(exit::SUCCESS);
    }
    let target = remote::target(args.registry.as_ref(), Some(&local.loaded))?;
    let (token, source) = remote::token(&target)?;
    let api = remote::api(ctx, "`charte submit` sends to the registry")?;
    let bar = progress(ctx, local.submissions.len());
    let verbose = ctx.verbose > 0;
    let watch = |r: &Retrying<'_>| {
        if verbose {
            let line = format!(
                "retrying {} in {:.1} s (attempt {} failed: {})",
                r.what,
                r.wait.as_secs_f64(),
                r.attempt,
                r.why.replace('\n', " ")
            );
            match &bar {
                Some(bar) => bar.println(line),
                None => {
                    let _ = writeln!(ctx.shell.err(), "{line}");
                }
            }
        }
    };
    let registry = remote::registry(api, &target, &token, &watch)?;
    let m = &local.loaded.manifest;
    let siren = m.organization.siren.as_str();
    let session = Session {
        registry: &registry,
        target: &target,
        source: &source,
        local: &local,
        siren,
    };
    if let Some(bar) = &bar {
        bar.set_message("asking the registry what it holds");
    }
    let rows = registry.latest(siren).map(|held| {
        if args.dry_run {
            session.validate_all(&held, bar.as_ref())
        } else {
            session.submit_all(&held, bar.as_ref())
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let rows = rows.map_err(|f| session.error(&f))?;
    if !ctx.quiet {
        render(ctx, &target, &local, &rows, args.dry_run, out)?;
    }
    session.conclude(&rows, args.dry_run)
}

/// `--withdraw PRODUCT`: one withdrawal document, confirmed, sent, its
/// receipt saved. It needs the manifest's organization only: a product
/// already removed from charte.toml can be withdrawn, and declarations with
/// errors do not stop a withdrawal, which sends none.
fn withdraw(args: &Args, product: &str, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    if !crate::manifest::is_id(product) {
        return Err(Error::Usage(format!(
            "`{}` is not a product id (lowercase letters, digits and dashes, like exemple-lgc): nothing was withdrawn",
            crate::text::printable(product)
        ))
        .into());
    }
    let loaded = ctx.manifest.load()?;
    let m = &loaded.manifest;
    let submission = withdrawal(m, product);
    if args.dry_run {
        writeln!(out, "{}", submission.body)?;
        return Ok(exit::SUCCESS);
    }
    if ctx.network.is_none() {
        return Err(Error::Usage(
            "`charte submit --withdraw` sends to the registry, and --offline forbids the network: \
             `charte submit --withdraw PRODUCT --dry-run` prints the withdrawal instead"
                .to_string(),
        )
        .into());
    }
    let target = remote::target(args.registry.as_ref(), Some(&loaded))?;
    let (token, source) = remote::token(&target)?;
    let api = remote::api(ctx, "`charte submit --withdraw` sends to the registry")?;
    if !args.yes && !confirm(ctx, product, &target, &m.organization.name)? {
        ctx.shell.say("nothing was withdrawn")?;
        return Ok(exit::SUCCESS);
    }
    let refused = format!("{} refused to withdraw {product}", target.name);
    let sent = send_one(
        ctx,
        &loaded,
        &target,
        (api, &token, &source),
        &submission,
        &refused,
    )?;
    let saved = receipts::save(loaded.folder(), &target.name, &sent.receipt);
    if !ctx.quiet {
        let r = &sent.receipt;
        writeln!(
            out,
            "{} {product} from {}: receipt {}, {}",
            match sent.how {
                Accepted::Created => "withdrew",
                Accepted::Replayed => "already withdrew",
            },
            target.name,
            r.id,
            r.received_at
        )?;
    }
    if m.products.iter().any(|p| p.id.value == product) {
        ctx.shell.say(&format!(
            "note: {product} is still in {}: `charte submit` would list it again \
             (`charte product remove {product} --with-declarations` removes it)",
            loaded.source.name
        ))?;
    }
    if let Err(e) = saved {
        return Err(Error::Network(format!(
            "the registry recorded the withdrawal of {product}, but its receipt could not be saved: {e:#}"
        ))
        .into());
    }
    Ok(exit::SUCCESS)
}

/// `--public` / `--private`: one directory choice, sent. Like a
/// withdrawal it needs the manifest's organization only. No receipt file is
/// kept: the receipts folder holds the declarations' receipts.
fn choose_directory(
    args: &Args,
    public: bool,
    ctx: &Context,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let flag = if public { "--public" } else { "--private" };
    let loaded = ctx.manifest.load()?;
    let m = &loaded.manifest;
    let submission = directory_choice(m, public);
    if args.dry_run {
        writeln!(out, "{}", submission.body)?;
        return Ok(exit::SUCCESS);
    }
    if ctx.network.is_none() {
        return Err(Error::Usage(format!(
            "`charte submit {flag}` sends to the registry, and --offline forbids the network: \
             `charte submit {flag} --dry-run` prints the document instead"
        ))
        .into());
    }
    let target = remote::target(args.registry.as_ref(), Some(&loaded))?;
    let (token, source) = remote::token(&target)?;
    let api = remote::api(
        ctx,
        &format!("`charte submit {flag}` sends to the registry"),
    )?;
    let refused = format!("{} refused the directory choice", target.name);
    let sent = send_one(
        ctx,
        &loaded,
        &target,
        (api, &token, &source),
        &submission,
        &refused,
    )?;
    if !ctx.quiet {
        let r = &sent.receipt;
        let what = if public {
            "listed in the public directory of"
        } else {
            "not listed in the public directory of"
        };
        writeln!(
            out,
            "{} is {what} {}: receipt {}, {}",
            crate::text::printable(&m.organization.name),
            target.name,
            r.id,
            r.received_at
        )?;
    }
    Ok(exit::SUCCESS)
}

/// Sends one document that needs only the organization (a withdrawal, a
/// directory choice), retrying as the declarations are; a 422 is
/// `refused: <the registry's reason>`.
fn send_one(
    ctx: &Context,
    loaded: &Loaded,
    target: &Target,
    (api, token, source): (&Api, &Token, &TokenSource),
    submission: &Submission,
    refused: &str,
) -> Result<Sent, Error> {
    let verbose = ctx.verbose > 0;
    let watch = |r: &Retrying<'_>| {
        if verbose {
            let _ = writeln!(
                ctx.shell.err(),
                "retrying {} in {:.1} s (attempt {} failed: {})",
                r.what,
                r.wait.as_secs_f64(),
                r.attempt,
                r.why.replace('\n', " ")
            );
        }
    };
    let registry = remote::registry(api, target, token, &watch)?;
    let siren = loaded.manifest.organization.siren.as_str();
    registry.submit(submission, siren).map_err(|f| {
        if f.status == Some(422) {
            Error::Network(format!("{refused}: {}", f.describe()))
        } else {
            remote::failure(&f, target, source, siren, &loaded.source.name)
        }
    })
}

/// Asks on the terminal whether to withdraw; refuses to guess without one.
fn confirm(
    ctx: &Context,
    product: &str,
    target: &Target,
    organization: &str,
) -> anyhow::Result<bool> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() || !ctx.shell.is_terminal() {
        return Err(Error::Usage(format!(
            "`charte submit --withdraw {product}` asks for confirmation, and cannot ask here \
             (standard input is not a terminal): add --yes to withdraw {product} from {}",
            target.name
        ))
        .into());
    }
    {
        let mut err = ctx.shell.err();
        write!(
            err,
            "withdraw {product} of {organization} from {}? The registry keeps what was declared and lists the product as withdrawn [y/N] ",
            target.name
        )?;
        err.flush()?;
    }
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "oui"))
}

/// Refuses a manifest whose documents must not be sent.
fn refuse_unfit(local: &Local) -> Result<(), Error> {
    let name = &local.loaded.source.name;
    if !local.invalid.is_empty() {
        let n = local.invalid.len();
        return Err(Error::Usage(format!(
            "{name} has {n} error{} of validity, and declarations with such errors are not submitted:\n  {}\n\
             nothing was submitted: fix {} (`charte check` says how) and submit again",
            crate::text::plural_s(n),
            local.invalid.join("\n  "),
            if n == 1 { "it" } else { "them" }
        )));
    }
    if !local.drift.is_empty() {
        return Err(Error::Unavailable(format!(
            "charte.lock is out of date with [referentials] use, and a submission carries the locked versions:\n  {}\n\
             nothing was submitted: run `charte fetch`, commit charte.lock, and submit again",
            local.drift.join("\n  ")
        )));
    }
    Ok(())
}

/// A progress bar on stderr, only on a terminal.
fn progress(ctx: &Context, len: usize) -> Option<ProgressBar> {
    if ctx.quiet || !ctx.shell.is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} {wide_msg}").expect("a valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

/// What became of one document.
#[derive(Debug)]
enum Outcome {
    Sent(Accepted, Receipt, u32),
    /// The registry's latest receipt is of this very document.
    Held(Receipt),
    /// Dry run: the registry found it valid; whether it holds it already.
    Valid {
        held: bool,
    },
    Invalid(String),
    Failed(Failure),
}

struct Row<'a> {
    submission: &'a Submission,
    outcome: Outcome,
    /// The receipt could not be saved.
    unsaved: Option<String>,
}

struct Session<'a> {
    registry: &'a Registry<'a>,
    target: &'a Target,
    source: &'a TokenSource,
    local: &'a Local,
    siren: &'a str,
}

impl<'a> Session<'a> {
    fn error(&self, f: &Failure) -> Error {
        remote::failure(
            f,
            self.target,
            self.source,
            self.siren,
            &self.local.loaded.source.name,
        )
    }

    /// The registry's latest receipt for a document's product, when it is
    /// of this very document.
    fn held<'r>(held: &'r [Head], s: &Submission) -> Option<&'r Receipt> {
        held.iter()
            .map(|h| &h.receipt)
            .find(|r| r.product == s.product && r.digest == s.digest)
    }

    fn submit_all(&self, held: &[Head], bar: Option<&ProgressBar>) -> Vec<Row<'a>> {
        in_parallel(&self.local.submissions, bar, |s| {
            if let Some(receipt) = Self::held(held, s) {
                let receipt = self.with_proof(receipt);
                return Row {
                    submission: s,
                    unsaved: self.save(&receipt),
                    outcome: Outcome::Held(receipt),
                };
            }
            match self.registry.submit(s, self.siren) {
                Ok(sent) => Row {
                    submission: s,
                    unsaved: self.save(&sent.receipt),
                    outcome: Outcome::Sent(sent.how, sent.receipt, sent.attempts),
                },
                Err(f) => Row {
                    submission: s,
                    outcome: Outcome::Failed(f),
                    unsaved: None,
                },
            }
        })
    }

    fn validate_all(&self, held: &[Head], bar: Option<&ProgressBar>) -> Vec<Row<'a>> {
        in_parallel(&self.local.submissions, bar, |s| {
            let outcome = match self.registry.validate(s) {
                Ok(Validation::Valid) => Outcome::Valid {
                    held: Self::held(held, s).is_some(),
                },
                Ok(Validation::Invalid { message, details }) => {
                    let mut text = message;
                    for d in details {
                        text.push_str(&format!("\n{d}"));
                    }
                    Outcome::Invalid(text)
                }
                Err(f) => Outcome::Failed(f),
            };
            Row {
                submission: s,
                outcome,
                unsaved: None,
            }
        })
    }

    /// A held receipt with its log proof, when the manifest pins the log's
    /// key (`latest` lists receipts without it): the one saved beside the
    /// manifest when it is the same receipt, else the registry's by id. The
    /// receipt as listed when neither has one: `verify` says so.
    fn with_proof(&self, receipt: &Receipt) -> Receipt {
        if receipt.log.is_some() || self.local.loaded.manifest.log_key.is_none() {
            return receipt.clone();
        }
        let path = receipts::path(self.local.loaded.folder(), receipt.product.as_deref());
        let same = |r: &Receipt| r.id == receipt.id && r.digest == receipt.digest;
        if let Ok(kept) = receipts::read(&path) {
            if same(&kept.receipt) && kept.receipt.log.is_some() {
                return kept.receipt;
            }
        }
        match self.registry.receipt(&receipt.id, self.siren) {
            Ok(full) if same(&full) => full,
            _ => receipt.clone(),
        }
    }

    /// Saves a receipt; what went wrong, if anything.
    fn save(&self, receipt: &Receipt) -> Option<String> {
        receipts::save(self.local.loaded.folder(), &self.target.name, receipt)
            .err()
            .map(|e| format!("{e:#}"))
    }

    /// The exit code, or the error listing every failure.
    fn conclude(&self, rows: &[Row<'_>], dry_run: bool) -> anyhow::Result<u8> {
        let mut lines = Vec::new();
        let mut advice = None;
        for row in rows {
            let label = row.submission.label();
            match &row.outcome {
                Outcome::Failed(f) => {
                    lines.push(format!("{label}: {}", f.describe().replace('\n', "\n  ")));
                    if matches!(f.status, Some(401 | 403)) && advice.is_none() {
                        advice = Some(self.error(f).to_string());
                    }
                }
                Outcome::Invalid(text) => lines.push(format!(
                    "{label}: the registry finds it invalid: {}",
                    text.replace('\n', "\n    ")
                )),
                _ => {}
            }
        }
        let unsaved: Vec<String> = rows
            .iter()
            .filter_map(|r| Some(format!("{}: {}", r.submission.label(), r.unsaved.as_ref()?)))
            .collect();
        if lines.is_empty() && unsaved.is_empty() {
            return Ok(exit::SUCCESS);
        }
        let total = rows.len();
        let mut message = if lines.is_empty() {
            String::new()
        } else if dry_run {
            format!(
                "{} of {total} document{} would not be accepted:\n  {}",
                lines.len(),
                crate::text::plural_s(total),
                lines.join("\n  ")
            )
        } else {
            format!(
                "{} of {total} submission{} failed:\n  {}\n{}run `charte submit` again to send what failed \
                 (what the registry holds is not sent twice)",
                lines.len(),
                crate::text::plural_s(total),
                lines.join("\n  "),
                if lines.len() < total {
                    "the others are recorded; "
                } else {
                    ""
                }
            )
        };
        if let Some(advice) = advice {
            message.push_str(&format!("\n{advice}"));
        }
        if !unsaved.is_empty() {
            if !message.is_empty() {
                message.push('\n');
            }
            message.push_str(&format!(
                "the registry recorded these, but their receipts could not be saved:\n  {}",
                unsaved.join("\n  ")
            ));
        }
        Err(Error::Network(message).into())
    }
}

/// `work` on each document, [`JOBS`] at a time, the progress bar moving
/// as each is done; the results in the documents' order.
fn in_parallel<'s, R: Send>(
    documents: &'s [Submission],
    bar: Option<&ProgressBar>,
    work: impl Fn(&'s Submission) -> R + Sync,
) -> Vec<R> {
    let done: Vec<Mutex<Option<R>>> = documents.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..JOBS.min(documents.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= documents.len() {
                    break;
                }
                let result = work(&documents[i]);
                *done[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                if let Some(bar) = bar {
                    bar.set_message(documents[i].label().to_string());
                    bar.inc(1);
                }
            });
        }
    });
    done.into_iter()
        .map(|cell| {
            cell.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every document is done")
        })
        .collect()
}

/// The per-product table and a summary line.
fn render(
    ctx: &Context,
    target: &Target,
    local: &Local,
    rows: &[Row<'_>],
    dry_run: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let style = ctx.stdout_style;
    let org = &local.loaded.manifest.organization;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{} {} for {} ({})",
            if dry_run {
                "validated by"
            } else {
                "submitted to"
            },
            target.name,
            org.name,
            org.siren
        ))
    )?;
    let mut t = remote::table(ctx, &["product", "result", "receipt", "detail"]);
    let mut tally: Vec<(&str, usize)> = [
        "accepted",
        "replayed",
        "already held",
        "valid",
        "invalid",
        "failed",
    ]
    .into_iter()
    .map(|r| (r, 0))
    .collect();
    for row in rows {
        let (result, receipt, detail) = match &row.outcome {
            Outcome::Sent(Accepted::Created, r, attempts) => (
                "accepted",
                r.id.clone(),
                if *attempts > 1 {
                    format!("after {attempts} attempts")
                } else {
                    String::new()
                },
            ),
            Outcome::Sent(Accepted::Replayed, r, _) => (
                "replayed",
                r.id.clone(),
                format!(
                    "the registry already held this document, received {}",
                    r.received_at
                ),
            ),
            Outcome::Held(r) => (
                "already held",
                r.id.clone(),
                format!("unchanged since {}: not sent", r.received_at),
            ),
            Outcome::Valid { held: true } => (
                "valid",
                String::new(),
                "the registry already holds it: submit would not send it".to_string(),
            ),
            Outcome::Valid { held: false } => {
                ("valid", String::new(), "submit would send it".to_string())
            }
            Outcome::Invalid(text) => ("invalid", String::new(), text.clone()),
            Outcome::Failed(f) => ("failed", String::new(), f.describe()),
        };
        let detail = match &row.unsaved {
            Some(why) => format!("{detail}\nreceipt not saved: {why}"),
            None => detail,
        };
        if let Some((_, n)) = tally.iter_mut().find(|(r, _)| *r == result) {
            *n += 1;
        }
        let shown = match result {
            "accepted" | "replayed" | "valid" => Cell::new(result).fg(Color::Green),
            "failed" | "invalid" => Cell::new(result).fg(Color::Red),
            _ => Cell::new(result),
        };
        t.add_row(vec![
            Cell::new(row.submission.label()),
            shown,
            Cell::new(receipt),
            Cell::new(detail),
        ]);
    }
    writeln!(out, "{t}")?;
    let summary: Vec<String> = tally
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(r, n)| format!("{n} {r}"))
        .collect();
    writeln!(out, "{}", summary.join(", "))?;
    Ok(())
}
