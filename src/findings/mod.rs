//! Findings: the results of a check, each with a stable code, a severity and,
//! where it points at the manifest, a span. Findings are values, never errors.

use std::fmt;
use std::str::FromStr;

use crate::diag::Span;

pub mod explain;

macro_rules! codes {
    ($($variant:ident => $name:literal,)*) => {
        /// Every finding code. The kebab-case names are part of the contract.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }
        }
    };
}

codes! {
    InvalidManifest => "invalid-manifest",
    UnknownProduct => "unknown-product",
    UnknownReferential => "unknown-referential",
    UnknownRequirement => "unknown-requirement",
    DuplicateDeclaration => "duplicate-declaration",
    MissingJustification => "missing-justification",
    MissingDueDate => "missing-due-date",
    MissingDeclaration => "missing-declaration",
    NonConform => "non-conform",
    Partial => "partial",
    PlannedOverdue => "planned-overdue",
    PlannedDueSoon => "planned-due-soon",
    MissingProof => "missing-proof",
    EvidenceExpired => "evidence-expired",
    EvidenceFileMissing => "evidence-file-missing",
    EvidenceDigestMismatch => "evidence-digest-mismatch",
    EvidencePathOutside => "evidence-path-outside",
    RequirementReplaced => "requirement-replaced",
    RequirementRevised => "requirement-revised",
    NotApplicableDeclared => "not-applicable-declared",
    UpcomingRequirement => "upcoming-requirement",
    LockOutOfDate => "lock-out-of-date",
    EvidenceFutureDate => "evidence-future-date",
    UnknownService => "unknown-service",
    ReferentialNotInUse => "referential-not-in-use",
    ReferentialsUnavailable => "referentials-unavailable",
}

impl Code {
    /// Whether `--deny/--warn/--allow` and `[check] levels` may change its
    /// severity: a manifest that does not parse is always an error.
    pub fn overridable(self) -> bool {
        !matches!(self, Code::InvalidManifest | Code::ReferentialsUnavailable)
    }

    /// The codes overrides accept, for messages that list them.
    pub fn overridable_names() -> Vec<&'static str> {
        Code::ALL
            .iter()
            .filter(|c| c.overridable())
            .map(|c| c.as_str())
            .collect()
    }

    /// Whether a finding of this code makes the declarations unfit to submit:
    /// the manifest is wrong, not merely honest about a gap.
    pub fn is_validity(self) -> bool {
        matches!(
            self,
            Code::InvalidManifest
                | Code::UnknownProduct
                | Code::UnknownReferential
                | Code::UnknownRequirement
                | Code::DuplicateDeclaration
                | Code::MissingJustification
                | Code::MissingDueDate
                | Code::EvidenceFileMissing
                | Code::EvidenceDigestMismatch
                | Code::EvidencePathOutside
                | Code::EvidenceFutureDate
                | Code::UnknownService
        )
    }

    /// Whether a finding of this code, at severity error, leaves a conform
    /// declaration unsubstantiated (SPEC §3.2): it concerns the evidence.
    pub fn concerns_evidence(self) -> bool {
        matches!(
            self,
            Code::MissingProof
                | Code::EvidenceExpired
                | Code::EvidenceFileMissing
                | Code::EvidenceDigestMismatch
                | Code::EvidencePathOutside
                | Code::EvidenceFutureDate
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown finding code `{0}`")]
pub struct UnknownCode(pub String);

impl FromStr for Code {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Code, UnknownCode> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCode(s.to_string()))
    }
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity override: a severity, or `allow` to drop the finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Allow,
    Is(Severity),
}

impl FromStr for Level {
    type Err = ();
    fn from_str(s: &str) -> Result<Level, ()> {
        Ok(match s {
            "allow" => Level::Allow,
            "info" => Level::Is(Severity::Info),
            "warning" => Level::Is(Severity::Warning),
            "error" => Level::Is(Severity::Error),
            _ => return Err(()),
        })
    }
}

/// One result of a check.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The product concerned; `None` for the organization's commitments.
    pub product: Option<String>,
    /// `<referential>:<requirement>` as written or as it applies.
    pub requirement: Option<String>,
    pub message: String,
    /// Where in the manifest, when it points there.
    pub span: Option<Span>,
}

/// Severity overrides, applied in order: the manifest's `[check] levels`,
/// then `--allow`, `--warn`, `--deny` (the last word wins).
#[derive(Clone, Debug, Default)]
pub struct Levels {
    overrides: Vec<(Code, Level)>,
}

impl Levels {
    pub fn new(overrides: Vec<(Code, Level)>) -> Levels {
        Levels { overrides }
    }

    /// Overrides that come after these, and so win over them.
    pub fn extend(&mut self, overrides: impl IntoIterator<Item = (Code, Level)>) {
        self.overrides.extend(overrides);
    }

    /// The severity a finding ends with, or `None` when it is allowed.
    pub fn apply(&self, code: Code, default: Severity) -> Option<Severity> {
        let level = self
            .overrides
            .iter()
            .rev()
            .find(|(c, _)| *c == code)
            .map_or(Level::Is(default), |(_, l)| *l);
        match level {
            Level::Allow => None,
            Level::Is(s) => Some(s),
        }
    }
}

/// Which severity fails a run (`--fail-on`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Never => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>(), Ok(*code));
        }
        assert!("nope".parse::<Code>().is_err());
    }

    #[test]
    fn last_override_wins() {
        let levels = Levels::new(vec![
            (Code::Partial, Level::Is(Severity::Error)),
            (Code::Partial, Level::Allow),
        ]);
        assert_eq!(levels.apply(Code::Partial, Severity::Warning), None);
        assert_eq!(
            levels.apply(Code::NonConform, Severity::Error),
            Some(Severity::Error)
        );
    }
}
