//! An iteration sheet (`--format iteration`): a REM's requirements with
//! their new and previous wording; one referential per `REM`. Headers carry
//! the iteration numbers, so columns are matched by prefix.

use super::xlsx::Book;
use super::{Draft, DraftRequirement, Options, Source, Unreadable};
use crate::catalogue::model::Nature;

pub fn read(source: &Source, options: &Options) -> Result<Vec<Draft>, Unreadable> {
    let mut book = Book::open(&source.bytes)?;
    let names = book.sheet_names();
    let mut found = None;
    for name in &names {
        let header = book.header_of(name);
        if header.iter().any(|h| super::xlsx::fold(h) == "id exigence") {
            found = Some(name.clone());
            break;
        }
    }
    let Some(name) = found else {
        return Err(Unreadable(format!(
            "no sheet has a column `ID Exigence` (its sheets are {})",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let sheet = book.sheet(&name)?;
    let id = sheet.column("ID Exigence")?;
    let domain = sheet.optional_prefix("Domaine");
    let fonction = sheet.optional("Fonction");
    let nature = sheet.column("Nature de l'exigence")?;
    let evolution = sheet.column("Evolution")?;
    let statement = sheet.column_prefix("Enoncé de l'exigence")?;
    let previous = sheet.optional_prefix("Ancien énoncé");
    let rem = sheet.column("REM")?;
    let mut drafts: Vec<Draft> = Vec::new();
    for row in sheet.rows() {
        let evo = row.get(evolution)?;
        let status = match evo.to_lowercase().as_str() {
            "obsolète" | "obsolete" => "obsolete",
            "en cours d'instruction" => "in-progress",
            _ => "approved",
        };
        if !options.keeps(status) {
            continue;
        }
        let kind = row.required(rem)?;
        let i = match drafts.iter().position(|d| d.name == kind) {
            Some(i) => i,
            None => {
                let mut d = Draft::new(
                    super::id_from(&format!("rem {kind}")),
                    kind.clone(),
                    format!("sheet `{name}`, REM `{kind}`"),
                );
                if let Some(k) = super::kind(&kind) {
                    d.part = format!("sheet `{name}`, REM `{kind}` ({k})");
                }
                drafts.push(d);
                drafts.len() - 1
            }
        };
        let draft = &mut drafts[i];
        let (text, title) = row.text_and_title(statement, fonction)?;
        let mut req = DraftRequirement::new(row.required(id)?, title, row.name());
        req.section = Some(row.maybe(domain)?).filter(|s| !s.is_empty());
        req.nature = match row.required(nature)?.to_lowercase().as_str() {
            "obligatoire" => Nature::Exigence,
            "préconisée" | "preconisee" => Nature::Preconisation,
            other => {
                return Err(Unreadable(format!(
                    "{}: `{other}` is not Obligatoire or Préconisée",
                    row.at(nature)
                )))
            }
        };
        if let Some(p) = previous {
            let old = super::plain_text(&row.get(p)?);
            if !old.is_empty() && old != text {
                draft.warn(format!(
                    "`{}` ({}) has a new wording; the sheet gives no date, so no `revised` date is recorded",
                    req.id,
                    row.name()
                ));
            }
        }
        req.text = Some(text);
        draft.add(req);
    }
    Ok(drafts)
}
