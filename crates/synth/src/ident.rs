//! Synthetic identities: which name elements a person has, in which naming
//! pattern, and how the name is written in native script or in one of many
//! real-world Latin spellings.

use std::borrow::Cow;

use rand::Rng;

use crate::culture::{Culture, Family};
use crate::rngx::RngExt;
use crate::tables::{ElemRef, Kind, L, Tables, tables};
use crate::translit::translit;

/// Maximum number of name parts of one identity.
pub(crate) const MAX_PARTS: usize = 5;

/// Function of a name part within the full name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Given,
    /// Second given name (Turkish "Mehmet Ali", Western middle names).
    Middle,
    Father,
    Grandfather,
    Family,
}

/// How the written token is derived from the element (Cyrillic cultures).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deriv {
    None,
    /// Russian-style patronymic from the father's given name (-ович/-овна).
    Patronymic,
    /// Tajik surname from the father's name + "зода".
    Zoda,
    /// Kyrgyz "<father> уулу" (son) / "кызы" (daughter) instead of a surname.
    Uulu,
    /// Uzbek "<father> ўғли" / "қизи" instead of a surname.
    Ogli,
}

/// Connector written before a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Conn {
    None,
    /// "bin"/"ibn" (son of), Gulf naming chains.
    Bin,
    /// "Ould" (son of), Mauritanian naming.
    Ould,
}

/// One name part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    pub role: Role,
    pub elem: ElemRef,
    pub deriv: Deriv,
    pub conn: Conn,
}

/// Rendering of the Arabic definite article of family names and nisbas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Article {
    /// al-Jubouri
    AlLower,
    /// Al-Jubouri
    AlCap,
    /// Al Jubouri
    AlSpace,
    /// Aljubouri
    AlJoined,
    /// El-Masry
    ElHyphen,
    /// El Masry
    ElSpace,
    /// el-Masry
    ElLower,
    /// ash-Shami, ad-Dulaimi (sun-letter assimilation)
    Assimilated,
    /// Jubouri
    Dropped,
}

impl Article {
    /// Typical article renderings per culture; Egyptian and Maghrebi
    /// documents write "El", Gulf ones "Al-", scholarly texts assimilate.
    fn weights(c: Culture) -> &'static [(Article, u16)] {
        use Article::*;
        match c {
            Culture::Levantine => &[
                (AlLower, 35),
                (AlCap, 20),
                (AlSpace, 10),
                (AlJoined, 5),
                (ElLower, 5),
                (Assimilated, 5),
                (Dropped, 20),
            ],
            Culture::Iraqi => &[
                (AlLower, 35),
                (AlCap, 30),
                (AlSpace, 15),
                (AlJoined, 5),
                (Dropped, 15),
            ],
            Culture::Gulf => &[
                (AlCap, 35),
                (AlLower, 30),
                (AlSpace, 15),
                (AlJoined, 12),
                (Dropped, 8),
            ],
            Culture::Egyptian => &[
                (ElHyphen, 40),
                (ElLower, 15),
                (ElSpace, 10),
                (AlLower, 10),
                (Dropped, 25),
            ],
            Culture::Maghrebi => &[(ElSpace, 35), (ElHyphen, 15), (AlLower, 10), (Dropped, 40)],
            _ => &[(AlLower, 60), (AlCap, 25), (AlSpace, 5), (Assimilated, 10)],
        }
    }

    /// Writes `spelling` (which may start with "al-") with this article.
    fn apply(self, spelling: &str, out: &mut String) {
        let Some(rest) = spelling.strip_prefix("al-") else {
            out.push_str(spelling);
            return;
        };
        match self {
            Article::AlLower => out.push_str("al-"),
            Article::AlCap => out.push_str("Al-"),
            Article::AlSpace => out.push_str("Al "),
            Article::AlJoined => {
                out.push_str("Al");
                out.extend(rest.chars().flat_map(char::to_lowercase));
                return;
            }
            Article::ElHyphen => out.push_str("El-"),
            Article::ElSpace => out.push_str("El "),
            Article::ElLower => out.push_str("el-"),
            Article::Assimilated => {
                let lower = rest.to_ascii_lowercase();
                let art = ["sh", "th", "dh", "t", "d", "r", "z", "s", "n"]
                    .iter()
                    .find(|p| lower.starts_with(*p))
                    .map_or("al-".to_owned(), |p| format!("a{p}-"));
                out.push_str(&art);
            }
            Article::Dropped => {}
        }
        out.push_str(rest);
    }
}

/// Shape of a kunya / nom de guerre alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KunyaForm {
    /// "Abu Hamza al-Shami" / "Umm Hamza al-Shami"
    AbuNisba,
    /// "Abu Hamza" / "Umm Hamza"
    Abu,
    /// "Hamza al-Shami"
    NameNisba,
    /// "Saifullah"
    Laqab,
    /// "Saifullah al-Shami"
    LaqabNisba,
}

/// A kunya or nom de guerre, composed from generic lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kunya {
    pub form: KunyaForm,
    /// "Umm" instead of "Abu" (women).
    pub umm: bool,
    pub name: Option<ElemRef>,
    pub nisba: Option<ElemRef>,
    pub laqab: Option<ElemRef>,
    pub spell: KunyaSpelling,
}

/// Spelling choices of one kunya rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KunyaSpelling {
    abu: u8,
    name: u8,
    nisba: u8,
    laqab: u8,
    article: Article,
}

/// Spelling choices of one Latin rendering of a full name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spelling {
    pub spell: [u8; MAX_PARTS],
    pub article: Article,
    pub conn: u8,
}

/// Written order of the parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Given name first, surname-like part last.
    Natural,
    /// Surname-like (last) part moved to the front ("SURNAME Given").
    FamilyFirst,
}

/// Target script of a rendering.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target<'a> {
    Native,
    Latin(&'a Spelling),
}

/// The internal identity behind a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ident {
    pub culture: Culture,
    pub female: bool,
    pub parts: [Part; MAX_PARTS],
    pub n: u8,
    /// Spellings of the primary Latin rendering (watchlist form).
    pub primary: Spelling,
    /// Native-script rendering puts the surname first (Russian documents).
    pub native_family_first: bool,
    pub kunya: Option<Kunya>,
    /// Arabic name adopted by a convert.
    pub adopted: Option<ElemRef>,
}

/// The name structure behind a [`crate::Subject`]: which generic name
/// elements the synthetic person has and how they were spelled.
///
/// It is opaque on purpose: it lets the encounter generator re-spell,
/// reorder and shorten the name the way real documents do, and build
/// namesakes, without exposing the internal tables. A subject built by hand
/// or read from CSV uses `NameStructure::default()` (unknown structure); the
/// encounter generator then falls back to operations on the name strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameStructure(pub(crate) Option<Box<Ident>>);

impl NameStructure {
    /// Whether the structure is known (the subject came from this crate).
    pub fn is_known(&self) -> bool {
        self.0.is_some()
    }
}

const BIN_STYLES: &[(&str, u16)] = &[("bin", 55), ("ibn", 15), ("Bin", 20), ("ben", 10)];
const OULD_STYLES: &[(&str, u16)] = &[("Ould", 70), ("ould", 30)];
const ABU_STYLES: &[(&str, u16)] = &[("Abu", 65), ("Abou", 20), ("Abo", 10), ("Abū", 5)];
const UMM_STYLES: &[(&str, u16)] = &[("Umm", 60), ("Um", 20), ("Oum", 10), ("Om", 10)];

impl Ident {
    /// The parts actually present.
    pub(crate) fn parts(&self) -> &[Part] {
        &self.parts[..self.n as usize]
    }

    /// Bit mask selecting every part.
    pub(crate) fn full_mask(&self) -> u8 {
        ((1u16 << self.n) - 1) as u8
    }

    /// Bit mask without the middle parts (second given name, father's and
    /// grandfather's names, patronymic) — the usual passport/manifest
    /// shortening. Equal to the full mask when nothing can be dropped.
    pub(crate) fn mask_without_middle(&self) -> u8 {
        let mut m = self.full_mask();
        let last = self.n as usize - 1;
        for (i, p) in self.parts().iter().enumerate() {
            if i != 0
                && i != last
                && matches!(p.role, Role::Middle | Role::Father | Role::Grandfather)
            {
                m &= !(1 << i);
            }
        }
        m
    }

    /// All elements (name parts, kunya, adopted name), for the deny check.
    fn all_elems(&self) -> Vec<ElemRef> {
        let mut v: Vec<ElemRef> = self.parts().iter().map(|p| p.elem).collect();
        if let Some(k) = &self.kunya {
            v.extend([k.name, k.nisba, k.laqab].into_iter().flatten());
        }
        v.extend(self.adopted);
        v
    }

    /// Whether the identity spells a deny-listed notorious name.
    pub(crate) fn denied(&self) -> bool {
        let lit: &[&str] = match &self.kunya {
            Some(k) if matches!(k.form, KunyaForm::Abu | KunyaForm::AbuNisba) => {
                if k.umm {
                    &["umm"]
                } else {
                    &["abu"]
                }
            }
            _ => &[],
        };
        tables().denied(&self.all_elems(), lit)
    }

    /// Spelling-independent key of the full name (canonical element keys in
    /// natural order); two identities with the same key are the same name.
    pub(crate) fn canonical_key(&self) -> String {
        let t = tables();
        let mut s = String::new();
        for p in self.parts() {
            if !s.is_empty() {
                s.push(' ');
            }
            if p.deriv == Deriv::Patronymic {
                s.push_str("p:");
            }
            s.push_str(&t.elem(p.elem).key());
        }
        s
    }

    /// Renders the name. `mask` selects parts by index bit.
    pub(crate) fn render(&self, target: Target<'_>, order: Order, mask: u8) -> String {
        let t = tables();
        let n = self.n as usize;
        let mut idx: [usize; MAX_PARTS] = [0; MAX_PARTS];
        match order {
            Order::Natural => (0..n).for_each(|i| idx[i] = i),
            Order::FamilyFirst => {
                idx[0] = n - 1;
                (0..n - 1).for_each(|i| idx[i + 1] = i);
            }
        }
        let mut out = String::with_capacity(48);
        for &i in &idx[..n] {
            if mask & (1 << i) == 0 {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            let p = &self.parts[i];
            match target {
                Target::Native => self.native_token(t, p, &mut out),
                Target::Latin(sp) => self.latin_token(t, p, sp, sp.spell[i], &mut out),
            }
        }
        out
    }

    fn native_token(&self, t: &Tables, p: &Part, out: &mut String) {
        match p.conn {
            Conn::Bin => out.push_str("بن "),
            Conn::Ould => out.push_str("ولد "),
            Conn::None => {}
        }
        match t.list(p.elem.list).kind {
            Kind::Cyrillic(_) => out.push_str(&self.cyrillic_form(t, p)),
            _ => out.push_str(t.elem(p.elem).native),
        }
    }

    fn latin_token(&self, t: &Tables, p: &Part, sp: &Spelling, spell: u8, out: &mut String) {
        match p.conn {
            Conn::Bin => {
                out.push_str(BIN_STYLES[sp.conn as usize % BIN_STYLES.len()].0);
                out.push(' ');
            }
            Conn::Ould => {
                out.push_str(OULD_STYLES[sp.conn as usize % OULD_STYLES.len()].0);
                out.push(' ');
            }
            Conn::None => {}
        }
        let e = t.elem(p.elem);
        match t.list(p.elem.list).kind {
            Kind::Cyrillic(c) => {
                // Base forms have their scheme outputs and extras
                // precomputed; derived forms (patronymic, feminine surname,
                // -zoda, uulu) are transliterated on the fly.
                let plain = p.deriv == Deriv::None && !(self.female && p.role == Role::Family);
                let schemes = t.culture(c).schemes;
                let s = schemes[(spell as usize).min(schemes.len() - 1)].0;
                match p.deriv {
                    _ if plain => out.push_str(&e.latin[(spell as usize).min(e.latin.len() - 1)]),
                    Deriv::Uulu | Deriv::Ogli => {
                        // The particle stays lower case: "Bakyt uulu",
                        // "Sherzod o'g'li".
                        out.push_str(&e.latin[(spell as usize).min(e.n_schemes as usize - 1)]);
                        out.push(' ');
                        let particle = particle(p.deriv, self.female);
                        out.push_str(&translit(particle, s).to_lowercase());
                    }
                    _ => out.push_str(&translit(&self.cyrillic_form(t, p), s)),
                }
            }
            Kind::Arabic if p.role == Role::Family => {
                sp.article
                    .apply(&e.latin[(spell as usize).min(e.latin.len() - 1)], out);
            }
            _ => out.push_str(&e.latin[(spell as usize).min(e.latin.len() - 1)]),
        }
    }

    /// The Cyrillic token of a part, with patronymic / feminine / -zoda /
    /// uulu / o'g'li derivation applied.
    fn cyrillic_form<'t>(&self, t: &'t Tables, p: &Part) -> Cow<'t, str> {
        let base = t.elem(p.elem).native;
        match p.deriv {
            Deriv::None if self.female && p.role == Role::Family => feminize(base),
            Deriv::None => Cow::Borrowed(base),
            Deriv::Patronymic => Cow::Owned(patronymic(base, self.female)),
            Deriv::Zoda => Cow::Owned(format!("{base}зода")),
            Deriv::Uulu | Deriv::Ogli => {
                Cow::Owned(format!("{base} {}", particle(p.deriv, self.female)))
            }
        }
    }

    /// Native-script rendering in the identity's usual native order.
    pub(crate) fn native_name(&self) -> String {
        let order = if self.native_family_first {
            Order::FamilyFirst
        } else {
            Order::Natural
        };
        self.render(Target::Native, order, self.full_mask())
    }

    /// Primary Latin rendering (full name, natural order).
    pub(crate) fn primary_latin(&self) -> String {
        self.render(
            Target::Latin(&self.primary),
            Order::Natural,
            self.full_mask(),
        )
    }

    /// Draws a fresh set of spelling choices for a Latin rendering.
    pub(crate) fn draw_spelling<R: Rng + ?Sized>(&self, rng: &mut R) -> Spelling {
        let t = tables();
        let mut spell = [0u8; MAX_PARTS];
        let cyr_scheme = match self.culture.family_kind() {
            Family::Cyrillic => {
                let schemes = t.culture(self.culture).schemes;
                let i = rng.weighted_index(schemes);
                Some(i as u8)
            }
            _ => None,
        };
        for (i, p) in self.parts().iter().enumerate() {
            spell[i] = match cyr_scheme {
                Some(s) => {
                    let e = t.elem(p.elem);
                    let extras = e.latin.len() - e.n_schemes as usize;
                    // Arabic-based spellings (Mohammed for Магомед) show up
                    // in documents issued abroad.
                    if p.role == Role::Given && extras > 0 && rng.chance(0.12) {
                        e.n_schemes + rng.below(extras) as u8
                    } else {
                        s
                    }
                }
                None => t.pick_spelling(p.elem, self.culture, rng),
            };
        }
        let article = *rng.weighted_pick(Article::weights(self.culture));
        let conn = rng.weighted_index(BIN_STYLES) as u8;
        Spelling {
            spell,
            article,
            conn,
        }
    }

    /// Draws spelling choices whose rendering differs from `than`
    /// (a "scheme switch"); None when the name has only one spelling.
    pub(crate) fn draw_other_spelling<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        than: &Spelling,
    ) -> Option<Spelling> {
        let mask = self.full_mask();
        let before = self.render(Target::Latin(than), Order::Natural, mask);
        for _ in 0..12 {
            let sp = self.draw_spelling(rng);
            if self.render(Target::Latin(&sp), Order::Natural, mask) != before {
                return Some(sp);
            }
        }
        None
    }

    /// Replaces the element of part `i` (keeping role and derivation).
    pub(crate) fn set_elem(&mut self, i: usize, elem: ElemRef) {
        self.parts[i].elem = elem;
    }

    /// Kunya rendered in Latin with its stored spelling.
    pub(crate) fn kunya_latin(&self) -> Option<String> {
        self.kunya
            .as_ref()
            .map(|k| kunya_render(k, &k.spell, false))
    }

    /// Kunya rendered in Arabic script.
    pub(crate) fn kunya_native(&self) -> Option<String> {
        self.kunya.as_ref().map(|k| kunya_render(k, &k.spell, true))
    }

    /// Kunya rendered in Latin with freshly drawn spellings.
    pub(crate) fn kunya_respelled<R: Rng + ?Sized>(&self, rng: &mut R) -> Option<String> {
        self.kunya.as_ref().map(|k| {
            let sp = draw_kunya_spelling(rng, self.culture, k);
            kunya_render(k, &sp, false)
        })
    }
}

/// The "son of"/"daughter of" particle of Kyrgyz and Uzbek names.
fn particle(d: Deriv, female: bool) -> &'static str {
    match (d, female) {
        (Deriv::Uulu, false) => "уулу",
        (Deriv::Uulu, true) => "кызы",
        (_, false) => "ўғли",
        (_, true) => "қизи",
    }
}

/// Feminine form of a Russian-style surname (Магомедов → Магомедова).
fn feminize(base: &str) -> Cow<'_, str> {
    if base.ends_with("ов") || base.ends_with("ев") || base.ends_with("ёв") || base.ends_with("ин")
    {
        Cow::Owned(format!("{base}а"))
    } else {
        Cow::Borrowed(base)
    }
}

/// Russian-style patronymic from a father's given name (Руслан → Русланович,
/// Муса → Мусаевич, Шамиль → Шамилевич), as used in Chechen, Dagestani and
/// Central Asian documents.
fn patronymic(father: &str, female: bool) -> String {
    let (soft, hard) = if female {
        ("евна", "овна")
    } else {
        ("евич", "ович")
    };
    let mut chars: Vec<char> = father.chars().collect();
    let last = chars.last().copied().unwrap_or(' ');
    match last {
        'ь' | 'й' => {
            chars.pop();
            chars.iter().collect::<String>() + soft
        }
        'а' | 'я' | 'и' | 'у' | 'о' | 'е' | 'ы' | 'э' | 'ю' | 'ё' | 'ж' | 'ш' | 'ч' | 'щ' | 'ц' =>
        {
            format!("{father}{soft}")
        }
        _ => format!("{father}{hard}"),
    }
}

fn draw_kunya_spelling<R: Rng + ?Sized>(rng: &mut R, culture: Culture, k: &Kunya) -> KunyaSpelling {
    let t = tables();
    let abu = rng.weighted_index(if k.umm { UMM_STYLES } else { ABU_STYLES });
    let pick = |rng: &mut R, e: Option<ElemRef>| e.map_or(0, |e| t.pick_spelling(e, culture, rng));
    let name = pick(rng, k.name);
    let nisba = pick(rng, k.nisba);
    let laqab = pick(rng, k.laqab);
    let arts = Article::weights(if culture.family_kind() == Family::Arabic {
        culture
    } else {
        Culture::Turkish
    });
    let article = *rng.weighted_pick(arts);
    KunyaSpelling {
        abu: abu as u8,
        name,
        nisba,
        laqab,
        article,
    }
}

fn kunya_render(k: &Kunya, sp: &KunyaSpelling, native: bool) -> String {
    let t = tables();
    let mut out = String::with_capacity(32);
    let word = |out: &mut String, e: ElemRef, spell: u8, article: bool| {
        if !out.is_empty() {
            out.push(' ');
        }
        let el = t.elem(e);
        if native {
            out.push_str(el.native);
        } else {
            let s = &el.latin[(spell as usize).min(el.latin.len() - 1)];
            if article {
                sp.article.apply(s, out);
            } else {
                out.push_str(s);
            }
        }
    };
    if matches!(k.form, KunyaForm::Abu | KunyaForm::AbuNisba) {
        out.push_str(match (native, k.umm) {
            (true, false) => "أبو",
            (true, true) => "أم",
            (false, false) => ABU_STYLES[sp.abu as usize % ABU_STYLES.len()].0,
            (false, true) => UMM_STYLES[sp.abu as usize % UMM_STYLES.len()].0,
        });
    }
    if let Some(l) = k.laqab {
        word(&mut out, l, sp.laqab, true);
    }
    if let Some(n) = k.name {
        word(&mut out, n, sp.name, false);
    }
    if let Some(n) = k.nisba {
        word(&mut out, n, sp.nisba, true);
    }
    out
}

/// Composes a kunya / nom de guerre for a person of `culture` whose first
/// nationality is `nat` (Western converts get their country's nisba).
pub(crate) fn gen_kunya<R: Rng + ?Sized>(
    rng: &mut R,
    culture: Culture,
    female: bool,
    nat: &str,
) -> Kunya {
    let t = tables();
    let ct = t.culture(culture);
    let form = if female {
        if rng.chance(0.6) {
            KunyaForm::AbuNisba
        } else {
            KunyaForm::Abu
        }
    } else {
        *rng.weighted_pick(&[
            (KunyaForm::AbuNisba, 50u16),
            (KunyaForm::Abu, 20),
            (KunyaForm::NameNisba, 10),
            (KunyaForm::Laqab, 10),
            (KunyaForm::LaqabNisba, 10),
        ])
    };
    let pick_nisba = |rng: &mut R| -> ElemRef {
        if ct.by_cc.is_empty() {
            return ct.nisba.sample(rng);
        }
        // Western: the country's nisba (al-Faransi for FR) most of the
        // time, otherwise a country-less epithet such as al-Muhajir.
        let nis = t.list(L::Nisba);
        let own: Vec<u16> = ct
            .nisba
            .idx
            .iter()
            .copied()
            .filter(|&i| nis.elems[i as usize].cc.contains(&nat))
            .collect();
        let generic: Vec<u16> = ct
            .nisba
            .idx
            .iter()
            .copied()
            .filter(|&i| nis.elems[i as usize].cc.is_empty())
            .collect();
        let pool = if !own.is_empty() && (generic.is_empty() || rng.chance(0.8)) {
            own
        } else {
            generic
        };
        ElemRef {
            list: L::Nisba,
            idx: *rng.pick(&pool),
        }
    };
    let mut k = Kunya {
        form,
        umm: female,
        name: None,
        nisba: None,
        laqab: None,
        spell: KunyaSpelling {
            abu: 0,
            name: 0,
            nisba: 0,
            laqab: 0,
            article: Article::AlLower,
        },
    };
    match form {
        KunyaForm::AbuNisba => {
            k.name = Some(ct.kunya.sample(rng));
            k.nisba = Some(pick_nisba(rng));
        }
        KunyaForm::Abu => k.name = Some(ct.kunya.sample(rng)),
        KunyaForm::NameNisba => {
            k.name = Some(ct.kunya.sample(rng));
            k.nisba = Some(pick_nisba(rng));
        }
        KunyaForm::Laqab => k.laqab = Some(ct.nom_de_guerre.sample(rng)),
        KunyaForm::LaqabNisba => {
            k.laqab = Some(ct.nom_de_guerre.sample(rng));
            k.nisba = Some(pick_nisba(rng));
        }
    }
    k.spell = draw_kunya_spelling(rng, culture, &k);
    k
}

/// Draws a new identity of `culture`. `nat` is the person's first
/// nationality (Western names are country-specific; "Ould" names are
/// Mauritanian). The caller checks [`Ident::denied`] after adding a kunya.
pub(crate) fn gen_ident<R: Rng + ?Sized>(
    rng: &mut R,
    culture: Culture,
    female: bool,
    nat: &str,
) -> Ident {
    let t = tables();
    let ct = t.culture(culture);
    let mut parts: Vec<Part> = Vec::with_capacity(MAX_PARTS);
    let part = |role: Role, elem: ElemRef| Part {
        role,
        elem,
        deriv: Deriv::None,
        conn: Conn::None,
    };
    let given_s = if female { &ct.given_f } else { &ct.given_m };
    let mut native_family_first = false;
    match culture.family_kind() {
        Family::Arabic => {
            let fam = ct
                .family
                .as_ref()
                .expect("Arabic cultures have family lists");
            let given = given_s.sample(rng);
            let father = ct.given_m.sample(rng);
            parts.push(part(Role::Given, given));
            match culture {
                Culture::Maghrebi if nat == "MR" => {
                    parts.push(Part {
                        conn: Conn::Ould,
                        ..part(Role::Father, father)
                    });
                }
                Culture::Maghrebi => {
                    if rng.chance(0.25) {
                        parts.push(part(Role::Father, father));
                    }
                    parts.push(part(Role::Family, fam.sample(rng)));
                }
                Culture::Gulf => {
                    let conn = if rng.chance(0.5) {
                        Conn::Bin
                    } else {
                        Conn::None
                    };
                    parts.push(Part {
                        conn,
                        ..part(Role::Father, father)
                    });
                    if rng.chance(0.4) {
                        parts.push(Part {
                            conn,
                            ..part(Role::Grandfather, ct.given_m.sample(rng))
                        });
                    }
                    parts.push(part(Role::Family, fam.sample(rng)));
                }
                _ => {
                    parts.push(part(Role::Father, father));
                    let (p_gf, p_fam) = match culture {
                        Culture::Iraqi => (0.65, 0.85),
                        Culture::Egyptian => (0.55, 1.0),
                        _ => (0.25, 1.0),
                    };
                    let has_fam = rng.chance(p_fam);
                    if rng.chance(p_gf) || !has_fam {
                        parts.push(part(Role::Grandfather, ct.given_m.sample(rng)));
                    }
                    if has_fam {
                        parts.push(part(Role::Family, fam.sample(rng)));
                    }
                }
            }
        }
        Family::Cyrillic => {
            let fam = ct
                .family
                .as_ref()
                .expect("Cyrillic cultures have family lists");
            let given = given_s.sample(rng);
            let father = ct.given_m.sample(rng);
            parts.push(part(Role::Given, given));
            let patr = Part {
                deriv: Deriv::Patronymic,
                ..part(Role::Father, father)
            };
            let (special, deriv) = match culture {
                Culture::Kyrgyz => (0.30, Deriv::Uulu),
                Culture::Uzbek => (0.15, Deriv::Ogli),
                Culture::Tajik => (0.35, Deriv::Zoda),
                _ => (0.0, Deriv::None),
            };
            if rng.chance(special) {
                if deriv == Deriv::Zoda {
                    if rng.chance(0.6) {
                        parts.push(patr);
                    }
                    parts.push(Part {
                        deriv,
                        ..part(Role::Family, father)
                    });
                    native_family_first = rng.chance(0.6);
                } else {
                    parts.push(Part {
                        deriv,
                        ..part(Role::Father, father)
                    });
                }
            } else {
                if rng.chance(0.85) {
                    parts.push(patr);
                }
                parts.push(part(Role::Family, fam.sample(rng)));
                native_family_first = rng.chance(0.6);
            }
        }
        Family::Latin => {
            let (gs, ms, fs) = match ct.country(nat) {
                Some(cs) => (
                    if female { &cs.given_f } else { &cs.given_m },
                    &cs.given_m,
                    &cs.family,
                ),
                None => (
                    given_s,
                    &ct.given_m,
                    ct.family
                        .as_ref()
                        .expect("Latin cultures have family lists"),
                ),
            };
            let given = gs.sample(rng);
            parts.push(part(Role::Given, given));
            let (p_mid, mid_role) = match culture {
                Culture::Turkish => (0.2, Role::Middle),
                Culture::Albanian => (0.25, Role::Father),
                Culture::Bosnian => (0.0, Role::Middle),
                _ => (0.3, Role::Middle),
            };
            if rng.chance(p_mid) {
                let src = if mid_role == Role::Father { ms } else { gs };
                parts.push(part(mid_role, src.sample_other(rng, &[given])));
            }
            parts.push(part(Role::Family, fs.sample(rng)));
        }
        Family::Uyghur => {
            parts.push(part(Role::Given, given_s.sample(rng)));
            parts.push(part(Role::Father, ct.given_m.sample(rng)));
        }
    }
    let mut arr = [parts[0]; MAX_PARTS];
    arr[..parts.len()].copy_from_slice(&parts);
    let mut id = Ident {
        culture,
        female,
        parts: arr,
        n: parts.len() as u8,
        primary: Spelling {
            spell: [0; MAX_PARTS],
            article: Article::AlLower,
            conn: 0,
        },
        native_family_first,
        kunya: None,
        adopted: None,
    };
    id.primary = id.draw_spelling(rng);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patronymics() {
        assert_eq!(patronymic("Руслан", false), "Русланович");
        assert_eq!(patronymic("Муса", false), "Мусаевич");
        assert_eq!(patronymic("Шамиль", true), "Шамилевна");
        assert_eq!(feminize("Магомедов"), "Магомедова");
        assert_eq!(feminize("Раҳимзода"), "Раҳимзода");
    }

    fn by_key(l: L, key: &str) -> ElemRef {
        let list = tables().list(l);
        let idx = list
            .elems
            .iter()
            .position(|e| e.key() == key)
            .unwrap_or_else(|| panic!("{key} in {}", list.name));
        ElemRef {
            list: l,
            idx: idx as u16,
        }
    }

    fn ident_with(parts: &[(Role, ElemRef)], kunya: Option<Kunya>) -> Ident {
        let mut arr = [Part {
            role: Role::Given,
            elem: parts[0].1,
            deriv: Deriv::None,
            conn: Conn::None,
        }; MAX_PARTS];
        for (i, (role, elem)) in parts.iter().enumerate() {
            arr[i] = Part {
                role: *role,
                elem: *elem,
                deriv: Deriv::None,
                conn: Conn::None,
            };
        }
        Ident {
            culture: Culture::Gulf,
            female: false,
            parts: arr,
            n: parts.len() as u8,
            primary: Spelling {
                spell: [0; MAX_PARTS],
                article: Article::AlLower,
                conn: 0,
            },
            native_family_first: false,
            kunya,
            adopted: None,
        }
    }

    #[test]
    fn deny_list_rejects_notorious_combinations() {
        // The deny list stores hashed tokens and this test names nobody: it
        // looks the entries up by hash in the lists they must come from.
        use crate::tables::deny_token_hash;
        let by_hash = |l: L, h: u64| -> Option<ElemRef> {
            let list = tables().list(l);
            list.elems
                .iter()
                .position(|e| deny_token_hash(&e.key()) == h)
                .map(|idx| ElemRef {
                    list: l,
                    idx: idx as u16,
                })
        };
        let deny = &tables().deny;
        // A two-token entry: a given name and a Gulf family name.
        let (given, family) = deny
            .iter()
            .filter(|e| e.len() == 2)
            .find_map(|e| Some((by_hash(L::ArGivenM, e[0])?, by_hash(L::GulfFamily, e[1])?)))
            .expect("a given + family entry");
        let khalid = by_key(L::ArGivenM, "khalid");
        let qahtani = by_key(L::GulfFamily, "qahtani");
        // Given + family in any position, whatever else is in between.
        assert!(
            ident_with(
                &[
                    (Role::Given, given),
                    (Role::Father, khalid),
                    (Role::Family, family)
                ],
                None
            )
            .denied()
        );
        assert!(
            ident_with(
                &[
                    (Role::Given, khalid),
                    (Role::Father, given),
                    (Role::Family, family)
                ],
                None
            )
            .denied()
        );
        assert!(
            !ident_with(
                &[
                    (Role::Given, khalid),
                    (Role::Father, given),
                    (Role::Family, qahtani)
                ],
                None
            )
            .denied()
        );
        // Kunya + nisba entry ("abu" + name + nisba), only with the "Abu" form.
        let abu = deny_token_hash("abu");
        let (kname, knisba) = deny
            .iter()
            .filter(|e| e.len() == 3 && e[0] == abu)
            .find_map(|e| Some((by_hash(L::Kunya, e[1])?, by_hash(L::Nisba, e[2])?)))
            .expect("a kunya entry");
        let kunya = |form, nisba: ElemRef| Kunya {
            form,
            umm: false,
            name: Some(kname),
            nisba: Some(nisba),
            laqab: None,
            spell: KunyaSpelling {
                abu: 0,
                name: 0,
                nisba: 0,
                laqab: 0,
                article: Article::AlLower,
            },
        };
        let base = [(Role::Given, khalid), (Role::Family, qahtani)];
        assert!(ident_with(&base, Some(kunya(KunyaForm::AbuNisba, knisba))).denied());
        assert!(!ident_with(&base, Some(kunya(KunyaForm::NameNisba, knisba))).denied());
    }

    #[test]
    fn generated_identities_are_never_denied_and_render_in_all_scripts() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        for c in Culture::ALL {
            for i in 0..300 {
                let nat = *rng.weighted_pick(c.nationalities());
                let id = gen_ident(&mut rng, c, i % 3 == 0, nat);
                let native = id.native_name();
                let latin = id.primary_latin();
                assert_eq!(
                    crate::Script::detect(&native),
                    c.native_script(),
                    "{c}: {native}"
                );
                assert_eq!(
                    crate::Script::detect(&latin),
                    crate::Script::Latin,
                    "{c}: {latin}"
                );
                assert!(!latin.contains("  ") && !latin.starts_with(' ') && !latin.ends_with(' '));
            }
        }
    }

    #[test]
    fn articles() {
        let mut s = String::new();
        Article::Assimilated.apply("al-Shami", &mut s);
        assert_eq!(s, "ash-Shami");
        s.clear();
        Article::AlJoined.apply("al-Jubouri", &mut s);
        assert_eq!(s, "Aljubouri");
        s.clear();
        Article::ElSpace.apply("Haddad", &mut s);
        assert_eq!(s, "Haddad");
    }
}
