//! Watchlist subjects.

use rand::Rng;

use crate::culture::{Culture, Family};
use crate::dates::{self, Date, Precision};
use crate::docs::doc_number;
use crate::ident::{Ident, NameStructure, Order, Target, gen_ident, gen_kunya};
use crate::rngx::RngExt;
use crate::tables::{has_native_script, tables};
use crate::{Category, Gender, Subject, SynthConfig, watchlist_rng};

/// Generates the watchlist of `cfg`.
pub(crate) fn gen_subjects(cfg: &SynthConfig) -> Vec<Subject> {
    let mut rng = watchlist_rng(cfg.seed);
    let weights = cfg.culture_weights();
    let w: Vec<f64> = weights.iter().map(|(_, w)| *w).collect();
    (0..cfg.subjects)
        .map(|i| {
            let culture = weights[rng.weighted(&w)].0;
            gen_subject(&mut rng, i, culture)
        })
        .collect()
}

/// First nationality, drawn from the culture's weighted list.
pub(crate) fn primary_nationality<R: Rng + ?Sized>(rng: &mut R, culture: Culture) -> &'static str {
    let nats = culture.nationalities();
    nats[rng.weighted_index(nats)].0
}

/// Probability that a subject carries a kunya / nom de guerre alias.
fn kunya_rate(culture: Culture, category: Category) -> f64 {
    match (culture, category) {
        (Culture::WesternEuropean, _) => 0.0,
        (_, Category::Minor) => 0.05,
        (Culture::WesternConvert, _) => 0.9,
        _ => 0.3,
    }
}

/// Draws an identity for a subject, with kunya and adopted name, rejecting
/// deny-listed combinations.
fn subject_ident<R: Rng + ?Sized>(
    rng: &mut R,
    culture: Culture,
    female: bool,
    category: Category,
    nat: &str,
) -> Ident {
    let t = tables();
    loop {
        let mut id = gen_ident(rng, culture, female, nat);
        if rng.chance(kunya_rate(culture, category)) {
            id.kunya = Some(gen_kunya(rng, culture, female, nat));
        }
        if let Some((m, f)) = &t.culture(culture).adopted
            && rng.chance(0.6)
        {
            id.adopted = Some(if female { f.sample(rng) } else { m.sample(rng) });
        }
        if culture.family_kind() == Family::Latin && rng.chance(0.7) {
            // Native orthography with all diacritics for most subjects of
            // Latin-script cultures; the rest use a folded/foreign spelling.
            id.primary.spell = [0; crate::ident::MAX_PARTS];
        }
        if !id.denied() {
            return id;
        }
    }
}

fn gen_subject<R: Rng + ?Sized>(rng: &mut R, i: usize, culture: Culture) -> Subject {
    let t = tables();
    let category = match rng.random::<f64>() {
        x if x < 0.08 => Category::Minor,
        x if x < 0.28 => Category::Woman,
        _ => Category::Man,
    };
    let female = match category {
        Category::Woman => true,
        Category::Man => false,
        Category::Minor => rng.chance(0.4),
    };
    let nat1 = primary_nationality(rng, culture);
    let mut nationalities = vec![nat1.to_owned()];
    if rng.chance(0.22) {
        let others: Vec<&str> = culture
            .second_nationalities()
            .iter()
            .copied()
            .filter(|c| *c != nat1)
            .collect();
        if !others.is_empty() {
            nationalities.push((*rng.pick(&others)).to_owned());
        }
    }
    let id = subject_ident(rng, culture, female, category, nat1);

    // Names: primary in native script for about half of the native-script
    // cultures' subjects, otherwise the primary Latin spelling.
    let native = has_native_script(culture);
    let latin = id.primary_latin();
    let native_name = id.native_name();
    let name_is_native = native && rng.chance(0.5);
    let name = if name_is_native {
        native_name.clone()
    } else {
        latin.clone()
    };
    let mut aliases: Vec<String> = Vec::new();
    if name_is_native {
        aliases.push(latin.clone());
    } else if native && rng.chance(0.6) {
        aliases.push(native_name);
    } else if culture.family_kind() == Family::Latin {
        // Folded form as it comes back from foreign systems.
        aliases.push(crate::fold::ascii_fold(&latin));
    }
    if rng.chance(0.6)
        && let Some(sp) = id.draw_other_spelling(rng, &id.primary)
    {
        let mask = if rng.chance(0.3) {
            id.mask_without_middle()
        } else {
            id.full_mask()
        };
        aliases.push(id.render(Target::Latin(&sp), Order::Natural, mask));
    }
    if id.n >= 3 && rng.chance(0.3) {
        aliases.push(id.render(
            Target::Latin(&id.primary),
            Order::Natural,
            id.mask_without_middle(),
        ));
    }
    if rng.chance(0.12) {
        aliases.push(id.render(
            Target::Latin(&id.primary),
            Order::FamilyFirst,
            id.full_mask(),
        ));
    }
    if id.kunya.is_some() {
        aliases.extend(id.kunya_latin());
        if rng.chance(0.3) {
            aliases.extend(id.kunya_native());
        }
        if rng.chance(0.3) {
            aliases.extend(id.kunya_respelled(rng));
        }
    }
    if let Some(a) = id.adopted {
        // A convert's adopted name with the birth surname ("Yusuf Martin").
        let spell = t.pick_spelling(a, Culture::Levantine, rng);
        let e = t.elem(a);
        let family_mask = 1u8 << (id.n - 1);
        let fam = id.render(Target::Latin(&id.primary), Order::Natural, family_mask);
        aliases.push(format!("{} {}", e.latin[spell as usize], fam));
    }
    let mut seen: Vec<String> = vec![name.clone()];
    aliases.retain(|a| {
        if a.is_empty() || seen.contains(a) {
            false
        } else {
            seen.push(a.clone());
            true
        }
    });

    // Birth dates: full ~70%, year-month ~5%, year ~15%, none ~10%;
    // sometimes a second, conflicting date as on real lists.
    let year = if category == Category::Minor {
        dates::minor_year(rng)
    } else {
        dates::adult_year(rng)
    };
    let mut birth_dates = Vec::new();
    let full = Date::random_in_year(rng, year);
    let first = match rng.random::<f64>() {
        x if x < 0.70 => Some(full),
        x if x < 0.75 => Some(Date {
            prec: Precision::Month,
            ..full
        }),
        x if x < 0.90 => Some(full.year_only()),
        _ => None,
    };
    if let Some(d) = first {
        birth_dates.push(d.to_string());
        if rng.chance(0.12) {
            let second = if d.prec == Precision::Day && rng.chance(0.5) {
                d.other_in_year(rng)
            } else {
                d.shift_year(if rng.chance(0.5) { 1 } else { -1 })
            };
            if second != d {
                birth_dates.push(second.to_string());
            }
        }
    }

    let gender = if rng.chance(0.97) {
        Some(if female { Gender::Female } else { Gender::Male })
    } else {
        None
    };

    let n_docs = match rng.random::<f64>() {
        x if x < 0.25 => 0,
        x if x < 0.80 => 1,
        _ => 2,
    };
    let document_numbers: Vec<String> = (0..n_docs)
        .map(|k| {
            let cc = nationalities.get(k).unwrap_or(&nationalities[0]);
            doc_number(rng, cc)
        })
        .collect();

    Subject {
        subject_id: format!("S{:06}", i + 1),
        name,
        aliases,
        birth_dates,
        nationalities,
        gender,
        document_numbers,
        category,
        culture,
        structure: NameStructure(Some(Box::new(id))),
    }
}
