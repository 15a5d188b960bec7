//! Sends one page by one channel: webhook (JSON POST, Slack/Mattermost
//! `text` plus the structured alert), PagerDuty Events API v2, email by SMTP
//! submission (lettre over rustls), a JSON-lines file, or the log.

use std::io::Write;
use std::path::Path;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde_json::json;

use crate::config::{Channel, EmailConfig, NotifyConfig, SmtpTls};
use crate::domain::Severity;
use crate::domain::paging::{Outcome, Purpose};

use super::message::{AlertInfo, Message, inert};
use super::plan::Due;

/// The channels' shared clients and settings.
pub struct Sender {
    http: reqwest::Client,
    notify: NotifyConfig,
}

impl Sender {
    pub fn new(notify: NotifyConfig) -> Sender {
        let http = reqwest::Client::builder()
            .timeout(notify.timeout)
            .user_agent(concat!("watchkeeper/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Sender { http, notify }
    }

    /// Sends; never panics, every failure is an `Outcome::Error` naming
    /// the channel and what went wrong.
    pub async fn send(&self, due: &Due, info: Option<&AlertInfo>, msg: &Message) -> Outcome {
        let result = match &due.channel {
            Channel::Webhook(url) => self.webhook(url, msg).await,
            Channel::Pagerduty(key) => match key.read() {
                Ok(key) => self.pagerduty(&key, due, info, msg).await,
                Err(e) => Err(e),
            },
            Channel::Email(to) => match &self.notify.email {
                Some(cfg) => email(cfg, to, msg, self.notify.timeout).await,
                None => Err("no [notify.email] server configured".to_string()),
            },
            Channel::File(path) => file(path, msg),
            Channel::Log => {
                eprintln!(
                    "{} page {}: {}",
                    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
                    inert(&due.delivery.person),
                    msg.subject
                );
                Ok(())
            }
        };
        match result {
            Ok(()) => Outcome::Ok,
            Err(e) => Outcome::Error(inert(&e)),
        }
    }

    async fn post(&self, url: &str, body: &serde_json::Value) -> Result<(), String> {
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| "the server".to_string());
        let bytes = serde_json::to_vec(body).map_err(|e| e.to_string())?;
        let response = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(bytes)
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    format!("{host} did not answer within {:?}", self.notify.timeout)
                } else if e.is_connect() {
                    format!("cannot connect to {host}")
                } else {
                    // Without the address: a webhook's path is its secret.
                    format!("{host}: {}", e.without_url())
                }
            })?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("{host} answered HTTP {}", status.as_u16()))
        }
    }

    async fn webhook(&self, url: &str, msg: &Message) -> Result<(), String> {
        // The body opens with the subject line. `<`, `>` and `&` are
        // escaped as Slack and Mattermost ask, so a feed's title cannot
        // write `<!channel>` or a disguised `<url|label>` link.
        let text = chat_escape(&msg.body);
        self.post(url, &json!({ "text": text, "alert": msg.json }))
            .await
    }

    async fn pagerduty(
        &self,
        key: &str,
        due: &Due,
        info: Option<&AlertInfo>,
        msg: &Message,
    ) -> Result<(), String> {
        let action = match due.delivery.purpose {
            Purpose::Escalate => "trigger",
            Purpose::Acknowledge => "acknowledge",
            Purpose::Resolve => "resolve",
        };
        let mut body = json!({
            "routing_key": key,
            "event_action": action,
            "dedup_key": due.delivery.alert,
        });
        if due.delivery.purpose == Purpose::Escalate {
            let severity = match info.map(|i| i.severity) {
                Some(Severity::Critical) => "critical",
                Some(Severity::High) => "error",
                Some(Severity::Medium) => "warning",
                _ => "info",
            };
            body["payload"] = json!({
                "summary": msg.subject.chars().take(1024).collect::<String>(),
                "source": "watchkeeper",
                "severity": severity,
                "custom_details": msg.json,
            });
        }
        self.post(&self.notify.pagerduty_url, &body).await
    }
}

async fn email(
    cfg: &EmailConfig,
    to: &str,
    msg: &Message,
    timeout: std::time::Duration,
) -> Result<(), String> {
    let from: Mailbox = cfg
        .from
        .parse()
        .map_err(|e| format!("bad from address {}: {e}", cfg.from))?;
    let to: Mailbox = to.parse().map_err(|e| format!("bad address {to}: {e}"))?;
    // `subject` is already free of CR/LF and control characters; lettre
    // encodes what is left.
    let mail = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(msg.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(msg.body.clone())
        .map_err(|e| format!("cannot build the message: {e}"))?;
    let builder = match cfg.tls {
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host),
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host),
        SmtpTls::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            &cfg.host,
        )),
    }
    .map_err(|e| format!("smtp {}: {e}", cfg.host))?;
    let mut builder = builder.port(cfg.port).timeout(Some(timeout));
    if let Some(ca) = &cfg.ca_file {
        let pem = std::fs::read(ca).map_err(|e| format!("ca_file {}: {e}", ca.display()))?;
        let cert = Certificate::from_pem(&pem)
            .map_err(|e| format!("ca_file {}: not a PEM certificate: {e}", ca.display()))?;
        let params = TlsParameters::builder(cfg.host.clone())
            .add_root_certificate(cert)
            .build()
            .map_err(|e| format!("smtp {}: {e}", cfg.host))?;
        builder = match cfg.tls {
            SmtpTls::Starttls => builder.tls(Tls::Required(params)),
            SmtpTls::Tls => builder.tls(Tls::Wrapper(params)),
            SmtpTls::None => builder,
        };
    }
    if let (Some(user), Some(password)) = (&cfg.username, &cfg.password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.read()?));
    }
    builder
        .build()
        .send(mail)
        .await
        .map(|_| ())
        .map_err(|e| format!("smtp {}:{}: {e}", cfg.host, cfg.port))
}

/// Appends the page as one JSON line (creating the file and its folder).
fn file(path: &Path, msg: &Message) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let line = json!({ "text": msg.body, "alert": msg.json });
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(fail)?;
    writeln!(f, "{line}").map_err(fail)
}

/// Text for a chat webhook: the three characters Slack-style formatting
/// gives meaning to, escaped.
fn chat_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn chat_text_cannot_mention_a_channel_or_disguise_a_link() {
        assert_eq!(
            super::chat_escape("<!channel> fire & smoke <http://evil|gov.example>"),
            "&lt;!channel&gt; fire &amp; smoke &lt;http://evil|gov.example&gt;"
        );
    }
}
