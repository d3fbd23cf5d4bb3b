//! Obligations as an iCalendar file (RFC 5545), to subscribe to or import in
//! any calendar: one all-day event per obligation.
//!
//! The file is reproducible: an event's UID is derived from what it is
//! about (organization, kind, product, requirement, proof, date), so that
//! the same obligation keeps its UID from one run to the next and a calendar
//! updates it instead of duplicating it; DTSTAMP is the evaluation date, not
//! the clock. Lines end in CRLF and are folded at 75 octets, never inside a
//! UTF-8 character; text values escape `\`, `;`, `,` and newlines.

use std::io::{self, Write};

use super::agenda::{Agenda, Entry};
use crate::catalogue::{sha256_hex, Nature};
use crate::date::Date;
use crate::engine::ObligationKind;

/// The longest content line, in octets, without its CRLF.
const MAX_LINE: usize = 75;

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded (RFC 5545 §3.1): at most 75 octets a
/// line, continuation lines starting with a space, cut between characters.
fn line(out: &mut dyn Write, content: &str) -> io::Result<()> {
    let mut rest = content;
    let mut first = true;
    loop {
        let room = if first { MAX_LINE } else { MAX_LINE - 1 };
        if !first {
            out.write_all(b" ")?;
        }
        if rest.len() <= room {
            out.write_all(rest.as_bytes())?;
            return out.write_all(b"\r\n");
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.write_all(&rest.as_bytes()[..cut])?;
        out.write_all(b"\r\n")?;
        rest = &rest[cut..];
        first = false;
    }
}

fn basic_date(d: Date) -> String {
    let (y, m, day) = d.ymd();
    format!("{y:04}{m:02}{day:02}")
}

/// The UID of an obligation: stable for the same obligation, different for
/// any other.
fn uid(siren: &str, e: &Entry) -> String {
    let key = [
        siren,
        e.kind.as_str(),
        e.product.as_ref().map_or("", |p| p.id.as_str()),
        &e.requirement,
        e.proof.as_deref().unwrap_or(""),
        &e.evidence_date.map(|d| d.to_string()).unwrap_or_default(),
        &e.date.to_string(),
    ]
    .join("\u{1f}");
    format!("{}@charte", &sha256_hex(key.as_bytes())[..32])
}

fn summary(e: &Entry, organization: &str) -> String {
    let who = e.product.as_ref().map_or(organization, |p| p.name.as_str());
    match e.kind {
        ObligationKind::Effective => format!("{who}: {} becomes effective", e.requirement),
        ObligationKind::Due => format!("{who}: planned work on {} due", e.requirement),
        ObligationKind::EvidenceExpiry => format!(
            "{who}: evidence {} for {} expires",
            e.proof.as_deref().unwrap_or_default(),
            e.requirement
        ),
    }
}

fn description(e: &Entry, agenda: &Agenda) -> String {
    let mut lines = Vec::new();
    lines.push(match &e.product {
        Some(p) => format!("Product: {} {} ({})", p.name, p.version, p.id),
        None => format!(
            "Organization: {} (SIREN {}), charter commitments",
            agenda.organization.name, agenda.organization.siren
        ),
    });
    let (referential, _) = e
        .requirement
        .split_once(':')
        .unwrap_or((&e.requirement, ""));
    let nature = match e.nature {
        Nature::Exigence => "mandatory",
        Nature::Preconisation => "recommended",
    };
    lines.push(format!(
        "Requirement: {} ({referential} {}, {nature}): {}",
        e.requirement, e.referential_version, e.title
    ));
    lines.push(format!(
        "Declared status: {}",
        e.status.unwrap_or("not declared")
    ));
    lines.push(match e.kind {
        ObligationKind::Effective => format!("The requirement comes into force on {}.", e.date),
        ObligationKind::Due => format!("The planned work is due on {}.", e.date),
        ObligationKind::EvidenceExpiry => format!(
            "The evidence for proof {} dated {} is valid for {} days, up to and including {}: renew it by then.",
            e.proof.as_deref().unwrap_or_default(),
            e.evidence_date.map(|d| d.to_string()).unwrap_or_default(),
            e.max_age_days.unwrap_or_default(),
            e.date
        ),
    });
    lines.join("\n")
}

/// Writes the agenda as an iCalendar file.
pub fn calendar(agenda: &Agenda, out: &mut dyn Write) -> io::Result<()> {
    let org = &agenda.organization;
    line(out, "BEGIN:VCALENDAR")?;
    line(out, "VERSION:2.0")?;
    line(
        out,
        &format!("PRODID:-//charte//charte {}//EN", agenda.tool.version),
    )?;
    line(out, "CALSCALE:GREGORIAN")?;
    line(out, "METHOD:PUBLISH")?;
    line(
        out,
        &format!(
            "X-WR-CALNAME:{}",
            escape_text(&format!("charte: {}", org.name))
        ),
    )?;
    let stamp = format!("DTSTAMP:{}T000000Z", basic_date(agenda.today));
    for e in &agenda.obligations {
        line(out, "BEGIN:VEVENT")?;
        line(out, &format!("UID:{}", uid(&org.siren, e)))?;
        line(out, &stamp)?;
        line(out, &format!("DTSTART;VALUE=DATE:{}", basic_date(e.date)))?;
        line(
            out,
            &format!("DTEND;VALUE=DATE:{}", basic_date(e.date.add_days(1))),
        )?;
        line(
            out,
            &format!("SUMMARY:{}", escape_text(&summary(e, &org.name))),
        )?;
        line(
            out,
            &format!("DESCRIPTION:{}", escape_text(&description(e, agenda))),
        )?;
        line(out, &format!("CATEGORIES:{}", e.kind.as_str()))?;
        line(out, "TRANSP:TRANSPARENT")?;
        line(out, "END:VEVENT")?;
    }
    line(out, "END:VCALENDAR")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(
            escape_text("a,b;c\\d\r\ne"),
            "a\\,b\\;c\\\\d\\ne".to_string()
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let content = format!("DESCRIPTION:{}", "é".repeat(100));
        let mut out = Vec::new();
        line(&mut out, &content).unwrap();
        let text = String::from_utf8(out).expect("folding never splits a character");
        assert!(text.ends_with("\r\n"));
        let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 1);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= MAX_LINE, "line {i} has {} octets", l.len());
            assert_eq!(i > 0, l.starts_with(' '));
        }
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, content);
    }

    #[test]
    fn a_short_line_is_not_folded() {
        let mut out = Vec::new();
        line(&mut out, &"x".repeat(MAX_LINE)).unwrap();
        assert_eq!(out.len(), MAX_LINE + 2);
    }
}
