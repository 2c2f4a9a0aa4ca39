//! Terraform: Kafka topics declared as resources, read with a real HCL
//! parser (`hcl-edit`, which keeps byte spans). Understood resources:
//!
//! * `kafka_topic` (the Mongey/kafka provider): `name`, `partitions`,
//!   `replication_factor`, `config = { "min.insync.replicas" = .. }`;
//! * `confluent_kafka_topic`: `topic_name`, `config`; Confluent Cloud
//!   replicates every topic three times, so no replication factor is read;
//! * `aiven_kafka_topic`: `topic_name`, `replication`, and a `config {}`
//!   block with `min_insync_replicas` / `unclean_leader_election_enable`.
//!
//! Values may be literals, `var.x` (the variable's `default` in the same
//! file) or `local.x` (a `locals {}` entry of the same file); anything else
//! is unknown and gives no finding.

use crate::finding::Span;
use crate::model::{BrokerSetting, FileFacts, TopicName, TopicSpec, Value};
use crate::source::LineIndex;
use hcl::edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl::edit::structure::{Block, Body, Structure};
use hcl::edit::Span as _;
use std::collections::HashMap;
use std::path::Path;

const MIN_ISR: &str = "min.insync.replicas";
const UNCLEAN: &str = "unclean.leader.election.enable";

/// A resource type and the attribute names it uses.
struct TopicResource {
    ty: &'static str,
    name: &'static str,
    replication: Option<&'static str>,
}

const RESOURCES: &[TopicResource] = &[
    TopicResource {
        ty: "kafka_topic",
        name: "name",
        replication: Some("replication_factor"),
    },
    TopicResource {
        ty: "confluent_kafka_topic",
        name: "topic_name",
        replication: None,
    },
    TopicResource {
        ty: "aiven_kafka_topic",
        name: "topic_name",
        replication: Some("replication"),
    },
];

/// Variables' defaults and locals of the file.
#[derive(Default)]
struct Scope<'b> {
    vars: HashMap<String, &'b Expression>,
    locals: HashMap<String, &'b Expression>,
}

pub fn extract(_path: &Path, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    if !text.contains("kafka_topic") {
        return facts;
    }
    let body: Body = match hcl::edit::parser::parse_body(text) {
        Ok(b) => b,
        Err(e) => {
            let first = e.to_string().lines().next().unwrap_or("").to_string();
            facts
                .warnings
                .push(format!("HCL syntax error ({first}); file skipped"));
            return facts;
        }
    };
    let idx = LineIndex::new(text);
    let mut scope = Scope::default();
    for s in body.iter() {
        if let Structure::Block(b) = s {
            match b.ident.as_str() {
                "variable" => {
                    if let (Some(name), Some(d)) = (label(b, 0), attr(&b.body, "default")) {
                        scope.vars.insert(name, d);
                    }
                }
                "locals" => {
                    for s in b.body.iter() {
                        if let Structure::Attribute(a) = s {
                            scope.locals.insert(a.key.as_str().to_string(), &a.value);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for s in body.iter() {
        let Structure::Block(b) = s else { continue };
        if b.ident.as_str() != "resource" {
            continue;
        }
        let Some(ty) = label(b, 0) else { continue };
        let Some(res) = RESOURCES.iter().find(|r| r.ty == ty) else {
            continue;
        };
        topic(b, res, &scope, &idx, &mut facts);
    }
    facts
}

fn label(b: &Block, i: usize) -> Option<String> {
    b.labels.get(i).map(|l| l.as_str().to_string())
}

fn attr<'b>(body: &'b Body, name: &str) -> Option<&'b Expression> {
    body.iter().find_map(|s| match s {
        Structure::Attribute(a) if a.key.as_str() == name => Some(&a.value),
        _ => None,
    })
}

fn span_of(e: &Expression, idx: &LineIndex<'_>) -> Span {
    match e.span() {
        Some(r) => idx.span(r.start, r.end),
        None => Span::default(),
    }
}

/// A static value: a literal, a variable's default, a local.
fn value(e: &Expression, scope: &Scope<'_>, depth: u32) -> Value {
    if depth > 8 {
        return Value::Unknown(String::new());
    }
    match e {
        Expression::Number(n) => n
            .value()
            .as_i64()
            .map_or(Value::Unknown(n.to_string()), Value::Int),
        Expression::String(s) => Value::Str(s.value().to_string()),
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Parenthesis(p) => value(p.inner(), scope, depth + 1),
        Expression::Traversal(t) => {
            let (Expression::Variable(root), [op]) = (&t.expr, t.operators.as_slice()) else {
                return Value::Unknown(e.to_string());
            };
            let TraversalOperator::GetAttr(name) = op.value() else {
                return Value::Unknown(e.to_string());
            };
            let table = match root.value().as_str() {
                "var" => &scope.vars,
                "local" => &scope.locals,
                _ => return Value::Unknown(e.to_string()),
            };
            match table.get(name.value().as_str()) {
                Some(d) => value(d, scope, depth + 1),
                None => Value::Unknown(e.to_string()),
            }
        }
        _ => Value::Unknown(e.to_string().trim().to_string()),
    }
}

fn topic(
    b: &Block,
    res: &TopicResource,
    scope: &Scope<'_>,
    idx: &LineIndex<'_>,
    facts: &mut FileFacts,
) {
    let start = b.span().map_or(0, |r| r.start);
    let mut spec = TopicSpec {
        name: attr(&b.body, res.name).map(|n| match value(n, scope, 0) {
            Value::Str(s) => TopicName::Literal(s),
            _ => TopicName::Expr(n.to_string().trim().to_string()),
        }),
        replication_factor: None,
        replication_factor_span: None,
        min_insync_replicas: None,
        min_insync_replicas_span: None,
        span: idx.span(start, start + b.ident.as_str().len()),
        local_only: false,
    };
    if let Some(rf) = res.replication.and_then(|r| attr(&b.body, r)) {
        // -1 leaves it to the broker (kafka provider); unknown otherwise.
        spec.replication_factor = value(rf, scope, 0).as_int().filter(|n| *n > 0);
        spec.replication_factor_span = Some(span_of(rf, idx));
    }
    // `config = { "min.insync.replicas" = "2" }` (an attribute) or
    // `config { min_insync_replicas = 2 }` (a block, Aiven).
    let mut entries: Vec<(String, &Expression)> = Vec::new();
    if let Some(Expression::Object(obj)) = attr(&b.body, "config") {
        for (k, v) in obj.iter() {
            let key = match k {
                ObjectKey::Ident(i) => i.value().as_str().to_string(),
                ObjectKey::Expression(e) => match value(e, scope, 0) {
                    Value::Str(s) => s,
                    _ => continue,
                },
            };
            entries.push((key, v.expr()));
        }
    }
    for s in b.body.iter() {
        if let Structure::Block(cfg) = s {
            if cfg.ident.as_str() == "config" {
                for s in cfg.body.iter() {
                    if let Structure::Attribute(a) = s {
                        entries.push((a.key.as_str().to_string(), &a.value));
                    }
                }
            }
        }
    }
    for (key, v) in entries {
        let key = key.replace('_', ".");
        if key == MIN_ISR {
            spec.min_insync_replicas = value(v, scope, 0).as_int();
            spec.min_insync_replicas_span = Some(span_of(v, idx));
        } else if key == UNCLEAN {
            let val = match value(v, scope, 0) {
                Value::Str(s) if s.eq_ignore_ascii_case("true") => Value::Bool(true),
                Value::Str(s) if s.eq_ignore_ascii_case("false") => Value::Bool(false),
                other => other,
            };
            facts.broker_settings.push(BrokerSetting {
                key: UNCLEAN.to_string(),
                value: val,
                span: span_of(v, idx),
                scope: "topic".into(),
                local_only: false,
            });
        }
    }
    facts.topics.push(spec);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> FileFacts {
        extract(Path::new("main.tf"), text)
    }

    #[test]
    fn topics_of_three_providers() {
        let f = facts(
            r#"
variable "rf" {
  type    = number
  default = 1
}
locals {
  isr = "1"
}
resource "kafka_topic" "orders" {
  name               = "orders"
  partitions         = 12
  replication_factor = var.rf
  config = {
    "min.insync.replicas"            = local.isr
    "unclean.leader.election.enable" = "true"
  }
}
resource "confluent_kafka_topic" "payments" {
  topic_name       = "payments"
  partitions_count = 6
  config = {
    "min.insync.replicas" = "2"
  }
}
resource "aiven_kafka_topic" "audit" {
  project      = "shop"
  service_name = "kafka"
  topic_name   = "audit"
  partitions   = 3
  replication  = 2
  config {
    min_insync_replicas = 1
  }
}
resource "kafka_topic" "defaults" {
  name               = "defaults"
  partitions         = 3
  replication_factor = -1
}
"#,
        );
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        assert_eq!(f.topics.len(), 4);
        let o = &f.topics[0];
        assert_eq!(o.name, Some(TopicName::Literal("orders".into())));
        assert_eq!(o.replication_factor, Some(1));
        assert_eq!(o.replication_factor_span.unwrap().start_line, 12);
        assert_eq!(o.min_insync_replicas, Some(1));
        assert_eq!(o.min_insync_replicas_span.unwrap().start_line, 14);
        assert_eq!(f.topics[1].replication_factor, None);
        assert_eq!(f.topics[1].min_insync_replicas, Some(2));
        assert_eq!(f.topics[2].replication_factor, Some(2));
        assert_eq!(f.topics[2].min_insync_replicas, Some(1));
        assert_eq!(
            f.topics[3].replication_factor, None,
            "-1 is the broker default"
        );
        assert_eq!(f.broker_settings.len(), 1);
        assert_eq!(f.broker_settings[0].value, Value::Bool(true));
    }

    #[test]
    fn broken_or_unrelated_files() {
        let f = facts("resource \"kafka_topic\" \"x\" {\n  name = \n");
        assert_eq!(f.warnings.len(), 1);
        assert!(facts("resource \"aws_s3_bucket\" \"b\" {}\n").is_empty());
        let f = facts(
            "resource \"kafka_topic\" \"t\" {\n  name = \"t\"\n  replication_factor = module.x.rf\n}\n",
        );
        assert_eq!(f.topics[0].replication_factor, None);
    }
}
