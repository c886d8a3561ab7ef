//! Birth dates with precision (year, year-month, full date).

use std::fmt;

use rand::Rng;

use crate::rngx::RngExt;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precision {
    Year,
    Month,
    Day,
}

/// A (possibly partial) calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub y: u16,
    pub m: u8,
    pub d: u8,
    pub prec: Precision,
}

pub(crate) fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        _ => 28,
    }
}

impl Date {
    /// A uniformly random full date within `year`.
    pub(crate) fn random_in_year<R: Rng + ?Sized>(rng: &mut R, year: u16) -> Date {
        let m = rng.random_range(1..=12u8);
        let d = rng.random_range(1..=days_in_month(year, m));
        Date {
            y: year,
            m,
            d,
            prec: Precision::Day,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; None for anything else.
    pub(crate) fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let mut it = s.split('-');
        let y: u16 = it.next().filter(|p| p.len() == 4)?.parse().ok()?;
        let m = match it.next() {
            None => {
                return Some(Date {
                    y,
                    m: 1,
                    d: 1,
                    prec: Precision::Year,
                });
            }
            Some(p) if p.len() == 2 => p.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?,
            Some(_) => return None,
        };
        let d = match it.next() {
            None => {
                return Some(Date {
                    y,
                    m,
                    d: 1,
                    prec: Precision::Month,
                });
            }
            Some(p) if p.len() == 2 => p
                .parse::<u8>()
                .ok()
                .filter(|d| *d >= 1 && *d <= days_in_month(y, m))?,
            Some(_) => return None,
        };
        if it.next().is_some() {
            return None;
        }
        Some(Date {
            y,
            m,
            d,
            prec: Precision::Day,
        })
    }

    /// The same date reduced to its year.
    pub(crate) fn year_only(self) -> Date {
        Date {
            m: 1,
            d: 1,
            prec: Precision::Year,
            ..self
        }
    }

    /// A full date: this one if already full, else a random completion.
    pub(crate) fn complete<R: Rng + ?Sized>(self, rng: &mut R) -> Date {
        match self.prec {
            Precision::Day => self,
            Precision::Month => {
                let d = rng.random_range(1..=days_in_month(self.y, self.m));
                Date {
                    d,
                    prec: Precision::Day,
                    ..self
                }
            }
            Precision::Year => Date::random_in_year(rng, self.y),
        }
    }

    /// Another full date in the same year (never equal to `self`).
    pub(crate) fn other_in_year<R: Rng + ?Sized>(self, rng: &mut R) -> Date {
        loop {
            let d = Date::random_in_year(rng, self.y);
            if d != self {
                return d;
            }
        }
    }

    /// Moves the year by `delta`, keeping month/day valid (29 Feb → 28).
    pub(crate) fn shift_year(self, delta: i32) -> Date {
        let y = (self.y as i32 + delta).clamp(1900, 2100) as u16;
        let d = self.d.min(days_in_month(y, self.m));
        Date { y, d, ..self }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.prec {
            Precision::Year => write!(f, "{:04}", self.y),
            Precision::Month => write!(f, "{:04}-{:02}", self.y, self.m),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d),
        }
    }
}

/// Birth year of an adult on the watchlist: mostly born 1975–1998, a
/// bell-shaped spread over 1962–2004.
pub(crate) fn adult_year<R: Rng + ?Sized>(rng: &mut R) -> u16 {
    let s: f64 = (0..3).map(|_| rng.random::<f64>()).sum();
    1962 + (s * 14.0).round() as u16
}

/// Birth year of a minor on the watchlist (2005–2012).
pub(crate) fn minor_year<R: Rng + ?Sized>(rng: &mut R) -> u16 {
    rng.random_range(2005..=2012)
}

/// Birth year of an ordinary traveller (children to seniors, 1945–2020).
pub(crate) fn traveller_year<R: Rng + ?Sized>(rng: &mut R) -> u16 {
    let s: f64 = rng.random::<f64>() + rng.random::<f64>();
    let y = 1945 + (s * 38.0).round() as u16;
    if rng.chance(0.08) {
        rng.random_range(2008..=2020)
    } else {
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        for s in ["1987", "1987-03", "1987-03-09", "2000-02-29"] {
            assert_eq!(Date::parse(s).map(|d| d.to_string()).as_deref(), Some(s));
        }
        for s in [
            "87",
            "1987-13",
            "1987-02-30",
            "1999-02-29",
            "x",
            "1987-03-09-1",
        ] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
        let d = Date::parse("2000-02-29").unwrap();
        assert_eq!(d.shift_year(1).to_string(), "2001-02-28");
    }
}
