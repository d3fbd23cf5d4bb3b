//! Every finding code: one manifest that produces it, and the same manifest
//! with the cause fixed, where it is gone.

use std::collections::HashMap;

use super::*;
use crate::catalogue::{Referential, Resolved};
use crate::diag::Source;
use crate::findings::{explain, Level};

const ALPHA: &str = r#"
schema = 1
id = "alpha"
version = "2.0.0"
label = "test"
scope = "product"

[[requirement]]
id = "A.01"
title = "proof needed"
nature = "exigence"
applies-to = { kinds = ["lgc"] }
[[requirement.proof]]
id = "P1"
kind = "pentest-report"
required = true
max-age-days = 365

[[requirement]]
id = "A.02"
title = "recommended"
nature = "preconisation"

[[requirement]]
id = "A.03"
title = "renumbered and revised"
nature = "exigence"
replaces = ["A.OLD"]
revised = 2026-01-01

[[requirement]]
id = "A.04"
title = "upcoming"
nature = "exigence"
effective = 2027-01-15

[[requirement]]
id = "A.05"
title = "dmp only"
nature = "exigence"
applies-to = { services = ["dmp"] }

[[requirement]]
id = "A.06"
title = "far future"
nature = "preconisation"
effective = 2028-01-01
"#;

const ORG: &str = r#"
schema = 1
id = "org"
version = "1.0.0"
label = "test"
scope = "organization"

[[requirement]]
id = "O.1"
title = "commitment"
nature = "exigence"
"#;

const HEAD: &str = r#"schema = 1
[organization]
name = "Test SAS"
siren = "732829320"
contact = "a@b.fr"
[referentials]
use = ["alpha", "org"]
[[product]]
id = "p1"
name = "P1"
version = "1.0"
kind = "lgc"
"#;

const BASE: &str = r#"
[[commitment]]
requirement = "org:O.1"
status = "conform"

[[declaration]]
product = "p1"
requirement = "alpha:A.01"
status = "conform"
evidence = [{ proof = "P1", path = "preuves/pentest.pdf", sha256 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", date = 2026-06-01 }]

[[declaration]]
product = "p1"
requirement = "alpha:A.02"
status = "conform"

[[declaration]]
product = "p1"
requirement = "alpha:A.03"
status = "conform"
declared = 2026-02-01

[[declaration]]
product = "p1"
requirement = "alpha:A.04"
status = "conform"

[[declaration]]
product = "p1"
requirement = "alpha:A.06"
status = "conform"
"#;

/// Offered by the catalogue, not in use: applies to products with dmp.
const GAMMA: &str = r#"
schema = 1
id = "gamma"
version = "1.0.0"
label = "test"
scope = "product"

[[requirement]]
id = "G.01"
title = "dmp feature"
nature = "exigence"
applies-to = { services = ["dmp"], profiles = [] }
"#;

fn offered() -> Vec<Referential> {
    [ALPHA, GAMMA]
        .iter()
        .map(|text| Referential::parse(text).unwrap())
        .collect()
}

struct Files(HashMap<&'static str, FileCheck>);

impl EvidenceFiles for Files {
    fn check(&self, path: &str, _digest: bool) -> FileCheck {
        self.0.get(path).cloned().unwrap_or(FileCheck::Missing)
    }
}

fn files() -> Files {
    Files(HashMap::from([
        (
            "preuves/pentest.pdf",
            FileCheck::Present {
                sha256: Some("a".repeat(64)),
            },
        ),
        ("../outside.pdf", FileCheck::Outside),
    ]))
}

fn resolved() -> Vec<Resolved> {
    [ALPHA, ORG]
        .iter()
        .map(|text| Resolved {
            doc: Referential::parse(text).unwrap(),
            sha256: "0".repeat(64),
            source: "test".into(),
        })
        .collect()
}

fn evaluate_with(body: &str, levels: Levels, only: &[String]) -> Evaluation {
    let source = Source::new("charte.toml", format!("{HEAD}{body}"));
    let manifest = crate::manifest::parse(&source).unwrap_or_else(|d| panic!("{d:#?}"));
    let refs = resolved();
    let files = files();
    let offered = offered();
    evaluate(&Input {
        manifest: &manifest,
        source: &source,
        referentials: &refs,
        today: "2026-11-23".parse().unwrap(),
        files: &files,
        levels: &levels,
        only,
        offered: &offered,
    })
}

fn codes(body: &str) -> Vec<Code> {
    evaluate_with(body, Levels::default(), &[])
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn the_base_manifest_is_clean() {
    let ev = evaluate_with(BASE, Levels::default(), &[]);
    assert_eq!(ev.findings, vec![]);
    let c = &ev.products[0].1;
    // A.01, A.02, A.03 apply and are effective; A.04/A.06 are upcoming; A.05 needs dmp.
    assert_eq!((c.applicable, c.conform, c.missing), (3, 3, 0));
    assert_eq!(c.conformity, 1.0);
    assert_eq!(
        (ev.organization.applicable, ev.organization.conform),
        (1, 1)
    );
}

/// (code, text to replace in BASE, replacement that causes the finding)
const CASES: &[(Code, &str, &str)] = &[
    (Code::UnknownProduct, "product = \"p1\"\nrequirement = \"alpha:A.02\"", "product = \"p2\"\nrequirement = \"alpha:A.02\""),
    (Code::UnknownReferential, "requirement = \"alpha:A.02\"", "requirement = \"beta:A.02\""),
    (Code::UnknownRequirement, "requirement = \"alpha:A.02\"", "requirement = \"alpha:A.99\""),
    (Code::DuplicateDeclaration, "requirement = \"alpha:A.02\"\nstatus = \"conform\"", "requirement = \"alpha:A.02\"\nstatus = \"conform\"\n[[declaration]]\nproduct = \"p1\"\nrequirement = \"alpha:A.02\"\nstatus = \"conform\""),
    (Code::MissingJustification, "requirement = \"alpha:A.02\"\nstatus = \"conform\"", "requirement = \"alpha:A.02\"\nstatus = \"partial\""),
    (Code::MissingDueDate, "requirement = \"alpha:A.02\"\nstatus = \"conform\"", "requirement = \"alpha:A.02\"\nstatus = \"planned\""),
    (Code::MissingDeclaration, "requirement = \"alpha:A.02\"", "requirement = \"alpha:A.05\""),
    (Code::NonConform, "requirement = \"alpha:A.03\"\nstatus = \"conform\"", "requirement = \"alpha:A.03\"\nstatus = \"non-conform\"\njustification = \"not yet\""),
    (Code::Partial, "requirement = \"alpha:A.03\"\nstatus = \"conform\"", "requirement = \"alpha:A.03\"\nstatus = \"partial\"\njustification = \"half\""),
    (Code::PlannedOverdue, "requirement = \"alpha:A.03\"\nstatus = \"conform\"", "requirement = \"alpha:A.03\"\nstatus = \"planned\"\ndue = 2026-09-30"),
    (Code::PlannedDueSoon, "requirement = \"alpha:A.03\"\nstatus = \"conform\"", "requirement = \"alpha:A.03\"\nstatus = \"planned\"\ndue = 2026-12-10"),
    (Code::MissingProof, "proof = \"P1\", ", ""),
    (Code::EvidenceExpired, "date = 2026-06-01", "date = 2025-06-12"),
    (Code::EvidenceFileMissing, "path = \"preuves/pentest.pdf\"", "path = \"preuves/autre.pdf\""),
    (Code::EvidenceDigestMismatch, "sha256 = \"aaaa", "sha256 = \"bbbb"),
    (Code::EvidencePathOutside, "path = \"preuves/pentest.pdf\"", "path = \"../outside.pdf\""),
    (Code::RequirementReplaced, "requirement = \"alpha:A.03\"", "requirement = \"alpha:A.OLD\""),
    (Code::RequirementRevised, "declared = 2026-02-01", "declared = 2025-12-01"),
    (Code::NotApplicableDeclared, "status = \"conform\"\n\n[[declaration]]\nproduct = \"p1\"\nrequirement = \"alpha:A.01\"", "status = \"conform\"\n\n[[declaration]]\nproduct = \"p1\"\nrequirement = \"alpha:A.05\"\nstatus = \"conform\"\n\n[[declaration]]\nproduct = \"p1\"\nrequirement = \"alpha:A.01\""),
    (Code::UpcomingRequirement, "requirement = \"alpha:A.04\"\nstatus = \"conform\"", "requirement = \"alpha:A.04\"\nstatus = \"planned\"\ndue = 2027-06-01"),
    (Code::EvidenceFutureDate, "date = 2026-06-01", "date = 2027-06-01"),
    (Code::UnknownService, "\n[[commitment]]", "\n[[product]]\nid = \"p9\"\nname = \"P9\"\nversion = \"1\"\nkind = \"other\"\nservices = [\"msante\"]\n\n[[commitment]]"),
    (Code::ReferentialNotInUse, "\n[[commitment]]", "\n[[product]]\nid = \"p9\"\nname = \"P9\"\nversion = \"1\"\nkind = \"other\"\nservices = [\"dmp\"]\n\n[[commitment]]"),
];

#[test]
fn every_code_is_produced_and_goes_away_when_fixed() {
    for (code, from, to) in CASES {
        assert!(BASE.contains(from), "{code}: BASE lacks {from:?}");
        let bad = BASE.replacen(from, to, 1);
        let found = codes(&bad);
        assert!(
            found.contains(code),
            "{code} not produced by:\n{bad}\nfound {found:?}"
        );
        assert!(
            !codes(BASE).contains(code),
            "{code} present in the fixed manifest"
        );
    }
    let covered: Vec<Code> = CASES.iter().map(|c| c.0).collect();
    for code in Code::ALL {
        // Made by the reading of the manifest and by resolution, before the engine.
        let elsewhere = matches!(
            code,
            Code::InvalidManifest | Code::LockOutOfDate | Code::ReferentialsUnavailable
        );
        assert!(elsewhere || covered.contains(code), "no case for {code}");
    }
}

#[test]
fn default_severities_are_those_of_the_finding_reference() {
    for (code, from, to) in CASES {
        let ev = evaluate_with(&BASE.replacen(from, to, 1), Levels::default(), &[]);
        for f in &ev.findings {
            let default = explain::explain(f.code).default;
            assert!(
                default.allows(f.severity),
                "case {code}: {} is {}, but the reference says {}",
                f.code,
                f.severity,
                default.describe()
            );
        }
    }
}

#[test]
fn commitments_produce_the_same_codes_without_a_product() {
    let bad = BASE.replacen(
        "requirement = \"org:O.1\"\nstatus = \"conform\"",
        "requirement = \"org:O.1\"\nstatus = \"non-conform\"\njustification = \"x\"",
        1,
    );
    let ev = evaluate_with(&bad, Levels::default(), &[]);
    let f = &ev.findings[0];
    assert_eq!(
        (f.code, f.product.as_deref(), f.severity),
        (Code::NonConform, None, Severity::Error)
    );
    assert_eq!(ev.organization.non_conform, 1);
    assert_eq!(ev.organization.conformity, 0.0);
}

#[test]
fn severities_follow_the_nature_and_the_overrides() {
    // A.02 (préconisation) and A.03 (exigence) left undeclared.
    let missing_reco = BASE
        .replacen(
            "requirement = \"alpha:A.02\"",
            "requirement = \"alpha:A.05\"",
            1,
        )
        .replacen(
            "requirement = \"alpha:A.03\"",
            "requirement = \"alpha:A.05\"",
            1,
        );
    let ev = evaluate_with(&missing_reco, Levels::default(), &[]);
    let sev: Vec<(Code, Option<&str>, Severity)> = ev
        .findings
        .iter()
        .map(|f| (f.code, f.requirement.as_deref(), f.severity))
        .collect();
    assert!(sev.contains(&(
        Code::MissingDeclaration,
        Some("alpha:A.02"),
        Severity::Warning
    )));
    assert!(sev.contains(&(
        Code::MissingDeclaration,
        Some("alpha:A.03"),
        Severity::Error
    )));
    assert!(!ev.passed(FailOn::Error));
    let allowed = evaluate_with(
        &missing_reco,
        Levels::new(vec![(Code::MissingDeclaration, Level::Allow)]),
        &[],
    );
    assert!(allowed
        .findings
        .iter()
        .all(|f| f.code != Code::MissingDeclaration));
}

#[test]
fn fail_on_thresholds() {
    let partial = BASE.replacen(
        "requirement = \"alpha:A.03\"\nstatus = \"conform\"",
        "requirement = \"alpha:A.03\"\nstatus = \"partial\"\njustification = \"half\"",
        1,
    );
    let ev = evaluate_with(&partial, Levels::default(), &[]);
    assert!(ev.passed(FailOn::Error));
    assert!(!ev.passed(FailOn::Warning));
    assert!(ev.passed(FailOn::Never));
}

#[test]
fn upcoming_is_a_warning_within_ninety_days_and_info_beyond() {
    let body = BASE
        .replacen(
            "requirement = \"alpha:A.04\"\nstatus = \"conform\"",
            "requirement = \"alpha:A.04\"\nstatus = \"planned\"\ndue = 2027-06-01",
            1,
        )
        .replacen(
            "requirement = \"alpha:A.06\"\nstatus = \"conform\"",
            "requirement = \"alpha:A.06\"\nstatus = \"planned\"\ndue = 2027-06-01",
            1,
        );
    let ev = evaluate_with(&body, Levels::default(), &[]);
    let upcoming: Vec<(Option<&str>, Severity)> = ev
        .findings
        .iter()
        .filter(|f| f.code == Code::UpcomingRequirement)
        .map(|f| (f.requirement.as_deref(), f.severity))
        .collect();
    assert_eq!(
        upcoming,
        vec![
            (Some("alpha:A.04"), Severity::Warning),
            (Some("alpha:A.06"), Severity::Info)
        ]
    );
}

#[test]
fn conformity_counts_exigences_only_and_excludes_not_applicable() {
    // A.01 conform, A.02 (préconisation) missing, A.03 not-applicable.
    let body = BASE
        .replacen(
            "requirement = \"alpha:A.02\"",
            "requirement = \"alpha:A.05\"",
            1,
        )
        .replacen(
            "requirement = \"alpha:A.03\"\nstatus = \"conform\"",
            "requirement = \"alpha:A.03\"\nstatus = \"not-applicable\"\njustification = \"no\"",
            1,
        );
    let ev = evaluate_with(&body, Levels::default(), &[]);
    let c = &ev.products[0].1;
    assert_eq!(
        (c.applicable, c.conform, c.not_applicable, c.missing),
        (3, 1, 1, 1)
    );
    assert_eq!(c.conformity, 1.0);
}

#[test]
fn a_product_filter_keeps_the_organization_and_that_product() {
    let two = format!(
        "{BASE}\n[[product]]\nid = \"p2\"\nname = \"P2\"\nversion = \"1\"\nkind = \"lgc\"\n"
    );
    let all = evaluate_with(&two, Levels::default(), &[]);
    assert!(all
        .findings
        .iter()
        .any(|f| f.product.as_deref() == Some("p2")));
    let only = evaluate_with(&two, Levels::default(), &["p1".to_string()]);
    assert_eq!(only.products.len(), 1);
    assert!(only.findings.is_empty());
}

/// BASE with planned work past due (A.03) and an upcoming requirement left
/// undeclared (A.04).
fn with_dates() -> String {
    BASE.replace(
        "requirement = \"alpha:A.03\"\nstatus = \"conform\"",
        "requirement = \"alpha:A.03\"\nstatus = \"planned\"\ndue = 2026-09-30",
    )
    .replace(
        "[[declaration]]\nproduct = \"p1\"\nrequirement = \"alpha:A.04\"\nstatus = \"conform\"\n",
        "",
    )
}

fn agenda_of(body: &str, until: &str) -> Vec<(String, ObligationKind, Option<usize>, String)> {
    let source = Source::new("charte.toml", format!("{HEAD}{body}"));
    let manifest = crate::manifest::parse(&source).unwrap_or_else(|d| panic!("{d:#?}"));
    let refs = resolved();
    let files = files();
    let levels = Levels::default();
    let input = Input {
        manifest: &manifest,
        source: &source,
        referentials: &refs,
        today: "2026-11-23".parse().unwrap(),
        files: &files,
        levels: &levels,
        only: &[],
        offered: &[],
    };
    let ev = evaluate(&input);
    agenda(&input, &ev, until.parse().unwrap())
        .into_iter()
        .map(|o| {
            let req = &refs[o.referential].doc.requirements[o.requirement];
            (o.date.to_string(), o.kind, o.owner, req.id.clone())
        })
        .collect()
}

#[test]
fn the_agenda_lists_dated_obligations_overdue_first() {
    let body = with_dates();
    let all = agenda_of(&body, "2030-01-01");
    let p1 = Some(0);
    assert_eq!(
        all,
        vec![
            ("2026-09-30".into(), ObligationKind::Due, p1, "A.03".into()),
            (
                "2027-01-15".into(),
                ObligationKind::Effective,
                p1,
                "A.04".into()
            ),
            (
                "2027-06-01".into(),
                ObligationKind::EvidenceExpiry,
                p1,
                "A.01".into()
            ),
        ],
        "A.06 is upcoming too, but already declared conform"
    );
    // The window cuts the future, never what is overdue.
    let soon = agenda_of(&body, "2026-11-23");
    assert_eq!(soon, all[..1].to_vec());
    // Nothing planned, nothing undeclared: only the evidence's age remains.
    assert_eq!(agenda_of(BASE, "2030-01-01"), all[2..].to_vec());
}

#[test]
fn counts_split_by_referential_add_up_to_the_product_counts() {
    let source = Source::new("charte.toml", format!("{HEAD}{}", with_dates()));
    let manifest = crate::manifest::parse(&source).unwrap();
    let refs = resolved();
    let files = files();
    let levels = Levels::default();
    let input = Input {
        manifest: &manifest,
        source: &source,
        referentials: &refs,
        today: "2026-11-23".parse().unwrap(),
        files: &files,
        levels: &levels,
        only: &[],
        offered: &[],
    };
    let ev = evaluate(&input);
    let product = ev.by_referential(&input, Some(0));
    assert_eq!(product.len(), 1, "only alpha is of product scope");
    let (r, c) = &product[0];
    assert_eq!(refs[*r].doc.id, "alpha");
    assert_eq!(c, &ev.products[0].1);
    assert_eq!((c.applicable, c.conform, c.planned), (3, 2, 1));
    // A.01 and A.03 are exigences; A.02 is a préconisation.
    assert_eq!(c.conformity_basis(), (1, 2));
    let org = ev.by_referential(&input, None);
    assert_eq!(org.len(), 1);
    assert_eq!(org[0].1, ev.organization);
    // Upcoming requirements are listed as applicable, not yet effective.
    assert!(ev.applicable.iter().any(|a| a.owner == Some(0)
        && !a.effective
        && refs[a.referential].doc.requirements[a.requirement].id == "A.04"));
}

#[test]
fn conform_without_its_proof_counts_as_unsubstantiated_not_conform() {
    // A.01 is an exigence with a required proof; the evidence names none.
    let body = BASE.replacen("proof = \"P1\", ", "", 1);
    let ev = evaluate_with(&body, Levels::default(), &[]);
    let c = &ev.products[0].1;
    assert_eq!((c.applicable, c.conform, c.unsubstantiated), (3, 2, 1));
    // A.01 and A.03 are the exigences; only A.03 is substantiated.
    assert_eq!(c.conformity_basis(), (1, 2));
    assert_eq!(c.conformity, 0.5);
    assert!(ev
        .applicable
        .iter()
        .any(|a| a.owner == Some(0) && a.unsubstantiated));
    // A declared date to come is no substantiation either.
    let future = BASE.replacen("date = 2026-06-01", "date = 2027-06-01", 1);
    let c = &evaluate_with(&future, Levels::default(), &[]).products[0].1;
    assert_eq!((c.conform, c.unsubstantiated), (2, 1));
}

#[test]
fn an_evidence_finding_lowered_below_error_no_longer_unsubstantiates() {
    let body = BASE.replacen("proof = \"P1\", ", "", 1);
    for level in [Level::Is(Severity::Warning), Level::Allow] {
        let ev = evaluate_with(&body, Levels::new(vec![(Code::MissingProof, level)]), &[]);
        let c = &ev.products[0].1;
        assert_eq!((c.conform, c.unsubstantiated), (3, 0), "{level:?}");
    }
}

#[test]
fn an_unknown_service_points_at_its_value_and_suggests_the_known_one() {
    let body = format!(
        "{BASE}\n[[product]]\nid = \"p9\"\nname = \"P9\"\nversion = \"1\"\nkind = \"lgc\"\nservices = [\"dmp\", \"msante\"]\nprofiles = [\"centres-de-sante\"]\n"
    );
    let ev = evaluate_with(&body, Levels::default(), &[]);
    let unknown: Vec<&Finding> = ev
        .findings
        .iter()
        .filter(|f| f.code == Code::UnknownService)
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    let f = unknown[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "product `p9`: no referential knows the service `msante`, so it switches no requirement on; did you mean `mssante`?"
    );
    let text = format!("{HEAD}{body}");
    let span = f.span.unwrap();
    assert_eq!(&text[span.start()..span.start() + 8], "\"msante\"");
}
