//! Prepared names: every token with its Latin renderings, skeletons,
//! vowel-tolerant forms and variant groups, computed once.

use std::sync::Arc;

use crate::normalize::fold;
use crate::parse::{RawToken, Role, parse};
use crate::script::{Script, detect};
use crate::skeleton::{skeleton, vowel_tolerant};
use crate::translit::{romanize_arabic, romanize_cyrillic, romanize_greek};
use crate::variants::{GroupId, VariantTable, latin_key};

/// One name part, ready to compare.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The folded token in its own script (article removed; for a compound,
    /// `abd` + the root).
    pub display: String,
    /// Script of the token.
    pub script: Script,
    /// Role in the name.
    pub role: Role,
    /// An `abd` + X compound.
    pub compound: bool,
    /// Lower-case ASCII renderings, most common first, deduplicated.
    pub forms: Vec<String>,
    /// Vowel-tolerant form of each rendering (same order as `forms`).
    pub vtol: Vec<String>,
    /// Consonant skeletons of the renderings, deduplicated.
    pub skeletons: Vec<String>,
    /// Variant groups this token belongs to.
    pub groups: Vec<GroupId>,
    /// Written in Arabic script without short vowels: its renderings carry
    /// no reliable vowels, so the skeleton is the real evidence.
    pub unvowelled: bool,
    /// Symbols of each rendering for the vowel-aware Arabic comparison
    /// (`skeleton::abjad_symbols`); computed for Latin and unvowelled
    /// Arabic tokens only, derived from `forms`.
    pub abjad: Vec<Vec<u8>>,
    /// An identifier shared by equal tokens, assigned by whoever interns
    /// them (the watchlist), so that token similarities can be memoised.
    /// [`Token::UNINTERNED`] until then.
    pub id: u32,
}

impl Token {
    /// The `id` of a token nobody has interned.
    pub const UNINTERNED: u32 = u32::MAX;

    /// What makes two tokens interchangeable for comparison: tokens with
    /// equal keys give equal similarities against any other token. Every
    /// field that comparison reads is part of it (two tokens can share a
    /// display text but not their renderings, e.g. `vandermeer` with and
    /// without the particle split).
    pub fn intern_key(&self) -> String {
        let mut k = String::with_capacity(64);
        k.push_str(&self.display);
        k.push('\u{1}');
        k.push_str(self.script.as_str());
        k.push_str(&format!(
            "{:?}{}{}",
            self.role,
            u8::from(self.compound),
            u8::from(self.unvowelled)
        ));
        for part in [&self.forms, &self.vtol, &self.skeletons] {
            k.push('\u{1}');
            k.push_str(&part.join("\u{2}"));
        }
        k.push('\u{1}');
        for g in &self.groups {
            k.push_str(&g.to_string());
            k.push(',');
        }
        k
    }

    /// Fill `abjad` from `forms` (for tokens built by hand or loaded).
    pub fn with_abjad(mut self) -> Token {
        self.abjad = if self.script == Script::Latin || self.unvowelled {
            self.forms
                .iter()
                .map(|f| crate::skeleton::abjad_symbols(f))
                .collect()
        } else {
            Vec::new()
        };
        self
    }

    /// The primary Latin rendering.
    pub fn primary(&self) -> &str {
        self.forms.first().map(String::as_str).unwrap_or("")
    }
}

/// A name prepared for comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedName {
    /// The name as given.
    pub original: String,
    /// Script of the whole name.
    pub script: Script,
    /// Tokens in written order. Shared: a watchlist interns equal tokens,
    /// so a million names hold a few hundred thousand distinct tokens.
    pub tokens: Vec<Arc<Token>>,
}

/// Options for name preparation.
#[derive(Clone, Copy, Debug)]
pub struct PrepareOptions {
    /// Look tokens up in the embedded variant table.
    pub variants: bool,
}

impl Default for PrepareOptions {
    fn default() -> Self {
        PrepareOptions { variants: true }
    }
}

/// Prepare a name with default options.
pub fn prepare(name: &str) -> PreparedName {
    prepare_with(name, PrepareOptions::default())
}

/// Prepare a name.
pub fn prepare_with(name: &str, opts: PrepareOptions) -> PreparedName {
    let folded = fold(name);
    let table = opts.variants.then(VariantTable::embedded);
    let tokens = parse(&folded)
        .into_iter()
        .filter_map(|raw| prepare_token(&raw, table))
        .map(Arc::new)
        .collect();
    PreparedName {
        original: name.to_string(),
        script: detect(&folded),
        tokens,
    }
}

fn prepare_token(raw: &RawToken, table: Option<&VariantTable>) -> Option<Token> {
    let renderings: Vec<String> = match raw.script {
        Script::Latin => std::iter::once(raw.text.clone())
            .chain(raw.alt.clone())
            .collect(),
        Script::Arabic => romanize_arabic(&raw.text)
            .into_iter()
            .map(|r| r.text)
            .collect(),
        Script::Cyrillic => romanize_cyrillic(&raw.text)
            .into_iter()
            .map(|r| r.text)
            .collect(),
        Script::Greek => romanize_greek(&raw.text)
            .into_iter()
            .map(|r| r.text)
            .collect(),
        _ => vec![crate::normalize::latin_ascii(
            &any_ascii::any_ascii(&raw.text).to_lowercase(),
        )],
    };
    let mut forms: Vec<String> = Vec::with_capacity(renderings.len());
    for r in renderings {
        let f = if raw.compound { format!("abd{r}") } else { r };
        if !f.is_empty() && !forms.contains(&f) {
            forms.push(f);
        }
    }
    if forms.is_empty() {
        return None;
    }
    let vtol = forms.iter().map(|f| vowel_tolerant(f)).collect();
    let mut skeletons: Vec<String> = Vec::with_capacity(forms.len());
    for f in &forms {
        let s = skeleton(f);
        if !s.is_empty() && !skeletons.contains(&s) {
            skeletons.push(s);
        }
    }
    let mut groups: Vec<GroupId> = Vec::new();
    if let Some(t) = table {
        groups.extend_from_slice(t.groups_of(raw));
        // Romanised native tokens also inherit the groups of their Latin
        // renderings: a Cyrillic spelling missing from Wikidata still finds
        // its class through `yusupov`.
        if raw.script != Script::Latin {
            for f in &forms {
                let root = if raw.compound { &f[3..] } else { f.as_str() };
                for g in t.lookup(&latin_key(raw.compound, root)) {
                    if !groups.contains(g) {
                        groups.push(*g);
                    }
                }
            }
        }
        groups.sort_unstable();
        groups.dedup();
    }
    let unvowelled = raw.script == Script::Arabic
        && !raw
            .text
            .chars()
            .any(|c| ('\u{064B}'..='\u{0650}').contains(&c));
    let display = if raw.compound {
        format!("abd {}", raw.text)
    } else {
        raw.text.clone()
    };
    Some(
        Token {
            display,
            script: raw.script,
            role: raw.role,
            compound: raw.compound,
            forms,
            vtol,
            skeletons,
            groups,
            abjad: Vec::new(),
            unvowelled,
            id: Token::UNINTERNED,
        }
        .with_abjad(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepares_cross_script_tokens() {
        let n = prepare("محمد عبد الرحمن");
        assert_eq!(n.tokens.len(), 2);
        assert!(n.tokens[0].unvowelled);
        assert!(
            n.tokens[0].skeletons.contains(&"mhmd".to_string()),
            "{:?}",
            n.tokens[0]
        );
        assert!(n.tokens[1].compound);
        let l = prepare("Mohamed Abderrahmane");
        assert!(l.tokens[1].compound);
        assert_eq!(l.tokens[1].primary(), "abdrahmane");
    }
}
