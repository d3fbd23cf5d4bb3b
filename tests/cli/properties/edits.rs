//! An edit (`declare`, `commit`, `product add`, `product set`,
//! `product remove`, `import`) leaves every line outside the entries it
//! changes byte for byte as it was, in order, and the result is a valid
//! manifest holding the values written.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use charte::edit::bulk::Format;
use charte::manifest::{EvidenceItem, ProductRecord, Record, RequirementRef};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::TestCaseError;

use super::layout::{decl_entry, Entry, Layout};
use super::twin::Twin;
use super::{
    body, catalogue, config, export, generated, model, organization_targets, parse, plan, product,
    product_targets, read_rows, same, today, values, write_files, Body, Target, Values, WILD_URLS,
};

/// One command's edit.
#[derive(Clone, Debug)]
enum Edit {
    /// `charte declare`: a declaration of a product, new or replaced.
    Declare {
        product: Index,
        target: Index,
        existing: Option<Index>,
        body: Body,
    },
    /// `charte commit`: a commitment, new or replaced.
    Commit {
        target: Index,
        existing: Option<Index>,
        body: Body,
    },
    /// `charte product add`.
    AddProduct(ProductRecord),
    /// `charte product set`: new values for every field.
    SetProduct(Index, ProductRecord),
    /// `charte product remove --with-declarations`.
    RemoveProduct(Index),
    /// `charte import` of a few rows.
    Import {
        format: Format,
        rows: Vec<(Option<Index>, Index, Body, Option<&'static str>)>,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let existing = || prop_oneof![1 => Just(None), 2 => any::<Index>().prop_map(Some)];
    let row = (
        proptest::option::weighted(0.8, any::<Index>()),
        any::<Index>(),
        body(),
        proptest::option::weighted(0.15, select(WILD_URLS)),
    );
    prop_oneof![
        3 => (any::<Index>(), any::<Index>(), existing(), body()).prop_map(
            |(product, target, existing, body)| Edit::Declare { product, target, existing, body }
        ),
        2 => (any::<Index>(), existing(), body())
            .prop_map(|(target, existing, body)| Edit::Commit { target, existing, body }),
        1 => product().prop_map(Edit::AddProduct),
        2 => (any::<Index>(), product()).prop_map(|(i, p)| Edit::SetProduct(i, p)),
        1 => any::<Index>().prop_map(Edit::RemoveProduct),
        2 => (select(&[Format::Csv, Format::Jsonl][..]), vec(row, 1..5))
            .prop_map(|(format, rows)| Edit::Import { format, rows }),
    ]
}

/// The lines of the original text an edit may rewrite, and the values the
/// manifest should hold after it.
struct Expected<'a> {
    layout: &'a Layout,
    allowed: Vec<Range<usize>>,
    values: Values,
}

impl Expected<'_> {
    /// What writing a declaration or commitment does.
    fn upsert(&mut self, r: &Record) {
        let section = if r.product.is_some() {
            "declaration"
        } else {
            "commitment"
        };
        let list = if r.product.is_some() {
            &mut self.values.declarations
        } else {
            &mut self.values.commitments
        };
        match list.iter_mut().find(|d| d.key() == r.key()) {
            Some(d) => *d = r.clone(),
            None => {
                list.push(r.clone());
                self.allowed.extend(self.layout.array(section));
            }
        }
        self.allowed.extend(self.layout.entry(&decl_entry(r)));
    }
}

/// The requirement a declaration names, applicable or not.
fn target_of(reference: &RequirementRef) -> Target {
    let doc = &catalogue()
        .referentials
        .iter()
        .find(|r| r.doc.id == reference.referential)
        .unwrap()
        .doc;
    Target {
        reference: reference.clone(),
        proofs: &doc.requirement(&reference.requirement).unwrap().proofs,
    }
}

/// What `declare` or `commit` states: about a requirement already declared
/// (when there is one and `existing` says so) or about a new one, dated
/// with the evaluation date as the commands date what they write.
fn statement(
    product: Option<String>,
    targets: &[Target],
    target: Index,
    existing: Option<(Index, &[Record])>,
    body: &Body,
) -> Option<Record> {
    let target = match existing {
        Some((i, list)) if !list.is_empty() => target_of(&i.get(list).requirement),
        _ if targets.is_empty() => return None,
        _ => {
            let t = target.get(targets);
            Target {
                reference: t.reference.clone(),
                proofs: t.proofs,
            }
        }
    };
    let mut r = body.record(product, &target);
    r.declared = Some(today());
    Some(r)
}

/// Runs one edit the way its command does: read the manifest, edit, write
/// the text that the command would then validate and save.
fn apply(
    text: &str,
    (n, edit): (usize, &Edit),
    expected: &mut Expected<'_>,
    dir: &Path,
) -> Result<String, TestCaseError> {
    let manifest = parse(text).map_err(TestCaseError::fail)?;
    let mut editor = Twin::parse(text);
    let products: Vec<ProductRecord> = manifest.products.iter().map(ProductRecord::from).collect();
    let unchanged = Ok(text.to_string());
    if products.is_empty() && !matches!(edit, Edit::AddProduct(_)) {
        return unchanged;
    }
    match edit {
        Edit::Declare {
            product,
            target,
            existing,
            body,
        } => {
            let p = product.get(&products);
            let mine: Vec<Record> = expected
                .values
                .declarations
                .iter()
                .filter(|d| d.product.as_ref() == Some(&p.id))
                .cloned()
                .collect();
            let Some(record) = statement(
                Some(p.id.clone()),
                &product_targets(p),
                *target,
                existing.map(|i| (i, &mine[..])),
                body,
            ) else {
                return unchanged;
            };
            write_files(dir, [&record]);
            editor.upsert(&record.key(), &record);
            expected.upsert(&record);
        }
        Edit::Commit {
            target,
            existing,
            body,
        } => {
            let commitments = expected.values.commitments.clone();
            let Some(record) = statement(
                None,
                &organization_targets(&products),
                *target,
                existing.map(|i| (i, &commitments[..])),
                body,
            ) else {
                return unchanged;
            };
            write_files(dir, [&record]);
            editor.upsert(&record.key(), &record);
            expected.upsert(&record);
        }
        Edit::AddProduct(p) => {
            let mut p = p.clone();
            p.id = format!("{}-new{n}", p.id);
            editor.add_product(&p);
            expected.values.products.push(p);
            expected.allowed.extend(expected.layout.array("product"));
        }
        Edit::SetProduct(i, p) => {
            let id = i.get(&products).id.clone();
            let p = ProductRecord { id, ..p.clone() };
            editor.set_product(&p);
            if let Some(old) = expected.values.products.iter_mut().find(|o| o.id == p.id) {
                *old = p.clone();
            }
            expected
                .allowed
                .extend(expected.layout.entry(&Entry::Product(p.id.clone())));
        }
        Edit::RemoveProduct(i) => {
            let id = i.get(&products).id.clone();
            editor.remove_declarations_of(&id);
            editor.remove_product(&id);
            let layout = expected.layout;
            let values = &mut expected.values;
            values.products.retain(|p| p.id != id);
            for d in values
                .declarations
                .iter()
                .filter(|d| d.product.as_ref() == Some(&id))
            {
                expected.allowed.extend(layout.removal(&decl_entry(d)));
            }
            values
                .declarations
                .retain(|d| d.product.as_ref() != Some(&id));
            expected.allowed.extend(layout.removal(&Entry::Product(id)));
        }
        Edit::Import { format, rows } => {
            let mut seen = HashSet::new();
            let mut records = Vec::new();
            let mut wild = false;
            for (product, target, body, url) in rows {
                let (owner, targets) = match product {
                    Some(i) => {
                        let p = i.get(&products);
                        (Some(p.id.clone()), product_targets(p))
                    }
                    None => (None, organization_targets(&products)),
                };
                if targets.is_empty() {
                    continue;
                }
                let mut r = body.record(owner, target.get(&targets));
                if !seen.insert(r.key()) {
                    continue;
                }
                if let Some(url) = url {
                    r.evidence.push(EvidenceItem {
                        url: Some(url.to_string()),
                        ..EvidenceItem::default()
                    });
                    wild = true;
                }
                records.push(r);
            }
            if records.is_empty() {
                return unchanged;
            }
            write_files(dir, &records);
            let bytes = export(&records, *format);
            let planned =
                read_rows(&bytes, *format).and_then(|rows| plan(&rows, &manifest, text, dir));
            match planned {
                Err(e) => {
                    prop_assert!(wild, "import refused valid rows:\n{}", e);
                    return unchanged;
                }
                Ok(plan) => {
                    prop_assert!(
                        !wild,
                        "import accepted a link the manifest refuses:\n{}",
                        String::from_utf8_lossy(&bytes)
                    );
                    for (key, record) in &plan.writes {
                        editor.upsert(key, record);
                        expected.upsert(record);
                    }
                }
            }
        }
    }
    let new = editor.render();
    parse(&new).map_err(|e| {
        TestCaseError::fail(format!(
            "the edit {edit:?} leaves an invalid manifest:\n{e}\n--- before\n{text}\n--- after\n{new}"
        ))
    })?;
    Ok(new)
}

/// Every line of `old` outside `allowed` is in `new`, unchanged and in
/// order; the line endings are the old ones.
fn untouched(old: &str, new: &str, allowed: &[Range<usize>]) -> Result<(), String> {
    let old_lines: Vec<&str> = old.split('\n').collect();
    let new_lines: Vec<&str> = new.split('\n').collect();
    let mut rest = new_lines.iter();
    for (i, line) in old_lines.iter().enumerate() {
        if allowed.iter().any(|r| r.contains(&i)) {
            continue;
        }
        // The last line may have gained a line break.
        let last = i + 1 == old_lines.len();
        if !rest.any(|n| n == line || (last && n.trim_end_matches('\r') == *line)) {
            let diff = similar::TextDiff::from_lines(old, new)
                .unified_diff()
                .header("before", "after")
                .to_string();
            return Err(format!(
                "line {} ({line:?}) is not in the result where it was (lines {allowed:?} may change):\n{diff}",
                i + 1
            ));
        }
    }
    if old.contains("\r\n") && new.replace("\r\n", "").contains('\n') {
        return Err(format!("a CRLF file got LF lines:\n{new:?}"));
    }
    if !old.contains('\r') && new.contains('\r') {
        return Err(format!("an LF file got CR characters:\n{new:?}"));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edits_leave_other_lines_as_they_were(
        m in model(),
        style in vec(any::<u8>(), 64),
        edits in vec(edit(), 1..=3),
    ) {
        let (text, layout, parsed) = generated(&m, &style)?;
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), m.commitments.iter().chain(&m.declarations));
        let mut expected = Expected {
            layout: &layout,
            allowed: Vec::new(),
            values: values(&parsed),
        };
        let mut now = text.clone();
        for e in edits.iter().enumerate() {
            now = apply(&now, e, &mut expected, dir.path())?;
        }
        untouched(&text, &now, &expected.allowed).map_err(TestCaseError::fail)?;
        let after = values(&parse(&now).map_err(TestCaseError::fail)?);
        same(&after, &expected.values, &format!("{edits:#?}\n--- before\n{text}\n--- after\n{now}"))?;
    }
}
