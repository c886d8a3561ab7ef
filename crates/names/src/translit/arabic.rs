//! Arabic-script name tokens (Arabic, Persian, Urdu letters) → Latin.
//!
//! Unvowelled Arabic writes only consonants and long vowels, so short vowels
//! are not guessed: `محمد` becomes `mhmd` and the caller compares consonant
//! skeletons. What is decided here is whether `و`/`ي` are vowels (`u`/`i`)
//! or consonants (`w`/`y`), from their neighbours. When tashkeel is present
//! it is used: fatha/kasra/damma give `a`/`i`/`u`, shadda doubles, sukun
//! gives nothing, tanwin gives its vowel without the `n`.
//!
//! The token is first parsed into letters with their marks attached
//! ([`Cl`]), because NFC orders shadda after the vowel mark while the
//! doubling belongs to the consonant. One pass then fills the three outputs.

use super::{
    Rendering, Scheme, SmallBuf, ascii_only, lower, placeholder, push_fallback, push_unique,
};

/// Short vowel written on a letter (fatha/kasra/damma or the matching tanwin).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
enum V {
    #[default]
    None,
    A,
    I,
    U,
}

/// A letter with its tashkeel.
#[derive(Clone, Copy, Default, Debug)]
struct Cl {
    c: char,
    v: V,
    shadda: bool,
    sukun: bool,
    /// Superscript (dagger) alef: a long `a` written as a mark.
    long_a: bool,
    /// For `و`/`ي`: acts as a vowel (`u`/`i`) rather than a consonant.
    vowel_role: bool,
}

/// Romanise one Arabic-script token (Arabic, Persian, Urdu letters).
///
/// Renderings, best first, duplicates removed: English press
/// ([`Scheme::English`]: `sh kh gh th dh j q`, `u`), French/Maghrebi
/// ([`Scheme::French`]: `ch`, `dj`, `ou`, `k` for `ق`, `ss` between vowels,
/// article `el`), and ALA-LC/DIN 31635 folded to ASCII
/// ([`Scheme::Scholarly`]), which differs from English mainly in doubling
/// digraphs under shadda. `ة` and `ى` are `a`; hamza and `ع` are dropped,
/// except that a word-initial `ع` before a consonant stands for its
/// unwritten vowel as `a` (`عبد` → `abd`). A leading article `ال` (and the
/// one in `عبدال…`) is written `al`/`el` without sun-letter assimilation.
/// A token with no Arabic-script letter gets only its `any_ascii` form
/// (scheme [`Scheme::Ascii`]).
pub fn romanize_arabic(token: &str) -> Vec<Rendering> {
    let mut buf: SmallBuf<Cl, 32> = SmallBuf::new();
    let mut any_arabic = false;
    let mut persian = false;
    for c in token.chars() {
        if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}') {
            // Presentation forms survive NFC; their compatibility
            // decomposition is the plain letter (or letters, for ligatures).
            unicode_normalization::char::decompose_compatible(c, |d| {
                add(&mut buf, d, &mut any_arabic, &mut persian)
            });
        } else {
            add(&mut buf, c, &mut any_arabic, &mut persian);
        }
    }
    if !any_arabic {
        return ascii_only(token);
    }
    let s = buf.as_mut_slice();
    let n = s.len();

    // Definite article: a leading `ال`, or the one inside `عبدال…`, is
    // written as a prefix and the rest is treated as a new word.
    let letters = s.iter().filter(|c| is_arabic_letter(c.c)).count();
    let plain_alef = |c: char| matches!(c, 'ا' | 'ٱ');
    let (article, ws) = if n >= 4 && letters >= 4 && plain_alef(s[0].c) && s[1].c == 'ل' {
        (Some(0), 2)
    } else if n >= 6
        && s[0].c == 'ع'
        && s[1].c == 'ب'
        && s[2].c == 'د'
        && plain_alef(s[3].c)
        && s[4].c == 'ل'
    {
        (Some(3), 5)
    } else {
        (None, 0)
    };
    let starts = |s: &[Cl], i: usize| i == 0 || i == ws || !is_arabic_letter(s[i - 1].c);

    // Decide `و`/`ي` roles left to right (a role depends on the previous
    // letter's role and on the next letter).
    for i in 0..n {
        let cl = s[i];
        if !is_wy(cl.c, persian) {
            continue;
        }
        let role = if cl.v != V::None || cl.shadda || cl.sukun || cl.long_a || starts(s, i) {
            false
        } else {
            let p = s[i - 1];
            if p.v == V::A {
                // Diphthong `aw`/`ay`.
                false
            } else if (p.v == V::U && cl.c == 'و') || (p.v == V::I && is_ya(cl.c, persian)) {
                // Long vowel after its own short vowel.
                true
            } else if is_vowel_letter(p.c, persian)
                || p.long_a
                || (is_wy(p.c, persian) && p.vowel_role)
            {
                // After a vowel: a consonant (`dawud`, `ayman`).
                false
            } else {
                // After a consonant: a vowel unless a vowel follows.
                !vowel_follows(s, i + 1, persian)
            }
        };
        s[i].vowel_role = role;
    }
    let s: &[Cl] = s;

    let cap = n * 2 + 4;
    let mut en = String::with_capacity(cap);
    let mut fr = String::with_capacity(cap);
    let mut sc = String::with_capacity(cap);

    for i in 0..n {
        if let Some(a) = article {
            if i == a {
                en.push_str("al");
                fr.push_str("el");
                sc.push_str("al");
                continue;
            }
            if i == a + 1 {
                continue;
            }
        }
        let cl = s[i];
        let c = cl.c;
        if !is_arabic_letter(c) {
            push_fallback(&mut en, c);
            push_fallback(&mut fr, c);
            push_fallback(&mut sc, c);
            continue;
        }
        let start = starts(s, i);
        let prev = if i > 0 { s[i - 1] } else { Cl::default() };
        // A long-vowel letter right after its own short vowel adds nothing.
        let after_a = !start && (prev.v == V::A || prev.long_a);
        let all = |en: &mut String, fr: &mut String, sc: &mut String, t: &str| {
            en.push_str(t);
            fr.push_str(t);
            sc.push_str(t);
        };

        if is_alef(c) {
            // The alef is a seat for hamza and its vowel, or a long `a`.
            if cl.v != V::None {
                vowel(&mut en, &mut fr, &mut sc, cl.v);
            } else if cl.sukun || (c == 'ا' && after_a) {
                // Silent: a hamza seat closing a syllable, or the long `a`
                // already written by the fatha before it.
            } else if matches!(c, 'إ' | 'ٳ') {
                all(&mut en, &mut fr, &mut sc, "i");
            } else {
                all(&mut en, &mut fr, &mut sc, "a");
            }
            continue;
        }
        if cl.vowel_role {
            if c == 'و' {
                if prev.v != V::U {
                    en.push('u');
                    fr.push_str("ou");
                    sc.push('u');
                }
            } else if prev.v != V::I {
                all(&mut en, &mut fr, &mut sc, "i");
            }
            continue;
        }
        match c {
            'ة' | 'ۃ' | 'ۀ' => {
                if !after_a {
                    all(&mut en, &mut fr, &mut sc, "a");
                }
                continue;
            }
            'ى' if !persian => {
                if !after_a {
                    all(&mut en, &mut fr, &mut sc, "a");
                }
                continue;
            }
            'ے' | 'ۓ' | 'ە' => {
                all(&mut en, &mut fr, &mut sc, "e");
                continue;
            }
            'ء' => {
                vowel(&mut en, &mut fr, &mut sc, cl.v);
                if cl.long_a && cl.v != V::A {
                    all(&mut en, &mut fr, &mut sc, "a");
                }
                continue;
            }
            'ئ' => {
                if cl.v != V::None {
                    vowel(&mut en, &mut fr, &mut sc, cl.v);
                } else if !(cl.sukun || prev.v == V::I) {
                    let glide = s.get(i + 1).is_some_and(|x| is_alef(x.c) || x.c == 'و');
                    all(&mut en, &mut fr, &mut sc, if glide { "y" } else { "i" });
                }
                continue;
            }
            'ؤ' => {
                if cl.v != V::None {
                    vowel(&mut en, &mut fr, &mut sc, cl.v);
                } else if !(cl.sukun || prev.v == V::U) {
                    if s.get(i + 1).is_some_and(|x| is_alef(x.c)) {
                        all(&mut en, &mut fr, &mut sc, "w");
                    } else {
                        en.push('u');
                        fr.push_str("ou");
                        sc.push('u');
                    }
                }
                continue;
            }
            'ع' => {
                if cl.v != V::None {
                    vowel(&mut en, &mut fr, &mut sc, cl.v);
                } else if start && !cl.sukun && !vowel_rendered_next(s, i, persian) {
                    all(&mut en, &mut fr, &mut sc, "a");
                }
                continue;
            }
            _ => {}
        }

        let Some((e, f, k)) = consonant(c, persian) else {
            push_fallback(&mut en, c);
            push_fallback(&mut fr, c);
            push_fallback(&mut sc, c);
            continue;
        };
        // Shadda on the letter after the article marks assimilation, which
        // is deliberately not written.
        let double = cl.shadda && !(article.is_some() && i == ws);
        let vowel_here = cl.v != V::None || cl.long_a;
        let f = if matches!(c, 'س' | 'ص')
            && fr.as_bytes().last().is_some_and(|b| b"aeiou".contains(b))
            && (vowel_here || vowel_rendered_next(s, i, persian))
        {
            // French keeps `s` voiceless between vowels with `ss` (Moussa).
            "ss"
        } else {
            f
        };
        en.push_str(e);
        fr.push_str(f);
        sc.push_str(k);
        if double {
            // Press practice doubles single letters only (Hassan, not
            // Rashshad); the scholarly scheme doubles digraphs too.
            if e.len() == 1 {
                en.push_str(e);
            }
            if f.len() == 1 {
                fr.push_str(f);
            }
            sc.push_str(k);
        }
        vowel(&mut en, &mut fr, &mut sc, cl.v);
        if cl.long_a && cl.v != V::A {
            all(&mut en, &mut fr, &mut sc, "a");
        }
    }

    let mut list = Vec::with_capacity(3);
    push_unique(&mut list, Scheme::English, en);
    push_unique(&mut list, Scheme::French, fr);
    push_unique(&mut list, Scheme::Scholarly, sc);
    if list.is_empty() {
        return placeholder();
    }
    list
}

/// Adds one input character: marks attach to the preceding letter,
/// tatweel, digits and format characters vanish, everything else becomes a
/// letter slot.
fn add(buf: &mut SmallBuf<Cl, 32>, c: char, any_arabic: &mut bool, persian: &mut bool) {
    let mut mark = |f: fn(&mut Cl)| {
        if let Some(last) = buf.last_mut() {
            f(last);
        }
    };
    match c {
        '\u{064B}' | '\u{064E}' => mark(|l| l.v = V::A),
        '\u{064C}' | '\u{064F}' => mark(|l| l.v = V::U),
        '\u{064D}' | '\u{0650}' => mark(|l| l.v = V::I),
        '\u{0651}' => mark(|l| l.shadda = true),
        '\u{0652}' => mark(|l| l.sukun = true),
        '\u{0670}' => mark(|l| l.long_a = true),
        '\u{0640}'
        | '\u{0660}'..='\u{0669}'
        | '\u{06F0}'..='\u{06F9}'
        | '\u{0610}'..='\u{061A}'
        | '\u{0653}'..='\u{065F}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}' => {}
        _ => {
            let c = lower(c);
            if is_arabic_letter(c) {
                *any_arabic = true;
                *persian |= matches!(
                    c,
                    'پ' | 'چ'
                        | 'ژ'
                        | 'گ'
                        | 'ک'
                        | 'ی'
                        | 'ٹ'
                        | 'ڈ'
                        | 'ڑ'
                        | 'ں'
                        | 'ھ'
                        | 'ہ'
                        | 'ے'
                        | 'ۀ'
                );
            }
            buf.push(Cl { c, ..Cl::default() });
        }
    }
}

fn vowel(en: &mut String, fr: &mut String, sc: &mut String, v: V) {
    match v {
        V::None => {}
        V::A => {
            en.push('a');
            fr.push('a');
            sc.push('a');
        }
        V::I => {
            en.push('i');
            fr.push('i');
            sc.push('i');
        }
        V::U => {
            en.push('u');
            fr.push_str("ou");
            sc.push('u');
        }
    }
}

/// Letters of the Arabic blocks (tatweel, marks, digits and signs
/// excluded), listed as ranges rather than via `char::is_alphabetic`, whose
/// table lookup dominated the profile.
fn is_arabic_letter(c: char) -> bool {
    matches!(
        c,
        '\u{0620}'..='\u{063F}'
            | '\u{0641}'..='\u{064A}'
            | '\u{066E}'..='\u{066F}'
            | '\u{0671}'..='\u{06D3}'
            | '\u{06D5}'
            | '\u{06EE}'..='\u{06EF}'
            | '\u{06FA}'..='\u{06FC}'
            | '\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{08A0}'..='\u{08C9}'
    )
}

fn is_alef(c: char) -> bool {
    matches!(c, 'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' | 'ٵ')
}

/// `ي`, Persian/Urdu `ی`; in Persian-looking tokens also `ى`, which
/// Persian keyboards emit for final `ی`.
fn is_ya(c: char, persian: bool) -> bool {
    matches!(c, 'ي' | 'ی') || (persian && c == 'ى')
}

fn is_wy(c: char, persian: bool) -> bool {
    c == 'و' || is_ya(c, persian)
}

/// Letters that only ever write a vowel.
fn is_vowel_letter(c: char, persian: bool) -> bool {
    is_alef(c) || (!persian && c == 'ى') || matches!(c, 'ة' | 'ۃ' | 'ۀ' | 'ے' | 'ۓ' | 'ە')
}

/// Whether the letter at `j` will be read as a vowel, judged before roles
/// are assigned: a vowel letter, or an unmarked `و`/`ي` that is followed by
/// a consonant or the end.
fn vowel_follows(s: &[Cl], j: usize, persian: bool) -> bool {
    let Some(&x) = s.get(j) else {
        return false;
    };
    if !is_arabic_letter(x.c) {
        return false;
    }
    if is_vowel_letter(x.c, persian) {
        return true;
    }
    is_wy(x.c, persian)
        && x.v == V::None
        && !x.shadda
        && !x.sukun
        && s.get(j + 1).is_none_or(|y| !is_vowel_letter(y.c, persian))
}

/// Whether the letter after `i` renders as a vowel, once roles are known.
fn vowel_rendered_next(s: &[Cl], i: usize, persian: bool) -> bool {
    s.get(i + 1)
        .is_some_and(|x| is_vowel_letter(x.c, persian) || (is_wy(x.c, persian) && x.vowel_role))
}

/// (English, French, scholarly) values of consonant letters; `و`/`ي` here
/// are the consonant readings.
fn consonant(c: char, persian: bool) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match c {
        'ب' => ("b", "b", "b"),
        'ت' | 'ٹ' | 'ټ' => ("t", "t", "t"),
        'ث' => ("th", "th", "th"),
        'ج' => ("j", "dj", "j"),
        'ح' => ("h", "h", "h"),
        'خ' => ("kh", "kh", "kh"),
        'د' | 'ڈ' | 'ډ' => ("d", "d", "d"),
        'ذ' => ("dh", "dh", "dh"),
        'ر' | 'ڑ' | 'ړ' => ("r", "r", "r"),
        'ز' => ("z", "z", "z"),
        'س' => ("s", "s", "s"),
        'ش' => ("sh", "ch", "sh"),
        'ص' => ("s", "s", "s"),
        'ض' => ("d", "d", "d"),
        'ط' => ("t", "t", "t"),
        // Maghrebi French practice writes the interdental emphatic `dh`.
        'ظ' => ("z", "dh", "z"),
        'غ' => ("gh", "gh", "gh"),
        'ف' => ("f", "f", "f"),
        // French practice reads `ق` as k (Belkacem, Abdelkader).
        'ق' => ("q", "k", "q"),
        'ك' | 'ک' => ("k", "k", "k"),
        'ل' => ("l", "l", "l"),
        'م' => ("m", "m", "m"),
        'ن' | 'ں' | 'ڻ' => ("n", "n", "n"),
        'ه' | 'ہ' | 'ھ' => ("h", "h", "h"),
        'و' => ("w", "ou", "w"),
        'ي' | 'ی' => ("y", "y", "y"),
        'ى' if persian => ("y", "y", "y"),
        'پ' => ("p", "p", "p"),
        'چ' => ("ch", "tch", "ch"),
        'ژ' => ("zh", "j", "zh"),
        'گ' | 'ڭ' | 'ڨ' | 'ګ' => ("g", "g", "g"),
        'ڤ' | 'ڥ' => ("v", "v", "v"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(token: &str) -> Vec<String> {
        romanize_arabic(token).into_iter().map(|r| r.text).collect()
    }

    fn scheme(token: &str, scheme: Scheme) -> Option<String> {
        // A scheme whose text equals an earlier one was deduplicated away;
        // fall back to the first rendering, which it then equals.
        let r = romanize_arabic(token);
        r.iter()
            .find(|r| r.scheme == scheme)
            .or_else(|| r.first())
            .map(|r| r.text.clone())
    }

    /// (token, English, French, scholarly)
    const CASES: &[(&str, &str, &str, &str)] = &[
        // Unvowelled: consonant skeletons with long vowels.
        ("محمد", "mhmd", "mhmd", "mhmd"),
        ("احمد", "ahmd", "ahmd", "ahmd"),
        ("يوسف", "yusf", "yousf", "yusf"),
        ("شريف", "shrif", "chrif", "shrif"),
        ("بشير", "bshir", "bchir", "bshir"),
        ("خالد", "khald", "khald", "khald"),
        ("فاطمة", "fatma", "fatma", "fatma"),
        ("خديجة", "khdija", "khdidja", "khdija"),
        ("علي", "ali", "ali", "ali"),
        ("عمر", "amr", "amr", "amr"),
        ("عثمان", "athman", "athman", "athman"),
        ("عيسى", "isa", "issa", "isa"),
        ("موسى", "musa", "moussa", "musa"),
        ("ياسين", "yasin", "yassin", "yasin"),
        ("إبراهيم", "ibrahim", "ibrahim", "ibrahim"),
        ("إسماعيل", "ismail", "ismail", "ismail"),
        ("عائشة", "aisha", "aicha", "aisha"),
        ("نور", "nur", "nour", "nur"),
        ("وليد", "wlid", "oulid", "wlid"),
        ("مروان", "mrwan", "mrouan", "mrwan"),
        ("مروة", "mrwa", "mroua", "mrwa"),
        ("داود", "dawd", "daoud", "dawd"),
        ("سليمان", "sliman", "sliman", "sliman"),
        ("يحيى", "yhya", "yhya", "yhya"),
        ("مصطفى", "mstfa", "mstfa", "mstfa"),
        ("هشام", "hsham", "hcham", "hsham"),
        ("قاسم", "qasm", "kasm", "qasm"),
        ("ايمن", "aymn", "aymn", "aymn"),
        ("جميلة", "jmila", "djmila", "jmila"),
        ("طاووس", "tawus", "taouous", "tawus"),
        ("لؤي", "lui", "loui", "lui"),
        ("مؤمن", "mumn", "moumn", "mumn"),
        // Article and `عبدال…` compounds.
        ("عبدالرحمن", "abdalrhmn", "abdelrhmn", "abdalrhmn"),
        ("عبدالعزيز", "abdalaziz", "abdelaziz", "abdalaziz"),
        ("عبدالقادر", "abdalqadr", "abdelkadr", "abdalqadr"),
        ("عبدالله", "abdallh", "abdellh", "abdallh"),
        ("الهاشمي", "alhashmi", "elhachmi", "alhashmi"),
        ("الوليد", "alwlid", "eloulid", "alwlid"),
        // Vowelled.
        ("مُحَمَّد", "muhammad", "mouhammad", "muhammad"),
        ("يُوسُف", "yusuf", "youssouf", "yusuf"),
        ("فَاطِمَة", "fatima", "fatima", "fatima"),
        ("حَسَّان", "hassan", "hassan", "hassan"),
        ("رَشَّاد", "rashad", "rachad", "rashshad"),
        ("عَلِيّ", "aliyy", "aliyy", "aliyy"),
        ("سَعِيد", "said", "said", "said"),
        ("زَيْنَب", "zaynab", "zaynab", "zaynab"),
        ("ٱلرَّحْمٰن", "alrahman", "elrahman", "alrahman"),
        ("أُسَامَة", "usama", "oussama", "usama"),
        ("مُوسَى", "musa", "moussa", "musa"),
        ("نُورٌ", "nuru", "nourou", "nuru"),
        // Tatweel, digits, stray marks.
        ("محـــمد", "mhmd", "mhmd", "mhmd"),
        ("محمد٢", "mhmd", "mhmd", "mhmd"),
        // Persian / Urdu letters.
        ("پرویز", "prwiz", "prouiz", "prwiz"),
        ("چنگیز", "chngiz", "tchngiz", "chngiz"),
        ("ژاله", "zhalh", "jalh", "zhalh"),
        ("گلناز", "glnaz", "glnaz", "glnaz"),
        ("علی", "ali", "ali", "ali"),
        ("ٹھاکر", "thakr", "thakr", "thakr"),
        ("بے", "be", "be", "be"),
        // Presentation forms (lam-alef ligature).
        ("ﺳﻼﻡ", "slam", "slam", "slam"),
    ];

    #[test]
    fn table() {
        let mut failures = Vec::new();
        for &(token, en, fr, sc) in CASES {
            let got = (
                scheme(token, Scheme::English),
                scheme(token, Scheme::French),
                scheme(token, Scheme::Scholarly),
            );
            let want = (Some(en.into()), Some(fr.into()), Some(sc.into()));
            if got != want {
                failures.push(format!("{token}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn english_first_distinct_ascii() {
        for &(token, ..) in CASES {
            let r = romanize_arabic(token);
            assert_eq!(r[0].scheme, Scheme::English, "{token}");
            let mut t: Vec<_> = r.iter().map(|r| r.text.as_str()).collect();
            t.sort_unstable();
            t.dedup();
            assert_eq!(t.len(), r.len(), "{token}: {r:?}");
            for x in &r {
                assert!(x.text.bytes().all(|b| b.is_ascii_lowercase()), "{x:?}");
            }
        }
    }

    #[test]
    fn brief_examples() {
        assert!(texts("محمد").contains(&"mhmd".into()));
        assert!(texts("مُحَمَّد").contains(&"muhammad".into()));
        assert!(texts("عبدالرحمن").contains(&"abdalrhmn".into()));
        assert!(texts("يوسف").contains(&"yusf".into()));
        assert!(texts("شريف").contains(&"chrif".into()));
    }

    #[test]
    fn foreign_and_degenerate() {
        assert!(romanize_arabic("").is_empty());
        assert!(romanize_arabic("١٢٣").is_empty());
        let r = romanize_arabic("omar");
        assert_eq!((r[0].scheme, r[0].text.as_str()), (Scheme::Ascii, "omar"));
        assert_eq!(texts("ء"), vec!["a"]);
        assert_eq!(texts("ع"), vec!["a"]);
        assert_eq!(texts("محمد-x"), vec!["mhmdx"]);
    }
}
