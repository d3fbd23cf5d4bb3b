//! What changes between two versions of a referential, and what of a
//! manifest each change touches: the impact `charte update` shows before a
//! lock moves. Pure functions over values.

use serde::Serialize;

use super::{Nature, Referential, Requirement, Scope};
use crate::diag::Source;
use crate::manifest::Manifest;

/// The kinds of change, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A requirement that did not exist.
    Added,
    /// A requirement that is gone, and that nothing renumbers.
    Removed,
    /// A requirement under a new id (`replaces`).
    Renumbered,
    /// Its text changed (`revised`): declarations must be re-attested.
    Revised,
    /// Préconisation became exigence, or the reverse.
    Nature,
    /// The date it is enforced from changed.
    Effective,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Renumbered => "renumbered",
            ChangeKind::Revised => "revised",
            ChangeKind::Nature => "nature",
            ChangeKind::Effective => "effective",
        }
    }
}

/// One change of one requirement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The requirement's id in the new version (in the old one when removed).
    pub requirement: String,
    /// For a renumbering, the old id.
    pub previous: Option<String>,
    pub title: String,
    /// The value before and after: dates for `revised` and `effective`, the
    /// nature for `nature`; `None` when unset.
    pub before: Option<String>,
    pub after: Option<String>,
}

fn nature(n: Nature) -> String {
    match n {
        Nature::Exigence => "exigence",
        Nature::Preconisation => "preconisation",
    }
    .to_string()
}

/// Every change from `old` to `new`, by kind, then in document order.
pub fn diff(old: &Referential, new: &Referential) -> Vec<Change> {
    let mut changes = Vec::new();
    let change = |kind, req: &Requirement, before, after| Change {
        kind,
        requirement: req.id.clone(),
        previous: None,
        title: req.title.clone(),
        before,
        after,
    };
    for n in &new.requirements {
        let counterpart = match old.requirement(&n.id) {
            Some(o) => Some(o),
            None => {
                let mut first = None;
                for previous in &n.replaces {
                    if let Some(o) = old.requirement(previous) {
                        changes.push(Change {
                            previous: Some(previous.clone()),
                            ..change(ChangeKind::Renumbered, n, None, None)
                        });
                        first = first.or(Some(o));
                    }
                }
                first
            }
        };
        let Some(o) = counterpart else {
            changes.push(change(ChangeKind::Added, n, None, None));
            continue;
        };
        if o.revised != n.revised {
            changes.push(change(
                ChangeKind::Revised,
                n,
                o.revised.map(|d| d.to_string()),
                n.revised.map(|d| d.to_string()),
            ));
        }
        if o.nature != n.nature {
            changes.push(change(
                ChangeKind::Nature,
                n,
                Some(nature(o.nature)),
                Some(nature(n.nature)),
            ));
        }
        if o.effective != n.effective {
            changes.push(change(
                ChangeKind::Effective,
                n,
                o.effective.map(|d| d.to_string()),
                n.effective.map(|d| d.to_string()),
            ));
        }
    }
    for o in &old.requirements {
        if new.requirement(&o.id).is_none() && new.replacement_of(&o.id).is_none() {
            changes.push(change(ChangeKind::Removed, o, None, None));
        }
    }
    // Stable: document order within a kind.
    changes.sort_by_key(|c| c.kind);
    changes
}

/// A declaration or commitment a change concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Touched {
    /// `None` for a commitment of the organization.
    pub product: Option<String>,
    /// As written in the manifest.
    pub requirement: String,
    pub line: usize,
}

/// What of a manifest a change concerns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Touches {
    /// Products the requirement applies to (in the old version when it was
    /// removed, in the new one otherwise).
    pub products: Vec<String>,
    /// Whether it is an organization-level requirement that applies to this
    /// organization.
    pub organization: bool,
    /// Declarations and commitments naming the requirement, under its new
    /// or its old id.
    pub declarations: Vec<Touched>,
}

/// What of `manifest` a change between `old` and `new` concerns.
pub fn touches(
    change: &Change,
    old: &Referential,
    new: &Referential,
    manifest: &Manifest,
    source: &Source,
) -> Touches {
    let (doc, req) = match change.kind {
        ChangeKind::Removed => (old, old.requirement(&change.requirement)),
        _ => (new, new.requirement(&change.requirement)),
    };
    let Some(req) = req else {
        return Touches::default();
    };
    let mut names: Vec<&str> = vec![&req.id];
    names.extend(change.previous.as_deref());
    if change.kind != ChangeKind::Removed {
        names.extend(req.replaces.iter().map(String::as_str));
    }
    let mut t = Touches::default();
    match doc.scope {
        Scope::Product => {
            for p in &manifest.products {
                if req
                    .applies_to
                    .mismatch(&p.kind, &p.services, &p.profiles)
                    .is_none()
                {
                    t.products.push(p.id.value.clone());
                }
            }
        }
        Scope::Organization => {
            let mut kinds = Vec::new();
            let mut services = Vec::new();
            let mut profiles = Vec::new();
            for p in &manifest.products {
                kinds.push(p.kind.clone());
                services.extend(p.services.iter().cloned());
                profiles.extend(p.profiles.iter().cloned());
            }
            t.organization = req
                .applies_to
                .mismatch_any(&kinds, &services, &profiles)
                .is_none();
        }
    }
    for d in manifest.commitments.iter().chain(&manifest.declarations) {
        let r = &d.requirement.value;
        if r.referential == doc.id && names.contains(&r.requirement.as_str()) {
            t.declarations.push(Touched {
                product: d.product.as_ref().map(|p| p.value.clone()),
                requirement: r.to_string(),
                line: source.line_col(d.requirement.span.start()).line,
            });
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(version: &str, requirements: &str) -> Referential {
        Referential::parse(&format!(
            "schema = 1\nid = \"r\"\nversion = \"{version}\"\nlabel = \"r\"\nscope = \"product\"\n{requirements}"
        ))
        .unwrap()
    }

    const OLD: &str = r#"
[[requirement]]
id = "A.01"
title = "stays"
nature = "exigence"

[[requirement]]
id = "A.02"
title = "renumbered"
nature = "exigence"

[[requirement]]
id = "A.03"
title = "revised"
nature = "exigence"
revised = 2021-01-01

[[requirement]]
id = "A.04"
title = "becomes mandatory"
nature = "preconisation"
effective = 2024-01-01

[[requirement]]
id = "A.05"
title = "removed"
nature = "exigence"
"#;

    const NEW: &str = r#"
[[requirement]]
id = "A.01"
title = "stays"
nature = "exigence"

[[requirement]]
id = "B.02"
title = "renumbered"
nature = "exigence"
replaces = ["A.02"]
revised = 2023-01-31

[[requirement]]
id = "A.03"
title = "revised"
nature = "exigence"
revised = 2023-01-31

[[requirement]]
id = "A.04"
title = "becomes mandatory"
nature = "exigence"
effective = 2027-01-01
applies-to = { kinds = ["dpi"] }

[[requirement]]
id = "A.06"
title = "added"
nature = "exigence"
"#;

    fn summary(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                format!(
                    "{} {}{} {}→{}",
                    c.kind.as_str(),
                    c.requirement,
                    c.previous
                        .as_ref()
                        .map(|p| format!(" (was {p})"))
                        .unwrap_or_default(),
                    c.before.as_deref().unwrap_or("-"),
                    c.after.as_deref().unwrap_or("-"),
                )
            })
            .collect()
    }

    #[test]
    fn every_kind_of_change() {
        let changes = diff(&doc("1.0.0", OLD), &doc("2.0.0", NEW));
        assert_eq!(
            summary(&changes),
            [
                "added A.06 -→-",
                "removed A.05 -→-",
                "renumbered B.02 (was A.02) -→-",
                "revised B.02 -→2023-01-31",
                "revised A.03 2021-01-01→2023-01-31",
                "nature A.04 preconisation→exigence",
                "effective A.04 2024-01-01→2027-01-01",
            ]
        );
    }

    #[test]
    fn no_change_between_identical_versions() {
        assert!(diff(&doc("1.0.0", OLD), &doc("1.0.1", OLD)).is_empty());
    }

    #[test]
    fn a_replaced_id_absent_from_the_old_version_is_an_addition() {
        let new = doc(
            "2.0.0",
            "[[requirement]]\nid = \"Z\"\ntitle = \"z\"\nnature = \"exigence\"\nreplaces = [\"Y\"]\n",
        );
        let changes = diff(&doc("1.0.0", ""), &new);
        assert_eq!(summary(&changes), ["added Z -→-"]);
    }

    #[test]
    fn touches_products_and_declarations_under_either_id() {
        let text = r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
use = ["r"]

[[product]]
id = "cabinet"
name = "Cabinet"
version = "1.0.0"
kind = "lgc"

[[product]]
id = "hopital"
name = "Hôpital"
version = "1.0.0"
kind = "dpi"

[[declaration]]
product = "cabinet"
requirement = "r:A.02"
status = "conform"

[[declaration]]
product = "hopital"
requirement = "r:B.02"
status = "conform"
"#;
        let source = Source::new("charte.toml", text.to_string());
        let manifest = crate::manifest::parse(&source).unwrap();
        let (old, new) = (doc("1.0.0", OLD), doc("2.0.0", NEW));
        let changes = diff(&old, &new);
        let renumbered = changes
            .iter()
            .find(|c| c.kind == ChangeKind::Renumbered)
            .unwrap();
        let t = touches(renumbered, &old, &new, &manifest, &source);
        assert_eq!(t.products, ["cabinet", "hopital"]);
        let lines: Vec<(Option<&str>, &str, usize)> = t
            .declarations
            .iter()
            .map(|d| (d.product.as_deref(), d.requirement.as_str(), d.line))
            .collect();
        assert_eq!(
            lines,
            [
                (Some("cabinet"), "r:A.02", 25),
                (Some("hopital"), "r:B.02", 30)
            ]
        );
        let nature = changes
            .iter()
            .find(|c| c.kind == ChangeKind::Nature)
            .unwrap();
        let t = touches(nature, &old, &new, &manifest, &source);
        assert_eq!(t.products, ["hopital"]);
        assert!(t.declarations.is_empty());
        let removed = changes
            .iter()
            .find(|c| c.kind == ChangeKind::Removed)
            .unwrap();
        assert_eq!(
            touches(removed, &old, &new, &manifest, &source).products,
            ["cabinet", "hopital"]
        );
    }
}
