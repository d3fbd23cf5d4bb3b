//! An iteration sheet (`--format iteration`): a REM's requirements with
//! their new and previous wording; one referential per `REM`. Headers carry
//! the iteration numbers, so columns are matched by prefix.
//!
//! The new wording's header gives the version (`Itération #2` → 2.0.0);
//! the iteration's date, written in that header or in the file's name,
//! dates the requirements whose wording changed (`revised`).

use super::xlsx::Book;
use super::{Draft, DraftRequirement, Options, Source, Unreadable};
use crate::catalogue::model::Nature;
use crate::date::Date;

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
    let heading = &sheet.header[statement];
    let version = iteration_number(heading).map(|n| semver::Version::new(n, 0, 0));
    let date = date_in(heading).or_else(|| date_in(&source.name));
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
                if let Some(v) = &version {
                    d.version = v.clone();
                }
                d.published = date;
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
                match date {
                    Some(d) => req.revised = Some(d),
                    None => draft.warn(format!(
                        "`{}` ({}) has a new wording, and neither the header `{heading}` nor the file's name gives the iteration's date, so no `revised` date is recorded: name the file with it (`…-2026-03-02.xlsx`)",
                        req.id,
                        row.name()
                    )),
                }
            }
        }
        req.text = Some(text);
        draft.add(req);
    }
    Ok(drafts)
}

/// The iteration a header names: `Enoncé de l'exigence - Itération #4` → 4.
fn iteration_number(heading: &str) -> Option<u64> {
    let (_, after) = heading.split_once('#')?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The first date written in a text: `2026-03-02`, `02/03/2026` or, in a
/// file name, `20260302`.
fn date_in(text: &str) -> Option<Date> {
    let chars: Vec<char> = text.chars().collect();
    let number = |from: usize, len: usize| -> Option<u32> {
        let s: String = chars.get(from..from + len)?.iter().collect();
        s.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let alone = |from: usize, len: usize| {
        let before = from.checked_sub(1).and_then(|i| chars.get(i));
        let after = chars.get(from + len);
        !before.is_some_and(char::is_ascii_digit) && !after.is_some_and(char::is_ascii_digit)
    };
    for i in 0..chars.len() {
        let at = |j: usize, c: char| chars.get(i + j) == Some(&c);
        let found = if at(4, '-') && at(7, '-') && alone(i, 10) {
            number(i, 4).zip(number(i + 5, 2)).zip(number(i + 8, 2))
        } else if at(2, '/') && at(5, '/') && alone(i, 10) {
            number(i + 6, 4).zip(number(i + 3, 2)).zip(number(i, 2))
        } else if alone(i, 8) {
            number(i, 4).zip(number(i + 4, 2)).zip(number(i + 6, 2))
        } else {
            None
        };
        if let Some(d) = found.and_then(|((y, m), d)| {
            Date::from_ymd(i32::try_from(y).ok()?, m, d).filter(|_| y >= 1990)
        }) {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iteration_and_its_date_come_from_the_header_or_the_file_name() {
        assert_eq!(
            iteration_number("Enoncé de l'exigence - Itération #4"),
            Some(4)
        );
        assert_eq!(iteration_number("Enoncé de l'exigence"), None);
        let day = Date::from_ymd(2026, 3, 2);
        assert_eq!(date_in("Itération #2 du 02/03/2026"), day);
        assert_eq!(date_in("rem-lgc-iteration-2-2026-03-02.xlsx"), day);
        assert_eq!(date_in("Exigences_IT2_20260302.xlsx"), day);
        assert_eq!(date_in("Itération #2"), None);
        assert_eq!(date_in("export 123456789.xlsx"), None);
        assert_eq!(date_in("2026-13-40.xlsx"), None);
    }
}
