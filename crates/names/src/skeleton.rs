//! Consonant skeletons and vowel-tolerant forms of romanised tokens.
//!
//! Unvowelled Arabic (`محمد`) romanises to `mhmd`; no edit distance brings
//! that close to `Muhammad`. Both sides are therefore reduced to the same
//! coarse consonant skeleton, after folding the digraphs that romanisation
//! conventions disagree on (`sh`/`ch`/`sch`, `kh`/`ch`/`x`, `dj`/`j`,
//! `q`/`k`, `w`/`v`, `ou`/`u`), so that `Mohamed`, `Muhammad` and `mhmd` all
//! give `mhmd`.
//!
//! The vowel-tolerant form keeps consonants as written and maps every vowel
//! run to one placeholder; it compares Latin spellings that differ only in
//! vowels (`Mohamed` / `Muhamad` / `Mahomet` aside) more strictly than the
//! skeleton.

/// The consonant class at byte `i` and how many bytes it spans, folding the
/// digraphs that romanisation conventions disagree on (`sh`/`ch`/`sch`,
/// `kh`/`x`, `dj`/`dzh`, `q`/`k`, `w`/`v`, `ts`/`z`). Shared by the
/// skeleton and the vowel-aware symbols so the two can never disagree on
/// consonants. Returns class 0 for anything that is not a letter.
fn consonant_at(b: &[u8], i: usize) -> (u8, usize) {
    let at = |j: usize| -> u8 { b.get(j).copied().unwrap_or(0) };
    let (c, n1, n2, n3) = (b[i], at(i + 1), at(i + 2), at(i + 3));
    match c {
        b't' if n1 == b's' && n2 == b'c' && n3 == b'h' => (b's', 4),
        b's' if n1 == b'c' && n2 == b'h' => (b's', 3),
        b'd' if n1 == b'z' && n2 == b'h' => (b'j', 3),
        b'd' if n1 == b's' && n2 == b'c' && n3 == b'h' => (b'j', 4),
        b's' | b'z' | b'c' if n1 == b'h' => (b's', 2),
        b'k' if n1 == b'h' => (b'h', 2),
        b'g' if n1 == b'h' => (b'g', 2),
        b'd' if n1 == b'h' => (b'd', 2),
        b't' if n1 == b'h' => (b't', 2),
        b'p' if n1 == b'h' => (b'f', 2),
        b'd' if n1 == b'j' => (b'j', 2),
        b't' if n1 == b's' || n1 == b'z' => (b's', 2),
        b'c' if n1 == b'k' => (b'k', 2),
        b'q' if n1 == b'u' => (b'k', 2),
        b'c' if matches!(n1, b'e' | b'i' | b'y') => (b's', 1),
        b'c' | b'q' => (b'k', 1),
        b'z' => (b's', 1),
        b'w' => (b'v', 1),
        b'x' => (b'h', 1),
        c if c.is_ascii_lowercase() => (c, 1),
        _ => (0, 1),
    }
}

/// Reduce a lower-case ASCII token to its consonant skeleton.
///
/// The rules are deliberately coarse: the skeleton is a retrieval key and a
/// tie-breaker, never the sole evidence of a match.
pub fn skeleton(ascii: &str) -> String {
    let b = ascii.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    // Doubled consonants collapse only when adjacent (Muhammad / Muhamad);
    // the same consonant on both sides of a vowel is two sounds (Nanan).
    let mut after_vowel = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (class, used): (u8, usize) = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => (0, 1),
            // A trailing h after a vowel is orthographic (Abdullah,
            // Fatimah); an h between vowel and consonant is often dropped
            // too (Ahmad / Amad is rare, but Tahir / Taher keep it), so
            // only the word-final one goes.
            b'h' if i + 1 == b.len() && i > 0 => (0, 1),
            _ => consonant_at(b, i),
        };
        if class == 0 {
            after_vowel = true;
        } else {
            if after_vowel || out.last() != Some(&class) {
                out.push(class);
            }
            after_vowel = false;
        }
        i += used;
    }
    // Only ASCII bytes were pushed.
    String::from_utf8(out).unwrap_or_default()
}

/// Map every vowel run to `a` and collapse doubled consonants.
pub fn vowel_tolerant(ascii: &str) -> String {
    let mut out = String::with_capacity(ascii.len());
    let mut last = '\0';
    for c in ascii.chars() {
        let m = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' => 'a',
            'w' => 'v',
            c => c,
        };
        if m != last {
            out.push(m);
        }
        last = m;
    }
    out
}

fn vowel_bits(c: u8) -> u8 {
    match c {
        b'a' => 1,
        b'e' | b'i' | b'y' => 2,
        b'o' | b'u' => 4,
        _ => 0,
    }
}

/// Symbols of a lower-case ASCII rendering, for [`abjad_distance`]:
/// consonant classes folded as in [`skeleton`] (adjacent doubles
/// collapsed) as lower-case letters, and each vowel run as one byte below
/// 8 whose bits are its qualities (1: a, 2: i/e, 4: u/o).
pub fn abjad_symbols(ascii: &str) -> Vec<u8> {
    let b = ascii.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let at = |j: usize| -> u8 { b.get(j).copied().unwrap_or(0) };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let n1 = at(i + 1);
        // y and w before a vowel are consonants (Yusuf, Walid).
        let semivowel_cons = matches!(c, b'y' | b'w') && vowel_bits(n1) != 0;
        if !semivowel_cons && (vowel_bits(c) != 0 || c == b'w') {
            let bits = if c == b'w' { 4 } else { vowel_bits(c) };
            match out.last_mut() {
                Some(v) if *v < 8 => *v |= bits,
                _ => out.push(bits),
            }
            i += 1;
            continue;
        }
        // A final h after a vowel is orthographic (Abdullah, Fatimah).
        if c == b'h' && i + 1 == b.len() && i > 0 {
            i += 1;
            continue;
        }
        let (class, used) = consonant_at(b, i);
        if class == 0 {
            i += used;
            continue;
        }
        if out.last() != Some(&class) {
            out.push(class);
        }
        i += used;
    }
    out
}

/// Distance between a Latin spelling and the romanisation of an
/// unvowelled Arabic-script token, aware of what Arabic script writes.
///
/// Arabic leaves short vowels unwritten, so a vowel present only in the
/// Latin spelling is nearly free; but it writes long vowels (ا و ي), so a
/// written vowel missing from the Latin spelling, or a different vowel
/// quality in its place, costs. Consonants cost as usual. This separates
/// `Mohamed` / `محمد` (three short vowels) from `Mini` / `مینو` (a written
/// `u` against `i`) and `Stacy` / `سيتشي` (written `i` vowels the Latin
/// spelling does not have), which a bare consonant skeleton cannot.
/// Returns `(cost, consonants)` where `consonants` is the larger consonant
/// count, for normalisation.
pub fn abjad_distance(latin: &str, arabic: &str) -> (f32, usize) {
    abjad_distance_symbols(&abjad_symbols(latin), &abjad_symbols(arabic))
}

/// [`abjad_distance`] on precomputed [`abjad_symbols`].
pub fn abjad_distance_symbols(l: &[u8], a: &[u8]) -> (f32, usize) {
    const LATIN_VOWEL_ONLY: f32 = 0.05;
    const ARABIC_VOWEL_ONLY: f32 = 1.0;
    const VOWEL_QUALITY: f32 = 1.0;
    const CONSONANT: f32 = 1.0;
    let is_v = |x: u8| x < 8;
    let cons = |v: &[u8]| v.iter().filter(|s| !is_v(**s)).count();
    let consonants = cons(l).max(cons(a));
    let del_l = |s: u8| if is_v(s) { LATIN_VOWEL_ONLY } else { CONSONANT };
    // A word-initial vowel of the romanisation stands for an alef or ayn
    // whose vowel Arabic script does not write: any quality, or none, is
    // consistent with it.
    let del_a = |j: usize, s: u8| {
        if is_v(s) {
            if j == 0 { 0.0 } else { ARABIC_VOWEL_ONLY }
        } else {
            CONSONANT
        }
    };
    let sub = |j: usize, x: u8, y: u8| match (is_v(x), is_v(y)) {
        (true, true) if j == 0 || x & y != 0 => 0.0,
        (true, true) => VOWEL_QUALITY,
        (false, false) if x == y => 0.0,
        (false, false) => CONSONANT,
        _ => CONSONANT * 1.2,
    };
    let mut prev = [0.0f32; 33];
    let mut cur = [0.0f32; 33];
    if a.len() >= prev.len() || l.len() > 64 {
        return (f32::INFINITY, consonants);
    }
    for j in 0..a.len() {
        prev[j + 1] = prev[j] + del_a(j, a[j]);
    }
    for &x in l {
        cur[0] = prev[0] + del_l(x);
        for j in 0..a.len() {
            let y = a[j];
            cur[j + 1] = (prev[j] + sub(j, x, y))
                .min(prev[j + 1] + del_l(x))
                .min(cur[j] + del_a(j, y));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[a.len()], consonants)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn same(a: &str, b: &str) {
        assert_eq!(skeleton(a), skeleton(b), "{a} vs {b}");
    }

    #[test]
    fn arabic_spellings_share_a_skeleton() {
        same("muhammad", "mohamed");
        same("mhmd", "mohammed");
        same("youssef", "yusuf");
        same("abdullah", "abdulla");
        same("khalid", "halid");
        same("qasim", "kassim");
        same("chamil", "shamil");
        same("schamil", "shamil");
        same("djamel", "jamel");
        same("walid", "valid");
    }

    #[test]
    fn skeleton_values() {
        assert_eq!(skeleton("muhammad"), "mhmd");
        assert_eq!(skeleton("tschetschenien"), "ssnn");
        assert_eq!(skeleton("aaa"), "");
    }

    fn abjad(l: &str, a: &str) -> f32 {
        abjad_distance(l, a).0
    }

    #[test]
    fn abjad_distance_reads_written_vowels() {
        // Short vowels are unwritten: nearly free.
        assert!(abjad("muhammad", "mhmd") < 0.2);
        assert!(abjad("mohamed", "mhmd") < 0.2);
        // The romanised initial alef or ayn carries no reliable vowel.
        assert!(abjad("othman", "athman") < 0.1);
        assert!(abjad("ismail", "asmail") < 0.1);
        assert!(abjad("yusuf", "yusf") < 0.2);
        assert!(abjad("falaha", "flaha") < 0.2);
        // A written long vowel of another quality, or missing, costs.
        assert!(abjad("mini", "minu") >= 1.0);
        assert!(abjad("stacy", "sitshi") >= 1.0);
        // Consonants cost as usual.
        assert!(abjad("mohamed", "hmd") >= 1.0);
    }

    #[test]
    fn vowel_tolerance() {
        assert_eq!(vowel_tolerant("mohamed"), vowel_tolerant("muhamad"));
        assert_eq!(vowel_tolerant("ali"), vowel_tolerant("aly"));
        assert_ne!(vowel_tolerant("ali"), vowel_tolerant("adi"));
    }
}
