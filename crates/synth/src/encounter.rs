//! Streaming generation of encounters: true encounters of subjects rendered
//! with noise, clean travellers, and hard-negative namesakes.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::culture::{Culture, Family};
use crate::dates::{self, Date, Precision};
use crate::docs::{OcrKind, doc_number, ocr_error};
use crate::fold::{mrz_upper, norm_key};
use crate::ident::{Ident, Order, Role, Spelling, Target, gen_ident, gen_kunya};
use crate::rngx::RngExt;
use crate::subject::primary_nationality;
use crate::tables::{Sampler, has_native_script, tables};
use crate::{
    Category, Encounter, EncounterKind, Gender, NoiseConfig, NoiseOp, Script, Subject, SynthConfig,
    encounter_rng,
};

/// Share of encounter names captured in the native script (Arabic,
/// Cyrillic) for cultures that have one; the rest are Latin.
const NATIVE_SHARE: f64 = 0.12;
/// Share of Latin encounter names in MRZ-style upper case.
const UPPER_SHARE: f64 = 0.4;

/// Hasher for sets of precomputed 64-bit hashes (no re-hashing needed).
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type HashSet64 = HashSet<u64, BuildHasherDefault<PassThrough>>;

/// FNV-1a over the parts, separated by a 0xFF byte; stable across runs and
/// platforms (only used for set membership, never for output order).
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xFF;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Iterator over the encounters of a configuration; yields each encounter
/// with the subject id for true encounters. Created by [`encounters_iter`].
///
/// It holds only the watchlist reference, two hash sets used to keep
/// negatives distinct from subjects, and the random state, so any number of
/// encounters can be streamed to disk.
pub struct EncounterIter<'a> {
    watchlist: &'a [Subject],
    noise: NoiseConfig,
    rng: ChaCha8Rng,
    next: usize,
    total: usize,
    true_left: usize,
    hard_left: usize,
    cultures: Vec<Culture>,
    culture_w: Vec<f64>,
    /// Indices of subjects with a known name structure (for namesakes).
    structured: Vec<u32>,
    /// hash(normalised name, full date) of every subject name and alias.
    names_dates: HashSet64,
    /// hash(canonical structure key, full date) of every subject.
    canon_dates: HashSet64,
}

/// Streams the encounters of `cfg` against `watchlist` (normally the result
/// of [`crate::generate_watchlist`] for the same configuration). Yields
/// `(encounter, Some(subject_id))` for true encounters and `(encounter,
/// None)` otherwise; exactly `cfg.encounters` items, deterministic.
pub fn encounters_iter<'a>(cfg: &SynthConfig, watchlist: &'a [Subject]) -> EncounterIter<'a> {
    let total = cfg.encounters;
    let (mut true_n, mut hard_n) = (0, 0);
    if !watchlist.is_empty() {
        true_n = (total as f64 * cfg.match_rate.clamp(0.0, 1.0)).round() as usize;
        hard_n =
            ((total - true_n) as f64 * cfg.hard_negative_rate.clamp(0.0, 1.0)).round() as usize;
    }
    let weights = cfg.culture_weights();
    // Expected sizes: ~0.8 full dates and ~4 names per subject.
    let mut names_dates =
        HashSet64::with_capacity_and_hasher(watchlist.len() * 4, Default::default());
    let mut canon_dates = HashSet64::with_capacity_and_hasher(watchlist.len(), Default::default());
    let mut structured = Vec::new();
    let mut full: Vec<&str> = Vec::with_capacity(2);
    for (i, s) in watchlist.iter().enumerate() {
        if s.structure.0.is_some() {
            structured.push(i as u32);
        }
        full.clear();
        full.extend(
            s.birth_dates
                .iter()
                .map(|d| d.trim())
                .filter(|d| Date::parse(d).is_some_and(|p| p.prec == Precision::Day)),
        );
        if full.is_empty() {
            continue;
        }
        if let Some(id) = &s.structure.0 {
            let canon = id.canonical_key();
            for d in &full {
                canon_dates.insert(fnv(&[&canon, d]));
            }
        }
        for n in std::iter::once(&s.name).chain(&s.aliases) {
            let k = norm_key(n);
            for d in &full {
                names_dates.insert(fnv(&[&k, d]));
            }
        }
    }
    EncounterIter {
        watchlist,
        noise: cfg.noise.clone(),
        rng: encounter_rng(cfg.seed),
        next: 0,
        total,
        true_left: true_n,
        hard_left: hard_n,
        cultures: weights.iter().map(|(c, _)| *c).collect(),
        culture_w: weights.iter().map(|(_, w)| *w).collect(),
        structured,
        names_dates,
        canon_dates,
    }
}

impl Iterator for EncounterIter<'_> {
    type Item = (Encounter, Option<String>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.total {
            return None;
        }
        // Sequential sampling without replacement: the counts of each kind
        // are exact while kinds are spread randomly over the stream.
        let left = self.total - self.next;
        let kind = if self.rng.below(left) < self.true_left {
            self.true_left -= 1;
            EncounterKind::True
        } else if self.rng.below(left - self.true_left) < self.hard_left {
            self.hard_left -= 1;
            EncounterKind::HardNegative
        } else {
            EncounterKind::Clean
        };
        let id = format!("E{:07}", self.next + 1);
        self.next += 1;
        let (mut e, sid) = match kind {
            EncounterKind::True => {
                let watchlist = self.watchlist;
                let s = &watchlist[self.rng.below(watchlist.len())];
                (self.true_encounter(s), Some(s.subject_id.clone()))
            }
            EncounterKind::HardNegative => (self.hard_negative(), None),
            EncounterKind::Clean => (self.clean(), None),
        };
        e.encounter_id = id;
        e.kind = kind;
        Some((e, sid))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.total - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for EncounterIter<'_> {}

/// Options for rendering an identity's name into an encounter.
struct NameOpts {
    /// Apply the noise operations that relate to a reference record
    /// (scheme switch, nom de guerre); off for negatives.
    true_match: bool,
}

impl EncounterIter<'_> {
    fn blank(&self, culture: Culture) -> Encounter {
        Encounter {
            encounter_id: String::new(),
            name: String::new(),
            birth_date: String::new(),
            nationality: String::new(),
            gender: None,
            document_number: String::new(),
            culture,
            script: Script::Latin,
            kind: EncounterKind::Clean,
            noise: Vec::new(),
        }
    }

    /// Renders `id` as captured at the border: script, spelling, order,
    /// shortening, appended nom de guerre, case and typos.
    fn render_name(
        &mut self,
        id: &Ident,
        base: &Spelling,
        opts: NameOpts,
        noise: &mut Vec<NoiseOp>,
    ) -> String {
        let nz = &self.noise;
        let rng = &mut self.rng;
        let native = has_native_script(id.culture) && rng.chance(NATIVE_SHARE);
        let cyrillic = id.culture.family_kind() == Family::Cyrillic;
        let p_drop = if cyrillic && !native && nz.drop_middle > 0.0 {
            nz.drop_middle.max(0.6)
        } else {
            nz.drop_middle
        };
        let mut mask = id.full_mask();
        if rng.chance(p_drop) && id.mask_without_middle() != mask {
            mask = id.mask_without_middle();
            noise.push(NoiseOp::DropMiddle);
        }
        let default_order = if native && id.native_family_first {
            Order::FamilyFirst
        } else {
            Order::Natural
        };
        let mut order = default_order;
        if id.n > 1 && rng.chance(nz.reorder) {
            order = if order == Order::Natural {
                Order::FamilyFirst
            } else {
                Order::Natural
            };
            noise.push(NoiseOp::Reorder);
        }
        let mut name = if native {
            id.render(Target::Native, order, mask)
        } else {
            let mut sp = *base;
            if opts.true_match
                && rng.chance(nz.scheme_switch)
                && let Some(other) = id.draw_other_spelling(rng, base)
            {
                sp = other;
                noise.push(NoiseOp::SchemeSwitch);
            }
            id.render(Target::Latin(&sp), order, mask)
        };
        if opts.true_match && rng.chance(nz.add_nom_de_guerre) {
            let k = if id.kunya.is_some() {
                if native {
                    id.kunya_native()
                } else {
                    id.kunya_respelled(rng)
                }
            } else {
                // A nom de guerre the watchlist does not know yet.
                let nat = primary_nationality(rng, id.culture);
                let mut with = id.clone();
                with.kunya = Some(gen_kunya(rng, id.culture, id.female, nat));
                if with.denied() {
                    None
                } else if native {
                    with.kunya_native()
                } else {
                    with.kunya_latin()
                }
            };
            if let Some(k) = k {
                name.push(' ');
                name.push_str(&k);
                noise.push(NoiseOp::AddNomDeGuerre);
            }
        }
        if !native && rng.chance(UPPER_SHARE) {
            name = mrz_upper(&name);
        }
        if rng.chance(nz.typo)
            && let Some((typo, op)) = apply_typo(rng, &name)
        {
            name = typo;
            noise.push(op);
        }
        name
    }

    /// Secondary fields shared by all kinds: gender, nationality, document
    /// and birth date, with the missing-field noise.
    fn fill_fields(
        &mut self,
        e: &mut Encounter,
        gender: Option<Gender>,
        nat: String,
        doc: String,
        dob: Option<Date>,
        declared_nats: &[String],
    ) {
        let p = self.noise.missing_fields;
        let rng = &mut self.rng;
        e.gender = gender;
        if e.gender.is_some() && rng.chance(p / 2.0) {
            e.gender = None;
            e.noise.push(NoiseOp::GenderMissing);
        }
        e.nationality = nat;
        if rng.chance(p) {
            e.nationality.clear();
            e.noise.push(NoiseOp::NationalityMissing);
        } else if rng.chance(p / 2.0) {
            let others: Vec<&str> = e
                .culture
                .second_nationalities()
                .iter()
                .copied()
                .filter(|c| !declared_nats.iter().any(|d| d == c) && *c != e.nationality)
                .collect();
            if !others.is_empty() {
                e.nationality = (*rng.pick(&others)).to_owned();
                e.noise.push(NoiseOp::NationalityOther);
            }
        }
        e.document_number = doc;
        if rng.chance(p) {
            e.document_number.clear();
            e.noise.push(NoiseOp::DocMissing);
        }
        e.birth_date = dob.map(|d| d.to_string()).unwrap_or_default();
        if !e.birth_date.is_empty() && rng.chance(p / 4.0) {
            e.birth_date.clear();
            e.noise.push(NoiseOp::DobMissing);
        }
    }

    fn true_encounter(&mut self, s: &Subject) -> Encounter {
        let mut e = self.blank(s.culture);
        let mut noise = Vec::new();
        e.name = match &s.structure.0 {
            Some(id) => {
                let id = id.as_ref();
                self.render_name(id, &id.primary, NameOpts { true_match: true }, &mut noise)
            }
            None => self.render_unstructured(s, &mut noise),
        };
        e.script = Script::detect(&e.name);
        e.noise = noise;

        // Birth date: one of the listed dates completed to a full date (a
        // traveller's document has one); an unknown date gets a plausible
        // one. Then the date errors.
        let rng = &mut self.rng;
        let listed: Vec<Date> = s
            .birth_dates
            .iter()
            .filter_map(|d| Date::parse(d))
            .collect();
        let mut dob = match listed.as_slice() {
            [] => {
                let y = if s.category == Category::Minor {
                    dates::minor_year(rng)
                } else {
                    dates::adult_year(rng)
                };
                Date::random_in_year(rng, y)
            }
            l => rng.pick(l).complete(rng),
        };
        if rng.chance(self.noise.dob_error) {
            let (d, op) = dob_error(rng, dob);
            dob = d;
            e.noise.push(op);
        }

        let nat = if s.nationalities.is_empty() {
            primary_nationality(rng, s.culture).to_owned()
        } else {
            rng.pick(&s.nationalities).clone()
        };
        // Travellers mostly present a listed passport; sometimes a newer
        // one the list does not know.
        let mut doc = if !s.document_numbers.is_empty() && rng.chance(0.9) {
            rng.pick(&s.document_numbers).clone()
        } else {
            doc_number(rng, if nat.is_empty() { "XX" } else { &nat })
        };
        if rng.chance(self.noise.doc_ocr_error)
            && let Some((bad, kind)) = ocr_error(rng, &doc)
        {
            doc = bad;
            e.noise.push(match kind {
                OcrKind::Substitution => NoiseOp::DocOcr,
                OcrKind::Transposition => NoiseOp::DocTranspose,
            });
        }
        let declared = s.nationalities.clone();
        self.fill_fields(&mut e, s.gender, nat, doc, Some(dob), &declared);
        e
    }

    /// True encounter of a subject without known structure (built by hand
    /// or read from CSV): string-level reordering, shortening, case, typos.
    fn render_unstructured(&mut self, s: &Subject, noise: &mut Vec<NoiseOp>) -> String {
        let nz = &self.noise;
        let rng = &mut self.rng;
        let latin = std::iter::once(&s.name)
            .chain(&s.aliases)
            .find(|n| Script::detect(n) == Script::Latin)
            .unwrap_or(&s.name);
        let use_native = Script::detect(&s.name) != Script::Latin && rng.chance(NATIVE_SHARE);
        let base = if use_native { &s.name } else { latin };
        let mut toks: Vec<&str> = base.split_whitespace().collect();
        if toks.len() >= 3 && rng.chance(nz.drop_middle) {
            toks = vec![toks[0], toks[toks.len() - 1]];
            noise.push(NoiseOp::DropMiddle);
        }
        if toks.len() >= 2 && rng.chance(nz.reorder) {
            let last = toks.pop().unwrap_or_default();
            toks.insert(0, last);
            noise.push(NoiseOp::Reorder);
        }
        let mut name = toks.join(" ");
        if Script::detect(&name) == Script::Latin && rng.chance(UPPER_SHARE) {
            name = mrz_upper(&name);
        }
        if rng.chance(nz.typo)
            && let Some((typo, op)) = apply_typo(rng, &name)
        {
            name = typo;
            noise.push(op);
        }
        name
    }

    /// Rendering noise for negatives: the same capture artefacts as true
    /// encounters, so that noise alone does not reveal the class.
    fn negative_fields(
        &mut self,
        e: &mut Encounter,
        id: &Ident,
        base: &Spelling,
        dob: Date,
        nat: &str,
        doc: String,
    ) {
        let mut noise = Vec::new();
        e.name = self.render_name(id, base, NameOpts { true_match: false }, &mut noise);
        e.script = Script::detect(&e.name);
        e.noise = noise;
        let gender = if self.rng.chance(0.98) {
            Some(if id.female {
                Gender::Female
            } else {
                Gender::Male
            })
        } else {
            None
        };
        self.fill_fields(e, gender, nat.to_owned(), doc, Some(dob), &[]);
    }

    /// Whether a negative would be indistinguishable from a subject: same
    /// name (normalised string or canonical structure) and same full date.
    fn collides(&self, e: &Encounter, id: &Ident) -> bool {
        if e.birth_date.len() != 10 {
            return false;
        }
        self.names_dates
            .contains(&fnv(&[&norm_key(&e.name), &e.birth_date]))
            || self
                .canon_dates
                .contains(&fnv(&[&id.canonical_key(), &e.birth_date]))
    }

    fn clean(&mut self) -> Encounter {
        let culture = self.cultures[self.rng.weighted(&self.culture_w)];
        loop {
            let rng = &mut self.rng;
            let female = rng.chance(0.45);
            let nat = primary_nationality(rng, culture);
            let id = gen_ident(rng, culture, female, nat);
            if id.denied() {
                continue;
            }
            let year = dates::traveller_year(rng);
            let dob = Date::random_in_year(rng, year);
            let doc = doc_number(rng, nat);
            let mut e = self.blank(culture);
            let base = id.primary;
            self.negative_fields(&mut e, &id, &base, dob, nat, doc);
            if !self.collides(&e, &id) {
                return e;
            }
        }
    }

    fn hard_negative(&mut self) -> Encounter {
        if self.structured.is_empty() {
            return self.hard_negative_unstructured();
        }
        for _ in 0..64 {
            let si = self.structured[self.rng.below(self.structured.len())] as usize;
            let watchlist = self.watchlist;
            let s = &watchlist[si];
            let Some(src) = s.structure.0.as_deref() else {
                continue;
            };
            let Some((id, base)) = namesake(&mut self.rng, src, s) else {
                continue;
            };
            let rng = &mut self.rng;
            // Same birth year, different full date than any listed one.
            let listed: Vec<Date> = s
                .birth_dates
                .iter()
                .filter_map(|d| Date::parse(d))
                .collect();
            let year = listed
                .first()
                .map_or_else(|| dates::adult_year(rng), |d| d.y);
            let dob = loop {
                let d = Date::random_in_year(rng, year);
                if !listed.iter().any(|l| l.prec == Precision::Day && *l == d) {
                    break d;
                }
            };
            let nat = match s.nationalities.first() {
                Some(n) if rng.chance(0.6) => n.clone(),
                _ => primary_nationality(rng, s.culture).to_owned(),
            };
            let doc = loop {
                let d = doc_number(rng, &nat);
                if !s.document_numbers.contains(&d) {
                    break d;
                }
            };
            let mut e = self.blank(s.culture);
            self.negative_fields(&mut e, &id, &base, dob, &nat, doc);
            if !self.collides(&e, &id) {
                return e;
            }
        }
        // Practically unreachable (every draw collided); fall back to a
        // clean traveller rather than emit a duplicate of a subject.
        self.clean()
    }

    /// Namesake of a subject without known structure: a fresh identity of
    /// the subject's culture that carries the subject's first name token.
    fn hard_negative_unstructured(&mut self) -> Encounter {
        for _ in 0..64 {
            let watchlist = self.watchlist;
            let s = &watchlist[self.rng.below(watchlist.len())];
            let rng = &mut self.rng;
            let nat = primary_nationality(rng, s.culture);
            let id = gen_ident(rng, s.culture, s.gender == Some(Gender::Female), nat);
            if id.denied() {
                continue;
            }
            let latin = std::iter::once(&s.name)
                .chain(&s.aliases)
                .find(|n| Script::detect(n) == Script::Latin)
                .unwrap_or(&s.name);
            let first = latin
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            let listed: Vec<Date> = s
                .birth_dates
                .iter()
                .filter_map(|d| Date::parse(d))
                .collect();
            let year = listed
                .first()
                .map_or_else(|| dates::adult_year(rng), |d| d.y);
            let dob = Date::random_in_year(rng, year);
            let doc = doc_number(rng, nat);
            let mut e = self.blank(s.culture);
            let base = id.primary;
            self.negative_fields(&mut e, &id, &base, dob, nat, doc);
            let mut toks: Vec<&str> = e.name.split_whitespace().collect();
            if !toks.is_empty() && Script::detect(&e.name) == Script::Latin {
                toks[0] = &first;
                e.name = toks.join(" ");
            }
            if !self.collides(&e, &id) {
                return e;
            }
        }
        self.clean()
    }
}

/// Builds a namesake of subject `s`: same given name and family name with
/// other middle parts, or the same given name with another surname, or the
/// same surname with another given name. Returns the identity and the
/// spelling to render it with (often the subject's own, to be confusable).
fn namesake<R: Rng + ?Sized>(rng: &mut R, src: &Ident, s: &Subject) -> Option<(Ident, Spelling)> {
    let t = tables();
    let ct = t.culture(src.culture);
    let nat = s.nationalities.first().map_or("", String::as_str);
    let country = ct.country(nat);
    for _ in 0..16 {
        let mut id = src.clone();
        id.kunya = None;
        id.adopted = None;
        let last = id.n as usize - 1;
        let mode = rng.weighted(&[35u16, 30, 35]);
        let sampler_for = |i: usize, id: &Ident| -> &Sampler {
            let p = id.parts[i];
            match (p.role, country) {
                (Role::Given | Role::Middle, Some(c)) => {
                    if id.female {
                        &c.given_f
                    } else {
                        &c.given_m
                    }
                }
                (Role::Family, Some(c)) => &c.family,
                (Role::Given | Role::Middle, None) => {
                    if id.female {
                        &ct.given_f
                    } else {
                        &ct.given_m
                    }
                }
                (Role::Family, None) if p.deriv == crate::ident::Deriv::None => {
                    ct.family.as_ref().unwrap_or(&ct.given_m)
                }
                _ => &ct.given_m,
            }
        };
        // Middle parts always differ: a namesake is another family.
        for i in 1..last {
            let other = sampler_for(i, &id).sample_other(rng, &[src.parts[i].elem]);
            id.set_elem(i, other);
        }
        match mode {
            1 if last > 0 => {
                let other = sampler_for(last, &id).sample_other(rng, &[src.parts[last].elem]);
                id.set_elem(last, other);
            }
            2 if last > 0 => {
                let other = sampler_for(0, &id).sample_other(rng, &[src.parts[0].elem]);
                id.set_elem(0, other);
            }
            _ => {}
        }
        if id.denied() {
            continue;
        }
        let base = if rng.chance(0.6) {
            src.primary
        } else {
            id.draw_spelling(rng)
        };
        return Some((id, base));
    }
    None
}

/// Applies one birth-date error; falls back to a year shift when the chosen
/// error would not change the date.
fn dob_error<R: Rng + ?Sized>(rng: &mut R, d: Date) -> (Date, NoiseOp) {
    let shift = |rng: &mut R| {
        (
            d.shift_year(if rng.chance(0.5) { 1 } else { -1 }),
            NoiseOp::DobYearShift,
        )
    };
    match rng.below(4) {
        0 => shift(rng),
        1 if d.d <= 12 && d.d != d.m => (
            Date {
                m: d.d,
                d: d.m,
                ..d
            },
            NoiseOp::DobDayMonthSwap,
        ),
        2 if (d.m, d.d) != (1, 1) => (Date { m: 1, d: 1, ..d }, NoiseOp::DobPlaceholder),
        3 => (d.year_only(), NoiseOp::DobYearOnly),
        _ => shift(rng),
    }
}

/// QWERTY neighbours of each lower-case letter.
fn qwerty_neighbours(c: char) -> &'static str {
    match c {
        'q' => "wa",
        'w' => "qes",
        'e' => "wrd",
        'r' => "etf",
        't' => "ryg",
        'y' => "tuh",
        'u' => "yij",
        'i' => "uok",
        'o' => "ipl",
        'p' => "ol",
        'a' => "qsz",
        's' => "adwx",
        'd' => "sfec",
        'f' => "dgrv",
        'g' => "fhtb",
        'h' => "gjyn",
        'j' => "hkum",
        'k' => "jli",
        'l' => "ko",
        'z' => "xa",
        'x' => "zcs",
        'c' => "xvd",
        'v' => "cbf",
        'b' => "vng",
        'n' => "bmh",
        'm' => "nj",
        _ => "",
    }
}

/// One keyboard typo at a random letter. Adjacent-key errors only apply to
/// ASCII letters; other scripts get drops, doubles and transpositions.
fn apply_typo<R: Rng + ?Sized>(rng: &mut R, name: &str) -> Option<(String, NoiseOp)> {
    let mut chars: Vec<char> = name.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    if letters.len() < 3 {
        return None;
    }
    let i = *rng.pick(&letters);
    let c = chars[i];
    let mut op = *rng.weighted_pick(&[
        (NoiseOp::TypoAdjacent, 35u16),
        (NoiseOp::TypoDrop, 25),
        (NoiseOp::TypoDouble, 20),
        (NoiseOp::TypoTranspose, 20),
    ]);
    if op == NoiseOp::TypoTranspose
        && !(i + 1 < chars.len() && chars[i + 1].is_alphabetic() && chars[i + 1] != c)
    {
        op = NoiseOp::TypoDrop;
    }
    if op == NoiseOp::TypoAdjacent && qwerty_neighbours(c.to_ascii_lowercase()).is_empty() {
        op = NoiseOp::TypoDouble;
    }
    match op {
        NoiseOp::TypoAdjacent => {
            let ns: Vec<char> = qwerty_neighbours(c.to_ascii_lowercase()).chars().collect();
            let n = *rng.pick(&ns);
            chars[i] = if c.is_uppercase() {
                n.to_ascii_uppercase()
            } else {
                n
            };
        }
        NoiseOp::TypoDrop => {
            chars.remove(i);
        }
        NoiseOp::TypoDouble => chars.insert(i, c),
        _ => chars.swap(i, i + 1),
    }
    Some((chars.into_iter().collect(), op))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn typos_change_the_name() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for name in [
            "MOHAMMED AL JUBOURI",
            "Магомедов Аслан",
            "محمد أحمد",
            "Yılmaz",
        ] {
            for _ in 0..50 {
                let (t, _) = apply_typo(&mut rng, name).expect("long enough");
                assert_ne!(t, name);
            }
        }
        assert!(apply_typo(&mut rng, "Al").is_none());
    }

    #[test]
    fn dob_errors_change_the_date() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for s in ["1990-01-01", "1990-03-07", "1990-12-31", "2000-02-29"] {
            let d = Date::parse(s).unwrap();
            for _ in 0..50 {
                let (e, _) = dob_error(&mut rng, d);
                assert_ne!(e, d);
            }
        }
    }
}
