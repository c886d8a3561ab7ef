//! Name-element tables: parsing of the embedded lists in `data/`, spelling
//! variants and weighted samplers per culture.
//!
//! The lists are plain text (see `data/FORMAT.md`) so that linguists can
//! review and extend them without touching code; they are embedded with
//! `include_str!` and parsed once per process.

use std::sync::OnceLock;

use rand::Rng;

use crate::culture::{Culture, Family};
use crate::fold::{ascii_fold, german_fold, key_tokens};
use crate::rngx::RngExt;
use crate::translit::{Scheme, translit};

/// Identifies one embedded list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub(crate) enum L {
    ArGivenM,
    ArGivenF,
    LevFamily,
    IraqFamily,
    GulfFamily,
    EgyFamily,
    MagFamily,
    Kunya,
    Nisba,
    NomDeGuerre,
    CeGivenM,
    CeGivenF,
    CeFamily,
    DaGivenM,
    DaGivenF,
    DaFamily,
    UzGivenM,
    UzGivenF,
    UzFamily,
    TjGivenM,
    TjGivenF,
    TjFamily,
    KgGivenM,
    KgGivenF,
    KgFamily,
    KzGivenM,
    KzGivenF,
    KzFamily,
    TrGivenM,
    TrGivenF,
    TrFamily,
    BsGivenM,
    BsGivenF,
    BsFamily,
    SqGivenM,
    SqGivenF,
    SqFamily,
    WeGivenM,
    WeGivenF,
    WeFamily,
    UgGivenM,
    UgGivenF,
}

/// How a list's Latin spellings come about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Arabic script, spellings listed explicitly.
    Arabic,
    /// Uyghur Arabic script, spellings listed explicitly.
    Uyghur,
    /// Cyrillic; spellings from the culture's transliteration schemes plus
    /// listed extras.
    Cyrillic(Culture),
    /// Native Latin orthography; folding variants derived by these rules.
    Latin(LatinRules),
}

/// Rules that derive the real-world ASCII/foreign spellings of names written
/// natively in a Latin alphabet with diacritics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LatinRules {
    Turkish,
    Bosnian,
    Albanian,
    Western,
}

/// (list, file name, content, kind), in [`L`] order.
const SOURCES: &[(L, &str, &str, Kind)] = &[
    (
        L::ArGivenM,
        "arabic_given_m",
        include_str!("../data/arabic_given_m.txt"),
        Kind::Arabic,
    ),
    (
        L::ArGivenF,
        "arabic_given_f",
        include_str!("../data/arabic_given_f.txt"),
        Kind::Arabic,
    ),
    (
        L::LevFamily,
        "levantine_family",
        include_str!("../data/levantine_family.txt"),
        Kind::Arabic,
    ),
    (
        L::IraqFamily,
        "iraqi_family",
        include_str!("../data/iraqi_family.txt"),
        Kind::Arabic,
    ),
    (
        L::GulfFamily,
        "gulf_family",
        include_str!("../data/gulf_family.txt"),
        Kind::Arabic,
    ),
    (
        L::EgyFamily,
        "egyptian_family",
        include_str!("../data/egyptian_family.txt"),
        Kind::Arabic,
    ),
    (
        L::MagFamily,
        "maghrebi_family",
        include_str!("../data/maghrebi_family.txt"),
        Kind::Arabic,
    ),
    (
        L::Kunya,
        "kunya",
        include_str!("../data/kunya.txt"),
        Kind::Arabic,
    ),
    (
        L::Nisba,
        "nisba",
        include_str!("../data/nisba.txt"),
        Kind::Arabic,
    ),
    (
        L::NomDeGuerre,
        "nom_de_guerre",
        include_str!("../data/nom_de_guerre.txt"),
        Kind::Arabic,
    ),
    (
        L::CeGivenM,
        "chechen_given_m",
        include_str!("../data/chechen_given_m.txt"),
        Kind::Cyrillic(Culture::Chechen),
    ),
    (
        L::CeGivenF,
        "chechen_given_f",
        include_str!("../data/chechen_given_f.txt"),
        Kind::Cyrillic(Culture::Chechen),
    ),
    (
        L::CeFamily,
        "chechen_family",
        include_str!("../data/chechen_family.txt"),
        Kind::Cyrillic(Culture::Chechen),
    ),
    (
        L::DaGivenM,
        "dagestani_given_m",
        include_str!("../data/dagestani_given_m.txt"),
        Kind::Cyrillic(Culture::Dagestani),
    ),
    (
        L::DaGivenF,
        "dagestani_given_f",
        include_str!("../data/dagestani_given_f.txt"),
        Kind::Cyrillic(Culture::Dagestani),
    ),
    (
        L::DaFamily,
        "dagestani_family",
        include_str!("../data/dagestani_family.txt"),
        Kind::Cyrillic(Culture::Dagestani),
    ),
    (
        L::UzGivenM,
        "uzbek_given_m",
        include_str!("../data/uzbek_given_m.txt"),
        Kind::Cyrillic(Culture::Uzbek),
    ),
    (
        L::UzGivenF,
        "uzbek_given_f",
        include_str!("../data/uzbek_given_f.txt"),
        Kind::Cyrillic(Culture::Uzbek),
    ),
    (
        L::UzFamily,
        "uzbek_family",
        include_str!("../data/uzbek_family.txt"),
        Kind::Cyrillic(Culture::Uzbek),
    ),
    (
        L::TjGivenM,
        "tajik_given_m",
        include_str!("../data/tajik_given_m.txt"),
        Kind::Cyrillic(Culture::Tajik),
    ),
    (
        L::TjGivenF,
        "tajik_given_f",
        include_str!("../data/tajik_given_f.txt"),
        Kind::Cyrillic(Culture::Tajik),
    ),
    (
        L::TjFamily,
        "tajik_family",
        include_str!("../data/tajik_family.txt"),
        Kind::Cyrillic(Culture::Tajik),
    ),
    (
        L::KgGivenM,
        "kyrgyz_given_m",
        include_str!("../data/kyrgyz_given_m.txt"),
        Kind::Cyrillic(Culture::Kyrgyz),
    ),
    (
        L::KgGivenF,
        "kyrgyz_given_f",
        include_str!("../data/kyrgyz_given_f.txt"),
        Kind::Cyrillic(Culture::Kyrgyz),
    ),
    (
        L::KgFamily,
        "kyrgyz_family",
        include_str!("../data/kyrgyz_family.txt"),
        Kind::Cyrillic(Culture::Kyrgyz),
    ),
    (
        L::KzGivenM,
        "kazakh_given_m",
        include_str!("../data/kazakh_given_m.txt"),
        Kind::Cyrillic(Culture::Kazakh),
    ),
    (
        L::KzGivenF,
        "kazakh_given_f",
        include_str!("../data/kazakh_given_f.txt"),
        Kind::Cyrillic(Culture::Kazakh),
    ),
    (
        L::KzFamily,
        "kazakh_family",
        include_str!("../data/kazakh_family.txt"),
        Kind::Cyrillic(Culture::Kazakh),
    ),
    (
        L::TrGivenM,
        "turkish_given_m",
        include_str!("../data/turkish_given_m.txt"),
        Kind::Latin(LatinRules::Turkish),
    ),
    (
        L::TrGivenF,
        "turkish_given_f",
        include_str!("../data/turkish_given_f.txt"),
        Kind::Latin(LatinRules::Turkish),
    ),
    (
        L::TrFamily,
        "turkish_family",
        include_str!("../data/turkish_family.txt"),
        Kind::Latin(LatinRules::Turkish),
    ),
    (
        L::BsGivenM,
        "bosnian_given_m",
        include_str!("../data/bosnian_given_m.txt"),
        Kind::Latin(LatinRules::Bosnian),
    ),
    (
        L::BsGivenF,
        "bosnian_given_f",
        include_str!("../data/bosnian_given_f.txt"),
        Kind::Latin(LatinRules::Bosnian),
    ),
    (
        L::BsFamily,
        "bosnian_family",
        include_str!("../data/bosnian_family.txt"),
        Kind::Latin(LatinRules::Bosnian),
    ),
    (
        L::SqGivenM,
        "albanian_given_m",
        include_str!("../data/albanian_given_m.txt"),
        Kind::Latin(LatinRules::Albanian),
    ),
    (
        L::SqGivenF,
        "albanian_given_f",
        include_str!("../data/albanian_given_f.txt"),
        Kind::Latin(LatinRules::Albanian),
    ),
    (
        L::SqFamily,
        "albanian_family",
        include_str!("../data/albanian_family.txt"),
        Kind::Latin(LatinRules::Albanian),
    ),
    (
        L::WeGivenM,
        "western_given_m",
        include_str!("../data/western_given_m.txt"),
        Kind::Latin(LatinRules::Western),
    ),
    (
        L::WeGivenF,
        "western_given_f",
        include_str!("../data/western_given_f.txt"),
        Kind::Latin(LatinRules::Western),
    ),
    (
        L::WeFamily,
        "western_family",
        include_str!("../data/western_family.txt"),
        Kind::Latin(LatinRules::Western),
    ),
    (
        L::UgGivenM,
        "uyghur_given_m",
        include_str!("../data/uyghur_given_m.txt"),
        Kind::Uyghur,
    ),
    (
        L::UgGivenF,
        "uyghur_given_f",
        include_str!("../data/uyghur_given_f.txt"),
        Kind::Uyghur,
    ),
];

const DENY_SOURCE: &str = include_str!("../data/deny.txt");

/// The 64-bit FNV-1a hash under which `data/deny.txt` stores each key token
/// (so that the deny list names nobody in clear).
pub fn deny_token_hash(token: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in token.as_bytes() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// One name element with its native form and real-world Latin spellings.
#[derive(Debug)]
pub(crate) struct Element {
    /// Native-script (or native-orthography) form.
    pub native: &'static str,
    /// Latin spellings. For Cyrillic lists the first `n_schemes` entries are
    /// the outputs of the culture's schemes (same order as
    /// [`CultureTables::schemes`]); the rest are listed extras.
    pub latin: Vec<Box<str>>,
    /// Number of leading scheme-derived spellings (Cyrillic lists only).
    pub n_schemes: u8,
    /// Number of leading general spellings; the ones after it were only
    /// named as a culture's preference and must not leak to other cultures
    /// (Maghrebi "Hocine" for an Iraqi Hussein).
    pub n_general: u8,
    /// Culture-specific preferred spellings: (culture index, indices into
    /// `latin`).
    pub pref: Vec<(u8, Vec<u8>)>,
    /// Bit mask over culture indices the element is restricted to; 0 = all.
    pub only: u32,
    /// Nationality codes the element is tied to (country nisbas, Western
    /// names).
    pub cc: Vec<&'static str>,
    /// Canonical key tokens (articles removed), spelling-independent; used
    /// by the deny list and to compare identities.
    pub keys: Vec<Box<str>>,
    /// Bit set of the deny-list tokens among the key tokens (bit i =
    /// `Tables::deny_tokens[i]`); zero for almost all elements.
    pub deny_bits: u128,
}

impl Element {
    /// Spelling indices preferred by `culture`, if the list names any.
    fn pref_for(&self, culture: Culture) -> Option<&[u8]> {
        let ci = culture.index() as u8;
        self.pref
            .iter()
            .find(|(c, _)| *c == ci)
            .map(|(_, v)| v.as_slice())
    }

    /// Whether the element may be used for `culture`.
    fn allowed(&self, culture: Culture) -> bool {
        self.only == 0 || self.only & (1 << culture.index()) != 0
    }

    /// Canonical key as one string (tokens joined by spaces).
    pub(crate) fn key(&self) -> String {
        self.keys.join(" ")
    }
}

/// A parsed list.
#[derive(Debug)]
pub(crate) struct List {
    pub name: &'static str,
    pub kind: Kind,
    pub elems: Vec<Element>,
}

/// Reference to one element: list and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ElemRef {
    pub list: L,
    pub idx: u16,
}

/// Zipf-like weighted sampler over a subset of one list. Real name
/// frequencies are very skewed (Muhammad, Magomed, Mehmet, Yılmaz, ...);
/// uniform sampling would under-produce namesakes.
#[derive(Debug, Clone)]
pub(crate) struct Sampler {
    pub list: L,
    pub idx: Vec<u16>,
    cum: Vec<f64>,
}

impl Sampler {
    fn new(list: L, idx: Vec<u16>, offset: f64) -> Sampler {
        let mut cum = Vec::with_capacity(idx.len());
        let mut acc = 0.0;
        for rank in 0..idx.len() {
            acc += 1.0 / (rank as f64 + offset);
            cum.push(acc);
        }
        Sampler { list, idx, cum }
    }

    /// Draws one element reference.
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> ElemRef {
        let total = *self.cum.last().expect("sampler over an empty list");
        let x = rng.random::<f64>() * total;
        let i = self
            .cum
            .partition_point(|&c| c <= x)
            .min(self.idx.len() - 1);
        ElemRef {
            list: self.list,
            idx: self.idx[i],
        }
    }

    /// Draws an element different from every element in `avoid` (by
    /// canonical key), giving up after a few tries on tiny lists.
    pub(crate) fn sample_other<R: Rng + ?Sized>(&self, rng: &mut R, avoid: &[ElemRef]) -> ElemRef {
        let t = tables();
        let mut r = self.sample(rng);
        for _ in 0..32 {
            if !avoid.iter().any(|a| t.elem(*a).keys == t.elem(r).keys) {
                return r;
            }
            r = self.sample(rng);
        }
        r
    }

    /// Number of distinct elements the sampler can return.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.idx.len()
    }
}

/// Samplers of one nationality (Western names are country-specific).
#[derive(Debug)]
pub(crate) struct CountrySamplers {
    pub cc: &'static str,
    pub given_m: Sampler,
    pub given_f: Sampler,
    pub family: Sampler,
}

/// Everything the generator needs for one culture.
#[derive(Debug)]
pub(crate) struct CultureTables {
    pub given_m: Sampler,
    pub given_f: Sampler,
    /// None for cultures without family names (Uyghur: father's name).
    pub family: Option<Sampler>,
    pub kunya: Sampler,
    pub nisba: Sampler,
    pub nom_de_guerre: Sampler,
    /// Transliteration schemes with weights (Cyrillic cultures only).
    pub schemes: &'static [(Scheme, u16)],
    /// Per-country samplers (Western cultures only).
    pub by_cc: Vec<CountrySamplers>,
    /// Arabic given names a convert adopts (Western convert only).
    pub adopted: Option<(Sampler, Sampler)>,
}

impl CultureTables {
    /// The country samplers for `cc`, falling back to the first country.
    pub(crate) fn country(&self, cc: &str) -> Option<&CountrySamplers> {
        self.by_cc
            .iter()
            .find(|s| s.cc == cc)
            .or(self.by_cc.first())
    }
}

/// All parsed tables.
#[derive(Debug)]
pub(crate) struct Tables {
    pub lists: Vec<List>,
    pub cultures: Vec<CultureTables>,
    /// Deny entries as token lists.
    #[cfg_attr(not(test), allow(dead_code))]
    pub deny: Vec<Vec<u64>>,
    /// Distinct tokens of the deny entries.
    deny_tokens: Vec<u64>,
    /// Each deny entry as a bit set over `deny_tokens`.
    deny_masks: Vec<u128>,
}

impl Tables {
    pub(crate) fn list(&self, l: L) -> &List {
        &self.lists[l as usize]
    }

    pub(crate) fn elem(&self, r: ElemRef) -> &Element {
        &self.lists[r.list as usize].elems[r.idx as usize]
    }

    pub(crate) fn culture(&self, c: Culture) -> &CultureTables {
        &self.cultures[c.index()]
    }

    /// Picks a Latin spelling index of `r` for `culture`: the culture's
    /// preferred spellings most of the time, otherwise a frequency-biased
    /// choice among all spellings. Cyrillic elements are not handled here
    /// (their spelling is a per-name scheme choice).
    pub(crate) fn pick_spelling<R: Rng + ?Sized>(
        &self,
        r: ElemRef,
        culture: Culture,
        rng: &mut R,
    ) -> u8 {
        let e = self.elem(r);
        if let Some(p) = e.pref_for(culture)
            && rng.chance(0.75)
        {
            return p[rng.zipf(p.len(), 1.0)];
        }
        rng.zipf(e.n_general as usize, 1.0) as u8
    }

    /// Whether a set of elements (plus literal tokens such as "abu") spells
    /// a deny-listed combination: some entry's tokens are all present.
    /// Bit sets keep this check cheap, it runs for every identity.
    pub(crate) fn denied(&self, elems: &[ElemRef], literal: &[&str]) -> bool {
        let mut have: u128 = elems.iter().fold(0, |acc, r| acc | self.elem(*r).deny_bits);
        if have == 0 {
            return false;
        }
        for lit in literal {
            let h = deny_token_hash(lit);
            if let Some(i) = self.deny_tokens.iter().position(|t| *t == h) {
                have |= 1 << i;
            }
        }
        self.deny_masks.iter().any(|m| m & !have == 0)
    }
}

/// Weighted transliteration schemes per Cyrillic culture: the mix of
/// issuers' habits behind the spellings a border system sees.
pub(crate) const fn schemes(c: Culture) -> &'static [(Scheme, u16)] {
    match c {
        Culture::Chechen => &[
            (Scheme::Icao, 40),
            (Scheme::Bgn, 25),
            (Scheme::German, 20),
            (Scheme::French, 15),
        ],
        Culture::Dagestani => &[
            (Scheme::Icao, 45),
            (Scheme::Bgn, 35),
            (Scheme::German, 10),
            (Scheme::French, 10),
        ],
        Culture::Uzbek => &[
            (Scheme::UzLatin, 35),
            (Scheme::UzLatinPlain, 15),
            (Scheme::UzLatinOkina, 5),
            (Scheme::Icao, 30),
            (Scheme::Bgn, 10),
            (Scheme::German, 5),
        ],
        Culture::Tajik => &[
            (Scheme::Icao, 35),
            (Scheme::TjLatin, 35),
            (Scheme::Bgn, 25),
            (Scheme::German, 5),
        ],
        Culture::Kyrgyz => &[(Scheme::Icao, 50), (Scheme::Bgn, 35), (Scheme::German, 15)],
        Culture::Kazakh => &[
            (Scheme::Icao, 45),
            (Scheme::Bgn, 30),
            (Scheme::KzLatin, 10),
            (Scheme::German, 15),
        ],
        _ => &[],
    }
}

static TABLES: OnceLock<Tables> = OnceLock::new();

/// The process-wide tables, parsed on first use.
pub(crate) fn tables() -> &'static Tables {
    TABLES.get_or_init(|| build().unwrap_or_else(|e| panic!("embedded name data is invalid: {e}")))
}

fn dedup_push(v: &mut Vec<Box<str>>, s: &str) -> u8 {
    if let Some(i) = v.iter().position(|x| &**x == s) {
        return i as u8;
    }
    v.push(s.into());
    (v.len() - 1) as u8
}

/// Derived spellings of a native-Latin name.
fn latin_variants(native: &str, rules: LatinRules) -> Vec<String> {
    let mut v = vec![native.to_owned(), ascii_fold(native)];
    match rules {
        LatinRules::Turkish | LatinRules::Western => v.push(german_fold(native)),
        LatinRules::Bosnian => {
            // English-language transliteration from the Cyrillic form
            // (Hodžić → Hodzhich) and partial folding as typed on foreign
            // keyboards (only ć lost).
            let angl = native
                .replace("dž", "dzh")
                .replace("Dž", "Dzh")
                .replace(['č', 'ć'], "ch")
                .replace(['Č', 'Ć'], "Ch")
                .replace('š', "sh")
                .replace('Š', "Sh")
                .replace('ž', "zh")
                .replace('Ž', "Zh")
                .replace('đ', "dj")
                .replace('Đ', "Dj");
            v.push(angl);
            v.push(native.replace('ć', "c"));
        }
        LatinRules::Albanian => {
            let angl = native
                .replace("xh", "dj")
                .replace("Xh", "Dj")
                .replace('ç', "ch")
                .replace('Ç', "Ch")
                .replace('q', "ch")
                .replace('Q', "Ch")
                .replace('ë', "e")
                .replace('Ë', "E");
            v.push(angl);
        }
    }
    v
}

fn build() -> Result<Tables, String> {
    let mut lists = Vec::with_capacity(SOURCES.len());
    for (i, &(l, name, text, kind)) in SOURCES.iter().enumerate() {
        if l as usize != i {
            return Err(format!("list {name} out of order"));
        }
        lists.push(parse_list(name, text, kind)?);
    }
    let mut deny: Vec<Vec<u64>> = Vec::new();
    for l in DENY_SOURCE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let entry = l
            .split_whitespace()
            .map(|h| {
                u64::from_str_radix(h, 16)
                    .map_err(|e| format!("deny.txt: bad token hash {h:?}: {e}"))
            })
            .collect::<Result<Vec<u64>, String>>()?;
        deny.push(entry);
    }
    let mut deny_tokens: Vec<u64> = Vec::new();
    for t in deny.iter().flatten() {
        if !deny_tokens.contains(t) {
            deny_tokens.push(*t);
        }
    }
    if deny_tokens.len() > 128 {
        return Err(format!(
            "deny list has {} distinct tokens (max 128)",
            deny_tokens.len()
        ));
    }
    let bit_of_hash = |h: u64| {
        deny_tokens
            .iter()
            .position(|t| *t == h)
            .map_or(0u128, |i| 1u128 << i)
    };
    let bit = |tok: &str| bit_of_hash(deny_token_hash(tok));
    let deny_masks: Vec<u128> = deny
        .iter()
        .map(|e| e.iter().fold(0, |acc, t| acc | bit_of_hash(*t)))
        .collect();
    for list in &mut lists {
        for e in &mut list.elems {
            e.deny_bits = e.keys.iter().fold(0, |acc, k| acc | bit(k));
        }
    }
    let cultures = Culture::ALL
        .iter()
        .map(|&c| culture_tables(&lists, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Tables {
        lists,
        cultures,
        deny,
        deny_tokens,
        deny_masks,
    })
}

fn parse_list(name: &'static str, text: &'static str, kind: Kind) -> Result<List, String> {
    let mut elems: Vec<Element> = Vec::new();
    for (lineno, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let where_ = || format!("{name}.txt:{}", lineno + 1);
        let mut fields = line.split('|').map(str::trim);
        let native = fields
            .next()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| format!("{}: no native form", where_()))?;
        let listed: Vec<&str> = fields
            .next()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let mut latin: Vec<Box<str>> = Vec::new();
        let mut n_schemes = 0u8;
        let canonical: String;
        match kind {
            Kind::Arabic | Kind::Uyghur => {
                if listed.is_empty() {
                    return Err(format!("{}: no Latin spelling", where_()));
                }
                for s in &listed {
                    dedup_push(&mut latin, s);
                }
                canonical = listed[0].to_owned();
            }
            Kind::Cyrillic(c) => {
                // Scheme outputs are kept even when two schemes agree, so
                // that index = scheme; extras follow.
                for (scheme, _) in schemes(c) {
                    latin.push(translit(native, *scheme).into());
                }
                n_schemes = latin.len() as u8;
                for s in &listed {
                    if !latin.iter().any(|x| &**x == *s) {
                        latin.push((*s).into());
                    }
                }
                canonical = translit(native, Scheme::Bgn);
            }
            Kind::Latin(rules) => {
                for v in latin_variants(native, rules) {
                    dedup_push(&mut latin, &v);
                }
                for s in &listed {
                    dedup_push(&mut latin, s);
                }
                canonical = ascii_fold(native);
            }
        }
        let n_general = latin.len() as u8;
        let mut pref = Vec::new();
        let mut only = 0u32;
        let mut cc = Vec::new();
        for f in fields {
            if f.is_empty() {
                continue;
            }
            let (tag, vals) = f
                .split_once(':')
                .ok_or_else(|| format!("{}: bad field {f:?}", where_()))?;
            let (tag, vals) = (tag.trim(), vals.trim());
            match tag {
                "only" => {
                    for t in vals.split_whitespace() {
                        let c = Culture::from_tag(t)
                            .ok_or_else(|| format!("{}: unknown tag {t}", where_()))?;
                        only |= 1 << c.index();
                    }
                }
                "cc" => cc.extend(vals.split_whitespace()),
                t => {
                    let c = Culture::from_tag(t)
                        .ok_or_else(|| format!("{}: unknown tag {t}", where_()))?;
                    let idx: Vec<u8> = vals
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| dedup_push(&mut latin, s))
                        .collect();
                    pref.push((c.index() as u8, idx));
                }
            }
        }
        for s in &latin {
            if s.contains(['|', ',', '"', '\n']) || s.trim() != &**s || s.is_empty() {
                return Err(format!("{}: bad spelling {s:?}", where_()));
            }
        }
        if latin.len() > u8::MAX as usize {
            return Err(format!("{}: too many spellings", where_()));
        }
        let keys: Vec<Box<str>> = key_tokens(&canonical).into_iter().map(Into::into).collect();
        if keys.is_empty() {
            return Err(format!("{}: empty key", where_()));
        }
        if elems.iter().any(|e| e.native == native) {
            return Err(format!("{}: duplicate element {native}", where_()));
        }
        elems.push(Element {
            native,
            latin,
            n_schemes,
            n_general,
            pref,
            only,
            cc,
            keys,
            deny_bits: 0,
        });
    }
    if elems.is_empty() || elems.len() > u16::MAX as usize {
        return Err(format!("{name}: bad element count {}", elems.len()));
    }
    Ok(List { name, kind, elems })
}

fn all_allowed(lists: &[List], l: L, c: Culture) -> Vec<u16> {
    lists[l as usize]
        .elems
        .iter()
        .enumerate()
        .filter(|(_, e)| e.allowed(c))
        .map(|(i, _)| i as u16)
        .collect()
}

fn culture_tables(lists: &[List], c: Culture) -> Result<CultureTables, String> {
    use Culture as C;
    let sampler = |l: L, offset: f64| -> Result<Sampler, String> {
        let idx = all_allowed(lists, l, c);
        if idx.is_empty() {
            return Err(format!(
                "{}: no element of {} allowed",
                c, lists[l as usize].name
            ));
        }
        Ok(Sampler::new(l, idx, offset))
    };
    let (gm, gf, fam) = match c {
        C::Levantine => (L::ArGivenM, L::ArGivenF, Some(L::LevFamily)),
        C::Iraqi => (L::ArGivenM, L::ArGivenF, Some(L::IraqFamily)),
        C::Gulf => (L::ArGivenM, L::ArGivenF, Some(L::GulfFamily)),
        C::Egyptian => (L::ArGivenM, L::ArGivenF, Some(L::EgyFamily)),
        C::Maghrebi => (L::ArGivenM, L::ArGivenF, Some(L::MagFamily)),
        C::Chechen => (L::CeGivenM, L::CeGivenF, Some(L::CeFamily)),
        C::Dagestani => (L::DaGivenM, L::DaGivenF, Some(L::DaFamily)),
        C::Uzbek => (L::UzGivenM, L::UzGivenF, Some(L::UzFamily)),
        C::Tajik => (L::TjGivenM, L::TjGivenF, Some(L::TjFamily)),
        C::Kyrgyz => (L::KgGivenM, L::KgGivenF, Some(L::KgFamily)),
        C::Kazakh => (L::KzGivenM, L::KzGivenF, Some(L::KzFamily)),
        C::Turkish => (L::TrGivenM, L::TrGivenF, Some(L::TrFamily)),
        C::Bosnian => (L::BsGivenM, L::BsGivenF, Some(L::BsFamily)),
        C::Albanian => (L::SqGivenM, L::SqGivenF, Some(L::SqFamily)),
        C::WesternEuropean | C::WesternConvert => (L::WeGivenM, L::WeGivenF, Some(L::WeFamily)),
        C::Uyghur => (L::UgGivenM, L::UgGivenF, None),
    };
    let mut by_cc = Vec::new();
    if matches!(c, C::WesternEuropean | C::WesternConvert) {
        for &(cc, _) in c.nationalities() {
            let pick = |l: L, offset: f64| -> Result<Sampler, String> {
                let idx: Vec<u16> = lists[l as usize]
                    .elems
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.cc.contains(&cc))
                    .map(|(i, _)| i as u16)
                    .collect();
                if idx.is_empty() {
                    return Err(format!(
                        "{}: no {} element for {cc}",
                        c, lists[l as usize].name
                    ));
                }
                Ok(Sampler::new(l, idx, offset))
            };
            by_cc.push(CountrySamplers {
                cc,
                given_m: pick(gm, 2.0)?,
                given_f: pick(gf, 2.0)?,
                family: pick(L::WeFamily, 3.0)?,
            });
        }
    }
    let adopted = if c == C::WesternConvert {
        // Converts adopt the commonest Arabic names; Maghrebi-only forms
        // are excluded by asking for Levantine-allowed ones.
        let m = Sampler::new(
            L::ArGivenM,
            all_allowed(lists, L::ArGivenM, C::Levantine),
            2.0,
        );
        let f = Sampler::new(
            L::ArGivenF,
            all_allowed(lists, L::ArGivenF, C::Levantine),
            2.0,
        );
        Some((m, f))
    } else {
        None
    };
    Ok(CultureTables {
        given_m: sampler(gm, 2.0)?,
        given_f: sampler(gf, 2.0)?,
        family: fam.map(|l| sampler(l, 4.0)).transpose()?,
        kunya: Sampler::new(L::Kunya, all_allowed(lists, L::Kunya, c), 3.0),
        nisba: sampler(L::Nisba, 3.0)?,
        nom_de_guerre: Sampler::new(L::NomDeGuerre, all_allowed(lists, L::NomDeGuerre, c), 3.0),
        schemes: schemes(c),
        by_cc,
        adopted,
    })
}

/// Whether the culture writes its names natively in a non-Latin script.
pub(crate) fn has_native_script(c: Culture) -> bool {
    c.family_kind() != Family::Latin
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script_ok(kind: Kind, s: &str) -> bool {
        let letters = s.chars().filter(|c| c.is_alphabetic());
        match kind {
            Kind::Arabic | Kind::Uyghur => {
                letters.clone().count() > 0
                    && letters
                        .clone()
                        .all(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
            }
            Kind::Cyrillic(_) => letters
                .clone()
                .all(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
            Kind::Latin(_) => letters.clone().all(|c| (c as u32) < 0x0250),
        }
    }

    #[test]
    fn every_list_parses_with_native_script() {
        let t = tables();
        for list in &t.lists {
            for e in &list.elems {
                assert!(
                    script_ok(list.kind, e.native),
                    "{}: {} not in expected script",
                    list.name,
                    e.native
                );
                assert!(!e.latin.is_empty());
                for s in &e.latin {
                    assert!(
                        s.chars().all(|c| (c as u32) < 0x0400),
                        "{}: {s} not Latin",
                        list.name
                    );
                }
            }
        }
    }

    #[test]
    fn deny_tokens_exist_in_the_lists() {
        // A deny entry whose tokens never occur would silently protect
        // nothing (e.g. after a spelling change in the data).
        let t = tables();
        for entry in &t.deny {
            for tok in entry {
                let found = [deny_token_hash("abu"), deny_token_hash("umm")].contains(tok)
                    || t.lists.iter().any(|l| {
                        l.elems
                            .iter()
                            .any(|e| e.keys.iter().any(|k| deny_token_hash(k) == *tok))
                    });
                assert!(found, "deny token hash {tok:016x} matches no element key");
            }
        }
    }

    #[test]
    fn culture_lists_are_of_useful_size() {
        let t = tables();
        for c in Culture::ALL {
            let ct = t.culture(c);
            assert!(
                ct.given_m.len() >= 30,
                "{c}: {} male given names",
                ct.given_m.len()
            );
            assert!(
                ct.given_f.len() >= 20,
                "{c}: {} female given names",
                ct.given_f.len()
            );
            if let Some(f) = &ct.family {
                assert!(f.len() >= 30, "{c}: {} family names", f.len());
            }
            assert!(ct.nisba.len() >= 1 && ct.kunya.len() >= 20);
        }
    }

    /// `cargo test -p lookout-synth -- --ignored --nocapture element_counts`
    /// prints the element and spelling counts per culture.
    #[test]
    #[ignore = "report, not a check"]
    fn element_counts() {
        let t = tables();
        let spellings = |s: &Sampler| -> usize {
            s.idx
                .iter()
                .map(|&i| {
                    let e = &t.list(s.list).elems[i as usize];
                    let mut v: Vec<&str> = e.latin.iter().map(|x| &**x).collect();
                    v.sort_unstable();
                    v.dedup();
                    v.len()
                })
                .sum()
        };
        println!(
            "culture | given m | given f | family | kunya | nisba | nom de guerre | Latin spellings"
        );
        for c in Culture::ALL {
            let ct = t.culture(c);
            let fam = ct.family.as_ref().map_or(0, |f| f.len());
            let sp = spellings(&ct.given_m)
                + spellings(&ct.given_f)
                + ct.family.as_ref().map_or(0, spellings);
            println!(
                "{c} | {} | {} | {} | {} | {} | {} | {sp}",
                ct.given_m.len(),
                ct.given_f.len(),
                fam,
                ct.kunya.len(),
                ct.nisba.len(),
                ct.nom_de_guerre.len()
            );
        }
    }

    #[test]
    fn cyrillic_variants_come_from_schemes() {
        let t = tables();
        let list = t.list(L::CeFamily);
        let e = list
            .elems
            .iter()
            .find(|e| e.native == "Юсупов")
            .expect("Юсупов listed");
        let spellings: Vec<&str> = e.latin.iter().map(|s| &**s).collect();
        assert_eq!(spellings, ["Iusupov", "Yusupov", "Jussupow", "Ioussoupov"]);
        assert_eq!(e.key(), "yusupov");
    }
}
