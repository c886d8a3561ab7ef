//! Name cultures: identifiers, default weights, scripts and nationalities.

use std::fmt;
use std::str::FromStr;

use crate::Script;

/// The name culture of a synthetic person. It decides which name-element
/// lists, naming pattern (patronymic, tribal nisba, "bin", "uulu", ...),
/// native script, romanisation habits and nationalities are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Culture {
    /// Syria, Lebanon, Jordan, Palestine (Arabic script).
    Levantine,
    /// Iraq, with tribal nisba family names (Arabic script).
    Iraqi,
    /// Arabian Peninsula and Yemen, with "bin" chains (Arabic script).
    Gulf,
    /// Egypt and Sudan, Egyptian romanisation (g for ج) (Arabic script).
    Egyptian,
    /// Morocco, Algeria, Tunisia, Libya, Mauritania; French spellings.
    Maghrebi,
    /// Chechen, Russian-style documents with patronymics (Cyrillic).
    Chechen,
    /// Dagestani peoples, Russian-style documents (Cyrillic).
    Dagestani,
    /// Uzbek; Cyrillic plus the Uzbek Latin alphabet (x, q, o', g').
    Uzbek,
    /// Tajik; Cyrillic with -zoda surnames.
    Tajik,
    /// Kyrgyz; Cyrillic, some names with "uulu"/"kyzy" patronymics.
    Kyrgyz,
    /// Kazakh; Cyrillic with Kazakh letters.
    Kazakh,
    /// Turkish (Latin with ı ş ğ ç ö ü).
    Turkish,
    /// Bosniak (Latin with č ć đ š ž).
    Bosnian,
    /// Albanian and Kosovar (Latin with ë ç, xh, q).
    Albanian,
    /// Western European names without an Arabic alias.
    WesternEuropean,
    /// Western European converts: a Western birth name plus an Arabic
    /// adopted name, kunya or nom de guerre among the aliases.
    WesternConvert,
    /// Uyghur (Uyghur Arabic script; Latin incl. Chinese-passport pinyin).
    Uyghur,
}

/// Error returned when parsing an unknown culture name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown culture {0:?} (expected one of: {list})", list = Culture::names().join(", "))]
pub struct ParseCultureError(pub String);

/// How names of a culture are built and written; decides the generator code
/// path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Arabic,
    Cyrillic,
    Latin,
    Uyghur,
}

impl Culture {
    /// Every culture, in a fixed order (the order of the enum).
    pub const ALL: [Culture; 17] = [
        Culture::Levantine,
        Culture::Iraqi,
        Culture::Gulf,
        Culture::Egyptian,
        Culture::Maghrebi,
        Culture::Chechen,
        Culture::Dagestani,
        Culture::Uzbek,
        Culture::Tajik,
        Culture::Kyrgyz,
        Culture::Kazakh,
        Culture::Turkish,
        Culture::Bosnian,
        Culture::Albanian,
        Culture::WesternEuropean,
        Culture::WesternConvert,
        Culture::Uyghur,
    ];

    /// Stable snake_case identifier used in the CSV `culture` column and on
    /// the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Culture::Levantine => "levantine",
            Culture::Iraqi => "iraqi",
            Culture::Gulf => "gulf",
            Culture::Egyptian => "egyptian",
            Culture::Maghrebi => "maghrebi",
            Culture::Chechen => "chechen",
            Culture::Dagestani => "dagestani",
            Culture::Uzbek => "uzbek",
            Culture::Tajik => "tajik",
            Culture::Kyrgyz => "kyrgyz",
            Culture::Kazakh => "kazakh",
            Culture::Turkish => "turkish",
            Culture::Bosnian => "bosnian",
            Culture::Albanian => "albanian",
            Culture::WesternEuropean => "western_european",
            Culture::WesternConvert => "western_convert",
            Culture::Uyghur => "uyghur",
        }
    }

    /// All identifiers accepted by [`FromStr`], in [`Culture::ALL`] order.
    pub fn names() -> Vec<&'static str> {
        Culture::ALL.iter().map(|c| c.as_str()).collect()
    }

    /// Two-letter tag used in the data files (`lv`, `iq`, ...).
    pub(crate) const fn tag(self) -> &'static str {
        match self {
            Culture::Levantine => "lv",
            Culture::Iraqi => "iq",
            Culture::Gulf => "gf",
            Culture::Egyptian => "eg",
            Culture::Maghrebi => "mg",
            Culture::Chechen => "ce",
            Culture::Dagestani => "da",
            Culture::Uzbek => "uz",
            Culture::Tajik => "tj",
            Culture::Kyrgyz => "kg",
            Culture::Kazakh => "kz",
            Culture::Turkish => "tr",
            Culture::Bosnian => "bs",
            Culture::Albanian => "sq",
            Culture::WesternEuropean => "we",
            Culture::WesternConvert => "wc",
            Culture::Uyghur => "ug",
        }
    }

    pub(crate) fn from_tag(tag: &str) -> Option<Culture> {
        Culture::ALL.into_iter().find(|c| c.tag() == tag)
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// Share (in percent) of the culture in a default watchlist and in the
    /// default traveller population. Rough, plausible proportions for a
    /// European border watchlist; not statistics about any real list.
    pub const fn default_weight(self) -> f64 {
        match self {
            Culture::Levantine => 14.0,
            Culture::Iraqi => 10.0,
            Culture::Gulf => 6.0,
            Culture::Egyptian => 5.0,
            Culture::Maghrebi => 14.0,
            Culture::Chechen => 7.0,
            Culture::Dagestani => 4.0,
            Culture::Uzbek => 5.0,
            Culture::Tajik => 4.0,
            Culture::Kyrgyz => 2.0,
            Culture::Kazakh => 2.0,
            Culture::Turkish => 6.0,
            Culture::Bosnian => 3.0,
            Culture::Albanian => 3.0,
            Culture::WesternEuropean => 6.0,
            Culture::WesternConvert => 6.0,
            Culture::Uyghur => 3.0,
        }
    }

    /// The script the culture's names are natively written in. Latin for
    /// cultures that write in a Latin alphabet (with their own diacritics).
    pub const fn native_script(self) -> Script {
        match self.family_kind() {
            Family::Arabic | Family::Uyghur => Script::Arabic,
            Family::Cyrillic => Script::Cyrillic,
            Family::Latin => Script::Latin,
        }
    }

    pub(crate) const fn family_kind(self) -> Family {
        match self {
            Culture::Levantine
            | Culture::Iraqi
            | Culture::Gulf
            | Culture::Egyptian
            | Culture::Maghrebi => Family::Arabic,
            Culture::Chechen
            | Culture::Dagestani
            | Culture::Uzbek
            | Culture::Tajik
            | Culture::Kyrgyz
            | Culture::Kazakh => Family::Cyrillic,
            Culture::Turkish
            | Culture::Bosnian
            | Culture::Albanian
            | Culture::WesternEuropean
            | Culture::WesternConvert => Family::Latin,
            Culture::Uyghur => Family::Uyghur,
        }
    }

    /// Primary nationalities (ISO 3166-1 alpha-2) with relative weights.
    pub(crate) const fn nationalities(self) -> &'static [(&'static str, u16)] {
        match self {
            Culture::Levantine => &[("SY", 50), ("JO", 20), ("LB", 15), ("PS", 15)],
            Culture::Iraqi => &[("IQ", 100)],
            Culture::Gulf => &[
                ("SA", 45),
                ("YE", 22),
                ("KW", 10),
                ("AE", 8),
                ("QA", 5),
                ("BH", 5),
                ("OM", 5),
            ],
            Culture::Egyptian => &[("EG", 90), ("SD", 10)],
            Culture::Maghrebi => &[("MA", 35), ("DZ", 30), ("TN", 22), ("LY", 10), ("MR", 3)],
            Culture::Chechen | Culture::Dagestani => &[("RU", 100)],
            Culture::Uzbek => &[("UZ", 85), ("KG", 10), ("TJ", 5)],
            Culture::Tajik => &[("TJ", 95), ("AF", 5)],
            Culture::Kyrgyz => &[("KG", 100)],
            Culture::Kazakh => &[("KZ", 100)],
            Culture::Turkish => &[("TR", 100)],
            Culture::Bosnian => &[("BA", 85), ("RS", 8), ("ME", 7)],
            Culture::Albanian => &[("AL", 45), ("XK", 40), ("MK", 15)],
            Culture::WesternEuropean | Culture::WesternConvert => WESTERN,
            Culture::Uyghur => &[("CN", 90), ("KZ", 6), ("KG", 4)],
        }
    }

    /// Plausible second citizenships (diaspora, neighbouring states).
    pub(crate) const fn second_nationalities(self) -> &'static [&'static str] {
        match self {
            Culture::Levantine => &["TR", "DE", "SE", "JO", "LB", "NL", "DK", "AT", "FR"],
            Culture::Iraqi => &["SY", "JO", "TR", "DE", "SE", "NL", "GB", "FI", "AT"],
            Culture::Gulf => &["GB", "EG", "JO", "SA", "YE"],
            Culture::Egyptian => &["LY", "SA", "GB", "IT", "FR", "DE"],
            Culture::Maghrebi => &["FR", "BE", "NL", "ES", "DE", "IT", "SE"],
            Culture::Chechen => &["GE", "AT", "FR", "DE", "BE", "PL", "TR", "NO"],
            Culture::Dagestani => &["AZ", "TR", "DE"],
            Culture::Uzbek => &["RU", "KZ", "TR"],
            Culture::Tajik => &["RU", "UZ"],
            Culture::Kyrgyz => &["RU", "KZ", "TR"],
            Culture::Kazakh => &["RU", "TR"],
            Culture::Turkish => &["DE", "NL", "AT", "BE", "FR", "SE", "CH"],
            Culture::Bosnian => &["AT", "DE", "SE", "HR", "SI", "CH"],
            Culture::Albanian => &["DE", "CH", "IT", "GB", "BE", "AT"],
            Culture::WesternEuropean | Culture::WesternConvert => {
                &["FR", "DE", "GB", "BE", "NL", "SE", "ES", "IT", "CH", "IE"]
            }
            Culture::Uyghur => &["TR", "KZ", "DE", "SE"],
        }
    }
}

/// Western European nationalities for the Western cultures.
const WESTERN: &[(&str, u16)] = &[
    ("FR", 20),
    ("DE", 18),
    ("GB", 15),
    ("NL", 10),
    ("BE", 8),
    ("SE", 6),
    ("ES", 6),
    ("IT", 5),
    ("DK", 4),
    ("AT", 4),
    ("NO", 2),
    ("FI", 1),
    ("CH", 1),
    ("IE", 1),
];

impl fmt::Display for Culture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Culture {
    type Err = ParseCultureError;

    /// Accepts the snake_case identifiers of [`Culture::as_str`]; case and
    /// `-`/`_` are not significant ("Western-Convert" works).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Culture::ALL
            .into_iter()
            .find(|c| c.as_str() == wanted)
            .ok_or_else(|| ParseCultureError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for c in Culture::ALL {
            assert_eq!(c.as_str().parse::<Culture>(), Ok(c));
            assert_eq!(Culture::from_tag(c.tag()), Some(c));
        }
        assert_eq!(
            "Western-Convert".parse::<Culture>(),
            Ok(Culture::WesternConvert)
        );
        assert!("martian".parse::<Culture>().is_err());
        assert_eq!(
            Culture::ALL.iter().map(|c| c.default_weight()).sum::<f64>(),
            100.0
        );
    }
}
