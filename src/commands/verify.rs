//! `charte verify`: the receipts against the registry's transparency log
//! (SPEC §8), offline first (signature, leaf, inclusion), then, with the
//! network, the registry's current tree against the last one seen.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

use super::remote;
use crate::context::Context;
use crate::error::{exit, Error};
use crate::net::{Api, Call, CallError, Method, Url};
use crate::registry::client::Failure;
use crate::registry::log::{self, Checkpoint, Fault, VerifierKey};
use crate::registry::receipts;
use crate::registry::retry::{classify, Verdict};
use crate::store::{self, Mode, TOOL_DIR};

/// The file, in `.charte/`, of the last checkpoint verified consistent.
pub const CHECKPOINT_FILE: &str = "checkpoint";

/// Largest checkpoint read, from the disk or the registry.
const MAX_CHECKPOINT_BYTES: u64 = 64 << 10;

/// Check that the registry logged your receipts, and never rewrote its log.
///
/// Each receipt `charte submit` keeps under .charte/receipts/ carries where
/// the registry's transparency log holds it: a checkpoint (the log's size
/// and root hash, signed by the log) and an inclusion proof. For each
/// receipt, charte checks the checkpoint's signature with the key pinned in
/// `[registry] log-key`, recomputes the receipt's leaf from its own digest
/// and id, and follows the proof to the checkpoint's root. All of this is
/// offline.
///
/// Then, unless --offline, charte fetches the registry's current checkpoint
/// and asks the registry to prove it extends the last one seen (kept in
/// .charte/checkpoint) and each receipt's: a log that removed, changed or
/// forked its history cannot. It also reads the registry's list of entries,
/// from which anyone rebuilds the tree: each receipt's entry must be listed
/// at its index, unchanged. The new checkpoint is kept only when every
/// check holds. The log is public: no token is sent.
///
/// Exit 0 when every receipt is verified, 3 when a proof fails or a receipt
/// carries no proof (each is named, with why), 4 when the registry cannot be
/// reached, 2 without `log-key`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte verify
  charte verify --offline
  charte verify .charte/receipts/exemple-lgc.json --format json")]
pub struct Args {
    /// Receipt files [default: every receipt under .charte/receipts/]
    #[arg(value_name = "RECEIPT")]
    pub receipts: Vec<PathBuf>,

    /// The registry's address [default: [registry] url of charte.toml]
    #[arg(long, value_name = "URL", value_parser = remote::parse_url)]
    pub registry: Option<Url>,

    /// Output format
    #[arg(long, value_enum, default_value_t = VerifyFormat::Human)]
    pub format: VerifyFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    Human,
    Json,
}

/// What became of one receipt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Verified,
    Failed,
    /// It carries no log proof.
    NotVerifiable,
}

#[derive(Debug, Serialize)]
struct Report {
    schema: u32,
    /// `<name>+<key id>` of `[registry] log-key`.
    log_key: String,
    receipts: Vec<Entry>,
    /// The registry's current tree; `None` with --offline.
    log: Option<LogState>,
    verified: usize,
    failed: usize,
}

#[derive(Debug, Serialize)]
struct Entry {
    file: String,
    product: Option<String>,
    id: Option<String>,
    state: State,
    /// The leaf, and the size of the checkpoint's tree.
    index: Option<u64>,
    size: Option<u64>,
    problem: Option<String>,
}

#[derive(Debug, Serialize)]
struct LogState {
    registry: String,
    origin: Option<String>,
    size: Option<u64>,
    /// The size of the tree kept in .charte/checkpoint before this run.
    kept: Option<u64>,
    consistent: bool,
    problem: Option<String>,
    /// Whether .charte/checkpoint was written.
    saved: bool,
}

/// A receipt verified offline: its entry and its checkpoint.
struct Proven {
    index: u64,
    digest: String,
    id: String,
    checkpoint: Checkpoint,
}

/// `.charte/checkpoint` of the manifest's folder.
pub fn checkpoint_path(folder: &Path) -> PathBuf {
    folder.join(TOOL_DIR).join(CHECKPOINT_FILE)
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let loaded = ctx.manifest.load()?;
    let name = &loaded.source.name;
    let Some(pinned) = &loaded.manifest.log_key else {
        return Err(Error::Usage(format!(
            "{name} pins no key for the registry's log: add the key the registry publishes for it, as\n\n  [registry]\n  log-key = \"registre.example.org/log+1a2b3c4d+AQ…\""
        ))
        .into());
    };
    let key = VerifierKey::parse(&pinned.value).expect("the manifest's loader checked log-key");
    let folder = loaded.folder().to_path_buf();
    let files: Vec<(PathBuf, String)> = if args.receipts.is_empty() {
        receipts::files(&folder)?
            .into_iter()
            .map(|path| {
                let shown = path
                    .strip_prefix(&folder)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                (path, shown)
            })
            .collect()
    } else {
        args.receipts
            .iter()
            .map(|p| (p.clone(), p.display().to_string()))
            .collect()
    };
    if files.is_empty() {
        ctx.shell.say(&format!(
            "no receipt under {}: `charte submit` keeps one for each document it sends",
            receipts::dir(&folder)
                .strip_prefix(&folder)
                .unwrap_or(&receipts::dir(&folder))
                .display()
        ))?;
    }

    // Offline: each receipt on its own.
    let mut verifier = log::Verifier::new(key.clone());
    let mut entries = Vec::with_capacity(files.len());
    // Each verified receipt's checkpoint and entry, for the consistency
    // proofs and the registry's list of entries.
    let mut checkpoints: Vec<Option<Proven>> = Vec::with_capacity(files.len());
    for (path, shown) in &files {
        let stored = match receipts::read(path) {
            Ok(stored) => stored,
            Err(e) => {
                entries.push(Entry {
                    file: shown.clone(),
                    product: None,
                    id: None,
                    state: State::Failed,
                    index: None,
                    size: None,
                    problem: Some(format!("{e:#}")),
                });
                checkpoints.push(None);
                continue;
            }
        };
        let r = &stored.receipt;
        let (state, index, size, problem, checkpoint) = match verifier.receipt(r) {
            Ok((index, cp)) => (
                State::Verified,
                Some(index),
                Some(cp.size),
                None,
                Some(Proven {
                    index,
                    digest: r.digest.clone(),
                    id: r.id.clone(),
                    checkpoint: cp,
                }),
            ),
            Err(Fault::NotLogged) => (
                State::NotVerifiable,
                None,
                None,
                Some(Fault::NotLogged.to_string()),
                None,
            ),
            Err(fault) => (
                State::Failed,
                r.log.as_ref().map(|l| l.index),
                None,
                Some(fault.to_string()),
                None,
            ),
        };
        entries.push(Entry {
            file: shown.clone(),
            product: r.product.clone(),
            id: Some(r.id.clone()),
            state,
            index,
            size,
            problem,
        });
        checkpoints.push(checkpoint);
    }

    // Online: the registry's tree now, against the last seen and each
    // receipt's.
    // Held from reading .charte/checkpoint to writing it: two runs cannot
    // interleave and put back an older tree.
    let mut _lock = None;
    let (log_state, current) = match &ctx.network {
        None => (None, None),
        Some(network) => {
            let path = folder.join(CHECKPOINT_FILE);
            _lock = Some(store::lock_for(&path).map_err(|e| {
                anyhow::anyhow!(store::failure(&format!("lock {}", path.display()), &e))
            })?);
            let api = network.api()?;
            let target = remote::target(args.registry.as_ref(), Some(&loaded))?;
            let online = Online {
                api,
                base: target.url.as_str().trim_end_matches('/').to_string(),
                target: &target,
                siren: &loaded.manifest.organization.siren,
                file: name,
            };
            let (state, current) = online.check(&key, &folder, &mut entries, &checkpoints)?;
            (Some(state), current)
        }
    };

    let verified = entries
        .iter()
        .filter(|e| e.state == State::Verified)
        .count();
    let failed = entries.len() - verified;
    let mut report = Report {
        schema: 1,
        log_key: key.label(),
        receipts: entries,
        log: log_state,
        verified,
        failed,
    };
    let log_failed = report.log.as_ref().is_some_and(|l| !l.consistent);
    // Only a tree proven to extend every one seen becomes the one kept.
    if let (false, false, Some(state), Some(current)) =
        (failed > 0, log_failed, report.log.as_mut(), &current)
    {
        state.saved = save_checkpoint(&folder, current)?;
    }

    match args.format {
        VerifyFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        VerifyFormat::Human => human(ctx, &report, out)?,
    }
    let error = ctx.stderr_style.error("error");
    for e in report
        .receipts
        .iter()
        .filter(|e| e.state != State::Verified)
    {
        let _ = writeln!(
            ctx.shell.err(),
            "{error}: {}: {}",
            e.file,
            e.problem.as_deref().unwrap_or_default()
        );
    }
    if let Some(problem) = report.log.as_ref().and_then(|l| l.problem.as_deref()) {
        let _ = writeln!(ctx.shell.err(), "{error}: {problem}");
    }
    Ok(if failed > 0 || log_failed {
        exit::UNAVAILABLE
    } else {
        exit::SUCCESS
    })
}

/// Keeps `current` in `.charte/checkpoint`, atomically; whether it changed.
/// The caller holds its lock.
fn save_checkpoint(folder: &Path, current: &Checkpoint) -> anyhow::Result<bool> {
    let path = checkpoint_path(folder);
    let dir = folder.join(TOOL_DIR);
    store::create_dir(&dir)
        .map_err(|e| anyhow::anyhow!(store::failure(&format!("create {}", dir.display()), &e)))?;
    store::write_if_changed(&path, current.text.as_bytes(), Mode::Keep)
        .map_err(|e| anyhow::anyhow!(store::failure(&format!("write {}", path.display()), &e)))
}

fn human(ctx: &Context, report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
    let style = &ctx.stdout_style;
    for e in &report.receipts {
        match e.state {
            State::Verified => writeln!(
                out,
                "{}  {}  leaf {} of {}",
                style.good("verified      "),
                e.file,
                e.index.unwrap_or_default(),
                e.size.unwrap_or_default()
            )?,
            State::Failed => writeln!(
                out,
                "{}  {}: {}",
                style.error("FAILED        "),
                e.file,
                e.problem.as_deref().unwrap_or_default()
            )?,
            State::NotVerifiable => writeln!(
                out,
                "{}  {}: {}",
                style.warning("not verifiable"),
                e.file,
                e.problem.as_deref().unwrap_or_default()
            )?,
        }
    }
    let kept_file = format!("{TOOL_DIR}/{CHECKPOINT_FILE}");
    match &report.log {
        None => writeln!(
            out,
            "the registry's current log was not asked (--offline): run without --offline to check it never rewrote its history"
        )?,
        Some(log) if !log.consistent => writeln!(
            out,
            "{}  the log of {}: {}",
            style.error("FAILED        "),
            log.registry,
            log.problem.as_deref().unwrap_or_default()
        )?,
        Some(log) => {
            let size = log.size.unwrap_or_default();
            let kept = match log.kept {
                Some(kept) => format!("consistent with the tree of {kept} kept in {kept_file}"),
                None => format!("first seen ({kept_file} held none)"),
            };
            let saved = if log.saved {
                format!("; {kept_file} now holds the tree of {size}")
            } else {
                String::new()
            };
            writeln!(
                out,
                "{}  the log {}: {size} entr{}, {kept}, and with every receipt's checkpoint{saved}",
                style.good("consistent    "),
                log.origin.as_deref().unwrap_or_default(),
                if size == 1 { "y" } else { "ies" },
            )?;
        }
    }
    let n = report.receipts.len();
    let mut summary = format!(
        "{n} receipt{}, {} verified in the log",
        crate::text::plural_s(n),
        report.verified
    );
    if report.failed > 0 {
        summary.push_str(&format!(", {} not", report.failed));
    }
    writeln!(out, "{}", style.bold(&summary))?;
    Ok(())
}

/// The registry's log endpoints (SPEC §8): no token is sent.
struct Online<'a> {
    api: &'a Api,
    /// The base URL, without a trailing slash.
    base: String,
    target: &'a remote::Target,
    siren: &'a str,
    file: &'a str,
}

/// One entry of `GET /v1/log/entries`.
#[derive(Deserialize)]
struct ListedEntry {
    index: u64,
    digest: String,
    id: String,
}

/// Most entries one `GET /v1/log/entries` answers (SPEC §8).
const ENTRIES_PER_REQUEST: u64 = 1000;

#[derive(Deserialize)]
struct ConsistencyAnswer {
    from: u64,
    to: u64,
    consistency: Vec<String>,
}

impl Online<'_> {
    /// The current checkpoint against the kept one and each receipt's; the
    /// current one, when it verified.
    fn check(
        &self,
        key: &VerifierKey,
        folder: &Path,
        entries: &mut [Entry],
        checkpoints: &[Option<Proven>],
    ) -> anyhow::Result<(LogState, Option<Checkpoint>)> {
        let kept_file = format!("{TOOL_DIR}/{CHECKPOINT_FILE}");
        let mut state = LogState {
            registry: self.target.name.clone(),
            origin: None,
            size: None,
            kept: None,
            consistent: false,
            problem: None,
            saved: false,
        };
        let path = checkpoint_path(folder);
        let kept = match store::read_bounded_if_any(&path, &kept_file, MAX_CHECKPOINT_BYTES)? {
            None => None,
            Some(bytes) => {
                let opened = String::from_utf8(bytes)
                    .map_err(|_| Fault::MalformedNote("it is not UTF-8".into()))
                    .and_then(|text| Checkpoint::open(&text, key));
                match opened {
                    Ok(cp) => Some(cp),
                    Err(fault) => {
                        state.problem = Some(format!(
                            "{kept_file} holds no checkpoint of this log: {fault}; if log-key changed on purpose, remove {kept_file}"
                        ));
                        return Ok((state, None));
                    }
                }
            }
        };
        state.kept = kept.as_ref().map(|k| k.size);
        let text = self.get("/v1/log/checkpoint")?;
        let current = match String::from_utf8(text)
            .map_err(|_| Fault::MalformedNote("it is not UTF-8".into()))
            .and_then(|text| Checkpoint::open(&text, key))
        {
            Ok(cp) => cp,
            Err(fault) => {
                state.problem = Some(format!("the registry's current checkpoint: {fault}"));
                return Ok((state, None));
            }
        };
        state.origin = Some(current.origin.clone());
        state.size = Some(current.size);
        if let Some(kept) = &kept {
            if let Err(fault) = self.consistent(kept, &current)? {
                state.problem = Some(format!(
                    "the registry's tree of {} is not the continuation of the tree of {} kept in {kept_file}: {fault}",
                    current.size, kept.size
                ));
                return Ok((state, None));
            }
        }
        let mut proven: HashMap<(u64, log::Hash), Result<(), Fault>> = HashMap::new();
        for (entry, receipt) in entries.iter_mut().zip(checkpoints) {
            let Some(Proven { checkpoint: cp, .. }) = receipt else {
                continue;
            };
            let result = match proven.get(&(cp.size, cp.root)) {
                Some(result) => result.clone(),
                None => {
                    let result = self.consistent(cp, &current)?;
                    proven.insert((cp.size, cp.root), result.clone());
                    result
                }
            };
            if let Err(fault) = result {
                entry.state = State::Failed;
                entry.problem = Some(format!(
                    "its checkpoint (a tree of {}) is not part of the registry's current log of {}: {fault}",
                    cp.size, current.size
                ));
            }
        }
        self.listed(entries, checkpoints, current.size)?;
        state.consistent = true;
        Ok((state, Some(current)))
    }

    /// Whether the registry lists, at each receipt's index, that receipt's
    /// entry: the list is what anyone rebuilds the tree from, so a registry
    /// that changed a stored document (and its entry with it) or removed an
    /// entry shows it there, even when its stored hashes still prove the
    /// old leaf.
    fn listed(
        &self,
        entries: &mut [Entry],
        proven: &[Option<Proven>],
        size: u64,
    ) -> anyhow::Result<()> {
        let mut wanted: Vec<u64> = entries
            .iter()
            .zip(proven)
            .filter(|(e, _)| e.state == State::Verified)
            .filter_map(|(_, p)| p.as_ref().map(|p| p.index))
            .filter(|&i| i < size)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut listed: HashMap<u64, ListedEntry> = HashMap::with_capacity(wanted.len());
        let mut next = 0;
        while next < wanted.len() {
            let start = wanted[next];
            let end = size.min(start + ENTRIES_PER_REQUEST);
            let path = format!("/v1/log/entries?start={start}&end={end}");
            let body = self.get(&path)?;
            let answer: Vec<ListedEntry> = serde_json::from_slice(&body).map_err(|_| {
                self.failure(
                    Some(200),
                    format!(
                        "{}{path} answered with something that is not a list of entries",
                        self.base
                    ),
                )
            })?;
            for e in answer {
                if (start..end).contains(&e.index) {
                    listed.insert(e.index, e);
                }
            }
            while next < wanted.len() && wanted[next] < end {
                next += 1;
            }
        }
        for (entry, proven) in entries.iter_mut().zip(proven) {
            let Some(p) = proven else { continue };
            if entry.state != State::Verified || p.index >= size {
                continue;
            }
            let problem = match listed.get(&p.index) {
                None => format!(
                    "the registry's log lists no entry at index {}, where it proved this receipt's: \
                     the registry removed the entry",
                    p.index
                ),
                Some(l) if l.digest != p.digest || l.id != p.id => format!(
                    "the registry's log lists at index {} the digest {} of {}, where it proved this \
                     receipt's digest {} of {}: the registry changed what it stored",
                    p.index,
                    crate::text::printable(&l.digest),
                    crate::text::printable(&l.id),
                    p.digest,
                    p.id
                ),
                Some(_) => continue,
            };
            entry.state = State::Failed;
            entry.problem = Some(problem);
        }
        Ok(())
    }

    /// Whether `later` extends `earlier`, with the registry's proof when
    /// one is needed.
    fn consistent(
        &self,
        earlier: &Checkpoint,
        later: &Checkpoint,
    ) -> anyhow::Result<Result<(), Fault>> {
        let (from, to) = (earlier.size, later.size);
        if from > to {
            return Ok(Err(Fault::Shrank { from, to }));
        }
        let proof = if from == 0 || from == to {
            Vec::new()
        } else {
            let path = format!("/v1/log/proof/consistency?from={from}&to={to}");
            let body = self.get(&path)?;
            let answer: ConsistencyAnswer = serde_json::from_slice(&body)
                .ok()
                .filter(|a: &ConsistencyAnswer| a.from == from && a.to == to)
                .ok_or_else(|| {
                    self.failure(
                        Some(200),
                        format!("{}{path} answered with something that is not the consistency proof asked for", self.base),
                    )
                })?;
            match log::parse_hashes("consistency", &answer.consistency) {
                Ok(proof) => proof,
                Err(fault) => return Ok(Err(fault)),
            }
        };
        Ok(log::verify_consistency(
            from,
            to,
            &earlier.root,
            &later.root,
            &proof,
        ))
    }

    /// A failure of the registry as an error (exit 4).
    fn failure(&self, status: Option<u16>, message: String) -> anyhow::Error {
        let failure = Failure {
            status,
            message,
            details: Vec::new(),
            attempts: 1,
        };
        remote::failure(
            &failure,
            self.target,
            &remote::TokenSource::Environment,
            self.siren,
            self.file,
        )
        .into()
    }

    /// GETs a log endpoint, retried by the protocol's rules; the body.
    fn get(&self, path: &str) -> anyhow::Result<Vec<u8>> {
        let url = Url::parse(&format!("{}{path}", self.base))
            .map_err(|e| anyhow::anyhow!("{}{path} is not a URL: {e}", self.base))?;
        let call = Call {
            method: Method::Get,
            url: &url,
            bearer: None,
            headers: &[],
            json: None,
        };
        let backoff = remote::backoff()?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (status, message) = match self.api.send(&call) {
                Ok(answer) => match classify(Some(answer.status)) {
                    Verdict::Done => return Ok(answer.body),
                    verdict => {
                        let message = error_message(&url, &answer.body, answer.status);
                        if verdict == Verdict::Fail {
                            return Err(self.failure(Some(answer.status), message));
                        }
                        (Some(answer.status), message)
                    }
                },
                Err(e @ (CallError::Refused(_) | CallError::Oversized(_))) => {
                    return Err(self.failure(None, e.to_string()))
                }
                Err(CallError::NoAnswer(why)) => (None, why),
            };
            if attempt >= backoff.attempts {
                return Err(self.failure(
                    status,
                    format!(
                        "{message} (gave up after {attempt} attempt{})",
                        crate::text::plural_s(attempt as usize)
                    ),
                ));
            }
            std::thread::sleep(backoff.delay(attempt, 0.5, None));
        }
    }
}

/// The registry's error message, else a sentence naming the status.
fn error_message(url: &Url, body: &[u8], status: u16) -> String {
    #[derive(Deserialize)]
    struct Body {
        error: Inner,
    }
    #[derive(Deserialize)]
    struct Inner {
        message: String,
    }
    match serde_json::from_slice::<Body>(body) {
        Ok(b) => crate::text::printable(&b.error.message).into_owned(),
        Err(_) => format!("{url} answered {status} without the registry's error form"),
    }
}
