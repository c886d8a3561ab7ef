//! Partial birth dates and how two of them compare.
//!
//! Registries hold what is known: a year, a year and month, or a full
//! date. Border systems add their own noise: the day and month swapped
//! between US and European order, a year one off, and 1 January used as a
//! placeholder when only the year was known.

use std::fmt;

/// A date known to year, month or day precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// Year (1000..=2999).
    pub year: u16,
    /// Month 1..=12, if known.
    pub month: Option<u8>,
    /// Day 1..=31, if known (only with a month).
    pub day: Option<u8>,
}

/// Why a date string was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {input:?}: {reason} (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
pub struct DateError {
    /// The offending text.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the calendar.
    pub fn parse(s: &str) -> Result<PartialDate, DateError> {
        let err = |reason| DateError {
            input: s.to_string(),
            reason,
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(err("wrong number of parts"));
        }
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let year = num(parts[0], 4).ok_or_else(|| err("year must be four digits"))?;
        if !(1000..=2999).contains(&year) {
            return Err(err("year out of range"));
        }
        let month = match parts.get(1) {
            Some(m) => {
                let m = num(m, 2).ok_or_else(|| err("month must be two digits"))?;
                if !(1..=12).contains(&m) {
                    return Err(err("month out of range"));
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) => {
                let d = num(d, 2).ok_or_else(|| err("day must be two digits"))?;
                let max = days_in_month(year as u16, month.unwrap_or(1));
                if d < 1 || d > u32::from(max) {
                    return Err(err("day out of range for the month"));
                }
                Some(d as u8)
            }
            None => None,
        };
        Ok(PartialDate {
            year: year as u16,
            month,
            day,
        })
    }

    /// True when only the year is known, or the date is 1 January, which
    /// registries use as a placeholder for an unknown day and month.
    pub fn is_year_like(&self) -> bool {
        self.month.is_none() || (self.month == Some(1) && self.day == Some(1))
    }

    /// Precision label: `year`, `month` or `day`.
    pub fn precision(&self) -> &'static str {
        match (self.month, self.day) {
            (None, _) => "year",
            (Some(_), None) => "month",
            _ => "day",
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// How two birth dates relate, from strongest agreement to conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateMatch {
    /// Same full date.
    Exact,
    /// Same year and month; one side lacks the day.
    SameMonth,
    /// Day and month swapped.
    Swapped,
    /// Same year, one side known only to the year or a 1 January placeholder.
    SameYear,
    /// Full dates one digit apart (a typing error).
    OneDigit,
    /// Same day and month, year one off.
    YearOffByOne,
    /// Years one apart, at least one side year-like.
    YearOffByOneLoose,
    /// Same year, different day or month.
    SameYearDifferentDay,
    /// Years two to five apart.
    Near,
    /// Years more than five apart.
    Far,
}

impl DateMatch {
    /// Label for explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            DateMatch::Exact => "same date",
            DateMatch::SameMonth => "same month",
            DateMatch::Swapped => "day and month swapped",
            DateMatch::SameYear => "same year",
            DateMatch::OneDigit => "one digit differs",
            DateMatch::YearOffByOne => "year one off",
            DateMatch::YearOffByOneLoose => "year one off (partial date)",
            DateMatch::SameYearDifferentDay => "same year, different day",
            DateMatch::Near => "2-5 years apart",
            DateMatch::Far => "more than 5 years apart",
        }
    }
}

/// Compare two partial dates.
pub fn compare_dates(a: &PartialDate, b: &PartialDate) -> DateMatch {
    let dy = (i32::from(a.year) - i32::from(b.year)).abs();
    let full = |d: &PartialDate| d.day.is_some() && !d.is_year_like();
    if dy == 0 {
        match (a.month, a.day, b.month, b.day) {
            (Some(am), Some(ad), Some(bm), Some(bd)) if am == bm && ad == bd => {
                return DateMatch::Exact;
            }
            _ => {}
        }
        if a.is_year_like() || b.is_year_like() {
            return DateMatch::SameYear;
        }
        if a.month == b.month {
            if a.day.is_none() || b.day.is_none() {
                return DateMatch::SameMonth;
            }
        } else if a.day.is_some() && b.day.is_some() && a.month == b.day && b.month == a.day {
            return DateMatch::Swapped;
        }
        if full(a) && full(b) && digits_apart(a, b) == 1 {
            return DateMatch::OneDigit;
        }
        // Different day or month (or month with a missing day): the same year.
        return DateMatch::SameYearDifferentDay;
    }
    if dy == 1 {
        if a.month.is_some()
            && a.month == b.month
            && a.day == b.day
            && a.day.is_some()
            && !a.is_year_like()
        {
            return DateMatch::YearOffByOne;
        }
        if full(a) && full(b) && digits_apart(a, b) == 1 {
            return DateMatch::OneDigit;
        }
        if a.is_year_like() || b.is_year_like() {
            return DateMatch::YearOffByOneLoose;
        }
        return DateMatch::Near;
    }
    if full(a) && full(b) && digits_apart(a, b) == 1 {
        // 1978 vs 1987 style slips are transpositions, not one digit; but
        // 1968 vs 1978 is one digit.
        return DateMatch::OneDigit;
    }
    if dy <= 5 {
        DateMatch::Near
    } else {
        DateMatch::Far
    }
}

fn digits_apart(a: &PartialDate, b: &PartialDate) -> usize {
    let sa = a.to_string();
    let sb = b.to_string();
    sa.bytes().zip(sb.bytes()).filter(|(x, y)| x != y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[track_caller]
    fn check(a: &str, b: &str, expect: DateMatch) {
        assert_eq!(compare_dates(&d(a), &d(b)), expect, "{a} vs {b}");
        assert_eq!(compare_dates(&d(b), &d(a)), expect, "{b} vs {a} (symmetry)");
    }

    #[test]
    fn parses_partial_dates() {
        assert_eq!(d("1987").precision(), "year");
        assert_eq!(d("1987-04").precision(), "month");
        assert_eq!(d("1987-04-08").to_string(), "1987-04-08");
        assert!(PartialDate::parse("1987-02-30").is_err());
        assert!(PartialDate::parse("87").is_err());
        assert!(PartialDate::parse("1987-13").is_err());
        assert!(PartialDate::parse("1987/04/08").is_err());
        assert!(PartialDate::parse("2000-02-29").is_ok());
    }

    #[test]
    fn date_levels() {
        check("1987-04-08", "1987-04-08", DateMatch::Exact);
        check("1987-04-08", "1987-08-04", DateMatch::Swapped);
        check("1987-04-08", "1987", DateMatch::SameYear);
        check("1987-04-08", "1987-01-01", DateMatch::SameYear);
        check("1987-04-08", "1987-04", DateMatch::SameMonth);
        check("1987-04-08", "1988-04-08", DateMatch::YearOffByOne);
        check("1987-04-08", "1988", DateMatch::YearOffByOneLoose);
        check("1987-04-08", "1987-04-09", DateMatch::OneDigit);
        check("1987-04-08", "1987-06-20", DateMatch::SameYearDifferentDay);
        check("1987-04-08", "1990-02-02", DateMatch::Near);
        check("1987-04-08", "1960-02-02", DateMatch::Far);
    }
}
