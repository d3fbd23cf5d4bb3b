//! The directory's two languages: French by default, English with
//! `?lang=en` or an `Accept-Language` that prefers it. Words shared with the
//! client's statement (statuses, the rate and its basis) are worded as
//! `charte report` words them.

use super::model::Counts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// `?lang=` first, then the preferred of `fr` and `en` in
    /// `Accept-Language` (by q-value, then order), else French. The second
    /// value says whether the choice came from the query, which links then
    /// carry on.
    pub fn negotiate(query: Option<&str>, accept: Option<&str>) -> (Lang, bool) {
        match query {
            Some("en") => return (Lang::En, true),
            Some("fr") => return (Lang::Fr, true),
            _ => {}
        }
        let mut best: Option<(f32, Lang)> = None;
        for item in accept.unwrap_or_default().split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            let lang = match primary {
                "fr" => Lang::Fr,
                "en" => Lang::En,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        (best.map_or(Lang::Fr, |(_, lang)| lang), false)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    /// The text in this language.
    pub fn t(self, fr: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// `template` with its `{}` replaced by `value`.
    pub fn fill(self, template: &str, value: &str) -> String {
        template.replacen("{}", value, 1)
    }

    /// A rate in [0, 1] as a whole percentage: `96 %` (no-break space) in
    /// French, `96%` in English, as `check` writes it.
    pub fn percent(self, rate: f64) -> String {
        let n = rate * 100.0;
        match self {
            Lang::Fr => format!("{n:.0}\u{a0}%"),
            Lang::En => format!("{n:.0}%"),
        }
    }

    /// The day of an RFC 3339 instant: `4 décembre 2026`, `4 December 2026`.
    pub fn date(self, rfc3339: &str) -> String {
        const FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let day = rfc3339.get(..10).unwrap_or(rfc3339);
        let mut parts = day.split('-');
        let (Some(year), Some(month), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return day.to_owned();
        };
        let (Ok(month), Ok(d)) = (month.parse::<usize>(), d.parse::<u32>()) else {
            return day.to_owned();
        };
        let Some(index) = month.checked_sub(1).filter(|m| *m < 12) else {
            return day.to_owned();
        };
        match self {
            Lang::Fr if d == 1 => format!("1er {} {year}", FR[index]),
            Lang::Fr => format!("{d} {} {year}", FR[index]),
            Lang::En => format!("{d} {} {year}", EN[index]),
        }
    }

    /// A declaration status of the protocol, as the statement words it.
    pub fn status(self, status: &str) -> &'static str {
        match status {
            "conform" => self.t("Conforme", "Conform"),
            "partial" => self.t("Partiellement conforme", "Partially conform"),
            "non-conform" => self.t("Non conforme", "Non-conform"),
            "planned" => self.t("Prévu", "Planned"),
            "not-applicable" => self.t("Non applicable", "Not applicable"),
            _ => self.t("Non déclaré", "Not declared"),
        }
    }

    /// The rate and the counts it is computed from, so that a reader can
    /// recompute it.
    pub fn basis(self, c: &Counts) -> String {
        let rate = self.percent(c.conformity);
        match self {
            Lang::Fr => {
                let s = |n: u64| if n > 1 { "s" } else { "" };
                format!(
                    "{rate} — {} conforme{} sur {} exigence{} applicable{}, {} non applicable{}, \
                     {} déclarée{} conforme{}, preuve manquante ou expirée",
                    c.conform,
                    s(c.conform),
                    c.applicable,
                    s(c.applicable),
                    s(c.applicable),
                    c.not_applicable,
                    s(c.not_applicable),
                    c.unsubstantiated,
                    s(c.unsubstantiated),
                    s(c.unsubstantiated),
                )
            }
            Lang::En => {
                let s = |n: u64| if n == 1 { "" } else { "s" };
                format!(
                    "{rate} — {} conform of {} applicable requirement{}, {} not applicable, \
                     {} declared conform with proof missing or out of date",
                    c.conform,
                    c.applicable,
                    s(c.applicable),
                    c.not_applicable,
                    c.unsubstantiated,
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_then_the_preferred_language_then_french() {
        assert_eq!(Lang::negotiate(Some("en"), Some("fr")), (Lang::En, true));
        assert_eq!(Lang::negotiate(None, Some("en-GB,fr;q=0.5")).0, Lang::En);
        assert_eq!(
            Lang::negotiate(None, Some("de, fr;q=0.4, en;q=0.8")).0,
            Lang::En
        );
        assert_eq!(Lang::negotiate(None, Some("en;q=0, de")).0, Lang::Fr);
        assert_eq!(Lang::negotiate(Some("es"), None), (Lang::Fr, false));
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(Lang::Fr.date("2026-12-01T10:00:00Z"), "1er décembre 2026");
        assert_eq!(Lang::En.date("2026-08-04T10:00:00Z"), "4 August 2026");
    }
}
