//! `charte init`: create a commented `charte.toml`, asking on a terminal
//! for what the flags do not give.

use std::io::{BufRead, IsTerminal, Write};

use crate::catalogue::{self, Embedded, Scope, Vocabulary};
use crate::context::Context;
use crate::diag::Source;
use crate::error::{exit, Error};
use crate::manifest::{self, looks_like_email, siren_is_valid, UseEntry, KINDS};
use crate::manifest::{Whereabouts, MANIFEST_NAME};
use crate::store::{self, Mode};
use crate::suggest;
use crate::text::toml_string;

/// The charter's commitments: every manifest declares against them.
pub const CHARTER: &str = "charte-engagements";

/// The référentiels a new manifest uses when nothing says what its products
/// are: the charter's commitments and the socles nearly every health
/// software must meet.
pub const DEFAULT_USES: &[&str] = &[CHARTER, "ins", "identification-electronique", "ssi"];

/// `.charte/.gitignore`, beside the new manifest: the folder holds the lock
/// files of charte's writes, which belong to one machine, and the receipts
/// of submissions, which the project keeps.
pub const TOOL_DIR_GITIGNORE: &str = "\
# Written by `charte init`. The lock files guard charte's writes on this machine:
# never commit them. Commit receipts/, the registry's receipts of your submissions.
*.lock
";

/// Create charte.toml for your organization.
///
/// On a terminal, asks for the organization's name, SIREN, contact address
/// and the référentiels to declare against, with defaults. In scripts, give
/// them as flags with --yes. The file is commented for a first reading;
/// `charte check` right after lists what to declare.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  charte init
  charte init --name \"Exemple Santé SAS\" --siren 732829320 --contact conformite@exemple.fr \\
      --use charte-engagements,ins@2,mssante-clients@1 --yes
  charte init --name \"Exemple Santé SAS\" --siren 732829320 --contact conformite@exemple.fr \\
      --kind lgc --service dmp,mssante,insi --yes")]
pub struct Args {
    /// The organization's name
    #[arg(long)]
    pub name: Option<String>,

    /// Its SIREN: 9 digits
    #[arg(long)]
    pub siren: Option<String>,

    /// An e-mail address ANS and the registry can reach
    #[arg(long)]
    pub contact: Option<String>,

    /// Its professional federation (FEIMA, LESISS…)
    #[arg(long)]
    pub federation: Option<String>,

    /// A référentiel to declare against, ID or ID@VERSION; repeatable or comma-separated.
    /// charte-engagements is always kept [default: those that apply to the
    /// --kind and --service given; without them charte-engagements, ins,
    /// identification-electronique, ssi]
    #[arg(long = "use", value_name = "ID", value_delimiter = ',')]
    pub uses: Vec<String>,

    /// A kind of product the organization publishes (lgc, dpi…), to propose
    /// the référentiels that apply to it; repeatable or comma-separated
    #[arg(long = "kind", value_name = "KIND", value_delimiter = ',')]
    pub kinds: Vec<String>,

    /// A service its products use (dmp, mssante, insi…), to propose the
    /// référentiels that apply to it; repeatable or comma-separated
    #[arg(long = "service", value_name = "SERVICE", value_delimiter = ',')]
    pub services: Vec<String>,

    /// Ask nothing: take the defaults for what the flags do not give
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Replace an existing manifest
    #[arg(long)]
    pub force: bool,
}

/// What the new manifest says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    pub name: String,
    pub siren: String,
    pub contact: String,
    pub federation: Option<String>,
    pub uses: Vec<String>,
}

fn check_name(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        Err("the name cannot be empty".to_string())
    } else {
        Ok(s.to_string())
    }
}

/// Spaces are dropped: SIRENs are often written `732 829 320`.
fn check_siren(s: &str) -> Result<String, String> {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if siren_is_valid(&digits) {
        Ok(digits)
    } else if digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Err(format!(
            "`{digits}` fails the SIREN check (Luhn): a digit is probably mistyped; copy it from the Kbis"
        ))
    } else {
        Err(format!(
            "`{}` is not a SIREN: a SIREN is 9 digits",
            s.trim()
        ))
    }
}

fn check_contact(s: &str) -> Result<String, String> {
    let s = s.trim();
    if looks_like_email(s) {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not an e-mail address"))
    }
}

/// `id` or `id@REQ` entries the embedded catalogue can satisfy.
fn check_uses(entries: &[String]) -> Result<Vec<String>, String> {
    let index = Embedded::index()?;
    let mut out: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let (id, req) = match entry.split_once('@') {
            Some((id, req)) => (id, Some(req)),
            None => (entry, None),
        };
        let req = req
            .map(semver::VersionReq::parse)
            .transpose()
            .map_err(|e| {
                format!("`{entry}`: {e} (write `ins@2` for 2.x, `ins@=2.0.0` for exactly 2.0.0)")
            })?;
        let use_entry = UseEntry {
            id: id.to_string(),
            req,
            from: None,
            span: Default::default(),
        };
        catalogue::select(&index, &use_entry).map_err(|d| match d.help {
            Some(help) => format!("{}: {help}", d.message),
            None => d.message,
        })?;
        if out.iter().any(|u| u.split('@').next() == Some(id)) {
            return Err(format!("`{id}` is given twice"));
        }
        out.push(entry.to_string());
    }
    if out.is_empty() {
        return Err("give at least one référentiel".to_string());
    }
    // The charter's commitments are what a signatory declares first.
    if !out.iter().any(|u| u.split('@').next() == Some(CHARTER)) {
        out.insert(0, CHARTER.to_string());
    }
    Ok(out)
}

/// The référentiels to propose: the charter's commitments and every
/// product référentiel of the catalogue whose requirements apply to
/// products of these kinds and services (the rule of the
/// `referential-not-in-use` finding); without kinds or services, the
/// defaults.
pub fn proposed_uses(kinds: &[String], services: &[String]) -> Result<Vec<String>, String> {
    for kind in kinds {
        if !KINDS.contains(&kind.as_str()) {
            let near = suggest::closest(kind, KINDS.iter().copied())
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            return Err(format!(
                "--kind: unknown kind `{kind}`; {near}kinds are {}",
                KINDS.join(", ")
            ));
        }
    }
    let offered = catalogue::offered_embedded();
    let vocabulary = Vocabulary::new(&offered);
    for service in services {
        if let Some(message) = vocabulary.unknown(service, false) {
            return Err(format!("--service: {message}"));
        }
    }
    if kinds.is_empty() && services.is_empty() {
        return Ok(DEFAULT_USES.iter().map(|s| s.to_string()).collect());
    }
    let mut uses = vec![CHARTER.to_string()];
    for doc in &offered {
        if doc.scope == Scope::Product && doc.applying_to(kinds, services, &[]) > 0 {
            uses.push(doc.id.clone());
        }
    }
    Ok(uses)
}

/// The answers from the flags alone: what scripts use.
fn from_flags(args: &Args) -> Result<Answers, Error> {
    let missing: Vec<&str> = [
        ("--name", args.name.is_none()),
        ("--siren", args.siren.is_none()),
        ("--contact", args.contact.is_none()),
    ]
    .into_iter()
    .filter_map(|(flag, absent)| absent.then_some(flag))
    .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "charte init needs {} when it cannot ask (standard input is not a terminal, or --yes)\n  help: charte init --name \"Exemple Santé SAS\" --siren 732829320 --contact conformite@exemple.fr --yes",
            missing.join(", ")
        )));
    }
    let flag = |name: &str, value: &Option<String>, check: fn(&str) -> Result<String, String>| {
        check(value.as_deref().unwrap_or_default())
            .map_err(|e| Error::Usage(format!("--{name}: {e}")))
    };
    let proposed = proposed_uses(&args.kinds, &args.services).map_err(Error::Usage)?;
    let uses = if args.uses.is_empty() {
        proposed
    } else {
        check_uses(&args.uses).map_err(|e| Error::Usage(format!("--use: {e}")))?
    };
    Ok(Answers {
        name: flag("name", &args.name, check_name)?,
        siren: flag("siren", &args.siren, check_siren)?,
        contact: flag("contact", &args.contact, check_contact)?,
        federation: args
            .federation
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string),
        uses,
    })
}

/// Asks one question until the answer passes `check`.
fn ask(
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
    label: &str,
    default: Option<&str>,
    check: &dyn Fn(&str) -> Result<String, String>,
) -> anyhow::Result<String> {
    loop {
        match default {
            Some(d) => write!(prompt, "{label} [{d}]: ")?,
            None => write!(prompt, "{label}: ")?,
        }
        prompt.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(prompt)?;
            return Err(
                Error::Usage(format!("no answer for “{label}”; nothing was written")).into(),
            );
        }
        let answer = match line.trim() {
            "" => default.unwrap_or(""),
            typed => typed,
        };
        match check(answer) {
            Ok(v) => return Ok(v),
            Err(e) => writeln!(prompt, "  {e}")?,
        }
    }
}

/// Asks for what the flags do not give, one line each, until every answer
/// is valid. Flags are checked as they would be in a script.
pub fn interview(
    args: &Args,
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
) -> anyhow::Result<Answers> {
    writeln!(
        prompt,
        "Creating {MANIFEST_NAME}. Press Enter to take the [default]."
    )?;
    let given = |value: &Option<String>, check: fn(&str) -> Result<String, String>| {
        value.as_deref().map(check)
    };
    let name = match given(&args.name, check_name) {
        Some(v) => v.map_err(|e| Error::Usage(format!("--name: {e}")))?,
        None => ask(input, prompt, "Organization name", None, &check_name)?,
    };
    let siren = match given(&args.siren, check_siren) {
        Some(v) => v.map_err(|e| Error::Usage(format!("--siren: {e}")))?,
        None => ask(
            input,
            prompt,
            "SIREN (9 digits, on the Kbis)",
            None,
            &check_siren,
        )?,
    };
    let contact = match given(&args.contact, check_contact) {
        Some(v) => v.map_err(|e| Error::Usage(format!("--contact: {e}")))?,
        None => ask(
            input,
            prompt,
            "Contact e-mail (for ANS and the registry)",
            None,
            &check_contact,
        )?,
    };
    let federation = match &args.federation {
        Some(f) => Some(f.trim().to_string()).filter(|f| !f.is_empty()),
        None => Some(ask(
            input,
            prompt,
            "Professional federation (optional: Enter to skip)",
            None,
            &|s: &str| Ok(s.trim().to_string()),
        )?)
        .filter(|f| !f.is_empty()),
    };
    let proposed = proposed_uses(&args.kinds, &args.services).map_err(Error::Usage)?;
    let uses = if args.uses.is_empty() {
        writeln!(prompt, "The référentiels in charte's catalogue:")?;
        let index = Embedded::index().map_err(anyhow::Error::msg)?;
        for r in &index.referentials {
            writeln!(prompt, "  {:<28} {}", r.id, r.title)?;
        }
        ask(
            input,
            prompt,
            "Référentiels to declare against (separated by spaces or commas)",
            Some(&proposed.join(" ")),
            &|s: &str| {
                let entries: Vec<String> = s
                    .split([' ', ','])
                    .filter(|e| !e.is_empty())
                    .map(str::to_string)
                    .collect();
                check_uses(&entries).map(|u| u.join(" "))
            },
        )?
        .split(' ')
        .map(str::to_string)
        .collect()
    } else {
        check_uses(&args.uses).map_err(|e| Error::Usage(format!("--use: {e}")))?
    };
    Ok(Answers {
        name,
        siren,
        contact,
        federation,
        uses,
    })
}

/// The new manifest: valid, and commented for someone who has never seen one.
pub fn template(a: &Answers) -> String {
    let federation = match &a.federation {
        Some(f) => format!("federation = {}\n", toml_string(f)),
        None => {
            "# federation = \"FEIMA\"        # optional: your professional federation\n".to_string()
        }
    };
    let uses: Vec<String> = a.uses.iter().map(|u| toml_string(u)).collect();
    format!(
        r#"# charte.toml: the conformity declarations of {name_comment}, checked by `charte check`.
#
# What goes where:
#   [organization]   who declares: the publisher that signed the charter « Engagé pour la e-santé »
#   [referentials]   the référentiels you declare against
#   [[product]]      one per product; add them with
#                      charte product add exemple-lgc --name "Exemple Cabinet" --version 5.2.0 --kind lgc --service dmp
#   [[commitment]]   the organization's answer to a charter-level requirement, written by
#                      charte commit charte-engagements:IV.1 --status conform --evidence url:https://…
#   [[declaration]]  a product's answer to one requirement, written by
#                      charte declare exemple-lgc ins:INS.01 --status conform --proof INS.01.01.01=CNDA-INSi#48959
#                    or many at once by `charte import declarations.csv`
#
# Statuses: conform, partial, non-conform, planned (with a `due` date) and not-applicable;
# partial, non-conform and not-applicable need a `justification`. Evidence says where
# the proof is: a test run reference, a link, or a file beside this one (its sha256 is kept).
# `charte check` lists what applies and is not declared yet.
# Keys are kebab-case; dates are written without quotes, as 2026-11-23.
schema = 1

[organization]
name = {name}
siren = {siren}   # 9 digits, checked with the INSEE (Luhn) rule
contact = {contact}
{federation}# charter-signed = 2020-09-04   # optional: when the charter was signed

[referentials]
# No `index`: charte uses the catalogue built into it. `id` takes the newest version;
# `id@2` keeps to versions 2.x (cargo's version requirements).
use = [{uses}]
"#,
        name_comment = a.name.replace('\n', " "),
        name = toml_string(&a.name),
        siren = toml_string(&a.siren),
        contact = toml_string(&a.contact),
        uses = uses.join(", "),
    )
}

pub fn run(args: &Args, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<u8> {
    let (path, name) = match &ctx.manifest {
        Whereabouts::Given(p) => (p.clone(), p.display().to_string()),
        Whereabouts::Search(cwd) => (cwd.join(MANIFEST_NAME), MANIFEST_NAME.to_string()),
    };
    let refuse = || {
        Error::Usage(format!(
            "{name} already exists; nothing was written\n  help: edit it with `charte product`, `charte declare`…, or replace it with `charte init --force`"
        ))
    };
    if path.exists() && !args.force {
        return Err(refuse().into());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(
                Error::Usage(format!("the folder {} does not exist", parent.display())).into(),
            );
        }
    }
    let stdin = std::io::stdin();
    let answers = if !args.yes && stdin.is_terminal() {
        interview(args, &mut stdin.lock(), &mut *ctx.shell.err())?
    } else {
        from_flags(args)?
    };
    let text = template(&answers);
    if let Err(diags) = manifest::parse(&Source::new(&name, text.clone())) {
        anyhow::bail!(
            "charte made an invalid manifest ({}); nothing was written. This is a bug in charte: please report it",
            diags[0].message
        );
    }
    let lock = store::lock_for(&path)?;
    if path.exists() && !args.force {
        return Err(refuse().into());
    }
    store::write_if_changed(&path, text.as_bytes(), Mode::Keep)
        .map_err(|e| anyhow::anyhow!("cannot write {name}: {e}"))?;
    // The lock above made the folder; a .gitignore of the user's own stays.
    let ignore = lock.path.with_file_name(".gitignore");
    if !ignore.exists() {
        store::write_atomic(&ignore, TOOL_DIR_GITIGNORE.as_bytes(), Mode::Keep)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", ignore.display()))?;
    }
    if !ctx.quiet {
        writeln!(
            out,
            "created {name} for {} (SIREN {}), declaring against {}",
            answers.name,
            answers.siren,
            answers.uses.join(", ")
        )?;
        writeln!(out, "next:")?;
        writeln!(
            out,
            "  charte product add ID --name NAME --version VERSION --kind KIND [--service SERVICE]…"
        )?;
        writeln!(out, "  charte check        lists what to declare")?;
    }
    Ok(exit::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> Args {
        Args {
            name: None,
            siren: None,
            contact: None,
            federation: None,
            uses: Vec::new(),
            kinds: Vec::new(),
            services: Vec::new(),
            yes: false,
            force: false,
        }
    }

    #[test]
    fn the_interview_asks_again_until_the_answer_is_valid() {
        let typed = "  Exemple Santé SAS \n123\n732829321\n732 829 320\nnope\nconformite@exemple.fr\n\ninss, ins\nins mssante-clients@1\n";
        let mut prompts = Vec::new();
        let answers = interview(&args(), &mut typed.as_bytes(), &mut prompts).unwrap();
        assert_eq!(
            answers,
            Answers {
                name: "Exemple Santé SAS".into(),
                siren: "732829320".into(),
                contact: "conformite@exemple.fr".into(),
                federation: None,
                uses: vec![
                    "charte-engagements".into(),
                    "ins".into(),
                    "mssante-clients@1".into()
                ],
            }
        );
        let prompts = String::from_utf8(prompts).unwrap();
        assert!(
            prompts.contains("`123` is not a SIREN: a SIREN is 9 digits"),
            "{prompts}"
        );
        assert!(
            prompts.contains("`732829321` fails the SIREN check"),
            "{prompts}"
        );
        assert!(
            prompts.contains("`nope` is not an e-mail address"),
            "{prompts}"
        );
        assert!(prompts.contains("did you mean `ins`?"), "{prompts}");
        assert!(prompts.contains("[charte-engagements ins identification-electronique ssi]"));
    }

    #[test]
    fn defaults_are_taken_and_flags_not_asked() {
        let mut a = args();
        a.name = Some("Exemple Santé SAS".into());
        a.federation = Some("FEIMA".into());
        let typed = "732829320\nconformite@exemple.fr\n\n";
        let mut prompts = Vec::new();
        let answers = interview(&a, &mut typed.as_bytes(), &mut prompts).unwrap();
        assert_eq!(answers.uses, DEFAULT_USES);
        assert_eq!(answers.federation.as_deref(), Some("FEIMA"));
        assert!(!String::from_utf8(prompts)
            .unwrap()
            .contains("Organization name"));
    }

    #[test]
    fn an_interview_cut_short_writes_nothing() {
        let err = interview(&args(), &mut "Exemple\n".as_bytes(), &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("no answer for “SIREN"), "{err}");
    }

    #[test]
    fn the_template_is_a_valid_manifest() {
        let text = template(&Answers {
            name: "Société \"Test\" & fils".into(),
            siren: "732829320".into(),
            contact: "a@b.fr".into(),
            federation: Some("FEIMA".into()),
            uses: vec!["charte-engagements".into(), "ins@2".into()],
        });
        let m = manifest::parse(&Source::new("charte.toml", text)).unwrap();
        assert_eq!(m.organization.name, "Société \"Test\" & fils");
        assert_eq!(m.organization.federation.as_deref(), Some("FEIMA"));
        assert_eq!(m.uses.len(), 2);
    }
}
