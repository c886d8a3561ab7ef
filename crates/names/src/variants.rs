//! Knowledge of name variants: classes of spellings of one given or family
//! name across scripts (`Muhammad`, `Mohamed`, `Mehmed`, `Мухаммад`, `محمد`).
//!
//! The table is derived from the Wikidata name groups shipped in PyPI
//! `rigour==1.8.2` by `scripts/derive-variants.py`; provenance and licences
//! are in `crates/names/data/README.md`. It is embedded in the binary and
//! indexed on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::compare::fuzzy_distance;
use crate::normalize::fold;
use crate::parse::{RawToken, parse};
use crate::script::Script;
use crate::skeleton::skeleton;

static RAW: &str = include_str!("../data/variants.tsv");

/// A variant group identifier (the Wikidata item number of the name).
pub type GroupId = u32;

/// Spelling → variant groups.
pub struct VariantTable {
    map: HashMap<String, Vec<GroupId>>,
    /// Latin spellings of each group, as token forms (`abd` + root for
    /// compounds), so that a native-script token can be compared with a
    /// misspelt Latin one through its group's attested spellings.
    latin: HashMap<GroupId, Vec<String>>,
    groups: usize,
}

/// Whether a key is written in a non-Latin script (compound prefix aside).
fn is_native_key(key: &str) -> bool {
    key.trim_start_matches("abd:")
        .chars()
        .any(|c| c.is_alphabetic() && !c.is_ascii_alphabetic())
}

impl VariantTable {
    /// The embedded table, parsed on first use (about 100 ms).
    pub fn embedded() -> &'static VariantTable {
        static TABLE: OnceLock<VariantTable> = OnceLock::new();
        TABLE.get_or_init(|| VariantTable::parse(RAW))
    }

    /// Parse a table in the `QID<TAB>form|form|...` format.
    pub fn parse(text: &str) -> VariantTable {
        let mut map: HashMap<String, Vec<GroupId>> = HashMap::new();
        let mut latin: HashMap<GroupId, Vec<String>> = HashMap::new();
        let mut groups = 0;
        for line in text.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let Some((qid, forms)) = line.split_once('\t') else {
                continue;
            };
            let Ok(id) = qid.trim_start_matches('Q').parse::<GroupId>() else {
                continue;
            };
            groups += 1;
            for form in forms.split('|') {
                let toks = parse(&fold(form));
                // Only forms that are one name part once parsed: a single
                // word, or an `abd` compound.
                let [tok] = toks.as_slice() else { continue };
                let key = token_key(tok);
                if key.is_empty() {
                    continue;
                }
                if tok.script == Script::Latin {
                    let form = if tok.compound {
                        format!("abd{}", tok.text)
                    } else {
                        tok.text.clone()
                    };
                    let l = latin.entry(id).or_default();
                    if !l.contains(&form) {
                        l.push(form);
                    }
                }
                let ids = map.entry(key).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        // Wikidata keeps some spellings of one name as separate items that
        // share only their native-script form (Mehmet and Muhammad share
        // محمد). Link each group one hop through shared non-Latin forms, so
        // that every spelling carries the groups of its native forms'
        // other groups. One hop only: transitive closure would chain
        // unrelated names together through ambiguous forms.
        // Only groups whose Latin spellings are close (consonant skeletons
        // at most one edit apart) are linked: an Arabic or Cyrillic form
        // shared by unrelated names (a transcribed East Asian syllable, say)
        // must not make them equivalent.
        let skeletons: HashMap<GroupId, Vec<String>> = latin
            .iter()
            .map(|(g, forms)| {
                let mut sk: Vec<String> = forms
                    .iter()
                    .map(|f| skeleton(f))
                    .filter(|s| s.len() >= 2)
                    .collect();
                sk.sort();
                sk.dedup();
                (*g, sk)
            })
            .collect();
        let close = |a: GroupId, b: GroupId| -> bool {
            let (Some(sa), Some(sb)) = (skeletons.get(&a), skeletons.get(&b)) else {
                return false;
            };
            sa.iter().any(|x| {
                sb.iter().any(|y| {
                    x == y
                        || (x.len().min(y.len()) >= 3
                            && x.as_bytes()[0] == y.as_bytes()[0]
                            && fuzzy_distance(x.as_bytes(), y.as_bytes()) <= 1)
                })
            })
        };
        let mut neighbours: HashMap<GroupId, Vec<GroupId>> = HashMap::new();
        for (key, ids) in &map {
            if ids.len() > 1 && ids.len() <= 16 && is_native_key(key) {
                for a in ids {
                    for b in ids {
                        if a != b && close(*a, *b) {
                            neighbours.entry(*a).or_default().push(*b);
                        }
                    }
                }
            }
        }
        for ids in map.values_mut() {
            let mut extra: Vec<GroupId> = Vec::new();
            for id in ids.iter() {
                if let Some(n) = neighbours.get(id) {
                    extra.extend_from_slice(n);
                }
            }
            ids.extend(extra);
            ids.sort_unstable();
            ids.dedup();
        }
        VariantTable { map, latin, groups }
    }

    /// Attested Latin spellings of a group.
    pub fn latin_forms(&self, group: GroupId) -> &[String] {
        self.latin.get(&group).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Groups of a parsed token, or an empty slice.
    pub fn groups_of(&self, tok: &RawToken) -> &[GroupId] {
        self.lookup(&token_key(tok))
    }

    /// Groups of a prepared lookup key (see [`token_key`]).
    pub fn lookup(&self, key: &str) -> &[GroupId] {
        self.map.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Number of groups and of distinct spellings.
    pub fn stats(&self) -> (usize, usize) {
        (self.groups, self.map.len())
    }
}

/// The lookup key of a token: its text with marks removed and the letter
/// variants that spellings disagree on unified; compounds are prefixed.
pub fn token_key(tok: &RawToken) -> String {
    let mut key = String::with_capacity(tok.text.len() + 4);
    if tok.compound {
        key.push_str("abd:");
    }
    match tok.script {
        Script::Latin => key.push_str(&tok.text),
        _ => push_native_key(&tok.text, &mut key),
    }
    key
}

/// Key of a Latin rendering (used to look up romanised native tokens too).
pub fn latin_key(compound: bool, ascii: &str) -> String {
    if compound {
        format!("abd:{ascii}")
    } else {
        ascii.to_string()
    }
}

fn push_native_key(text: &str, out: &mut String) {
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            // Arabic: alef forms, alef maqsura, ta marbuta, hamza carriers.
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' | 'ی' | 'ئ' => 'ي',
            'ة' | 'ۀ' | 'ۃ' => 'ه',
            'ؤ' => 'و',
            'ک' => 'ك',
            // Cyrillic yo; Greek final sigma.
            'ё' => 'е',
            'ς' => 'σ',
            c => c,
        };
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(name: &str) -> Vec<GroupId> {
        let toks = parse(&fold(name));
        VariantTable::embedded().groups_of(&toks[0]).to_vec()
    }

    fn share(a: &str, b: &str) -> bool {
        let (ga, gb) = (groups(a), groups(b));
        ga.iter().any(|g| gb.contains(g))
    }

    #[test]
    fn embedded_table_links_scripts() {
        let (g, forms) = VariantTable::embedded().stats();
        assert!(g > 10_000 && forms > 50_000, "{g} groups, {forms} forms");
        assert!(share("Muhammad", "محمد"));
        assert!(share("Mohamed", "Мухаммад"));
        assert!(share("Yusuf", "Юсуф"));
        assert!(!share("Yusuf", "Muhammad"));
    }
}
