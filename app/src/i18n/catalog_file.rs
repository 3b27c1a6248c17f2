//! Reads and checks the language catalogs in `app/locales/`. Used twice: by the build script,
//! which refuses to build when a catalog is incomplete, and by the catalog test.
//!
//! A catalog is a text file, one entry per line: `key = "text"`, the text written as a JSON
//! string. A plural entry has one line per form: `key[one] = "…"`, `key[other] = "…"`. Lines
//! that start with `#` are comments. Placeholders are written `{name}`; a plural's count is `{n}`.
//!
//! Dutch (`nl.txt`) is the master. Every other catalog must have exactly its keys, the same
//! placeholders in each text, and for each plural the forms its language uses (CLDR).

use std::collections::{BTreeMap, BTreeSet};

/// The languages, in the order of `Lang`: code and the plural forms the language uses.
pub const LANGUAGES: [(&str, &[&str]); 6] = [
    ("nl", &["one", "other"]),
    ("en", &["one", "other"]),
    ("ar", &["zero", "one", "two", "few", "many", "other"]),
    ("tr", &["one", "other"]),
    ("pl", &["one", "few", "many", "other"]),
    ("uk", &["one", "few", "many", "other"]),
];

/// Every plural form, in the order the generated tables use.
pub const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One catalog entry: a plain text, or a plural with a text per form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// One text.
    Text(String),
    /// A text per plural form.
    Plural(BTreeMap<String, String>),
}

/// A parsed catalog: entries in file order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Keys in file order.
    pub order: Vec<String>,
    /// The entries by key.
    pub entries: BTreeMap<String, Entry>,
}

/// Reads a JSON string literal (the subset catalogs use).
fn json_string(s: &str) -> Result<String, String> {
    let s = s.trim();
    let inner = s
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or("the text must be in double quotes")?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('/') => out.push('/'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).map_err(|_| "bad \\u escape")?;
                    out.push(char::from_u32(code).ok_or("bad \\u escape")?);
                }
                _ => return Err("unknown escape".into()),
            },
            '"' => return Err("an unescaped \" inside the text".into()),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Parses a catalog file. Errors name the line.
pub fn parse(text: &str) -> Result<Catalog, String> {
    let mut cat = Catalog::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let at = |m: &str| format!("line {}: {m}", i + 1);
        let (key, value) = line
            .split_once(" = ")
            .ok_or_else(|| at("expected `key = \"text\"`"))?;
        let value = json_string(value).map_err(|e| at(&e))?;
        let (key, form) = match key.split_once('[') {
            Some((k, f)) => (
                k,
                Some(
                    f.strip_suffix(']')
                        .ok_or_else(|| at("expected `key[form]`"))?,
                ),
            ),
            None => (key, None),
        };
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(at("a key has only a-z, 0-9 and _"));
        }
        match form {
            None => {
                if cat.entries.insert(key.into(), Entry::Text(value)).is_some() {
                    return Err(at(&format!("`{key}` appears twice")));
                }
                cat.order.push(key.into());
            }
            Some(form) => {
                if !FORMS.contains(&form) {
                    return Err(at(&format!("unknown plural form `{form}`")));
                }
                match cat.entries.get_mut(key) {
                    Some(Entry::Plural(forms)) => {
                        if forms.insert(form.into(), value).is_some() {
                            return Err(at(&format!("`{key}[{form}]` appears twice")));
                        }
                    }
                    Some(Entry::Text(_)) => {
                        return Err(at(&format!("`{key}` is both a text and a plural")))
                    }
                    None => {
                        cat.entries.insert(
                            key.into(),
                            Entry::Plural(BTreeMap::from([(form.into(), value)])),
                        );
                        cat.order.push(key.into());
                    }
                }
            }
        }
    }
    Ok(cat)
}

/// The placeholders in a text, such as `{name}`.
pub fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.insert(after[..end].to_string());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// Checks `cat` (language `code`) against the Dutch master. Returns every problem found.
pub fn check(code: &str, cat: &Catalog, master: &Catalog) -> Vec<String> {
    let mut problems = Vec::new();
    let forms: &[&str] = LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, f)| *f)
        .unwrap_or(&[]);
    for key in &master.order {
        let (Some(mine), Some(theirs)) = (cat.entries.get(key), master.entries.get(key)) else {
            problems.push(format!("{code}: `{key}` is missing"));
            continue;
        };
        let want = match theirs {
            Entry::Text(t) => placeholders(t),
            Entry::Plural(f) => f.values().flat_map(|t| placeholders(t)).collect(),
        };
        match mine {
            Entry::Text(t) => {
                if matches!(theirs, Entry::Plural(_)) {
                    problems.push(format!("{code}: `{key}` must be a plural"));
                }
                if placeholders(t) != want {
                    problems.push(format!("{code}: `{key}` has other placeholders than Dutch"));
                }
                if t.trim().is_empty() && !matches!(theirs, Entry::Text(d) if d.trim().is_empty()) {
                    problems.push(format!("{code}: `{key}` is empty"));
                }
            }
            Entry::Plural(f) => {
                if matches!(theirs, Entry::Text(_)) {
                    problems.push(format!("{code}: `{key}` must not be a plural"));
                }
                let have: Vec<&str> = f.keys().map(String::as_str).collect();
                let mut need: Vec<&str> = forms.to_vec();
                need.sort_unstable();
                if have != need {
                    problems.push(format!(
                        "{code}: `{key}` needs the forms {forms:?}, has {have:?}"
                    ));
                }
                for (form, t) in f {
                    // Arabic's zero, one and two forms may say the number in words.
                    let got = placeholders(t);
                    let allowed: BTreeSet<String> = want.iter().cloned().collect();
                    let without_n: BTreeSet<String> =
                        want.iter().filter(|p| *p != "n").cloned().collect();
                    if got != allowed && !(got == without_n && form != "other") {
                        problems.push(format!(
                            "{code}: `{key}[{form}]` has other placeholders than Dutch"
                        ));
                    }
                }
            }
        }
    }
    for key in &cat.order {
        if !master.entries.contains_key(key) {
            problems.push(format!("{code}: `{key}` is not in the Dutch catalog"));
        }
    }
    problems
}
