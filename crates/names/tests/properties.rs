//! Property tests of the name engine: folding, comparison bounds, order
//! invariance and token similarity.
//!
//! Inputs are either arbitrary Unicode strings or strings assembled from
//! name-like parts (Latin with diacritics, Arabic letters with tashkeel and
//! tatweel, Cyrillic, Greek, punctuation, hyphens and apostrophes). Every
//! name here is synthetic: common given and family names combined at
//! random, or random letters.

use lookout_names::normalize::fold;
use lookout_names::{PreparedName, compare, prepare, token_sim};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

/// Modest case counts keep the suite fast (`PROPTEST_CASES=5000` for a
/// deeper run); no regression files are written next to the sources.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// A Latin word with diacritics and mixed case.
fn latin_word() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÖØ-öø-ÿĀ-žƀ-ɏḀ-ỿ]{1,9}"
}

/// An Arabic word: letters, tashkeel (harakat, shadda, sukun, superscript
/// alef) and tatweel in any order.
fn arabic_word() -> impl Strategy<Value = String> {
    "[\u{0621}-\u{063A}\u{0641}-\u{064A}\u{064B}-\u{0652}\u{0670}\u{0640}]{1,9}"
}

/// A Cyrillic word (Russian and Central Asian letters).
fn cyrillic_word() -> impl Strategy<Value = String> {
    "[А-яЁёІіЇїЄєҒғҚқҢңҮүҰұҲҳӘәӨө]{1,9}"
}

/// A Greek word, with tonos and final sigma.
fn greek_word() -> impl Strategy<Value = String> {
    "[Α-Ωα-ωάέήίόύώϊϋΐΰς]{1,9}"
}

/// A name part in one of the scripts, or a common particle.
fn name_part() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => latin_word(),
        3 => arabic_word(),
        2 => cyrillic_word(),
        1 => greek_word(),
        1 => select(vec!["al", "El", "bin", "Abu", "abd", "van", "de", "ال", "عبد", "бин", "J.", "Dr"]).prop_map(str::to_string),
    ]
}

/// What separates name parts: spaces, hyphens, apostrophes, punctuation.
fn separator() -> impl Strategy<Value = &'static str> {
    select(vec![
        " ", "  ", "-", "'", "\u{2019}", "ʿ", ", ", ". ", "/", " (", ") ", "\t", "\u{00A0}", "_",
        "",
    ])
}

/// A name-like string built from 0 to 5 parts.
fn name_like() -> impl Strategy<Value = String> {
    prop::collection::vec((name_part(), separator()), 0..6).prop_map(|parts| {
        let mut s = String::new();
        for (p, sep) in parts {
            s.push_str(&p);
            s.push_str(sep);
        }
        s
    })
}

/// Arbitrary Unicode, or a name-like string.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), name_like()]
}

/// Common given and family names (synthetic combinations only), none of
/// them a particle, title, connector, kunya or `abd` compound.
const ORDINARY: &[&str] = &[
    "Karim",
    "Oukili",
    "Yusuf",
    "Haddad",
    "Omar",
    "Nasser",
    "Samira",
    "Khalil",
    "Layla",
    "Mansour",
    "Rashid",
    "Farouk",
    "Tarek",
    "Zahra",
    "Ivanov",
    "Petrova",
    "Dmitri",
    "Olga",
    "Sergei",
    "Kuznetsov",
    "Nikos",
    "Papadakis",
    "Eleni",
    "Georgiou",
    "Emma",
    "Schneider",
    "Lucas",
    "Martin",
    "Dubois",
    "Moreau",
    "Aylin",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Emir",
    "Hodzic",
    "Arben",
    "Krasniqi",
    "Aziz",
    "Karimov",
    "Rustam",
    "Nazarov",
    "Aigerim",
    "Nurlanovna",
    "Bekova",
    "Hamid",
    "Saleh",
    "Jamal",
    "Boukhari",
    "Benali",
    "Hassan",
    "Ibrahim",
    "Mahmoud",
    "Fatima",
    "Amina",
];

fn ordinary_random_token(t: &str) -> bool {
    let vowels = t.bytes().filter(|b| b"aeiouy".contains(b)).count();
    t.len() >= 4
        && vowels >= 1
        // Not a word the parser treats specially, nor an `abd` compound.
        && !t.starts_with("abd")
        && !lookout_names::parse::is_special_word(t)
}

/// An ordinary Latin name token: a common name, or random letters that the
/// parser cannot take for a particle, title, initial or compound. Written
/// in lower, title or upper case.
fn ordinary_token() -> impl Strategy<Value = String> {
    let base = prop_oneof![
        select(ORDINARY).prop_map(|s| s.to_ascii_lowercase()),
        "[a-z]{4,9}".prop_filter("ordinary token", |t| ordinary_random_token(t)),
    ];
    (base, 0..3u8).prop_map(|(t, case)| match case {
        0 => t,
        1 => t.to_ascii_uppercase(),
        _ => {
            let mut c = t.chars();
            let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or_default();
            std::iter::once(first).chain(c).collect()
        }
    })
}

/// 2 to 4 ordinary tokens, pairwise distinct (ignoring case), and a
/// permutation of their positions.
fn ordinary_name_and_permutation() -> impl Strategy<Value = (Vec<String>, Vec<usize>)> {
    prop::collection::vec(ordinary_token(), 2..=4)
        .prop_filter("distinct tokens", |toks| {
            let mut low: Vec<String> = toks.iter().map(|t| t.to_ascii_lowercase()).collect();
            low.sort();
            low.dedup();
            low.len() == toks.len()
        })
        .prop_flat_map(|toks| {
            let idx: Vec<usize> = (0..toks.len()).collect();
            (Just(toks), Just(idx).prop_shuffle())
        })
}

fn score(query: &PreparedName, candidate: &PreparedName) -> f32 {
    compare(query, candidate).score
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fold_is_idempotent_on_arbitrary_unicode(x in any::<String>()) {
        let once = fold(&x);
        prop_assert_eq!(fold(&once), once.clone(), "input {:?}", x);
    }

    #[test]
    fn fold_is_idempotent_on_name_like_text(x in name_like()) {
        let once = fold(&x);
        prop_assert_eq!(fold(&once), once.clone(), "input {:?}", x);
    }

    #[test]
    fn name_score_is_finite_and_in_unit_interval(a in any_text(), b in any_text()) {
        let (pa, pb) = (prepare(&a), prepare(&b));
        for (q, c) in [(&pa, &pb), (&pb, &pa), (&pa, &pa)] {
            let s = score(q, c);
            prop_assert!(s.is_finite() && (0.0..=1.0).contains(&s), "score {} for {:?} vs {:?}", s, q.original, c.original);
        }
    }

    #[test]
    fn name_score_is_in_unit_interval_against_empty_names(a in any_text()) {
        let pa = prepare(&a);
        for empty in ["", " ", "-", "''", "123"] {
            let pe = prepare(empty);
            for s in [score(&pa, &pe), score(&pe, &pa), score(&pe, &pe)] {
                prop_assert!(s.is_finite() && (0.0..=1.0).contains(&s), "score {} for {:?} vs {:?}", s, a, empty);
            }
        }
    }

    /// The alignment is greedy with ties broken by position. When every
    /// query token has an identical counterpart in the candidate, the
    /// identical pairs (similarity 1.0) are taken first whatever the query
    /// order, so permuting the query cannot change the score.
    #[test]
    fn permuting_the_query_keeps_the_score((toks, perm) in ordinary_name_and_permutation()) {
        let name = toks.join(" ");
        let permuted = perm.iter().map(|&i| toks[i].as_str()).collect::<Vec<_>>().join(" ");
        let candidate = prepare(&name);
        let base = score(&prepare(&name), &candidate);
        let moved = score(&prepare(&permuted), &candidate);
        prop_assert!((base - moved).abs() <= 1e-6, "{:?} vs {:?}: {} then {}", name, permuted, base, moved);
    }

    /// The same with a candidate that carries one more part (a father's
    /// name on the watchlist entry): the extra part is unmatched whatever
    /// the query order, and its cost depends only on the candidate.
    #[test]
    fn permuting_the_query_keeps_the_score_against_a_longer_candidate(
        (toks, perm) in ordinary_name_and_permutation(),
        extra in ordinary_token(),
        at in 0usize..5,
    ) {
        prop_assume!(!toks.iter().any(|t| t.eq_ignore_ascii_case(&extra)));
        let mut cand = toks.clone();
        cand.insert(at.min(cand.len()), extra);
        let candidate = prepare(&cand.join(" "));
        let name = toks.join(" ");
        let permuted = perm.iter().map(|&i| toks[i].as_str()).collect::<Vec<_>>().join(" ");
        let base = score(&prepare(&name), &candidate);
        let moved = score(&prepare(&permuted), &candidate);
        prop_assert!((base - moved).abs() <= 1e-6, "{:?} / {:?} vs {:?}: {} then {}", name, permuted, cand, base, moved);
    }

    #[test]
    fn token_similarity_is_in_unit_interval_and_one_on_itself(a in any_text(), b in any_text()) {
        let (pa, pb) = (prepare(&a), prepare(&b));
        let tokens: Vec<_> = pa.tokens.iter().chain(&pb.tokens).collect();
        for x in &tokens {
            let own = token_sim(x, x);
            prop_assert_eq!(own.sim, 1.0, "token {:?} against itself: {:?}", x.display, own);
            for y in &tokens {
                let s = token_sim(x, y);
                prop_assert!(s.sim.is_finite() && (0.0..=1.0).contains(&s.sim), "{:?} vs {:?}: {:?}", x.display, y.display, s);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Examples that the properties cover, pinned so a failure reads plainly
// ---------------------------------------------------------------------------

#[test]
fn fold_is_idempotent_on_tashkeel_separated_by_tatweel() {
    // Shadda, tatweel, fatha: the tatweel keeps the marks apart in the
    // input; once fold drops it, the marks must not need reordering by a
    // second NFKC pass.
    let x = "\u{0628}\u{0651}\u{0640}\u{064E}";
    assert_eq!(fold(&fold(x)), fold(x), "input {x:?}");
}

#[test]
fn fold_is_idempotent_on_tashkeel_separated_by_an_apostrophe() {
    let x = "\u{0628}\u{0651}'\u{064E}";
    assert_eq!(fold(&fold(x)), fold(x), "input {x:?}");
}

#[test]
fn fold_is_idempotent_on_latin_letters_that_decompose_to_ae_or_o_slash() {
    // `ǿ` (o with stroke and acute) and `ǽ` (ae with acute) lose their
    // acute to NFD and leave `ø` / `æ`, which a second fold turns into
    // `o` / `ae`.
    for x in [
        "\u{01FF}",
        "\u{01FE}",
        "\u{01FD}",
        "\u{01FC}",
        "\u{01E3}",
        "S\u{01FF}ren",
    ] {
        assert_eq!(fold(&fold(x)), fold(x), "input {x:?}");
    }
}

#[test]
fn fold_is_idempotent_after_an_uppercase_letter_without_lowercase() {
    // `🅐` (U+1F150) and `🅰` (U+1F170) are upper case but have no lower
    // case and no NFKC decomposition: after `ABC` has been lowered to
    // `abc`, a second fold sees a lower-to-upper change and splits.
    for x in ["ABC\u{1F150}", "KARIM\u{1F170}"] {
        assert_eq!(fold(&fold(x)), fold(x), "input {x:?}");
    }
}

#[test]
fn identical_ordinary_names_score_one_in_any_query_order() {
    let c = prepare("Karim Yusuf Oukili");
    for q in [
        "Karim Yusuf Oukili",
        "Oukili Karim Yusuf",
        "YUSUF oukili Karim",
    ] {
        assert!((score(&prepare(q), &c) - 1.0).abs() < 1e-6, "{q}");
    }
}
