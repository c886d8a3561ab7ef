//! Small, dependency-free text helpers: diacritic folding, MRZ-style upper
//! casing and comparison keys.
//!
//! The generator deliberately does not use the matcher's normaliser
//! (`lookout-names`): test data produced with the system's own folding rules
//! would hide exactly the errors the tests are meant to find.

/// ASCII replacement for a Latin letter with diacritics (lower case input).
fn fold_lower(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ģ' | 'ĝ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => return None,
    })
}

/// Apostrophe-like characters found in romanised names (Uzbek o', Arabic
/// Sa'ad, Irish O'Brien). MRZ and most keys drop them.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | 'ʻ' | 'ʼ' | '`' | '’' | '‘')
}

/// Folds one character: Some(replacement) for a Latin letter with
/// diacritics, None to keep it. Only the Latin-1 and Latin Extended blocks
/// are looked at, which keeps Arabic/Cyrillic text on the fast path.
fn fold_char(c: char) -> Option<(&'static str, bool)> {
    if !('\u{00C0}'..='\u{024F}').contains(&c) {
        return None;
    }
    if c == 'İ' {
        // Turkish dotted capital I lower-cases to "i̇"; special-cased.
        return Some(("i", true));
    }
    let l = c.to_lowercase().next().unwrap_or(c);
    fold_lower(l).map(|rep| (rep, l != c))
}

/// Folds Latin diacritics to ASCII, keeping case and every other character.
pub(crate) fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match fold_char(c) {
            Some((rep, upper)) if upper => {
                let mut chars = rep.chars();
                if let Some(first) = chars.next() {
                    out.push(first.to_ascii_uppercase());
                    out.extend(chars);
                }
            }
            Some((rep, _)) => out.push_str(rep),
            None => out.push(c),
        }
    }
    out
}

/// German-style folding: umlauts expand (ü → ue), then the rest folds to
/// ASCII. This is how German, Austrian and Swiss documents and many
/// European booking systems romanise Turkish and German names.
pub(crate) fn german_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    ascii_fold(&out)
}

/// Passport machine-readable-zone style: ASCII upper case, apostrophes
/// dropped, hyphens and other separators turned into single spaces.
/// Non-Latin letters are kept (callers only use this for Latin names).
pub(crate) fn mrz_upper(s: &str) -> String {
    let folded = ascii_fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut pending_space = false;
    for c in folded.chars() {
        if is_apostrophe(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_uppercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Comparison key of a name: lower case, diacritics folded, apostrophes
/// dropped, any other separator collapsed into one space. Used to compare a
/// generated negative against watchlist names independent of case/hyphens.
pub(crate) fn norm_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let push = |out: &mut String, c: char, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push(' ');
        }
        *pending = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
            // Arabic script has no case.
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    };
    for c in s.chars() {
        if let Some((rep, _)) = fold_char(c) {
            rep.chars()
                .for_each(|r| push(&mut out, r, &mut pending_space));
        } else if is_apostrophe(c) {
            continue;
        } else if c.is_alphanumeric() {
            push(&mut out, c, &mut pending_space);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Tokens of a canonical element key: [`norm_key`] split on spaces with the
/// Arabic article ("al", "el" and sun-letter forms) removed, so that
/// "Abd al-Aziz" and "al-Omari" yield `abd aziz` and `omari`.
pub(crate) fn key_tokens(s: &str) -> Vec<String> {
    norm_key(s)
        .split(' ')
        .filter(|t| {
            !t.is_empty()
                && !matches!(
                    *t,
                    "al" | "el" | "ash" | "ad" | "at" | "as" | "an" | "ar" | "az"
                )
        })
        .map(str::to_owned)
        .collect()
}

/// Upper-cases the first letter of every word (words split at space, hyphen
/// and apostrophe-free boundaries); used after transliteration, which works
/// in lower case.
pub(crate) fn capitalize_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_start = true;
    for c in s.chars() {
        if c == ' ' || c == '-' {
            at_start = true;
            out.push(c);
        } else if at_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            at_start = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_turkish_bosnian_albanian() {
        assert_eq!(ascii_fold("Yılmaz Öztürk"), "Yilmaz Ozturk");
        assert_eq!(ascii_fold("İbrahim Şahin"), "Ibrahim Sahin");
        assert_eq!(ascii_fold("Hodžić Čaušević"), "Hodzic Causevic");
        assert_eq!(ascii_fold("Gëzim Çelik"), "Gezim Celik");
        assert_eq!(german_fold("Öztürk"), "Oeztuerk");
    }

    #[test]
    fn mrz_and_keys() {
        assert_eq!(mrz_upper("al-Jubouri O'Brien"), "AL JUBOURI OBRIEN");
        assert_eq!(norm_key("Al-Jubouri,  Sa'ad"), "al jubouri saad");
        assert_eq!(key_tokens("Abd al-Aziz"), vec!["abd", "aziz"]);
        assert_eq!(
            capitalize_words("khozh-akhmed o'tkir"),
            "Khozh-Akhmed O'tkir"
        );
    }
}
