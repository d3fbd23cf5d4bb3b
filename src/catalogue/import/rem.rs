//! A REM annex (`--format rem`): sheet `Exigences`, one row per scenario,
//! the requirement's columns repeated, up to ten proofs a row.

use super::xlsx::Book;
use super::{Draft, DraftRequirement, Options, Source, Unreadable};
use crate::catalogue::model::Nature;

pub const SHEET: &str = "Exigences";

pub fn read(source: &Source, _options: &Options) -> Result<Vec<Draft>, Unreadable> {
    let mut book = Book::open(&source.bytes)?;
    let sheet = book.sheet(SHEET)?;
    let conditional = sheet.column_prefix("Exigence conditionnelle")?;
    let profile = sheet.column("Profil")?;
    let section_id = sheet.column("ID Section")?;
    let fonction = sheet.optional("Fonction");
    let nature = sheet.column("Nature de l'exigence")?;
    let id = sheet.column("N° exigence")?;
    let statement = sheet.column_prefix("Énoncé de l'exigence")?;
    let scenario_id = sheet.optional("N° scénario");
    let scenario = sheet.optional("Scénario de conformité");
    let proofs: Vec<(usize, usize)> = (1..=10)
        .filter_map(|k| {
            Some((
                sheet.optional(&format!("N° preuve {k}"))?,
                sheet.optional(&format!("Preuve {k}"))?,
            ))
        })
        .collect();
    let stem = source
        .name
        .rsplit_once('.')
        .map_or(source.name.as_str(), |(s, _)| s);
    let mut draft = Draft::new(
        super::id_from(stem),
        stem.to_string(),
        format!("sheet `{SHEET}`"),
    );
    for row in sheet.rows() {
        let rid = row.required(id)?;
        let (text, title) = row.text_and_title(statement, fonction)?;
        let mut req = DraftRequirement::new(rid, title, row.name());
        req.section = Some(row.get(section_id)?).filter(|s| !s.is_empty());
        req.nature = match row.required(nature)?.to_uppercase().as_str() {
            "EXIGENCE" => Nature::Exigence,
            "PRECONISATION" | "PRÉCONISATION" => Nature::Preconisation,
            other => {
                return Err(Unreadable(format!(
                    "{}: `{other}` is not EXIGENCE or PRECONISATION",
                    row.at(nature)
                )))
            }
        };
        let profile_label = row.get(profile)?;
        req.profiles = match row.get(conditional)?.to_uppercase().as_str() {
            "OUI" if !super::is_general_profile(&profile_label) => {
                Some(vec![draft.profile(&profile_label)])
            }
            "OUI" | "NON" | "" => None,
            other => {
                return Err(Unreadable(format!(
                    "{}: `{other}` is not OUI or NON",
                    row.at(conditional)
                )))
            }
        };
        req.text = Some(text);
        let scenario_text = match scenario {
            Some(c) => super::plain_text(&row.get(c)?),
            None => String::new(),
        };
        let mut any = false;
        for &(pid, plabel) in &proofs {
            let p = row.get(pid)?;
            if p.is_empty() {
                continue;
            }
            any = true;
            req.add_proof(super::proof(&p, &row.get(plabel)?));
        }
        // A scenario without proofs is itself what must be shown.
        let sid = row.maybe(scenario_id)?;
        if !any && !sid.is_empty() {
            req.add_proof(super::proof(&sid, &scenario_text));
        }
        draft.add(req);
    }
    Ok(vec![draft])
}
