//! Languages. Dutch (level B1) is the default; English, Arabic, Turkish, Polish and Ukrainian are
//! one menu away. A first visit follows `Accept-Language`; a choice is kept in a cookie and on the
//! person's account. Every text lives in the catalogs in `app/locales/`, one per language, turned
//! into tables at build time; a missing text stops the build.

use serde::{Deserialize, Serialize};

pub mod catalog_file;

/// The generated catalog tables (see `build.rs`).
mod catalog {
    use super::{Key, PluralKey};
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

pub use catalog::k;

/// A text in the catalogs. Made only by the generated constants in [`k`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(u16);

/// A text with plural forms. Made only by the generated constants in [`k`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PluralKey(u16);

/// The languages of the interface, in the order of the catalogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Dutch, the default.
    #[default]
    Nl,
    /// English.
    En,
    /// Arabic, written right to left.
    Ar,
    /// Turkish.
    Tr,
    /// Polish.
    Pl,
    /// Ukrainian.
    Uk,
}

/// The name of the cookie that remembers the language.
pub const LANG_COOKIE: &str = "at_lang";

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Lang; 6] = [Lang::Nl, Lang::En, Lang::Ar, Lang::Tr, Lang::Pl, Lang::Uk];

    /// The BCP 47 code, used in `<html lang>`, in the cookie and on the account.
    pub fn code(self) -> &'static str {
        catalog_file::LANGUAGES[self as usize].0
    }

    /// Reads a code exactly; `None` when it is not one of ours.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim();
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// Reads a code; anything unknown is Dutch.
    pub fn from_code(code: &str) -> Lang {
        Lang::parse(code).unwrap_or_default()
    }

    /// The language's own name, shown in the language menu.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
            Lang::Ar => "العربية",
            Lang::Tr => "Türkçe",
            Lang::Pl => "Polski",
            Lang::Uk => "Українська",
        }
    }

    /// The writing direction, for `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// Reads the language from a `Cookie` header value, if the cookie is there.
    pub fn from_cookie(header: &str) -> Option<Lang> {
        header
            .split(';')
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .and_then(|(_, v)| Lang::parse(v))
    }

    /// Reads the language from a `Cookie` header value; Dutch without the cookie.
    pub fn from_cookie_header(header: &str) -> Lang {
        Lang::from_cookie(header).unwrap_or_default()
    }

    /// The best of our languages for an `Accept-Language` header, by its quality values
    /// (`ar-MA` counts as `ar`); Dutch when none fits.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        for part in header.split(',') {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or("").trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::parse(primary) {
                if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                    best = Some((lang, q));
                }
            }
        }
        best.map(|(l, _)| l).unwrap_or_default()
    }

    /// The CLDR plural form of a whole number in this language.
    pub fn plural_form(self, n: u64) -> &'static str {
        let (n10, n100) = (n % 10, n % 100);
        match self {
            Lang::Nl | Lang::En | Lang::Tr => {
                if n == 1 {
                    "one"
                } else {
                    "other"
                }
            }
            Lang::Pl => match n {
                1 => "one",
                _ if (2..=4).contains(&n10) && !(12..=14).contains(&n100) => "few",
                _ => "many",
            },
            Lang::Uk => match n {
                _ if n10 == 1 && n100 != 11 => "one",
                _ if (2..=4).contains(&n10) && !(12..=14).contains(&n100) => "few",
                _ => "many",
            },
            Lang::Ar => match n {
                0 => "zero",
                1 => "one",
                2 => "two",
                _ if (3..=10).contains(&n100) => "few",
                _ if (11..=99).contains(&n100) => "many",
                _ => "other",
            },
        }
    }
}

/// The text for `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    catalog::TEXTS[lang as usize][key.0 as usize]
}

/// The text for `key` as its reader reads it: for a young person (`young`) the `{key}_je` form
/// (saying "je" where the other says "u") when the catalogs have one.
pub fn tj(lang: Lang, young: bool, key: Key) -> &'static str {
    match catalog::TEXT_JE[key.0 as usize] {
        je if young && je != u16::MAX => t(lang, Key(je)),
        _ => t(lang, key),
    }
}

/// [`tn`] as its reader reads it (see [`tj`]).
pub fn tnj(
    lang: Lang,
    young: bool,
    key: PluralKey,
    n: u64,
    args: &[(&str, &dyn std::fmt::Display)],
) -> String {
    match catalog::PLURAL_JE[key.0 as usize] {
        je if young && je != u16::MAX => tn(lang, PluralKey(je), n, args),
        _ => tn(lang, key, n, args),
    }
}

/// Fills the `{name}` placeholders of a text. A placeholder without a value stays as written.
pub fn fill(text: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').and_then(|end| {
            let name = &after[..end];
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| (end, v))
        }) {
            Some((end, value)) => {
                use std::fmt::Write as _;
                let _ = write!(out, "{value}");
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text for `key` in `lang`, with its placeholders filled.
pub fn tf(lang: Lang, key: Key, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill(t(lang, key), args)
}

/// The form of `forms` (in [`catalog_file::FORMS`] order) for `n` in `lang`; `other` when the
/// language's form is empty.
fn pick(lang: Lang, forms: &[impl AsRef<str>], n: u64) -> &str {
    let form = lang.plural_form(n);
    let at = catalog_file::FORMS
        .iter()
        .position(|f| *f == form)
        .unwrap_or(5);
    match forms.get(at).map(AsRef::as_ref) {
        Some(text) if !text.is_empty() => text,
        _ => forms.get(5).map(AsRef::as_ref).unwrap_or(""),
    }
}

/// The plural text for `n` in `lang`, with `{n}` and the other placeholders filled.
pub fn tn(lang: Lang, key: PluralKey, n: u64, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let text = pick(lang, &catalog::PLURALS[lang as usize][key.0 as usize], n);
    let mut all: Vec<(&str, &dyn std::fmt::Display)> = vec![("n", &n)];
    all.extend_from_slice(args);
    fill(text, &all)
}

/// The language of the current page, from context.
pub fn use_lang() -> Lang {
    if let Some(lang) = leptos::prelude::use_context::<Lang>() {
        return lang;
    }
    #[cfg(feature = "ssr")]
    if let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() {
        return Lang::from_headers(&parts.headers);
    }
    Lang::default()
}

#[cfg(feature = "ssr")]
impl Lang {
    /// The language of a request: the cookie if chosen, else the browser's `Accept-Language`.
    pub fn from_headers(headers: &http::HeaderMap) -> Lang {
        let get = |name| headers.get(name).and_then(|v| v.to_str().ok());
        get(http::header::COOKIE)
            .and_then(Lang::from_cookie)
            .unwrap_or_else(|| {
                Lang::from_accept_language(get(http::header::ACCEPT_LANGUAGE).unwrap_or(""))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_picks_language() {
        assert_eq!(Lang::from_cookie_header("a=b; at_lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("at_lang=nl"), Lang::Nl);
        assert_eq!(Lang::from_cookie_header("at_lang=xx"), Lang::Nl);
        assert_eq!(Lang::from_cookie_header(""), Lang::Nl);
        assert_eq!(Lang::from_cookie_header("at_lang=ar"), Lang::Ar);
    }

    #[test]
    fn accept_language_picks_the_best_we_have() {
        assert_eq!(
            Lang::from_accept_language("ar-MA,ar;q=0.9,fr;q=0.8"),
            Lang::Ar
        );
        assert_eq!(
            Lang::from_accept_language("fr, pl;q=0.5, tr;q=0.7"),
            Lang::Tr
        );
        assert_eq!(Lang::from_accept_language("de-DE"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("uk;q=0, en;q=0.1"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::Nl);
    }

    #[test]
    fn plural_forms_follow_cldr() {
        let forms =
            |l: Lang| [0, 1, 2, 3, 5, 11, 12, 21, 22, 25, 100, 101, 111].map(|n| l.plural_form(n));
        assert_eq!(
            forms(Lang::Nl),
            [
                "other", "one", "other", "other", "other", "other", "other", "other", "other",
                "other", "other", "other", "other"
            ]
        );
        assert_eq!(
            forms(Lang::Pl),
            [
                "many", "one", "few", "few", "many", "many", "many", "many", "few", "many", "many",
                "many", "many"
            ]
        );
        assert_eq!(
            forms(Lang::Uk),
            [
                "many", "one", "few", "few", "many", "many", "many", "one", "few", "many", "many",
                "one", "many"
            ]
        );
        assert_eq!(
            forms(Lang::Ar),
            [
                "zero", "one", "two", "few", "few", "many", "many", "many", "many", "many",
                "other", "other", "many"
            ]
        );
    }

    #[test]
    fn fill_replaces_named_placeholders_only() {
        assert_eq!(
            fill("Hallo {name}, {n} keer", &[("name", &"Fatima"), ("n", &3)]),
            "Hallo Fatima, 3 keer"
        );
        assert_eq!(fill("{a} {unknown} {", &[("a", &1)]), "1 {unknown} {");
    }

    #[test]
    fn every_language_has_its_own_name_and_code() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::Pl.dir(), "ltr");
    }
}
