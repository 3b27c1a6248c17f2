//! Writing a mail (pure): the subject, a plain-text part and an HTML part, in the reader's
//! language, with "je" for a young person. A mail holds only names, dates, what it is about and
//! links: it has no field for an answer or any other text someone typed for the table, and the
//! child is named by first name only.

use super::key::MailKind;
use crate::i18n::{fill, k, tj, Key, Lang};

/// Everything a mail is written from.
pub struct Letter<'a> {
    /// What kind of mail.
    pub kind: MailKind,
    /// The reader's language.
    pub lang: Lang,
    /// Whether the reader is the young person (reads "je").
    pub young: bool,
    /// The reader's name.
    pub name: &'a str,
    /// The child's first name.
    pub child: &'a str,
    /// Who invited them, or the coach of the meeting.
    pub by: &'a str,
    /// The meeting's start, in words.
    pub when: &'a str,
    /// A date in words: the deadline to prepare, an agreement's date or the link's last day.
    pub date: &'a str,
    /// The link to act on: a sign-in link, or the page the mail is about.
    pub link: &'a str,
    /// Whether `link` is a sign-in link (`false` for an invitation to someone who already has
    /// an account, who signs in as always).
    pub sign_in_link: bool,
    /// The one-tap "stop mail" link.
    pub stop: &'a str,
}

/// A written mail. No `Debug`: it holds a sign-in link.
pub struct Composed {
    /// The subject line.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// One paragraph: its words, and a link that follows them.
struct Para {
    words: String,
    link: Option<String>,
}

/// Writes the mail.
pub fn compose(l: &Letter<'_>) -> Composed {
    let say = |key: Key| -> String {
        fill(
            tj(l.lang, l.young, key),
            &[
                ("name", &l.name),
                ("child", &l.child),
                ("by", &l.by),
                ("when", &l.when),
                ("date", &l.date),
            ],
        )
    };
    let para = |key: Key| Para {
        words: say(key),
        link: None,
    };
    let with_link = |key: Key| Para {
        words: say(key),
        link: Some(l.link.to_string()),
    };
    let (subject, mut body) = match l.kind {
        MailKind::Invitation => (
            k::mail_invite_subject,
            vec![
                para(k::mail_invite_body),
                if l.sign_in_link {
                    with_link(k::mail_invite_link)
                } else {
                    with_link(k::mail_invite_account)
                },
                para(k::mail_invite_why),
            ],
        ),
        MailKind::PrepareReminder => (
            k::mail_prepare_subject,
            vec![para(k::mail_prepare_body), with_link(k::mail_open)],
        ),
        MailKind::TopicsShared => (
            k::mail_topics_subject,
            vec![para(k::mail_topics_body), with_link(k::mail_open)],
        ),
        MailKind::AgreementsReady => (
            k::mail_agreements_subject,
            vec![para(k::mail_agreements_body), with_link(k::mail_open)],
        ),
        MailKind::AgreementDue => (
            k::mail_due_subject,
            vec![para(k::mail_due_body), with_link(k::mail_open)],
        ),
        MailKind::NewLink => (
            k::mail_link_subject,
            vec![with_link(k::mail_link_body), para(k::mail_link_not_you)],
        ),
        MailKind::RetentionWarning => (
            k::mail_retention_subject,
            vec![
                para(k::mail_retention_body),
                if l.sign_in_link {
                    with_link(k::mail_retention_link)
                } else {
                    with_link(k::mail_retention_account)
                },
            ],
        ),
    };
    if l.kind.needs_yes() {
        body.push(para(k::mail_why_yes));
    }
    body.insert(0, para(k::mail_greeting));
    body.push(para(k::mail_never_words));
    body.push(Para {
        words: say(k::mail_stop),
        link: Some(l.stop.to_string()),
    });
    body.push(para(k::mail_regards));

    let mut text = String::new();
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family:sans-serif;font-size:16px;line-height:1.5;max-width:36em\">",
        l.lang.code(),
        l.lang.dir()
    );
    for p in &body {
        text.push_str(&p.words);
        html.push_str("<p>");
        html.push_str(&escape(&p.words).replace('\n', "<br>"));
        if let Some(link) = &p.link {
            text.push('\n');
            text.push_str(link);
            html.push_str(&format!("<br><a href=\"{0}\">{0}</a>", escape(link)));
        }
        text.push_str("\n\n");
        html.push_str("</p>");
    }
    html.push_str("</body></html>");
    Composed {
        subject: say(subject),
        text: text.trim_end().to_string() + "\n",
        html,
    }
}

/// Text made safe for HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(kind: MailKind, lang: Lang, young: bool) -> Letter<'static> {
        Letter {
            kind,
            lang,
            young,
            name: "Noor <b>",
            child: "Sam",
            by: "Fatima",
            when: "donderdag 3 december 2026, 15:30",
            date: "dinsdag 1 december 2026",
            link: "https://portal.example/invite/abc?x=1&y=2",
            sign_in_link: true,
            stop: "https://portal.example/mail/stop/7.ff",
        }
    }

    #[test]
    fn every_kind_in_every_language_has_its_link_the_stop_link_and_no_placeholder() {
        for kind in MailKind::ALL {
            for lang in Lang::ALL {
                for young in [false, true] {
                    let m = compose(&letter(kind, lang, young));
                    let what = format!("{kind:?} {lang:?} young={young}");
                    assert!(!m.subject.is_empty() && !m.subject.contains('{'), "{what}");
                    assert!(!m.text.contains('{') && !m.html.contains('{'), "{what}");
                    assert!(
                        m.text.contains("https://portal.example/invite/abc?x=1&y=2"),
                        "{what}"
                    );
                    assert!(
                        m.html
                            .contains("https://portal.example/invite/abc?x=1&amp;y=2"),
                        "{what}"
                    );
                    assert!(
                        m.text.contains("https://portal.example/mail/stop/7.ff"),
                        "{what}"
                    );
                    assert!(m.text.contains("Noor <b>"), "{what}");
                    assert!(
                        m.html.contains("Noor &lt;b&gt;") && !m.html.contains("<b>"),
                        "{what}"
                    );
                    assert!(
                        m.html.contains(&format!("lang=\"{}\"", lang.code())),
                        "{what}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_young_person_reads_je_and_a_parent_u() {
        let parent = compose(&letter(MailKind::PrepareReminder, Lang::Nl, false));
        let young = compose(&letter(MailKind::PrepareReminder, Lang::Nl, true));
        assert!(parent.text.contains("Beste Noor"));
        assert!(parent.text.contains(" u "), "{}", parent.text);
        assert!(young.text.contains("Hoi Noor"));
        assert!(!young.text.contains(" u "), "{}", young.text);
        assert!(young.text.contains(" je "), "{}", young.text);
        let en = compose(&letter(MailKind::PrepareReminder, Lang::En, false));
        assert_ne!(en.subject, parent.subject);
        assert!(en.text.contains("Sam"));
    }

    #[test]
    fn only_reminders_and_news_say_they_follow_a_yes() {
        let why = fill(tj(Lang::Nl, false, k::mail_why_yes), &[]);
        for kind in MailKind::ALL {
            let m = compose(&letter(kind, Lang::Nl, false));
            assert_eq!(m.text.contains(&why), kind.needs_yes(), "{kind:?}");
        }
        let account = compose(&Letter {
            sign_in_link: false,
            ..letter(MailKind::Invitation, Lang::Nl, false)
        });
        assert_ne!(
            account.text,
            compose(&letter(MailKind::Invitation, Lang::Nl, false)).text
        );
    }
}
