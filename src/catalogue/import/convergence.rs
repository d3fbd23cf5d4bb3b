//! The Convergence export (`--format convergence`): sheet `Exigences`, one
//! row per proof, the requirement's and scenario's columns repeated; one
//! referential per `Périmètre`.

use super::xlsx::Book;
use super::{Draft, DraftRequirement, Options, Source, Unreadable};
use crate::catalogue::model::Criticality;

pub const SHEET: &str = "Exigences";

pub fn read(source: &Source, _options: &Options) -> Result<Vec<Draft>, Unreadable> {
    let mut book = Book::open(&source.bytes)?;
    let sheet = book.sheet(SHEET)?;
    let perimeter = sheet.column("Périmètre")?;
    let id = sheet.column("ID")?;
    let chapter = sheet.optional("Chapitre");
    let fonction = sheet.optional("Fonction");
    let statement = sheet.column("Exigence")?;
    let profile = sheet.optional("Profil");
    let scenario_id = sheet.optional("N° scénario");
    let scenario = sheet.optional("Scénario de conformité");
    let proof_id = sheet.column("N° preuve")?;
    let proof = sheet.column("Preuve")?;
    let criticality = sheet.optional("Criticité");
    let stem = source
        .name
        .rsplit_once('.')
        .map_or(source.name.as_str(), |(s, _)| s);
    let mut drafts: Vec<Draft> = Vec::new();
    for row in sheet.rows() {
        let scope = row.get(perimeter)?;
        let name = if scope.is_empty() {
            stem.to_string()
        } else {
            format!("{stem} {scope}")
        };
        let i = match drafts.iter().position(|d| d.name == name) {
            Some(i) => i,
            None => {
                drafts.push(Draft::new(
                    super::id_from(&name),
                    name.clone(),
                    format!("sheet `{SHEET}`, périmètre `{scope}`"),
                ));
                drafts.len() - 1
            }
        };
        let draft = &mut drafts[i];
        let (text, title) = row.text_and_title(statement, fonction)?;
        let mut req = DraftRequirement::new(row.required(id)?, title, row.name());
        req.section = Some(row.maybe(chapter)?)
            .filter(|s| !s.is_empty())
            .map(|s| section_id(&s));
        req.text = Some(text);
        let label = row.maybe(profile)?;
        if !super::is_general_profile(&label) {
            req.profiles = Some(vec![draft.profile(&label)]);
        }
        req.criticality = match criticality {
            None => None,
            Some(c) => match row.get(c)?.to_lowercase().as_str() {
                "" | "non définie" => None,
                "mineure" => Some(Criticality::Mineure),
                "majeure" => Some(Criticality::Majeure),
                "critique" => Some(Criticality::Critique),
                other => {
                    return Err(Unreadable(format!(
                        "{}: `{other}` is not Mineure, Majeure or Critique",
                        row.at(c)
                    )))
                }
            },
        };
        let pid = row.get(proof_id)?;
        if !pid.is_empty() {
            req.add_proof(super::proof(&pid, &row.get(proof)?));
        } else {
            let sid = row.maybe(scenario_id)?;
            if !sid.is_empty() {
                req.add_proof(super::proof(&sid, &row.maybe(scenario)?));
            }
        }
        draft.add(req);
    }
    Ok(drafts)
}

/// A section's id from `ID_Libellé` (`MSS/CONF_Conformité…` → `MSS/CONF`).
pub fn section_id(s: &str) -> String {
    s.split_once('_').map_or(s, |(id, _)| id).trim().to_string()
}
