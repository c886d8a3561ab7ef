//! Watchlist subjects and encounters as the engine sees them.

use crate::date::PartialDate;

/// Recorded gender.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
}

impl Gender {
    /// Parse the contract's `m` / `f` (case-insensitive).
    pub fn parse(s: &str) -> Option<Option<Gender>> {
        match s.trim() {
            "" => Some(None),
            "m" | "M" => Some(Some(Gender::Male)),
            "f" | "F" => Some(Some(Gender::Female)),
            _ => None,
        }
    }

    /// `m` or `f`.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "m",
            Gender::Female => "f",
        }
    }
}

/// A person on the watchlist.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Subject {
    /// Stable identifier from the source.
    pub id: String,
    /// Primary name, any script.
    pub name: String,
    /// Other names: spellings, aliases, kunyas, noms de guerre.
    pub aliases: Vec<String>,
    /// Known birth dates (possibly several, possibly partial).
    pub birth_dates: Vec<PartialDate>,
    /// ISO 3166-1 alpha-2 nationalities, upper case.
    pub nationalities: Vec<String>,
    /// Gender, if recorded.
    pub gender: Option<Gender>,
    /// Document numbers as written.
    pub documents: Vec<String>,
}

impl Subject {
    /// The primary name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A person met at a border or listed on a manifest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Encounter {
    /// Identifier from the source.
    pub id: String,
    /// Name as recorded, any script.
    pub name: String,
    /// Birth date, if recorded.
    pub birth_date: Option<PartialDate>,
    /// Nationality (ISO alpha-2, upper case), if recorded.
    pub nationality: Option<String>,
    /// Gender, if recorded.
    pub gender: Option<Gender>,
    /// Document number as written, if recorded.
    pub document: Option<String>,
    /// Extra columns (e.g. `culture`, `script`), kept for slicing results.
    pub extra: Vec<(String, String)>,
}

impl Encounter {
    /// Value of an extra column.
    pub fn extra(&self, column: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|(k, _)| k == column)
            .map(|(_, v)| v.as_str())
    }
}
