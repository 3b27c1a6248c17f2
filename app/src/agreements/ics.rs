//! A small iCalendar (RFC 5545) writer for the `.ics` download: the meeting, the deadline to
//! prepare, and dated agreements. Pure code, unit tested; an independent parser checks the output
//! in the browser tests.

use chrono::{NaiveDate, NaiveDateTime, Utc};

/// When an event happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// From a Dutch wall-clock time, for some minutes.
    Timed {
        /// Start, wall-clock time in the Netherlands.
        start: NaiveDateTime,
        /// Length in minutes.
        minutes: i64,
    },
    /// A whole day.
    Day(NaiveDate),
}

/// One calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// A unique, stable id (so importing twice updates instead of duplicating).
    pub uid: String,
    /// Title.
    pub summary: String,
    /// Longer text.
    pub description: String,
    /// Place, if any.
    pub location: String,
    /// Web address, if any.
    pub url: String,
    /// When.
    pub when: When,
}

/// Escapes a text value (RFC 5545, 3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545, 3.1).
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn utc(local: NaiveDateTime) -> String {
    crate::domain::LocalTime(local)
        .instant()
        .with_timezone(&Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// A whole calendar with these events. `stamp` is the time of writing (UTC).
pub fn calendar(name: &str, events: &[Event], stamp: NaiveDateTime) -> String {
    let mut out = String::new();
    let mut line = |s: String| out.push_str(&fold(&s));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Aan Tafel//NL".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&e.uid)));
        line(format!("DTSTAMP:{stamp}"));
        match &e.when {
            When::Timed { start, minutes } => {
                line(format!("DTSTART:{}", utc(*start)));
                line(format!(
                    "DTEND:{}",
                    utc(*start + chrono::Duration::minutes(*minutes))
                ));
            }
            When::Day(d) => {
                line(format!("DTSTART;VALUE=DATE:{}", d.format("%Y%m%d")));
                line(format!(
                    "DTEND;VALUE=DATE:{}",
                    (*d + chrono::Duration::days(1)).format("%Y%m%d")
                ));
            }
        }
        line(format!("SUMMARY:{}", escape(&e.summary)));
        if !e.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape(&e.description)));
        }
        if !e.location.is_empty() {
            line(format!("LOCATION:{}", escape(&e.location)));
        }
        if !e.url.is_empty() {
            line(format!("URL:{}", e.url.replace(['\r', '\n'], "")));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn escapes_specials_and_drops_controls() {
        assert_eq!(escape("a;b,c\\d\ne\r\u{7}"), "a\\;b\\,c\\\\d\\ne");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let long = "é".repeat(100);
        let folded = fold(&format!("SUMMARY:{long}"));
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{long}\r\n"));
    }

    #[test]
    fn dutch_wall_clock_becomes_utc_in_winter_and_summer() {
        assert_eq!(utc(at("2026-12-03T15:30")), "20261203T143000Z");
        assert_eq!(utc(at("2026-06-03T15:30")), "20260603T133000Z");
    }

    #[test]
    fn a_time_in_the_spring_forward_hour_moves_forward_by_the_gap() {
        // 29 March 2026 and 28 March 2027: clocks go from 02:00 to 03:00. 02:30 does not exist
        // and is read as 03:30 summer time (01:30 UTC), as RFC 5545 says.
        assert_eq!(utc(at("2026-03-29T02:30")), "20260329T013000Z");
        assert_eq!(utc(at("2027-03-28T02:00")), "20270328T010000Z");
        assert_eq!(utc(at("2027-03-28T02:59")), "20270328T015900Z");
        // Just around the gap nothing moves.
        assert_eq!(utc(at("2027-03-28T01:59")), "20270328T005900Z");
        assert_eq!(utc(at("2027-03-28T03:00")), "20270328T010000Z");
        // The autumn hour happens twice; the first one counts (summer time).
        assert_eq!(utc(at("2026-10-25T02:30")), "20261025T003000Z");
    }

    #[test]
    fn a_calendar_has_its_parts() {
        let text = calendar(
            "Sam",
            &[
                Event {
                    uid: "meeting-1@aantafel".into(),
                    summary: "Gesprek, school".into(),
                    description: String::new(),
                    location: "Kamer 12".into(),
                    url: String::new(),
                    when: When::Timed {
                        start: at("2026-12-03T15:30"),
                        minutes: 60,
                    },
                },
                Event {
                    uid: "agreement-2@aantafel".into(),
                    summary: "Bellen".into(),
                    description: "x".into(),
                    location: String::new(),
                    url: String::new(),
                    when: When::Day(NaiveDate::from_ymd_opt(2026, 12, 10).unwrap()),
                },
            ],
            at("2026-11-23T10:00"),
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART:20261203T143000Z\r\nDTEND:20261203T153000Z"));
        assert!(text.contains("SUMMARY:Gesprek\\, school"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261210\r\nDTEND;VALUE=DATE:20261211"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(!text.replace("\r\n", "").contains('\n'));
    }
}
