//! `charte upcoming`: dated obligations sorted with the overdue ones first,
//! and an iCalendar export that a calendar parser reads and that keeps the
//! octet-level rules of RFC 5545 no parser checks.

use icalendar::{Component, DatePerhapsTime};

use crate::support::{example, run, stderr, stdout, TODAY};

fn upcoming(name: &str, args: &[&str]) -> String {
    let mut all = vec!["upcoming"];
    all.extend(args);
    stdout(&run(&example(name), &all).code(0))
}

#[test]
fn the_larger_publisher_table() {
    insta::assert_snapshot!("groupe_upcoming_table", upcoming("groupe", &[]));
}

#[test]
fn json_is_sorted_by_date_with_the_overdue_first() {
    let out = upcoming("groupe", &["--format", "json", "--within", "400d"]);
    insta::assert_snapshot!("groupe_upcoming_json", out);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["today"], TODAY);
    assert_eq!(v["until"], "2027-12-28");
    let all = v["obligations"].as_array().unwrap();
    let dates: Vec<&str> = all.iter().map(|o| o["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let overdue: Vec<bool> = all
        .iter()
        .map(|o| o["overdue"].as_bool().unwrap())
        .collect();
    assert_eq!(overdue[..2], [true, true]);
    assert!(overdue[2..].iter().all(|o| !o));
    assert_eq!(all[0]["kind"], "evidence-expiry");
    assert_eq!(all[0]["requirement"], "ssi:SC.SSI/GEN.18");
    assert_eq!(all[0]["days"], -164);
    assert_eq!(all[1]["kind"], "due");
    assert_eq!(all[1]["product"]["id"], "hexa-cabinet");
    for kind in ["effective", "due", "evidence-expiry"] {
        assert!(all.iter().any(|o| o["kind"] == kind), "no {kind}");
    }
    // The organization's commitments are there too.
    assert!(all.iter().any(|o| o["product"].is_null()));
}

#[test]
fn the_window_and_the_product_filter() {
    let count = |args: &[&str]| -> usize {
        let mut all = vec!["--format", "json"];
        all.extend(args);
        let v: serde_json::Value = serde_json::from_str(&upcoming("groupe", &all)).unwrap();
        v["obligations"].as_array().unwrap().len()
    };
    // Overdue obligations are listed whatever the window.
    assert_eq!(count(&["--within", "0d"]), 2);
    assert!(count(&["--within", "4w"]) > 2);
    assert!(count(&["--within", "26w"]) >= count(&["--within", "180d"]));
    assert!(count(&["--within", "1y"]) >= count(&["--within", "6m"]));
    assert!(count(&["--within", "6m"]) >= count(&["--within", "26w"]));
    let v: serde_json::Value = serde_json::from_str(&upcoming(
        "groupe",
        &[
            "--format",
            "json",
            "--within",
            "400d",
            "--product",
            "hexa-imagerie",
        ],
    ))
    .unwrap();
    let all = v["obligations"].as_array().unwrap();
    assert!(!all.is_empty());
    assert!(all.iter().all(|o| o["product"]["id"] == "hexa-imagerie"));
}

#[test]
fn bad_windows_and_products_are_usage_errors() {
    for (within, says) in [
        ("180", "180d"),
        (
            "soon",
            "days (180d), weeks (26w), months (6m) or years (1y)",
        ),
    ] {
        let a = run(&example("solo"), &["upcoming", "--within", within]).code(2);
        assert!(stderr(&a).contains(says), "{within}: {}", stderr(&a));
    }
    let a = run(&example("groupe"), &["upcoming", "--product", "hexa-app2"]).code(2);
    assert!(
        stderr(&a).contains("did you mean `hexa-app`?"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn a_publisher_with_nothing_due() {
    let out = upcoming("solo", &["--within", "30d"]);
    assert!(out.contains("nothing falls due up to 2026-12-23"), "{out}");
}

/// Checks what RFC 5545 asks of the octets, which parsers tolerate: CRLF
/// line ends, lines of at most 75 octets, no control characters, and only the escapes §3.3.11 defines in text values.
fn assert_strict_octets(ics: &str) {
    assert!(ics.ends_with("\r\n"), "the file ends with CRLF");
    let body = &ics[..ics.len() - 2];
    for (i, line) in body.split("\r\n").enumerate() {
        let n = i + 1;
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "line {n}: bare CR or LF"
        );
        assert!(line.len() <= 75, "line {n} is {} octets", line.len());
        assert!(!line.is_empty(), "line {n} is empty");
        assert!(
            line.chars().all(|c| c == '\t' || !c.is_control()),
            "line {n}"
        );
    }
    let unfolded = body.replace("\r\n ", "");
    for line in unfolded.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            panic!("no `:` in {line:?}");
        };
        if ["SUMMARY", "DESCRIPTION", "X-WR-CALNAME"].contains(&name) {
            let mut chars = value.chars();
            while let Some(c) = chars.next() {
                assert!(c != ';' && c != ',', "unescaped {c:?} in {line:?}");
                if c == '\\' {
                    let next = chars.next();
                    assert!(
                        matches!(next, Some('\\' | ';' | ',' | 'n' | 'N')),
                        "bad escape \\{next:?} in {line:?}"
                    );
                }
            }
        }
    }
}

#[test]
#[should_panic(expected = "bare CR or LF")]
fn the_octet_check_rejects_lf_line_ends() {
    assert_strict_octets("BEGIN:VCALENDAR\nEND:VCALENDAR\r\n");
}

#[test]
#[should_panic(expected = "unescaped ','")]
fn the_octet_check_rejects_unescaped_text() {
    assert_strict_octets("SUMMARY:a, b\r\n");
}

fn events(ics: &str) -> Vec<icalendar::Event> {
    let unfolded = icalendar::parser::unfold(ics);
    let parsed = icalendar::parser::read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}"));
    let version = parsed.properties.iter().find(|p| p.name == "VERSION");
    assert_eq!(version.map(|p| p.val.as_str()), Some("2.0"));
    assert!(parsed.properties.iter().any(|p| p.name == "PRODID"));
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    calendar
        .components
        .into_iter()
        .map(|c| match c {
            icalendar::CalendarComponent::Event(e) => e,
            other => panic!("not an event: {other:?}"),
        })
        .collect()
}

#[test]
fn the_calendar_is_valid_icalendar() {
    let ics = upcoming("groupe", &["--format", "ics", "--within", "400d"]);
    assert_strict_octets(&ics);
    let json: serde_json::Value = serde_json::from_str(&upcoming(
        "groupe",
        &["--format", "json", "--within", "400d"],
    ))
    .unwrap();
    let obligations = json["obligations"].as_array().unwrap();
    let events = events(&ics);
    assert_eq!(events.len(), obligations.len(), "one event per obligation");
    let mut uids = std::collections::HashSet::new();
    for (e, o) in events.iter().zip(obligations) {
        let uid = e.get_uid().expect("a UID");
        assert!(uids.insert(uid.to_string()), "UID {uid} twice");
        let stamp = e.get_timestamp().expect("a DTSTAMP");
        assert_eq!(stamp.date_naive().to_string(), TODAY);
        let Some(DatePerhapsTime::Date(start)) = e.get_start() else {
            panic!("{uid}: DTSTART is not an all-day date");
        };
        let Some(DatePerhapsTime::Date(end)) = e.get_end() else {
            panic!("{uid}: DTEND is not an all-day date");
        };
        assert_eq!(start.to_string(), o["date"].as_str().unwrap());
        assert_eq!(end, start.succ_opt().unwrap(), "one day long");
        let summary = e.get_summary().unwrap();
        let description = e.get_description().unwrap();
        let requirement = o["requirement"].as_str().unwrap();
        assert!(summary.contains(requirement), "{summary}");
        assert!(description.contains(requirement), "{description}");
        assert!(description.contains(o["title"].as_str().unwrap()));
        match o["product"].as_object() {
            Some(p) => {
                let name = p["name"].as_str().unwrap();
                assert!(summary.contains(name), "{summary}");
                assert!(description.contains(&format!(
                    "Product: {name} {} ({})",
                    p["version"].as_str().unwrap(),
                    p["id"].as_str().unwrap()
                )));
            }
            None => assert!(description.contains("Organization: Groupe Hexasanté SA")),
        }
    }
    // Commas in text survive escaping and unescaping.
    assert!(events.iter().any(|e| e
        .get_description()
        .unwrap()
        .contains("(ssi 2.0.0, mandatory)")));
}

#[test]
fn uids_are_stable_between_runs() {
    let first = upcoming("groupe", &["--format", "ics", "--within", "400d"]);
    let second = upcoming("groupe", &["--format", "ics", "--within", "400d"]);
    assert_eq!(first, second, "the whole file is reproducible");
    // A day later the same obligations keep their UIDs.
    let later = stdout(
        &crate::support::charte()
            .args(["--today", "2026-11-24", "--manifest"])
            .arg(example("groupe"))
            .args(["upcoming", "--format", "ics", "--within", "400d"])
            .assert()
            .code(0),
    );
    let uids = |ics: &str| -> Vec<String> {
        events(ics)
            .iter()
            .map(|e| e.get_uid().unwrap().to_string())
            .collect()
    };
    let (before, after) = (uids(&first), uids(&later));
    assert!(!before.is_empty());
    assert!(before.iter().all(|u| after.contains(u)));
}

#[test]
fn the_calendar_snapshot() {
    let ics = upcoming("groupe", &["--format", "ics"]);
    // Shown with LF line ends; CRLF is checked above.
    insta::assert_snapshot!("groupe_upcoming_ics", ics.replace("\r\n", "\n"));
}
