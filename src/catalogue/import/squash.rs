//! The ANS Squash requirement export (`--format squash`): sheet
//! `REQUIREMENT`, one row per requirement version, many projects (REMs and
//! socles) in one workbook; sheet `LINK_REQ_REQ` for REM requirements
//! derived from socle ones.

use std::collections::BTreeMap;

use super::convergence::section_id;
use super::xlsx::Book;
use super::{Draft, DraftRequirement, Options, Source, Unreadable};
use crate::catalogue::model::{Criticality, Nature};

pub const SHEET: &str = "REQUIREMENT";
pub const LINKS: &str = "LINK_REQ_REQ";
pub const TESTS: &str = "LINK_REQ_TC";

/// One requirement version, as read.
struct Version {
    project: String,
    path: String,
    req: String,
    num: u64,
    reference: String,
    name: String,
    criticality: String,
    category: String,
    status: String,
    text: String,
    modified: String,
    milestones: String,
    profile: String,
    section: String,
    kinds: String,
    row: String,
    at_criticality: String,
    at_category: String,
}

pub fn read(source: &Source, options: &Options) -> Result<Vec<Draft>, Unreadable> {
    let mut book = Book::open(&source.bytes)?;
    let has_links = book.sheet_names().iter().any(|n| n == LINKS);
    let has_tests = book.sheet_names().iter().any(|n| n == TESTS);
    let sheet = book.sheet(SHEET)?;
    let c = |name: &str| sheet.column(name);
    let project = c("PROJECT_NAME")?;
    let path = c("REQ_PATH")?;
    let req = c("REQ_ID")?;
    let num = c("REQ_VERSION_NUM")?;
    let reference = c("REQ_VERSION_REFERENCE")?;
    let name = c("REQ_VERSION_NAME")?;
    let criticality = c("REQ_VERSION_CRITICALITY")?;
    let category = c("REQ_VERSION_CATEGORY")?;
    let status = c("REQ_VERSION_STATUS")?;
    let description = c("REQ_VERSION_DESCRIPTION")?;
    let modified = sheet.optional("REQ_VERSION_LAST_MODIFIED_ON");
    let milestone = sheet.optional("REQ_VERSION_MILESTONE");
    let profile = sheet.optional("REQ_VERSION_CUF_PROFIL");
    let section = sheet.optional("REQ_VERSION_CUF_SECTION");
    let kinds = sheet.optional("REQ_VERSION_CUF_SEGUR_REM");
    let mut versions = Vec::new();
    for row in sheet.rows() {
        versions.push(Version {
            project: row.required(project)?,
            path: row.required(path)?,
            req: row.required(req)?,
            num: row.number(num)?,
            reference: row.get(reference)?,
            name: row.get(name)?,
            criticality: row.get(criticality)?,
            category: row.get(category)?,
            status: row.get(status)?,
            text: super::plain_text(&row.get(description)?),
            modified: row.maybe(modified)?,
            milestones: row.maybe(milestone)?,
            profile: row.maybe(profile)?,
            section: row.maybe(section)?,
            kinds: row.maybe(kinds)?,
            row: row.name(),
            at_criticality: row.at(criticality),
            at_category: row.at(category),
        });
    }
    // Each project's referential id: `REM_LGC_… [va2]` → `rem-lgc-va2`.
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for v in &versions {
        ids.entry(v.project.clone())
            .or_insert_with(|| project_id(&v.project));
    }
    let mut warnings_links = Vec::new();
    let scenarios = if has_tests {
        test_cases(&mut book)?
    } else {
        BTreeMap::new()
    };
    let parents = if has_links {
        links(&mut book, &versions, &ids, &mut warnings_links)?
    } else {
        BTreeMap::new()
    };

    let mut drafts: Vec<Draft> = Vec::new();
    let mut seen_projects: Vec<&str> = Vec::new();
    for v in &versions {
        if !seen_projects.contains(&v.project.as_str()) {
            seen_projects.push(&v.project);
        }
    }
    for p in seen_projects {
        let mut draft = Draft::new(
            ids[p].clone(),
            p.to_string(),
            format!("sheet `{SHEET}`, project `{p}`"),
        );
        draft.publisher = Some("ANS".to_string());
        for w in &warnings_links {
            if w.0 == p {
                draft.warn(w.1.clone());
            }
        }
        let mine: Vec<&Version> = versions.iter().filter(|v| v.project == p).collect();
        // Each requirement's versions, in the order its first one appears.
        let mut order: Vec<&str> = Vec::new();
        for v in &mine {
            if !order.contains(&v.req.as_str()) {
                order.push(&v.req);
            }
        }
        let mut best_version: Option<semver::Version> = None;
        for r in order {
            let all: Vec<&&Version> = mine.iter().filter(|v| v.req == r).collect();
            // A requirement whose newest version is obsolete is gone.
            let newest = all.iter().max_by_key(|v| v.num);
            if newest.is_some_and(|v| {
                v.status.eq_ignore_ascii_case("OBSOLETE") && !options.keeps(&v.status)
            }) {
                continue;
            }
            let Some(kept) = all
                .iter()
                .filter(|v| options.keeps(&v.status))
                .max_by_key(|v| v.num)
            else {
                continue;
            };
            for m in kept.milestones.split('|') {
                if m.trim().starts_with("Version") {
                    if let Some(found) = super::version_from(m) {
                        if best_version.as_ref().is_none_or(|b| &found > b) {
                            best_version = Some(found);
                        }
                    }
                }
            }
            let id = if kept.reference.is_empty() {
                format!("REQ-{}", kept.req)
            } else {
                kept.reference.clone()
            };
            let title = if kept.name.is_empty() {
                super::title_from(&kept.text)
            } else {
                super::plain_text(&kept.name)
            };
            let mut out = DraftRequirement::new(id.clone(), title, kept.row.clone());
            out.nature = match kept.category.as_str() {
                "CRI" | "" => Nature::Exigence,
                "PRECO" => Nature::Preconisation,
                other => {
                    return Err(Unreadable(format!(
                        "{}: `{other}` is not CRI or PRECO",
                        kept.at_category
                    )))
                }
            };
            out.criticality = match kept.criticality.as_str() {
                "MAJOR" => Some(Criticality::Majeure),
                "MINOR" => Some(Criticality::Mineure),
                "CRITICAL" => Some(Criticality::Critique),
                "UNDEFINED" | "" => None,
                other => {
                    return Err(Unreadable(format!(
                        "{}: `{other}` is not MAJOR, MINOR, CRITICAL or UNDEFINED",
                        kept.at_criticality
                    )))
                }
            };
            out.text = Some(kept.text.clone()).filter(|t| !t.is_empty());
            out.section = Some(kept.section.clone())
                .filter(|s| !s.is_empty())
                .map(|s| section_id(&s));
            let segments = split_path(&kept.path);
            let mut profiles = Vec::new();
            if let Some(seg) = segments.get(1).filter(|s| s.starts_with("Profil ")) {
                if !super::is_general_profile(seg) {
                    profiles.push(draft.profile(seg));
                }
            }
            if !kept.profile.is_empty() && !super::is_general_profile(&kept.profile) {
                let slug = draft.profile(&kept.profile);
                if !profiles.contains(&slug) {
                    profiles.push(slug);
                }
            }
            out.profiles = (!profiles.is_empty()).then_some(profiles);
            out.kinds = super::kinds(&kept.kinds, &mut draft, &kept.row);
            // Older versions: a different official id is renumbered, a
            // different wording makes this one revised.
            for old in all.iter().filter(|v| v.num < kept.num) {
                if !old.reference.is_empty()
                    && old.reference != id
                    && !out.replaces.contains(&old.reference)
                {
                    out.replaces.push(old.reference.clone());
                }
                if old.text != kept.text {
                    out.revised = kept.modified.get(..10).and_then(|d| d.parse().ok());
                }
            }
            for (id, label) in scenarios
                .get(&(kept.path.clone(), kept.num))
                .into_iter()
                .flatten()
            {
                let mut p = super::proof(id, label);
                p.kind = "test-run".to_string();
                out.add_proof(p);
            }
            if let Some(from) = parents.get(&(kept.path.clone(), kept.num)) {
                out.derived_from = from.clone();
            }
            draft.add(out);
        }
        // A renumbered id still used by another requirement stays out of `replaces`.
        let current: Vec<String> = draft.requirements.iter().map(|r| r.id.clone()).collect();
        let mut dropped = Vec::new();
        for r in &mut draft.requirements {
            r.replaces.retain(|old| {
                let keep = !current.contains(old);
                if !keep {
                    dropped.push(format!(
                        "`{}` was once numbered `{old}`, which another requirement now bears: no `replaces` recorded",
                        r.id
                    ));
                }
                keep
            });
        }
        for w in dropped {
            draft.warn(w);
        }
        if let Some(v) = best_version {
            draft.version = v;
        }
        if !draft.requirements.is_empty() {
            drafts.push(draft);
        }
    }
    Ok(drafts)
}

/// `REM_LGC_Logiciels de Gestion de Cabinet [va2]` → `rem-lgc-va2`.
fn project_id(name: &str) -> String {
    let mut parts = name.splitn(3, '_');
    let a = parts.next().unwrap_or("");
    let b = parts.next().unwrap_or("");
    let wave = name
        .rsplit_once('[')
        .and_then(|(_, w)| w.strip_suffix(']'))
        .unwrap_or("");
    super::id_from(&format!("{a} {b} {wave}"))
}

/// A Squash path's segments, `\/` standing for a `/` inside a name.
fn split_path(path: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = path.trim_start_matches('/').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'/') => {
                chars.next();
                out.last_mut().unwrap_or(&mut String::new()).push('/');
            }
            '/' => out.push(String::new()),
            c => {
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out
}

type Key = (String, u64);

/// The parents of each requirement version, from `LINK_REQ_REQ`, as
/// `referential:id`; links naming unknown versions are warned about.
fn links(
    book: &mut Book,
    versions: &[Version],
    ids: &BTreeMap<String, String>,
    warnings: &mut Vec<(String, String)>,
) -> Result<BTreeMap<Key, Vec<String>>, Unreadable> {
    let sheet = book.sheet(LINKS)?;
    let path = sheet.column("REQ_PATH")?;
    let num = sheet.column("REQ_VERSION_NUM")?;
    let related = sheet.column("RELATED_REQ_PATH")?;
    let related_num = sheet.column("RELATED_REQ_VERSION_NUM")?;
    let role = sheet.column("RELATED_REQ_ROLE")?;
    let find = |key: &Key| versions.iter().find(|v| v.path == key.0 && v.num == key.1);
    let mut out: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    for row in sheet.rows() {
        let a: Key = (row.required(path)?, row.number(num)?);
        let b: Key = (row.required(related)?, row.number(related_num)?);
        let (child, parent) = match row.required(role)?.as_str() {
            "SEGUR_PARENT" => (a, b),
            "SEGUR_DERIVATED" => (b, a),
            other => {
                return Err(Unreadable(format!(
                    "{}: `{other}` is not SEGUR_PARENT or SEGUR_DERIVATED",
                    row.at(role)
                )))
            }
        };
        let (Some(_), Some(p)) = (find(&child), find(&parent)) else {
            if let Some(known) = find(&child).or(find(&parent)) {
                warnings.push((
                    known.project.clone(),
                    format!("{}: the link names a requirement version the sheet `{SHEET}` does not hold: left out", row.name()),
                ));
            }
            continue;
        };
        if p.reference.is_empty() {
            continue;
        }
        let target = format!("{}:{}", ids[&p.project], p.reference);
        let list = out.entry(child).or_default();
        if !list.contains(&target) {
            list.push(target);
        }
    }
    Ok(out)
}

/// The test cases (scenarios) of each requirement version, from
/// `LINK_REQ_TC`: the id is the first word of the test case's name, the
/// label the whole name.
fn test_cases(book: &mut Book) -> Result<BTreeMap<Key, Vec<(String, String)>>, Unreadable> {
    let sheet = book.sheet(TESTS)?;
    let path = sheet.column("REQ_PATH")?;
    let num = sheet.column("REQ_VERSION_NUM")?;
    let test = sheet.column("TC_PATH")?;
    let mut out: BTreeMap<Key, Vec<(String, String)>> = BTreeMap::new();
    for row in sheet.rows() {
        let key: Key = (row.required(path)?, row.number(num)?);
        let tc = row.required(test)?;
        let name = split_path(&tc).pop().unwrap_or_default();
        let name = name.trim();
        let Some(id) = name.split_whitespace().next() else {
            continue;
        };
        out.entry(key)
            .or_default()
            .push((id.to_string(), name.to_string()));
    }
    Ok(out)
}
