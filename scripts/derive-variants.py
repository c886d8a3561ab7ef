#!/usr/bin/env python3
"""Derive crates/names/data/variants.tsv from rigour's persons.txt.

Source: the file ``rigour/data/names/persons.txt`` inside the PyPI wheel
``rigour==1.8.2`` (package licence MIT, (c) OpenSanctions Datenbanken GmbH;
the name data itself is derived from Wikidata, CC0). Each source line is

    form1, form2, ... => Q12345

i.e. a group of spellings of one given name or family name (a Wikidata
"given name" / "family name" item) across scripts. A few groups carry
rigour's own ``X<n>`` ids instead of a Wikidata QID.

The output keeps only forms in the Latin, Arabic, Cyrillic or Greek script,
normalised (see ``normalise``), and writes one group per line:

    QID<TAB>form1|form2|...

Standard library only. Deterministic: the same wheel always gives the same
bytes. Usage:

    python3 scripts/derive-variants.py [--wheel PATH] [--out PATH]
                                       [--no-drop-trivial]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

PACKAGE = "rigour"
VERSION = "1.8.2"
MEMBER = "rigour/data/names/persons.txt"
SHA256 = "1d29f780b64a856f7be23242442710d4d90d3b7b9ac8c1448eff7274a52bfee9"
DEFAULT_OUT = "crates/names/data/variants.tsv"

SCRIPTS = ("latin", "arabic", "cyrillic", "greek")
MAX_CHARS = 40
MAX_TOKENS = 3

# Characters folded to the ASCII apostrophe before anything else. Done before
# NFKC because NFKC turns U+00B4 / U+1FBD etc. into a space + combining mark.
APOSTROPHES = {
    "\u2018": "'",  # LEFT SINGLE QUOTATION MARK
    "\u2019": "'",  # RIGHT SINGLE QUOTATION MARK
    "\u02bc": "'",  # MODIFIER LETTER APOSTROPHE
    "\u02bb": "'",  # MODIFIER LETTER TURNED COMMA (Uzbek o', g')
    "\u02be": "'",  # MODIFIER LETTER RIGHT HALF RING (hamza in transliteration)
    "\u02bf": "'",  # MODIFIER LETTER LEFT HALF RING (ayn in transliteration)
    "\u00b4": "'",  # ACUTE ACCENT (spacing)
    "\u0060": "'",  # GRAVE ACCENT (spacing)
    "\u02b9": "'",  # MODIFIER LETTER PRIME (soft sign in romanisation)
    "\u02ba": "'",  # MODIFIER LETTER DOUBLE PRIME (hard sign in romanisation)
    "\u2032": "'",  # PRIME
}
# Dash-like characters folded to HYPHEN-MINUS.
HYPHENS = {
    "\u2010": "-",  # HYPHEN
    "\u2011": "-",  # NON-BREAKING HYPHEN
    "\u2012": "-",  # FIGURE DASH
    "\u2013": "-",  # EN DASH
    "\u2014": "-",  # EM DASH
}
PRE_MAP = str.maketrans({**APOSTROPHES, **HYPHENS})
CONNECTORS = frozenset("-'")

# Extra ASCII folds for Latin letters that have no canonical decomposition.
# Used only by the --drop-trivial filter, never in the written forms.
ASCII_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ə": "e",
        "ħ": "h",
        "ŋ": "n",
        "ĸ": "k",
    }
)


def char_script(ch: str) -> str | None:
    """Script of a letter, from its Unicode name; None for non-letters."""
    if not unicodedata.category(ch).startswith("L"):
        return None
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0].lower()
    return first if first in SCRIPTS else "other"


def normalise(raw: str) -> tuple[str, str] | tuple[None, str]:
    """Normalise one source form.

    Returns (form, script) for a kept form, or (None, reason) for a dropped one.

    Steps: fold apostrophe/dash variants; drop format characters (Cf: ZWNJ,
    bidi controls, soft hyphen); NFKC; casefold; NFC; for Latin forms only,
    strip combining marks (NFD, drop Mn/Me, NFC); collapse whitespace; strip
    surrounding punctuation, hyphens and apostrophes.
    """
    s = raw.translate(PRE_MAP)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Cf")
    s = unicodedata.normalize("NFKC", s)
    s = unicodedata.normalize("NFC", s.casefold())
    s = " ".join(s.split())
    # strip surrounding punctuation / symbols / connectors
    def edge(ch: str) -> bool:
        cat = unicodedata.category(ch)
        return cat[0] in "PSZ" or ch in CONNECTORS

    start, end = 0, len(s)
    while start < end and edge(s[start]):
        start += 1
    while end > start and edge(s[end - 1]):
        end -= 1
    s = s[start:end]
    if not s:
        return None, "empty"

    scripts = set()
    for ch in s:
        cat = unicodedata.category(ch)
        if cat.startswith("L"):
            scripts.add(char_script(ch))
        elif cat.startswith("M"):
            continue
        elif ch == " " or ch in CONNECTORS:
            continue
        else:
            return None, "bad-char"
    if not scripts:
        return None, "no-letter"
    if "other" in scripts:
        return None, "other-script" if len(scripts) == 1 else "mixed-script"
    if len(scripts) > 1:
        return None, "mixed-script"
    script = scripts.pop()

    if script == "latin":
        s = unicodedata.normalize("NFD", s)
        s = "".join(ch for ch in s if unicodedata.category(ch) not in ("Mn", "Me"))
        s = unicodedata.normalize("NFC", s)

    tokens = s.split(" ")
    for tok in tokens:
        # a token must start with a letter (apostrophe allowed first, e.g. 'abd)
        # and must contain at least one letter
        if not any(unicodedata.category(c).startswith("L") for c in tok):
            return None, "bad-token"
        if unicodedata.category(tok[0]).startswith("M"):
            return None, "bad-token"
    if len(tokens) > MAX_TOKENS:
        return None, "too-many-tokens"
    if len(s) > MAX_CHARS:
        return None, "too-long"
    letters = sum(1 for c in s if unicodedata.category(c).startswith("L"))
    if letters < 2:
        return None, "one-letter"
    return s, script


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.category(ch).startswith("M"))
    return s.translate(ASCII_EXTRA)


def within_one(a: str, b: str) -> bool:
    """True if Levenshtein distance(a, b) <= 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def is_trivial(forms: list[str], scripts: dict[str, str]) -> bool:
    """Latin-only group whose ASCII-folded forms are pairwise within distance 1."""
    if any(scripts[f] != "latin" for f in forms):
        return False
    folded = sorted(set(ascii_fold(f) for f in forms))
    for i in range(len(folded)):
        for j in range(i + 1, len(folded)):
            if not within_one(folded[i], folded[j]):
                return False
    return True


def id_key(gid: str) -> tuple[str, int]:
    return (gid[0], int(gid[1:]))


def fetch_wheel(tmp: str) -> str:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        f"{PACKAGE}=={VERSION}",
        "--no-deps",
        "--only-binary=:all:",
        "-d",
        tmp,
    ]
    print("+ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    wheels = [f for f in os.listdir(tmp) if f.endswith(".whl")]
    if len(wheels) != 1:
        sys.exit(f"error: expected one wheel in {tmp}, found {wheels}")
    return os.path.join(tmp, wheels[0])


def read_source(wheel: str) -> bytes:
    with zipfile.ZipFile(wheel) as zf:
        data = zf.read(MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        sys.exit(
            f"error: sha256 mismatch for {MEMBER} in {wheel}:\n"
            f"  expected {SHA256}\n  got      {digest}"
        )
    return data


def derive(data: bytes, drop_trivial: bool):
    stats = collections.Counter()
    drops = collections.Counter()
    groups: dict[str, list[str]] = {}
    form_script: dict[str, str] = {}
    src_form_groups = collections.Counter()
    seen_ids = set()
    for lineno, line in enumerate(io.StringIO(data.decode("utf-8")), 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.count(" => ") != 1:
            sys.exit(f"error: line {lineno}: unexpected format: {line!r}")
        names, gid = line.split(" => ")
        gid = gid.strip()
        if gid[:1] not in ("Q", "X") or not gid[1:].isdigit():
            sys.exit(f"error: line {lineno}: unexpected id {gid!r}")
        if gid in seen_ids:
            sys.exit(f"error: line {lineno}: duplicate id {gid}")
        seen_ids.add(gid)
        stats["src_groups"] += 1
        kept = set()
        for raw in names.split(", "):
            stats["src_forms"] += 1
            src_form_groups[raw] += 1
            form, why = normalise(raw)
            if form is None:
                drops[why] += 1
                continue
            kept.add(form)
            form_script[form] = why
        if len(kept) < 2:
            stats["groups_lt2"] += 1
            continue
        forms = sorted(kept)
        if drop_trivial and is_trivial(forms, form_script):
            stats["groups_trivial"] += 1
            continue
        groups[gid] = forms
    stats["src_forms_multi_group"] = sum(1 for n in src_form_groups.values() if n > 1)
    return groups, form_script, stats, drops


def render(groups: dict[str, list[str]], drop_trivial: bool) -> bytes:
    cmd = "python3 scripts/derive-variants.py"
    if not drop_trivial:
        cmd += " --no-drop-trivial"
    header = (
        f"# source: PyPI wheel {PACKAGE}=={VERSION}, file {MEMBER}"
        f" (sha256 {SHA256}); licence: rigour MIT (c) OpenSanctions"
        f" Datenbanken GmbH, name data from Wikidata CC0;"
        f" generated by: {cmd}; format: ID<TAB>form|form|..."
    )
    out = [header]
    for gid in sorted(groups, key=id_key):
        out.append(gid + "\t" + "|".join(groups[gid]))
    return ("\n".join(out) + "\n").encode("utf-8")


def report(groups, form_script, stats, drops, size):
    p = lambda *a: print(*a, file=sys.stderr)  # noqa: E731
    p(f"source: {stats['src_groups']} groups, {stats['src_forms']} forms")
    p(f"source: {stats['src_forms_multi_group']} distinct raw forms appear in >1 group")
    p("dropped forms by reason:")
    for why, n in sorted(drops.items(), key=lambda kv: -kv[1]):
        p(f"  {why:16} {n}")
    p(f"dropped groups: {stats['groups_lt2']} with <2 forms,"
      f" {stats['groups_trivial']} trivial (Latin-only, within edit distance 1)")
    per_script = collections.Counter()
    multi_token = 0
    occurrences = collections.Counter()
    n_forms = 0
    for forms in groups.values():
        for f in forms:
            n_forms += 1
            per_script[form_script[f]] += 1
            occurrences[f] += 1
            if " " in f:
                multi_token += 1
    shared = sum(1 for n in occurrences.values() if n > 1)
    p(f"output: {len(groups)} groups, {n_forms} forms"
      f" ({len(occurrences)} distinct), {multi_token} multi-token")
    p("output forms per script: "
      + ", ".join(f"{s} {per_script[s]}" for s in SCRIPTS))
    p(f"output: {shared} distinct forms appear in >1 group"
      f" (max {max(occurrences.values(), default=0)} groups)")
    p(f"output: {size} bytes")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", help=f"path to {PACKAGE}-{VERSION} wheel (else pip download)")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument(
        "--drop-trivial",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="drop Latin-only groups whose ASCII-folded forms are all within"
        " edit distance 1 of each other (default: on)",
    )
    args = ap.parse_args()

    if args.wheel:
        data = read_source(args.wheel)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            data = read_source(fetch_wheel(tmp))

    groups, form_script, stats, drops = derive(data, args.drop_trivial)
    blob = render(groups, args.drop_trivial)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as fh:
        fh.write(blob)
    report(groups, form_script, stats, drops, len(blob))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
