//! Romanisation of Arabic-script, Cyrillic and Greek name tokens.
//!
//! A name on a watchlist was usually written down in Latin letters by some
//! agency following its own convention, so one native-script token is
//! rendered under several conventions and the caller indexes or compares all
//! of them. Each script lives in its own file:
//!
//! - [`romanize_arabic`] (`arabic.rs`): English press, French/Maghrebi and
//!   scholarly (ALA-LC/DIN 31635 folded) renderings, with or without tashkeel.
//! - [`romanize_cyrillic`] (`cyrillic.rs`): BGN/PCGN, English press, French,
//!   German and a scholarly ISO-like scheme, with per-token language guesses
//!   (Ukrainian, Belarusian, Bulgarian, Uzbek) that switch the letters whose
//!   reading depends on the language.
//! - [`romanize_greek`] (`greek.rs`): ELOT 743 / BGN/PCGN 1996 plus the older
//!   phonetic BGN/PCGN 1962 style.
//!
//! Contract shared by all three functions: the input is one NFC, lower-cased
//! token; every returned text is non-empty lower-case ASCII `a`-`z`; texts are
//! distinct (the first scheme that produced a text keeps it) and ordered best
//! first. Characters outside the script go through `any_ascii` with
//! everything but letters removed. The implementation is table-driven `match`
//! on `char` with one pass per token, because it runs for millions of
//! watchlist tokens and on every query.

mod arabic;
mod cyrillic;
mod greek;

pub use arabic::romanize_arabic;
pub use cyrillic::romanize_cyrillic;
pub use greek::romanize_greek;

/// A romanisation convention. Several are produced because practice differs
/// between the agencies that wrote a name down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    /// Character-by-character fallback (`any_ascii`), used when a token has
    /// no letter of the script the function handles.
    Ascii,
    /// BGN/PCGN (Cyrillic: Russian rules, switched to the Ukrainian,
    /// Belarusian or Bulgarian tables when the token's letters show the
    /// language, plus the Uzbek Latin alphabet that BGN/PCGN adopted for
    /// Uzbek tokens; Greek: ELOT 743 = BGN/PCGN 1996).
    BgnPcgn,
    /// French practice (Cyrillic: `ch`, `ou`; Arabic: Maghrebi `ou`, `ch`, `dj`).
    French,
    /// German practice (Cyrillic: `sch`, `tsch`, `j`).
    German,
    /// English press practice (Arabic: `sh`, `kh`, `j`; Cyrillic: Russian
    /// passport-style `yo`, final `-y`, `x`, and the 2010 Ukrainian national
    /// system for Ukrainian tokens; Greek: phonetic BGN/PCGN 1962).
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

/// Appends the `any_ascii` form of a character the script tables do not
/// cover, keeping letters only, so that stray Latin letters or unusual
/// letters still contribute to the rendering without breaking the ASCII
/// `a`-`z` contract.
fn push_fallback(out: &mut String, c: char) {
    if c.is_ascii() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    for b in any_ascii::any_ascii_char(c).bytes() {
        if b.is_ascii_alphabetic() {
            out.push(char::from(b.to_ascii_lowercase()));
        }
    }
}

/// Adds a rendering unless it is empty or an earlier scheme already produced
/// the same text; earlier schemes win because callers treat order as rank.
fn push_unique(list: &mut Vec<Rendering>, scheme: Scheme, text: String) {
    if text.is_empty() || list.iter().any(|r| r.text == text) {
        return;
    }
    list.push(Rendering { scheme, text });
}

/// Result for a token with no letter of the handled script: only the
/// `any_ascii` form is meaningful, so the conventions are not pretended.
fn ascii_only(token: &str) -> Vec<Rendering> {
    let mut text = String::with_capacity(token.len());
    for c in token.chars() {
        push_fallback(&mut text, c);
    }
    let mut list = Vec::with_capacity(1);
    push_unique(&mut list, Scheme::Ascii, text);
    list
}

/// Last resort when every convention dropped every letter (a token made of
/// signs that have no Latin value, such as a lone hamza or soft sign): the
/// contract promises a non-empty answer for any token with script letters.
fn placeholder() -> Vec<Rendering> {
    vec![Rendering {
        scheme: Scheme::Ascii,
        text: String::from("a"),
    }]
}

/// Lower-cases a character defensively; the caller should already have done
/// it, and the ASCII/lower-case check keeps the common path free of the
/// Unicode case tables.
fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if matches!(
        c,
        // Basic lower-case Cyrillic and Greek, and the caseless Arabic
        // block: the usual input, answered without a table lookup.
        '\u{0430}'..='\u{045F}' | '\u{03AC}'..='\u{03CE}' | '\u{0600}'..='\u{06FF}'
    ) {
        c
    } else if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// Small inline buffer that spills to the heap only for unusually long
/// tokens, so that the usual token is scanned without allocating.
struct SmallBuf<T: Copy + Default, const N: usize> {
    inline: [T; N],
    len: usize,
    heap: Vec<T>,
}

impl<T: Copy + Default, const N: usize> SmallBuf<T, N> {
    fn new() -> Self {
        Self {
            inline: [T::default(); N],
            len: 0,
            heap: Vec::new(),
        }
    }

    fn push(&mut self, v: T) {
        if self.heap.is_empty() {
            if self.len < N {
                self.inline[self.len] = v;
                self.len += 1;
                return;
            }
            self.heap.reserve(N * 2);
            self.heap.extend_from_slice(&self.inline[..self.len]);
        }
        self.heap.push(v);
    }

    fn as_slice(&self) -> &[T] {
        if self.heap.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }

    fn as_mut_slice(&mut self) -> &mut [T] {
        if self.heap.is_empty() {
            &mut self.inline[..self.len]
        } else {
            &mut self.heap
        }
    }

    fn last_mut(&mut self) -> Option<&mut T> {
        self.as_mut_slice().last_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_buf_spills_and_keeps_order() {
        let mut b: SmallBuf<u32, 4> = SmallBuf::new();
        for i in 0..10 {
            b.push(i);
        }
        assert_eq!(b.as_slice(), &(0..10).collect::<Vec<_>>()[..]);
        *b.last_mut().unwrap() = 99;
        assert_eq!(b.as_slice()[9], 99);
    }

    #[test]
    fn fallback_keeps_letters_only() {
        let mut s = String::new();
        for c in "Ab-1 é'ß".chars() {
            push_fallback(&mut s, c);
        }
        assert_eq!(s, "abess");
    }

    #[test]
    fn dedup_keeps_first_scheme() {
        let mut v = Vec::new();
        push_unique(&mut v, Scheme::BgnPcgn, "ivan".into());
        push_unique(&mut v, Scheme::French, "ivan".into());
        push_unique(&mut v, Scheme::German, String::new());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].scheme, Scheme::BgnPcgn);
    }

    type Romanizer = fn(&str) -> Vec<Rendering>;
    type IsCoreLetter = fn(char) -> bool;

    proptest::proptest! {
        /// The contract on arbitrary mixtures of script letters, marks,
        /// digits and ASCII: no panic, only distinct non-empty `a`-`z`
        /// texts, and an answer whenever a letter of the script is present.
        #[test]
        fn contract_holds_on_random_tokens(
            token in "[\u{0600}-\u{06FF}\u{0750}-\u{077F}\u{FE70}-\u{FEFC}\u{0400}-\u{052F}\u{0370}-\u{03FF}\u{1F00}-\u{1FFF}\u{0300}-\u{036F}a-z0-9'ʼ-]{0,12}"
        ) {
            let cases: [(Romanizer, IsCoreLetter); 3] = [
                (romanize_arabic, |c| ('\u{0620}'..='\u{064A}').contains(&c) && c != '\u{0640}'),
                (romanize_cyrillic, |c| ('\u{0430}'..='\u{044F}').contains(&c)),
                (romanize_greek, |c| ('α'..='ω').contains(&c)),
            ];
            for (f, core_letter) in cases {
                let r = f(&token);
                let mut seen = std::collections::HashSet::new();
                for x in &r {
                    proptest::prop_assert!(!x.text.is_empty());
                    proptest::prop_assert!(x.text.bytes().all(|b| b.is_ascii_lowercase()), "{:?}", x);
                    proptest::prop_assert!(seen.insert(x.text.clone()));
                }
                if token.chars().any(core_letter) {
                    proptest::prop_assert!(!r.is_empty(), "{:?}", token);
                }
            }
        }
    }

    #[test]
    fn all_outputs_are_ascii_letters() {
        let samples = [
            "مُحَمَّد",
            "عبدالرحمن",
            "پرویز",
            "шамиль",
            "олександр",
            "γιώργος",
            "x-y",
            "ь",
            "ء",
        ];
        for s in samples {
            for f in [romanize_arabic, romanize_cyrillic, romanize_greek] {
                for r in f(s) {
                    assert!(
                        !r.text.is_empty() && r.text.bytes().all(|b| b.is_ascii_lowercase()),
                        "{s:?} -> {r:?}"
                    );
                }
            }
        }
    }
}
