//! Languages. Dutch (level B1) is the default voice; English is one switch away and remembered in
//! a cookie, so it works without JavaScript.

use serde::{Deserialize, Serialize};

/// The languages of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Dutch, the default.
    #[default]
    Nl,
    /// English.
    En,
}

/// The name of the cookie that remembers the language.
pub const LANG_COOKIE: &str = "at_lang";

impl Lang {
    /// The BCP 47 code, used in `<html lang>` and in the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Reads a code; anything unknown is Dutch.
    pub fn from_code(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }

    /// The language's own name, shown on the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
        }
    }

    /// Reads the language from a `Cookie` header value.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .map(|(_, v)| Lang::from_code(v))
            .unwrap_or_default()
    }
}

/// Picks the Dutch or the English text.
pub fn tr(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// The language of the current page, from context.
pub fn use_lang() -> Lang {
    if let Some(lang) = leptos::prelude::use_context::<Lang>() {
        return lang;
    }
    #[cfg(feature = "ssr")]
    if let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() {
        let header = parts
            .headers
            .get(http::header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        return Lang::from_cookie_header(header);
    }
    Lang::default()
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
    }
}
