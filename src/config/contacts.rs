//! `[[contacts]]` and `[notify]`: who an escalation step reaches and how.
//! File types, runtime types and their validation.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::SmtpTls;
use super::file::S;
use super::validate::{R, V, is_id};
use crate::domain::paging::ChannelKind;

/// Where PagerDuty's Events API v2 takes events unless `[notify.pagerduty] url` says otherwise.
pub const PAGERDUTY_EVENTS_URL: &str = "https://events.pagerduty.com/v2/enqueue";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileContact {
    pub id: S<String>,
    pub people: S<Vec<S<FilePerson>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePerson {
    pub name: S<String>,
    pub login: Option<S<String>>,
    pub email: Option<S<String>>,
    pub webhook: Option<S<String>>,
    pub pagerduty: Option<S<String>>,
    pub file: Option<S<String>>,
    pub log: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileNotify {
    pub email: Option<S<FileEmail>>,
    #[serde(default)]
    pub webhook: FileWebhook,
    #[serde(default)]
    pub pagerduty: FilePagerduty,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEmail {
    pub server: S<String>,
    pub tls: Option<S<String>>,
    pub from: S<String>,
    pub username: Option<S<String>>,
    pub password: Option<S<String>>,
    pub ca_file: Option<S<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileWebhook {
    pub timeout: Option<S<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePagerduty {
    pub url: Option<S<String>>,
}

/// A contact group: the people an escalation step's `to` reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactGroup {
    pub id: String,
    pub people: Vec<Person>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Unique within the group.
    pub name: String,
    /// The OS login of the officer, if they sit at a console.
    pub login: Option<String>,
    pub channels: Vec<Channel>,
}

/// How to reach a person by one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channel {
    Email(String),
    Webhook(String),
    /// The routing key, read from this environment variable when sending.
    Pagerduty(EnvSecret),
    File(PathBuf),
    Log,
}

impl Channel {
    pub fn kind(&self) -> ChannelKind {
        match self {
            Channel::Email(_) => ChannelKind::Email,
            Channel::Webhook(_) => ChannelKind::Webhook,
            Channel::Pagerduty(_) => ChannelKind::Pagerduty,
            Channel::File(_) => ChannelKind::File,
            Channel::Log => ChannelKind::Log,
        }
    }
}

/// A secret named `env:NAME` in the file: read from $NAME when used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvSecret(pub String);

impl EnvSecret {
    /// The value, or a message naming the variable.
    pub fn read(&self) -> Result<String, String> {
        match std::env::var(&self.0) {
            Ok(v) if !v.is_empty() => Ok(v),
            _ => Err(format!("environment variable {} is not set", self.0)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub from: String,
    pub username: Option<String>,
    pub password: Option<EnvSecret>,
    /// A PEM CA to trust for the server's certificate besides the usual roots.
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyConfig {
    pub email: Option<EmailConfig>,
    /// Per webhook or PagerDuty request (default 10 s).
    pub timeout: Duration,
    pub pagerduty_url: String,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        NotifyConfig {
            email: None,
            timeout: Duration::from_secs(10),
            pagerduty_url: PAGERDUTY_EVENTS_URL.to_string(),
        }
    }
}

pub(crate) fn notify(n: &FileNotify, v: &V<'_>) -> R<NotifyConfig> {
    let mut out = NotifyConfig::default();
    if let Some(t) = &n.webhook.timeout {
        out.timeout = v.duration(t, "notify.webhook.timeout")?;
        // Under the delivery lease, so no one takes over a page still being sent.
        if out.timeout.is_zero() || out.timeout > Duration::from_secs(60) {
            return v.err(t, "notify.webhook.timeout", "must be between 1s and 60s");
        }
    }
    if let Some(u) = &n.pagerduty.url {
        out.pagerduty_url = http_url(u, "notify.pagerduty.url", v)?;
    }
    if let Some(e) = &n.email {
        out.email = Some(email(e.get_ref(), v)?);
    }
    Ok(out)
}

fn email(e: &FileEmail, v: &V<'_>) -> R<EmailConfig> {
    let raw = e.server.get_ref().trim();
    let tls = match &e.tls {
        None => SmtpTls::Starttls,
        Some(t) => SmtpTls::from_name(t.get_ref()).map_or_else(
            || {
                let msg = format!("unknown {:?}: choose {}", t.get_ref(), SmtpTls::choices());
                v.err(t, "notify.email.tls", msg)
            },
            Ok,
        )?,
    };
    let (host, port) = match raw.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(port) if !h.is_empty() => (h.to_string(), port),
            _ => {
                let msg = format!("bad server {raw:?}: write HOST or HOST:PORT");
                return v.err(&e.server, "notify.email.server", msg);
            }
        },
        None if !raw.is_empty() => {
            let port = match tls {
                SmtpTls::Tls => 465,
                SmtpTls::Starttls => 587,
                SmtpTls::None => 25,
            };
            (raw.to_string(), port)
        }
        None => return v.err(&e.server, "notify.email.server", "empty server"),
    };
    let from = mailbox(&e.from, "notify.email.from", v)?;
    let password = match &e.password {
        None => None,
        Some(p) => Some(env_secret(p, "notify.email.password", v)?),
    };
    let ca_file = match &e.ca_file {
        None => None,
        Some(f) => Some(v.path(f, "notify.email.ca_file")?),
    };
    Ok(EmailConfig {
        ca_file,
        host,
        port,
        tls,
        from,
        username: e.username.as_ref().map(|u| u.get_ref().trim().to_string()),
        password,
    })
}

fn env_secret(s: &S<String>, key: &str, v: &V<'_>) -> R<EnvSecret> {
    match s.get_ref().trim().strip_prefix("env:") {
        Some(name) if !name.is_empty() => Ok(EnvSecret(name.to_string())),
        _ => v.err(
            s,
            key,
            "write the secret as \"env:NAME\" and put it in the environment variable NAME \
             (secrets are never written in the file)",
        ),
    }
}

fn mailbox(s: &S<String>, key: &str, v: &V<'_>) -> R<String> {
    let raw = s.get_ref().trim();
    let ok = raw
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && !d.is_empty())
        && !raw.chars().any(|c| c.is_control() || c.is_whitespace());
    if ok {
        Ok(raw.to_string())
    } else {
        v.err(
            s,
            key,
            format!("bad address {raw:?}: write name@example.org"),
        )
    }
}

fn http_url(s: &S<String>, key: &str, v: &V<'_>) -> R<String> {
    let raw = s.get_ref().trim();
    let lower = raw.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url::Url::parse(raw).is_ok()
        && !raw.chars().any(|c| c.is_control() || c.is_whitespace());
    if ok {
        Ok(raw.to_string())
    } else {
        v.err(
            s,
            key,
            format!("bad url {raw:?}: write an http:// or https:// url"),
        )
    }
}

pub(crate) fn contacts(
    list: &[S<FileContact>],
    notify: &NotifyConfig,
    v: &V<'_>,
) -> R<Vec<ContactGroup>> {
    let mut out: Vec<ContactGroup> = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let c = c.get_ref();
        let key = format!("contacts[{i}]");
        let id = c.id.get_ref().trim();
        if !is_id(id) {
            let msg = format!("bad id {id:?}: lower-case letters, digits and '-' only");
            return v.err(&c.id, format!("{key}.id"), msg);
        }
        if out.iter().any(|g| g.id == id) {
            let msg = format!("a second contact group {id:?} (ids must be distinct)");
            return v.err(&c.id, format!("{key}.id"), msg);
        }
        if c.people.get_ref().is_empty() {
            return v.err(&c.people, format!("{key}.people"), "no people in the group");
        }
        let mut names = HashSet::new();
        let mut people = Vec::new();
        for (j, p) in c.people.get_ref().iter().enumerate() {
            let pkey = format!("{key}.people[{j}]");
            let person = person(p.get_ref(), &pkey, notify, v)?;
            if !names.insert(person.name.clone()) {
                let msg = format!("a second person named {:?} in this group", person.name);
                return v.err(&p.get_ref().name, format!("{pkey}.name"), msg);
            }
            people.push(person);
        }
        out.push(ContactGroup {
            id: id.to_string(),
            people,
        });
    }
    Ok(out)
}

fn person(p: &FilePerson, key: &str, notify: &NotifyConfig, v: &V<'_>) -> R<Person> {
    let name = p.name.get_ref().trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return v.err(
            &p.name,
            format!("{key}.name"),
            "empty name or control characters",
        );
    }
    let mut channels = Vec::new();
    if let Some(e) = &p.email {
        if notify.email.is_none() {
            let msg = "an email address but no [notify.email] server to send through";
            return v.err(e, format!("{key}.email"), msg);
        }
        channels.push(Channel::Email(mailbox(e, &format!("{key}.email"), v)?));
    }
    if let Some(w) = &p.webhook {
        channels.push(Channel::Webhook(http_url(w, &format!("{key}.webhook"), v)?));
    }
    if let Some(k) = &p.pagerduty {
        channels.push(Channel::Pagerduty(env_secret(
            k,
            &format!("{key}.pagerduty"),
            v,
        )?));
    }
    if let Some(f) = &p.file {
        channels.push(Channel::File(file_sink(f, &format!("{key}.file"), v)?));
    }
    if p.log == Some(true) {
        channels.push(Channel::Log);
    }
    if channels.is_empty() {
        let msg = "no way to reach this person: give email, webhook, pagerduty, file or log = true";
        return v.err(&p.name, key.to_string(), msg);
    }
    Ok(Person {
        name: name.to_string(),
        login: p.login.as_ref().map(|l| l.get_ref().trim().to_string()),
        channels,
    })
}

/// A relative `file` sink lives in the data directory
/// (`$XDG_DATA_HOME/watchkeeper`), so the built-in config works anywhere.
/// Like the journal, it falls back to `./watchkeeper/` with no home at all.
fn file_sink(s: &S<String>, key: &str, v: &V<'_>) -> R<PathBuf> {
    let raw = s.get_ref().trim();
    if raw.is_empty() {
        return v.err(s, key, "empty path");
    }
    if raw.starts_with('~') || raw.starts_with('/') {
        return v.path(s, key);
    }
    // With neither $XDG_DATA_HOME nor $HOME: ./watchkeeper/, as the journal.
    let dir = v
        .env
        .data_dir()
        .unwrap_or_else(|| PathBuf::from("watchkeeper"));
    Ok(dir.join(raw))
}

/// Every escalation step's `to` names a contact group, once any
/// `[[contacts]]` exist. With none at all a step's `to` stays a label (shown
/// on consoles, delivered to nobody), so older configs keep working.
pub(crate) fn check_targets(
    file: Option<&S<Vec<super::file::FileEscalation>>>,
    policies: &[super::EscalationPolicy],
    groups: &[ContactGroup],
    v: &V<'_>,
) -> R<()> {
    if groups.is_empty() {
        return Ok(());
    }
    let known = || {
        groups
            .iter()
            .map(|g| g.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(list) = file {
        for (i, p) in list.get_ref().iter().enumerate() {
            for (j, s) in p.steps.get_ref().iter().enumerate() {
                let to = s.get_ref().to.get_ref().trim();
                if !groups.iter().any(|g| g.id == to) {
                    let msg = format!("no contact group {to:?}; [[contacts]] define {}", known());
                    return v.err(
                        &s.get_ref().to,
                        format!("escalation[{i}].steps[{j}].to"),
                        msg,
                    );
                }
            }
        }
        return Ok(());
    }
    for p in policies {
        for s in &p.steps {
            if !groups.iter().any(|g| g.id == s.to) {
                let msg = format!(
                    "the default escalation policies reach {:?}, which no [[contacts]] defines \
                     (define it, or write your own [[escalation]] steps)",
                    s.to
                );
                return Err(v.ctx.nowhere("contacts", msg));
            }
        }
    }
    Ok(())
}
