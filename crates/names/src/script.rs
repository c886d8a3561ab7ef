//! Script detection for name tokens.

use std::fmt;

/// The writing system a token (or a name) is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    /// Latin letters (any diacritics).
    Latin,
    /// Arabic script, including Persian and Urdu letters.
    Arabic,
    /// Cyrillic.
    Cyrillic,
    /// Greek.
    Greek,
    /// Any other script: romanised character by character.
    Other,
    /// Letters of several scripts in one name.
    Mixed,
    /// No letters at all.
    None,
}

impl Script {
    /// A stable lower-case label, used in explanations and result slices.
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Arabic => "Arabic",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Other => "Other",
            Script::Mixed => "Mixed",
            Script::None => "None",
        }
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The script of one character, or `None` for non-letters.
pub fn char_script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        // Arabic harakat are marks, not letters; they do not vote.
        return None;
    }
    let u = c as u32;
    Some(match u {
        _ if crate::normalize::is_latin(c) => Script::Latin,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        _ => Script::Other,
    })
}

/// The script of a piece of text: the single script of its letters,
/// [`Script::Mixed`] if several, [`Script::None`] if it has no letters.
pub fn detect(text: &str) -> Script {
    let mut found: Option<Script> = None;
    for c in text.chars() {
        if let Some(s) = char_script(c) {
            match found {
                None => found = Some(s),
                Some(prev) if prev != s => return Script::Mixed,
                _ => {}
            }
        }
    }
    found.unwrap_or(Script::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_scripts() {
        assert_eq!(detect("Yılmaz"), Script::Latin);
        assert_eq!(detect("محمد"), Script::Arabic);
        assert_eq!(detect("پرویز"), Script::Arabic);
        assert_eq!(detect("Қайрат"), Script::Cyrillic);
        assert_eq!(detect("Νίκος"), Script::Greek);
        assert_eq!(detect("Ali محمد"), Script::Mixed);
        assert_eq!(detect("123"), Script::None);
        assert_eq!(detect("李"), Script::Other);
    }
}
