//! Greek name tokens → Latin.
//!
//! Two renderings cover most Latin spellings of Greek names:
//!
//! - ELOT 743 (= BGN/PCGN 1996, used in Greek passports): letter-faithful,
//!   `ai ei oi ou`, `ch`, `x`, `y` for `υ`, `gk`, `mp`/initial `b`, `nt`.
//! - BGN/PCGN 1962, phonetic and still common in older English-language
//!   records: `e` for `αι`, `i` for `ει οι υι υ η`, `u` for `ου`, `kh`, `ks`,
//!   `y` for `γ` before front vowels, initial `b`/`d`/`g` and medial
//!   `mb`/`nd`/`ng` for `μπ ντ γκ`.
//!
//! Both share `αυ ευ ηυ` → `av ev iv`, or `af ef if` before voiceless
//! consonants and at the end. An accent on the first vowel or a diaeresis
//! on the second breaks a vowel pair, as in Greek spelling.

use super::{
    Rendering, Scheme, SmallBuf, ascii_only, lower, placeholder, push_fallback, push_unique,
};

/// One letter with the marks that change how it combines with neighbours.
#[derive(Clone, Copy, Default)]
struct G {
    /// Base lower-case letter, final sigma folded to `σ`.
    c: char,
    /// Carries an accent (tonos, or any polytonic accent).
    acc: bool,
    /// Carries a diaeresis.
    dia: bool,
}

/// Romanise one Greek token.
///
/// Renderings, best first, duplicates removed: ELOT 743 / BGN/PCGN 1996
/// ([`Scheme::BgnPcgn`]) and the phonetic BGN/PCGN 1962 style
/// ([`Scheme::English`]). A token with no Greek letter gets only its
/// `any_ascii` form (scheme [`Scheme::Ascii`]).
pub fn romanize_greek(token: &str) -> Vec<Rendering> {
    let mut buf: SmallBuf<G, 32> = SmallBuf::new();
    let mut any_greek = false;
    for c in token.chars() {
        let c = lower(c);
        match c {
            // Decomposed input: attach the marks that matter to the letter.
            '\u{0301}' | '\u{0300}' | '\u{0342}' => {
                if let Some(last) = buf.last_mut() {
                    last.acc = true;
                }
            }
            '\u{0308}' => {
                if let Some(last) = buf.last_mut() {
                    last.dia = true;
                }
            }
            '\u{0300}'..='\u{036F}' => {}
            // Polytonic letters: NFC keeps them precomposed, so take them
            // apart here (rare in names, hence the slower path).
            '\u{1F00}'..='\u{1FFF}' => {
                let mut g = G::default();
                unicode_normalization::char::decompose_canonical(c, |d| match d {
                    '\u{0308}' => g.dia = true,
                    '\u{0301}' | '\u{0300}' | '\u{0342}' => g.acc = true,
                    _ if g.c == '\0' => g.c = lower(d),
                    _ => {}
                });
                if g.c != '\0' {
                    g.c = base(g.c).0;
                    any_greek |= is_greek_letter(g.c);
                    buf.push(g);
                }
            }
            _ => {
                let (b, acc, dia) = base(c);
                any_greek |= is_greek_letter(b);
                buf.push(G { c: b, acc, dia });
            }
        }
    }
    if !any_greek {
        return ascii_only(token);
    }
    let s = buf.as_slice();
    let mut elot = String::with_capacity(s.len() + 8);
    let mut old = String::with_capacity(s.len() + 8);

    let at = |i: usize| s.get(i).copied().unwrap_or_default();
    let mut i = 0;
    while i < s.len() {
        let g = s[i];
        let c = g.c;
        if !is_greek_letter(c) {
            push_fallback(&mut elot, c);
            push_fallback(&mut old, c);
            i += 1;
            continue;
        }
        let start = i == 0 || !is_greek_letter(s[i - 1].c);
        let n = at(i + 1);
        let n2 = at(i + 2);

        // Vowel pairs; an accent on the first letter or a diaeresis on the
        // second means two syllables.
        let pair = !g.acc && !n.dia;
        if pair && n.c == 'ι' && matches!(c, 'α' | 'ε' | 'ο' | 'υ') {
            let (e, o) = match c {
                'α' => ("ai", "e"),
                'ε' => ("ei", "i"),
                'ο' => ("oi", "i"),
                _ => ("yi", "i"),
            };
            elot.push_str(e);
            old.push_str(o);
            i += 2;
            continue;
        }
        if pair && n.c == 'υ' && c == 'ο' {
            elot.push_str("ou");
            old.push('u');
            i += 2;
            continue;
        }
        if pair && n.c == 'υ' && matches!(c, 'α' | 'ε' | 'η') {
            let voiceless = !is_greek_letter(n2.c) || is_voiceless(n2.c);
            let v = match (c, voiceless) {
                ('α', false) => "av",
                ('α', true) => "af",
                ('ε', false) => "ev",
                ('ε', true) => "ef",
                (_, false) => "iv",
                (_, true) => "if",
            };
            elot.push_str(v);
            old.push_str(v);
            i += 2;
            continue;
        }

        // Consonant pairs.
        match (c, n.c) {
            ('γ', 'γ') => {
                elot.push_str("ng");
                old.push_str("ng");
                i += 2;
                continue;
            }
            ('γ', 'κ') => {
                elot.push_str("gk");
                old.push_str(if start { "g" } else { "ng" });
                i += 2;
                continue;
            }
            ('γ', 'ξ') => {
                elot.push_str("nx");
                old.push_str("nks");
                i += 2;
                continue;
            }
            ('γ', 'χ') => {
                elot.push_str("nch");
                old.push_str("nkh");
                i += 2;
                continue;
            }
            ('μ', 'π') => {
                elot.push_str(if start { "b" } else { "mp" });
                old.push_str(if start { "b" } else { "mb" });
                i += 2;
                continue;
            }
            ('ν', 'τ') => {
                elot.push_str("nt");
                old.push_str(if start { "d" } else { "nd" });
                i += 2;
                continue;
            }
            _ => {}
        }

        let (e, o) = match c {
            'α' => ("a", "a"),
            'β' => ("v", "v"),
            'γ' => {
                // 1962: `y` before the front vowels ε η ι υ and the pairs
                // αι ει οι that are pronounced as front vowels.
                let front = matches!(n.c, 'ε' | 'η' | 'ι' | 'υ')
                    || (matches!(n.c, 'α' | 'ο') && n2.c == 'ι' && !n.acc && !n2.dia);
                ("g", if front { "y" } else { "g" })
            }
            'δ' => ("d", "d"),
            'ε' => ("e", "e"),
            'ζ' => ("z", "z"),
            'η' => ("i", "i"),
            'θ' => ("th", "th"),
            'ι' => ("i", "i"),
            'κ' => ("k", "k"),
            'λ' => ("l", "l"),
            'μ' => ("m", "m"),
            'ν' => ("n", "n"),
            'ξ' => ("x", "ks"),
            'ο' => ("o", "o"),
            'π' => ("p", "p"),
            'ρ' => ("r", "r"),
            'σ' => ("s", "s"),
            'τ' => ("t", "t"),
            'υ' => ("y", "i"),
            'φ' => ("f", "f"),
            'χ' => ("ch", "kh"),
            'ψ' => ("ps", "ps"),
            'ω' => ("o", "o"),
            _ => ("", ""),
        };
        elot.push_str(e);
        old.push_str(o);
        i += 1;
    }

    let mut list = Vec::with_capacity(2);
    push_unique(&mut list, Scheme::BgnPcgn, elot);
    push_unique(&mut list, Scheme::English, old);
    if list.is_empty() {
        return placeholder();
    }
    list
}

/// Maps a precomposed monotonic letter to (base, accent, diaeresis), and
/// Greek symbol variants to their letters.
fn base(c: char) -> (char, bool, bool) {
    match c {
        'ά' => ('α', true, false),
        'έ' => ('ε', true, false),
        'ή' => ('η', true, false),
        'ί' => ('ι', true, false),
        'ό' => ('ο', true, false),
        'ύ' => ('υ', true, false),
        'ώ' => ('ω', true, false),
        'ϊ' => ('ι', false, true),
        'ΐ' => ('ι', true, true),
        'ϋ' => ('υ', false, true),
        'ΰ' => ('υ', true, true),
        'ς' | 'ϲ' => ('σ', false, false),
        'ϐ' => ('β', false, false),
        'ϑ' => ('θ', false, false),
        'ϕ' => ('φ', false, false),
        'ϰ' => ('κ', false, false),
        'ϱ' => ('ρ', false, false),
        _ => (c, false, false),
    }
}

/// Letters handled by the tables (after [`base`]); anything else, archaic
/// letters included, goes through `any_ascii`.
fn is_greek_letter(c: char) -> bool {
    matches!(c, 'α'..='ω') && c != 'ς'
}

/// After `αυ ευ ηυ`, these make the `υ` read as `f`.
fn is_voiceless(c: char) -> bool {
    matches!(c, 'θ' | 'κ' | 'ξ' | 'π' | 'σ' | 'τ' | 'φ' | 'χ' | 'ψ')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (token, ELOT 743 / BGN/PCGN, phonetic 1962 style)
    const CASES: &[(&str, &str, &str)] = &[
        ("γιώργος", "giorgos", "yiorgos"),
        ("γεώργιος", "georgios", "yeoryios"),
        ("γιάννης", "giannis", "yiannis"),
        ("ιωάννης", "ioannis", "ioannis"),
        ("κωνσταντίνος", "konstantinos", "konstandinos"),
        ("δημήτριος", "dimitrios", "dimitrios"),
        ("νίκος", "nikos", "nikos"),
        ("χρήστος", "christos", "khristos"),
        ("παπαδόπουλος", "papadopoulos", "papadopulos"),
        ("αικατερίνη", "aikaterini", "ekaterini"),
        ("ειρήνη", "eirini", "irini"),
        ("ευάγγελος", "evangelos", "evangelos"),
        ("ελευθέριος", "eleftherios", "eleftherios"),
        ("ευστάθιος", "efstathios", "efstathios"),
        ("μαύρος", "mavros", "mavros"),
        ("ναύτης", "naftis", "naftis"),
        ("μπάμπης", "bampis", "bambis"),
        ("ντίνος", "ntinos", "dinos"),
        ("παντελής", "pantelis", "pandelis"),
        ("αγκαθάκης", "agkathakis", "angathakis"),
        ("αλέξανδρος", "alexandros", "aleksandros"),
        ("ψαράς", "psaras", "psaras"),
        ("θεοδώρα", "theodora", "theodora"),
        ("σοφία", "sofia", "sofia"),
        ("κυριάκος", "kyriakos", "kiriakos"),
        ("οικονόμου", "oikonomou", "ikonomu"),
        ("βασιλική", "vasiliki", "vasiliki"),
        ("φωτεινή", "foteini", "fotini"),
        // Accent on the first vowel or diaeresis on the second: no pair.
        ("μάιος", "maios", "maios"),
        ("προϊστάμενος", "proistamenos", "proistamenos"),
        ("αϋπνος", "aypnos", "aipnos"),
        // Upper case, decomposed and polytonic input.
        ("ΓΙΏΡΓΟΣ", "giorgos", "yiorgos"),
        ("γιω\u{301}ργος", "giorgos", "yiorgos"),
        ("ἰωάννης", "ioannis", "ioannis"),
        ("Ἑλένη", "eleni", "eleni"),
    ];

    #[test]
    fn table() {
        let mut failures = Vec::new();
        for &(token, elot, old) in CASES {
            let r = romanize_greek(token);
            let got_elot = r.first().map(|r| r.text.as_str());
            let got_old = r
                .iter()
                .find(|r| r.scheme == Scheme::English)
                .map_or(got_elot, |r| Some(r.text.as_str()));
            if got_elot != Some(elot) || got_old != Some(old) || r[0].scheme != Scheme::BgnPcgn {
                failures.push(format!("{token}: {r:?}, want {elot} / {old}"));
            }
            if elot == old && r.len() != 1 {
                failures.push(format!("{token}: duplicate kept {r:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn foreign_and_empty() {
        assert!(romanize_greek("").is_empty());
        let r = romanize_greek("abc");
        assert_eq!((r[0].scheme, r[0].text.as_str()), (Scheme::Ascii, "abc"));
        let r = romanize_greek("νίκος-2");
        assert_eq!(r[0].text, "nikos");
    }
}
