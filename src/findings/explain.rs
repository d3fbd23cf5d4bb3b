//! The finding reference: for every code, what it means, its default
//! severity and how to fix it. The one source of `charte explain`, of the
//! SARIF rules' help and of `docs/findings.md`.

use super::{Code, Severity};

/// Where charte's sources live (`repository` in Cargo.toml).
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The generated reference document, in the repository.
pub const DOCUMENT: &str = "docs/findings.md";

/// A code's entry in the reference document, on the web.
pub fn reference_url(code: Code) -> String {
    format!("{REPOSITORY}/blob/main/{DOCUMENT}#{code}")
}

/// A code's severity when no override applies (SPEC §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultSeverity {
    Error,
    Warning,
    /// Error for an `exigence`, warning for a `preconisation`.
    ByNature,
    /// Info, or warning when the date is within 90 days.
    InfoOrWarning,
}

impl DefaultSeverity {
    /// As the reference writes it.
    pub fn describe(self) -> &'static str {
        match self {
            DefaultSeverity::Error => "error",
            DefaultSeverity::Warning => "warning",
            DefaultSeverity::ByNature => "error for an exigence, warning for a préconisation",
            DefaultSeverity::InfoOrWarning => "info; warning within 90 days of the date",
        }
    }

    /// The highest severity it can give: what a SARIF rule announces.
    pub fn highest(self) -> Severity {
        match self {
            DefaultSeverity::Error | DefaultSeverity::ByNature => Severity::Error,
            DefaultSeverity::Warning | DefaultSeverity::InfoOrWarning => Severity::Warning,
        }
    }

    /// Whether the engine may give `severity` when nothing overrides it.
    pub fn allows(self, severity: Severity) -> bool {
        match self {
            DefaultSeverity::Error => severity == Severity::Error,
            DefaultSeverity::Warning => severity == Severity::Warning,
            DefaultSeverity::ByNature => severity != Severity::Info,
            DefaultSeverity::InfoOrWarning => severity != Severity::Error,
        }
    }
}

/// One entry of the reference.
#[derive(Clone, Copy, Debug)]
pub struct Explanation {
    pub code: Code,
    pub default: DefaultSeverity,
    /// One line: when the finding is reported.
    pub summary: &'static str,
    /// Why it matters and what exactly triggers it.
    pub meaning: &'static str,
    /// What to change, in the manifest or elsewhere.
    pub fix: &'static str,
}

impl Explanation {
    /// The summary as a sentence's start: capitalised, without the full stop.
    pub fn title(&self) -> String {
        let mut chars = self.summary.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

/// The entry for `code`.
pub fn explain(code: Code) -> &'static Explanation {
    REFERENCE
        .iter()
        .find(|e| e.code == code)
        .expect("every finding code has an entry in the reference (a unit test keeps it so)")
}

/// Every code, in the order of [`Code::ALL`].
pub const REFERENCE: &[Explanation] = &[
    Explanation {
        code: Code::InvalidManifest,
        default: DefaultSeverity::Error,
        summary: "the manifest does not parse or breaks the format of charte.toml",
        meaning: "charte.toml is not valid TOML, has an unknown key, a value of the wrong type, \
a SIREN that fails the Luhn check, a requirement reference without its referential, or \
another problem of form. Nothing is checked until the file is valid, and the run exits 2, \
not 1: it is an input error, not a conformity result. Every problem of the file is reported \
in one run, each pointing at its line and column. This code cannot be overridden.",
        fix: "Correct the file at each location shown; the message says what is expected and, \
for a misspelt key or value, what was probably meant. Keys are kebab-case (`charter-signed`, \
not `charter_signed`); statuses are `conform`, `partial`, `non-conform`, `planned` and \
`not-applicable`; requirement references are `<referential>:<requirement>`.",
    },
    Explanation {
        code: Code::UnknownProduct,
        default: DefaultSeverity::Error,
        summary: "a declaration names no product of the manifest",
        meaning: "A `[[declaration]]` has a `product` that no `[[product]]` defines. The \
declaration counts for nothing, and the product it was meant for may lack it.",
        fix: "Correct the `product` of the declaration to the `id` of one of the products \
(the message suggests the closest one), or add the missing `[[product]]`. When a product was \
renamed, rename it in every declaration too.",
    },
    Explanation {
        code: Code::UnknownReferential,
        default: DefaultSeverity::Error,
        summary: "a requirement reference names a referential not in `[referentials] use`",
        meaning: "The part before `:` of a `requirement` names a referential that the manifest \
does not use, so the requirement cannot be found or checked.",
        fix: "Add the referential to `use` under `[referentials]` (for example \
`use = [\"ins@2\", \"mssante-clients@1\"]`; `charte referentials list` shows what the \
catalogue offers), or correct the referential id in the reference.",
    },
    Explanation {
        code: Code::UnknownRequirement,
        default: DefaultSeverity::Error,
        summary: "the referential has no such requirement, nor one that replaces it",
        meaning: "The referential is in use, but neither its locked version nor any \
requirement's `replaces` list has the requirement id after the `:`. The declaration counts for \
nothing.",
        fix: "Correct the requirement id (the message suggests the closest one; \
`charte referentials show <id>` lists them all). If the referential's new version dropped the \
requirement, remove the declaration.",
    },
    Explanation {
        code: Code::DuplicateDeclaration,
        default: DefaultSeverity::Error,
        summary: "two declarations for one product and requirement",
        meaning: "The same requirement is declared twice for the same product (or twice as a \
commitment). Only the first counts, and the two may disagree. A declaration that names a \
replaced id counts for the new id, so an old and a new id can collide too.",
        fix: "Keep one declaration: merge the evidence of both into it and delete the other. \
The message gives the line of the first one.",
    },
    Explanation {
        code: Code::MissingJustification,
        default: DefaultSeverity::Error,
        summary: "partial, non-conform or not-applicable without a justification",
        meaning: "A declaration that is not plainly conform must say why: a `partial` or \
`non-conform` status what is missing, a `not-applicable` status why the requirement does not \
concern the product. Registries and auditors reject such declarations.",
        fix: "Add `justification = \"…\"` to the declaration, in a sentence a reviewer can \
check.",
    },
    Explanation {
        code: Code::MissingDueDate,
        default: DefaultSeverity::Error,
        summary: "planned without a due date",
        meaning: "A `planned` declaration promises work; without `due` the promise has no \
date, and charte cannot warn when it is near or overdue.",
        fix: "Add `due = YYYY-MM-DD`, the date by which the product will conform.",
    },
    Explanation {
        code: Code::MissingDeclaration,
        default: DefaultSeverity::ByNature,
        summary: "an applicable, effective requirement has no declaration",
        meaning: "The requirement applies to the product (its referential is in use and its \
`applies-to` matches the product's kind, services and profiles) and is in force at the \
evaluation date, but nothing is declared for it. It counts as `missing`, and lowers the \
conformity rate when it is an exigence.",
        fix: "Add a `[[declaration]]` for the product and requirement with its honest status \
(`charte declare <product> <requirement> --status …`), with evidence when it is conform. For \
an organization-level requirement, add a `[[commitment]]`. If the requirement does not concern \
the product, declare it `not-applicable` with a justification.",
    },
    Explanation {
        code: Code::NonConform,
        default: DefaultSeverity::ByNature,
        summary: "a requirement in force is declared non-conform",
        meaning: "The declaration says the product does not meet the requirement. That is an \
honest declaration, and it is submitted as such, but for an exigence the product is not \
conform to the référentiel.",
        fix: "Do the work, then declare the requirement `conform` with its proofs; or, while \
the work is scheduled, declare it `planned` with a `due` date.",
    },
    Explanation {
        code: Code::Partial,
        default: DefaultSeverity::Warning,
        summary: "a requirement in force is declared partially conform",
        meaning: "The declaration says the product meets only part of the requirement; the \
justification says which part is missing.",
        fix: "Complete the work and declare it `conform`, or plan the rest with `planned` and \
a `due` date. `[check] levels = { partial = \"error\" }` makes this an error for projects that \
do not accept partial conformity.",
    },
    Explanation {
        code: Code::PlannedOverdue,
        default: DefaultSeverity::ByNature,
        summary: "planned, and the due date has passed",
        meaning: "The declaration promised conformity by its `due` date, and that date is \
before the evaluation date.",
        fix: "Deliver the work and declare the requirement `conform` with its proofs, or set \
a new `due` date and say why in the justification.",
    },
    Explanation {
        code: Code::PlannedDueSoon,
        default: DefaultSeverity::Warning,
        summary: "planned, and due within 30 days",
        meaning: "A reminder: the `due` date of a planned requirement is at most 30 days \
after the evaluation date.",
        fix: "Nothing is wrong yet. Deliver on time and declare the requirement `conform`, or \
move the `due` date before it passes.",
    },
    Explanation {
        code: Code::MissingProof,
        default: DefaultSeverity::ByNature,
        summary: "declared conform, but a required proof has no evidence naming it",
        meaning: "The requirement defines proofs (a test run, a video, a certificate…) and \
marks some `required`. A conform declaration must carry an evidence item whose `proof` names \
each required one, so that a reviewer can find it.",
        fix: "Add an evidence item naming the proof, for example \
`evidence = [{ proof = \"MSS/CONF.01.01.01\", ref = \"MSS-LPS-SEGUR-GEN#48213\", date = 2026-03-02 }]`. \
`charte referentials show <referential>` lists each requirement's proofs.",
    },
    Explanation {
        code: Code::EvidenceExpired,
        default: DefaultSeverity::ByNature,
        summary: "evidence is older than the proof's max-age-days",
        meaning: "The proof it names has a `max-age-days` (a penetration test is valid a \
year, for example), and the evidence's `date` plus that many days is before the evaluation \
date. The conformity it supports is no longer demonstrated.",
        fix: "Renew the proof (run the test again, get a new report) and update the evidence \
item's `ref`, `url` or `path` and its `date`.",
    },
    Explanation {
        code: Code::EvidenceFileMissing,
        default: DefaultSeverity::Error,
        summary: "an evidence path that does not exist",
        meaning: "An evidence item's `path` names a file that is not there, relative to the \
folder of charte.toml.",
        fix: "Commit the file at that path, or correct the path. Paths are relative to the \
manifest's folder and use `/`.",
    },
    Explanation {
        code: Code::EvidenceDigestMismatch,
        default: DefaultSeverity::Error,
        summary: "an evidence file whose sha256 differs from the declared one",
        meaning: "The file at `path` changed since its `sha256` was recorded: the attested \
document is not the one in the repository.",
        fix: "If the new file is the right proof, attest it again: update `sha256` (the \
message gives the file's digest; `sha256sum <file>` computes it) and `date`. Otherwise restore \
the attested file.",
    },
    Explanation {
        code: Code::EvidencePathOutside,
        default: DefaultSeverity::Error,
        summary: "an evidence path that is absolute or leaves the manifest's folder",
        meaning: "Evidence files must live beside charte.toml, so that the manifest and its \
proofs travel together and a check cannot read arbitrary files. An absolute path, a path with \
`..` that climbs out, or a symbolic link that points outside are refused.",
        fix: "Copy the proof into the manifest's folder (for example `preuves/`) and use a \
relative path to it.",
    },
    Explanation {
        code: Code::RequirementReplaced,
        default: DefaultSeverity::Warning,
        summary: "the declaration names an id that a newer requirement replaces",
        meaning: "The locked version of the referential renumbered the requirement: a new \
requirement lists the old id in `replaces`. The declaration still counts, for the new id.",
        fix: "Rename the declaration's requirement to the new id given in the message (check \
that the new text says the same thing).",
    },
    Explanation {
        code: Code::RequirementRevised,
        default: DefaultSeverity::Warning,
        summary: "the requirement was revised after the declaration was made",
        meaning: "The requirement's `revised` date is after the declaration's `declared` \
date: its text changed since the product was attested against it.",
        fix: "Read the revised text, check the product against it, then attest again: set \
`declared` to today (`charte declare` does so) and update the status and evidence if needed.",
    },
    Explanation {
        code: Code::NotApplicableDeclared,
        default: DefaultSeverity::Warning,
        summary: "a declaration for a requirement that does not apply to that product",
        meaning: "The requirement's `applies-to` does not match the product's kind, services \
or profiles, or an organization-level requirement is declared for a product (or the reverse). \
The declaration is not counted.",
        fix: "Remove the declaration, or, if the product does have the service or profile the \
requirement needs, add it to the product's `services` or `profiles`. Organization-level \
requirements go in `[[commitment]]`, product requirements in `[[declaration]]`.",
    },
    Explanation {
        code: Code::UpcomingRequirement,
        default: DefaultSeverity::InfoOrWarning,
        summary: "applies, comes into force later, and is not declared conform yet",
        meaning: "The requirement applies to the product, and its `effective` date is after \
the evaluation date. It is not counted yet. The finding is an info, and becomes a warning in \
the 90 days before the date.",
        fix: "Plan the work: declare the requirement `planned` with a `due` date before it \
comes into force, then `conform` with its proofs once done.",
    },
    Explanation {
        code: Code::LockOutOfDate,
        default: DefaultSeverity::Error,
        summary: "charte.lock does not match `[referentials] use`",
        meaning: "The lockfile pins other referentials or versions than `use` asks for, so \
the check would not run against what the manifest says. With `--locked` the run exits 3 \
instead.",
        fix: "Run `charte fetch` to resolve `use` again and rewrite charte.lock, and commit \
the new lockfile.",
    },
    Explanation {
        code: Code::EvidenceFutureDate,
        default: DefaultSeverity::Error,
        summary: "an evidence date or a declared date after the evaluation date",
        meaning: "A proof cannot have been produced, nor a declaration attested, on a day that \
has not come yet. Such a date is usually a typing slip (2062 for 2026) or a copy from a \
template, and it would keep a proof looking fresh long after it expired. A conform declaration \
with such a date is counted as unsubstantiated, not conform.",
        fix: "Correct the `date` of the evidence item, or the `declared` date, to the day the \
proof was produced or the declaration attested. `charte declare` sets `declared` to the \
evaluation date when it writes.",
    },
    Explanation {
        code: Code::UnknownService,
        default: DefaultSeverity::Error,
        summary: "a product names a service or profile that no referential knows",
        meaning: "A requirement applies to a product through the services and profiles it \
names. A value that no requirement of the catalogue mentions, and that is not one of the \
manifest format's own services (dmp, mssante, insi, pro-sante-connect, e-prescription, apcv) \
or profiles (centres-de-sante), switches nothing on: a misspelt `msante` silently drops every \
MSSanté requirement, and the conformity rate rises for the wrong reason.",
        fix: "Correct the value in the product's `services` or `profiles` (the message \
suggests the closest known one; `charte referentials show <id>` shows what each requirement \
applies to), or remove it. `charte product set <id> --remove-service <value>` does so.",
    },
    Explanation {
        code: Code::ReferentialNotInUse,
        default: DefaultSeverity::Warning,
        summary: "a referential of the catalogue would apply to a product but is not in `use`",
        meaning: "The catalogue offers a referential whose requirements match the product's \
kind, services and profiles, and `[referentials] use` does not list it. The product is then \
checked against fewer référentiels than it falls under, and its declared scope may be too \
narrow: a Ségur LGC with the MSSanté service, for example, answers to the MSSanté \
référentiel too.",
        fix: "Add the referential with `charte use add <id>` and declare its requirements \
(`charte export --missing` lists them). If the product truly does not fall under it, say so in \
the manifest with `[check] levels = { referential-not-in-use = \"allow\" }`.",
    },
    Explanation {
        code: Code::ReferentialsUnavailable,
        default: DefaultSeverity::Error,
        summary: "the referentials could not be resolved, so nothing was evaluated",
        meaning: "The referentials the manifest uses could not be had: not in the cache \
under `--offline`, charte.lock out of date under `--locked`, a document that fails its \
sha256, an index that cannot be reached. The run exits 3, and every report asked for with \
`--format` or `--report` is still written with this one finding, so that a pipeline always \
gets its report.",
        fix: "Read the message: run `charte fetch` with network access (and commit \
charte.lock), or drop `--offline`/`--locked` for this run.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_explained_once_in_order() {
        let explained: Vec<Code> = REFERENCE.iter().map(|e| e.code).collect();
        for code in Code::ALL {
            assert!(
                explained.contains(code),
                "`{code}` is missing from the finding reference in src/findings/explain.rs"
            );
        }
        assert_eq!(
            explained,
            Code::ALL,
            "the finding reference must list each code once, in the order of Code::ALL"
        );
        for e in REFERENCE {
            assert!(
                !e.summary.is_empty() && !e.summary.ends_with('.'),
                "{}",
                e.code
            );
            assert!(
                e.meaning.ends_with('.') && e.fix.ends_with('.'),
                "{}",
                e.code
            );
        }
    }

    #[test]
    fn reference_urls_are_absolute() {
        assert!(
            REPOSITORY.starts_with("https://"),
            "set `repository` in Cargo.toml"
        );
        assert!(reference_url(Code::Partial).ends_with("/docs/findings.md#partial"));
    }

    #[test]
    fn defaults_bound_severities() {
        assert!(DefaultSeverity::ByNature.allows(Severity::Warning));
        assert!(!DefaultSeverity::ByNature.allows(Severity::Info));
        assert!(!DefaultSeverity::InfoOrWarning.allows(Severity::Error));
        assert_eq!(DefaultSeverity::InfoOrWarning.highest(), Severity::Warning);
    }
}
