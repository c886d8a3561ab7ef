//! Passport-like document numbers in country-typical formats, and the OCR
//! confusions that corrupt them at the border.

use rand::Rng;

use crate::rngx::RngExt;

/// Format of a country's passport numbers: `a` = letter, `n` = digit,
/// `x` = letter or digit, upper-case letters are literal. Approximations of
/// public formats; the exact check-digit rules do not matter for matching.
fn pattern(cc: &str) -> &'static str {
    match cc {
        "RU" | "GB" | "DK" | "NO" | "DZ" | "TJ" | "RS" | "HR" | "SY" => "nnnnnnnnn",
        "FR" | "GE" => "nnaannnnn",
        "DE" => "Cxxxxxxxx",
        "NL" => "aaxxxxxxn",
        "BE" => "aannnnnn",
        "SE" | "YE" | "LY" => "nnnnnnnn",
        "AT" | "CH" | "BA" | "MK" | "JO" | "KW" | "AE" | "QA" | "BH" | "OM" => "annnnnnn",
        "ES" => "aaannnnnn",
        "IT" | "FI" | "IE" | "MA" | "UZ" | "AL" | "ME" | "PL" => "aannnnnnn",
        "TR" | "SA" => "annnnnnnn",
        "IQ" | "EG" => "Annnnnnnn",
        "LB" => "RLnnnnnnn",
        "PS" => "nnnnnnn",
        "SD" | "XK" => "Pnnnnnnnn",
        "TN" => "annnnnn",
        "MR" => "Bnnnnnnn",
        "KG" => "ACnnnnnnn",
        "KZ" => "Nnnnnnnnn",
        "AF" => "Pnnnnnnn",
        "SI" => "PAnnnnnnn",
        "CN" => "Ennnnnnnn",
        "AZ" => "Cnnnnnnnn",
        _ => "annnnnnn",
    }
}

const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ";
const DIGITS: &[u8] = b"0123456789";

/// A fresh document number for nationality `cc`.
pub(crate) fn doc_number<R: Rng + ?Sized>(rng: &mut R, cc: &str) -> String {
    pattern(cc)
        .bytes()
        .map(|b| match b {
            b'a' => *rng.pick(LETTERS) as char,
            b'n' => *rng.pick(DIGITS) as char,
            b'x' => {
                if rng.chance(0.5) {
                    *rng.pick(LETTERS) as char
                } else {
                    *rng.pick(DIGITS) as char
                }
            }
            other => other as char,
        })
        .collect()
}

/// Character pairs an OCR reader of the MRZ/VIZ confuses.
const OCR_PAIRS: &[(char, char)] = &[
    ('O', '0'),
    ('I', '1'),
    ('S', '5'),
    ('B', '8'),
    ('Z', '2'),
    ('G', '6'),
    ('D', '0'),
];

/// What an OCR corruption did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OcrKind {
    Substitution,
    Transposition,
}

/// Corrupts a document number like a misread: one confusable character
/// swapped for its look-alike, or else two adjacent characters transposed.
/// Returns None if the number cannot change (empty or one repeated char).
pub(crate) fn ocr_error<R: Rng + ?Sized>(rng: &mut R, doc: &str) -> Option<(String, OcrKind)> {
    let mut chars: Vec<char> = doc.chars().collect();
    let confusable: Vec<(usize, char)> = chars
        .iter()
        .enumerate()
        .filter_map(|(i, &c)| {
            OCR_PAIRS.iter().find_map(|&(a, b)| match c {
                _ if c == a => Some((i, b)),
                _ if c == b && a != 'D' => Some((i, a)),
                _ => None,
            })
        })
        .collect();
    if !confusable.is_empty() && rng.chance(0.7) {
        let (i, rep) = *rng.pick(&confusable);
        chars[i] = rep;
        return Some((chars.into_iter().collect(), OcrKind::Substitution));
    }
    let swaps: Vec<usize> = (0..chars.len().saturating_sub(1))
        .filter(|&i| chars[i] != chars[i + 1])
        .collect();
    if swaps.is_empty() {
        return None;
    }
    let i = *rng.pick(&swaps);
    chars.swap(i, i + 1);
    Some((chars.into_iter().collect(), OcrKind::Transposition))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn formats_and_ocr() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let lb = doc_number(&mut rng, "LB");
        assert!(lb.starts_with("RL") && lb.len() == 9);
        let fr = doc_number(&mut rng, "FR");
        assert!(
            fr[..2].chars().all(|c| c.is_ascii_digit())
                && fr[2..4].chars().all(|c| c.is_ascii_uppercase())
        );
        for _ in 0..100 {
            let d = doc_number(&mut rng, "DE");
            let (bad, _) = ocr_error(&mut rng, &d).expect("DE numbers can be corrupted");
            assert_ne!(bad, d);
            assert_eq!(bad.len(), d.len());
        }
        assert_eq!(ocr_error(&mut rng, "77"), None);
    }
}
