//! Turns the language catalogs (`app/locales/*.txt`) into Rust tables. The build stops when a
//! catalog misses a key, has other placeholders than Dutch, or lacks one of its plural forms.

#[path = "src/i18n/catalog_file.rs"]
mod catalog_file;

use catalog_file::{Catalog, Entry, FORMS, LANGUAGES};
use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=src/i18n/catalog_file.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut catalogs: Vec<Catalog> = Vec::new();
    let mut problems = Vec::new();
    for (code, _) in LANGUAGES {
        let path = dir.join(format!("{code}.txt"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        match catalog_file::parse(&text) {
            Ok(c) => catalogs.push(c),
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    for (i, (code, _)) in LANGUAGES.iter().enumerate() {
        problems.extend(catalog_file::check(code, &catalogs[i], &catalogs[0]));
    }
    if !problems.is_empty() {
        panic!(
            "the language catalogs are incomplete:\n{}",
            problems.join("\n")
        );
    }
    let master = &catalogs[0];
    let texts: Vec<&String> = master
        .order
        .iter()
        .filter(|k| matches!(master.entries[*k], Entry::Text(_)))
        .collect();
    let plurals: Vec<&String> = master
        .order
        .iter()
        .filter(|k| matches!(master.entries[*k], Entry::Plural(_)))
        .collect();
    let mut out = String::new();
    out.push_str("/// The keys of the catalogs; a missing key does not compile.\npub mod k {\n    #![expect(non_upper_case_globals, reason = \"keys read like the catalog\")]\n    use super::{Key, PluralKey};\n");
    for (i, key) in texts.iter().enumerate() {
        writeln!(out, "    pub const {key}: Key = Key({i});").unwrap();
    }
    for (i, key) in plurals.iter().enumerate() {
        writeln!(out, "    pub const {key}: PluralKey = PluralKey({i});").unwrap();
    }
    out.push_str("}\n");
    writeln!(
        out,
        "pub(super) static TEXTS: [[&str; {}]; {}] = [",
        texts.len(),
        LANGUAGES.len()
    )
    .unwrap();
    for cat in &catalogs {
        out.push_str("    [\n");
        for key in &texts {
            let Entry::Text(t) = &cat.entries[*key] else {
                unreachable!()
            };
            writeln!(out, "        {t:?},").unwrap();
        }
        out.push_str("    ],\n");
    }
    out.push_str("];\n");
    writeln!(
        out,
        "pub(super) static PLURALS: [[[&str; 6]; {}]; {}] = [",
        plurals.len(),
        LANGUAGES.len()
    )
    .unwrap();
    for cat in &catalogs {
        out.push_str("    [\n");
        for key in &plurals {
            let Entry::Plural(f) = &cat.entries[*key] else {
                unreachable!()
            };
            let forms: Vec<String> = FORMS
                .iter()
                .map(|form| format!("{:?}", f.get(*form).map(String::as_str).unwrap_or("")))
                .collect();
            writeln!(out, "        [{}],", forms.join(", ")).unwrap();
        }
        out.push_str("    ],\n");
    }
    out.push_str("];\n");
    // A text may have a form for young people, `{key}_je`: the same text saying "je" where the
    // other says "u". `tj` and `tnj` pick it for a young reader.
    let je = |keys: &[&String]| -> Vec<String> {
        keys.iter()
            .map(|k| {
                keys.iter()
                    .position(|o| **o == format!("{k}_je"))
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| "u16::MAX".into())
            })
            .collect()
    };
    writeln!(
        out,
        "pub(super) static TEXT_JE: [u16; {}] = [{}];",
        texts.len(),
        je(&texts).join(", ")
    )
    .unwrap();
    writeln!(
        out,
        "pub(super) static PLURAL_JE: [u16; {}] = [{}];",
        plurals.len(),
        je(&plurals).join(", ")
    )
    .unwrap();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog.rs");
    std::fs::write(dest, out).unwrap();
}
