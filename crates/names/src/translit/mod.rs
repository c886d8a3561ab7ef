//! Romanisation of Arabic-script, Cyrillic and Greek name tokens.
//!
//! PLACEHOLDER: a helper is replacing this module with real scheme tables.
//! The public API below is the contract the rest of the crate relies on.

/// A romanisation convention. Several are produced because practice differs
/// between the agencies that wrote a name down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    /// Character-by-character fallback (`any_ascii`).
    Ascii,
    /// BGN/PCGN (Cyrillic, Greek, Arabic).
    BgnPcgn,
    /// French practice (Cyrillic: `ch`, `ou`; Arabic: Maghrebi `ou`, `ch`, `dj`).
    French,
    /// German practice (Cyrillic: `sch`, `tsch`, `j`).
    German,
    /// English press practice (Arabic: `sh`, `kh`, `j`).
    English,
    /// Scholarly transliteration folded to ASCII (ISO 9 / DIN 31635 without diacritics).
    Scholarly,
}

/// One Latin rendering of a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendering {
    /// Which convention produced it.
    pub scheme: Scheme,
    /// Lower-case ASCII text.
    pub text: String,
}

/// Romanise one Arabic-script token (Arabic, Persian, Urdu letters).
pub fn romanize_arabic(token: &str) -> Vec<Rendering> {
    fallback(token)
}

/// Romanise one Cyrillic token (Russian, Ukrainian, Kazakh, Uzbek, Tajik, Kyrgyz letters).
pub fn romanize_cyrillic(token: &str) -> Vec<Rendering> {
    fallback(token)
}

/// Romanise one Greek token.
pub fn romanize_greek(token: &str) -> Vec<Rendering> {
    fallback(token)
}

fn fallback(token: &str) -> Vec<Rendering> {
    vec![Rendering {
        scheme: Scheme::Ascii,
        text: any_ascii::any_ascii(token).to_lowercase(),
    }]
}
