//! Client configuration for the audit: `--bootstrap-servers` plus the
//! client properties of `--command-config`, translated from the Java client's
//! spelling to librdkafka's, with the read-only settings forced last.
//!
//! Secrets (passwords, JAAS lines, private keys) are never printed: every
//! message that leaves this module goes through [`Secrets::redact`].

use anyhow::{anyhow, bail, Result};
use rdkafka::ClientConfig;
use std::collections::BTreeMap;
use std::path::Path;

/// The client configuration and the secret values it holds.
pub struct Connection {
    pub config: ClientConfig,
    /// The first bootstrap server as given, for `kafka://` addresses.
    pub first_server: String,
    pub secrets: Secrets,
    /// Properties of `--command-config` that librdkafka has no use for.
    pub ignored: Vec<String>,
}

/// Secret values to scrub from any text shown to the user.
#[derive(Debug, Default, Clone)]
pub struct Secrets(Vec<String>);

impl Secrets {
    /// Replaces every secret value in `text` with `****`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.0 {
            if !s.is_empty() {
                out = out.replace(s.as_str(), "****");
            }
        }
        out
    }

    fn add(&mut self, value: &str) {
        let v = value.trim();
        if !v.is_empty() && !self.0.iter().any(|s| s == v) {
            self.0.push(v.to_string());
            // Longest first, so a secret that contains another is scrubbed whole.
            self.0.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }
}

/// Whether a property holds a secret (its value must never be shown).
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("password")
        || k.contains("secret")
        || k.contains("jaas")
        || k.contains("token")
        || k.ends_with(".pem")
        || k == "sasl.oauthbearer.config"
}

/// Java client properties that librdkafka does not know and that do not
/// change how the audit connects; they are dropped with a note.
const JAVA_ONLY: &[&str] = &[
    "ssl.truststore.type",
    "ssl.keystore.type",
    "ssl.protocol",
    "ssl.enabled.protocols",
    "ssl.trustmanager.algorithm",
    "ssl.keymanager.algorithm",
    "ssl.secure.random.implementation",
    "client.dns.lookup",
    "request.timeout.ms",
    "default.api.timeout.ms",
    "retries",
    "retry.backoff.ms",
    "key.serializer",
    "value.serializer",
    "key.deserializer",
    "value.deserializer",
    "sasl.login.class",
    "sasl.client.callback.handler.class",
    "sasl.login.callback.handler.class",
];

/// Builds the client configuration from the flags and the optional
/// properties file.
pub fn connection(bootstrap: Option<&str>, command_config: Option<&Path>) -> Result<Connection> {
    let mut secrets = Secrets::default();
    let mut props = BTreeMap::new();
    if let Some(path) = command_config {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow!("cannot read --command-config {}: {e}", path.display()))?;
        props = parse_properties(&text);
        for (k, v) in &props {
            if is_secret_key(k) {
                secrets.add(v);
            }
        }
    }
    let (mut settings, ignored) = translate(&props, &mut secrets)?;
    let servers = match bootstrap {
        Some(b) if !b.trim().is_empty() => b.trim().to_string(),
        _ => settings.remove("bootstrap.servers").ok_or_else(|| {
            anyhow!("no bootstrap servers: pass --bootstrap-servers HOST:PORT[,HOST:PORT]")
        })?,
    };
    let first_server = servers
        .split(',')
        .map(str::trim)
        .find(|s| !s.is_empty())
        .ok_or_else(|| anyhow!("--bootstrap-servers is empty"))?
        .to_string();
    settings.insert("bootstrap.servers".into(), servers);

    // The audit reads: it never joins a group, commits, or creates topics.
    // These come last so no property file can turn them back on.
    for (k, v) in [
        ("allow.auto.create.topics", "false"),
        ("enable.auto.commit", "false"),
        ("enable.auto.offset.store", "false"),
        ("enable.partition.eof", "true"),
        ("auto.offset.reset", "error"),
        ("client.id", "kafkalint-audit"),
        ("log.connection.close", "false"),
    ] {
        settings.insert(k.into(), v.into());
    }
    settings.remove("group.id");
    settings.remove("group.instance.id");

    let mut config = ClientConfig::new();
    for (k, v) in &settings {
        config.set(k, v);
    }
    Ok(Connection {
        config,
        first_server,
        secrets,
        ignored,
    })
}

/// Maps Java client property names and values to librdkafka's. Returns the
/// settings and the names of dropped Java-only properties.
fn translate(
    props: &BTreeMap<String, String>,
    secrets: &mut Secrets,
) -> Result<(BTreeMap<String, String>, Vec<String>)> {
    let mut out = BTreeMap::new();
    let mut ignored = Vec::new();
    let truststore_type = props
        .get("ssl.truststore.type")
        .map(|s| s.trim().to_ascii_uppercase());
    let keystore_type = props
        .get("ssl.keystore.type")
        .map(|s| s.trim().to_ascii_uppercase());
    for (key, value) in props {
        let value = value.trim();
        match key.as_str() {
            "sasl.mechanism" => {
                out.insert("sasl.mechanisms".into(), value.into());
            }
            "sasl.jaas.config" => {
                let (user, pass) = parse_jaas(value)?;
                secrets.add(&pass);
                out.insert("sasl.username".into(), user);
                out.insert("sasl.password".into(), pass);
            }
            "ssl.truststore.location" => match truststore_type.as_deref() {
                Some("PEM") => {
                    out.insert("ssl.ca.location".into(), value.into());
                }
                other => bail!(
                    "--command-config: ssl.truststore.location needs ssl.truststore.type=PEM \
                     (found {}); librdkafka reads CA certificates as PEM: export them \
                     (keytool -exportcert -rfc) and set ssl.ca.location",
                    other.unwrap_or("JKS, the default")
                ),
            },
            "ssl.truststore.password" => ignored.push(key.clone()),
            "ssl.keystore.location" => match keystore_type.as_deref() {
                Some("PKCS12") => {
                    out.insert("ssl.keystore.location".into(), value.into());
                }
                Some("PEM") => {
                    out.insert("ssl.certificate.location".into(), value.into());
                }
                other => bail!(
                    "--command-config: ssl.keystore.location needs ssl.keystore.type=PKCS12 \
                     (found {}); convert the keystore with keytool -importkeystore",
                    other.unwrap_or("JKS, the default")
                ),
            },
            "ssl.endpoint.identification.algorithm" => {
                let v = if value.is_empty() { "none" } else { value };
                out.insert(key.clone(), v.to_ascii_lowercase());
            }
            k if JAVA_ONLY.contains(&k) => ignored.push(key.clone()),
            _ => {
                out.insert(key.clone(), value.into());
            }
        }
    }
    Ok((out, ignored))
}

/// Reads `username="…"` and `password="…"` from a JAAS line of the PLAIN or
/// SCRAM login modules.
fn parse_jaas(jaas: &str) -> Result<(String, String)> {
    let field = |name: &str| -> Option<String> {
        let mut rest = jaas;
        while let Some(i) = rest.find(name) {
            let before_ok = i == 0
                || !rest[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let after = rest[i + name.len()..].trim_start();
            if before_ok {
                if let Some(after) = after.strip_prefix('=') {
                    let after = after.trim_start();
                    if let Some(q) = after.strip_prefix('"') {
                        let end = q.find('"')?;
                        return Some(q[..end].to_string());
                    }
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == ';')
                        .unwrap_or(after.len());
                    return Some(after[..end].to_string());
                }
            }
            rest = &rest[i + name.len()..];
        }
        None
    };
    if !(jaas.contains("PlainLoginModule") || jaas.contains("ScramLoginModule")) {
        bail!(
            "--command-config: sasl.jaas.config: only the PLAIN and SCRAM login modules are \
             supported; set sasl.username and sasl.password (librdkafka names) instead"
        );
    }
    match (field("username"), field("password")) {
        (Some(u), Some(p)) => Ok((u, p)),
        _ => bail!("--command-config: sasl.jaas.config lacks username=\"…\" or password=\"…\""),
    }
}

/// Parses a Java `.properties` text: `key=value`, `key: value` or
/// `key value`, `#`/`!` comments, backslash line continuations and escapes.
pub fn parse_properties(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut logical = String::new();
    let mut lines = text.lines().peekable();
    while let Some(raw) = lines.next() {
        let line = raw.trim_start();
        if logical.is_empty() && (line.is_empty() || line.starts_with('#') || line.starts_with('!'))
        {
            continue;
        }
        let trailing = line.chars().rev().take_while(|&c| c == '\\').count();
        if trailing % 2 == 1 && lines.peek().is_some() {
            logical.push_str(&line[..line.len() - 1]);
            continue;
        }
        logical.push_str(line);
        let entry = std::mem::take(&mut logical);
        if let Some((k, v)) = split_entry(&entry) {
            out.insert(k, v);
        }
    }
    out
}

fn split_entry(line: &str) -> Option<(String, String)> {
    let mut key = String::new();
    let mut chars = line.chars();
    let mut escaped = false;
    let mut sep_seen = false;
    for c in chars.by_ref() {
        if escaped {
            key.push(unescape(c));
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '=' | ':' => {
                sep_seen = true;
                break;
            }
            c if c.is_whitespace() => break,
            c => key.push(c),
        }
    }
    let mut rest: String = chars.collect();
    if !sep_seen {
        let t = rest.trim_start();
        rest = t
            .strip_prefix('=')
            .or_else(|| t.strip_prefix(':'))
            .unwrap_or(t)
            .to_string();
    }
    let mut value = String::new();
    let mut escaped = false;
    for c in rest.trim_start().chars() {
        if escaped {
            value.push(unescape(c));
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else {
            value.push(c);
        }
    }
    if key.is_empty() {
        None
    } else {
        Some((key, value.trim_end().to_string()))
    }
}

fn unescape(c: char) -> char {
    match c {
        't' => '\t',
        'n' => '\n',
        'r' => '\r',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_forms() {
        let p = parse_properties(
            "# c\n! c\na=1\nb: 2\nc 3\nlong = x\\\n   y\nsasl.jaas.config=org.Foo required \\\n  username=\"u\" password=\"p w\";\n",
        );
        assert_eq!(p["a"], "1");
        assert_eq!(p["b"], "2");
        assert_eq!(p["c"], "3");
        assert_eq!(p["long"], "xy");
        assert_eq!(
            p["sasl.jaas.config"],
            "org.Foo required username=\"u\" password=\"p w\";"
        );
    }

    #[test]
    fn jaas_and_redaction() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("client.properties");
        std::fs::write(
            &f,
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n\
             sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"s3cr3t!\";\n\
             ssl.truststore.type=PEM\nssl.truststore.location=/etc/ca.pem\nssl.endpoint.identification.algorithm=\n",
        )
        .unwrap();
        let c = connection(Some("h1:9092, h2:9092"), Some(&f)).unwrap();
        assert_eq!(c.first_server, "h1:9092");
        assert_eq!(c.config.get("sasl.username"), Some("alice"));
        assert_eq!(c.config.get("sasl.password"), Some("s3cr3t!"));
        assert_eq!(c.config.get("sasl.mechanisms"), Some("SCRAM-SHA-512"));
        assert_eq!(c.config.get("ssl.ca.location"), Some("/etc/ca.pem"));
        assert_eq!(
            c.config.get("ssl.endpoint.identification.algorithm"),
            Some("none")
        );
        assert_eq!(c.config.get("allow.auto.create.topics"), Some("false"));
        assert_eq!(c.config.get("group.id"), None);
        let msg = c
            .secrets
            .redact("auth failed for alice with s3cr3t! and jaas");
        assert!(!msg.contains("s3cr3t!"), "{msg}");
    }

    #[test]
    fn read_only_settings_win() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.properties");
        std::fs::write(
            &f,
            "bootstrap.servers=b:1\ngroup.id=g\nenable.auto.commit=true\nallow.auto.create.topics=true\n",
        )
        .unwrap();
        let c = connection(None, Some(&f)).unwrap();
        assert_eq!(c.first_server, "b:1");
        assert_eq!(c.config.get("group.id"), None);
        assert_eq!(c.config.get("enable.auto.commit"), Some("false"));
        assert_eq!(c.config.get("allow.auto.create.topics"), Some("false"));
    }

    #[test]
    fn jks_truststore_is_a_clear_error() {
        let mut s = Secrets::default();
        let mut p = BTreeMap::new();
        p.insert("ssl.truststore.location".to_string(), "/x.jks".to_string());
        let e = translate(&p, &mut s).unwrap_err().to_string();
        assert!(e.contains("PEM"), "{e}");
    }
}
