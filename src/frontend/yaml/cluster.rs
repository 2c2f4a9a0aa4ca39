//! Broker and topic settings in deployment YAML: Docker Compose services and
//! Kubernetes workloads running a Kafka image (`KAFKA_*` / `KAFKA_CFG_*`
//! environment variables, as the Apache, Confluent and Bitnami images read
//! them), and Strimzi `Kafka` / `KafkaTopic` resources.

use super::{map_pairs, Budget, Node};
use crate::finding::Span;
use crate::frontend::properties::shared::{self, Placeholders};
use crate::model::{BrokerSetting, FileFacts, TopicName, TopicSpec, Value};

/// How deep to look for `containers:` in a Kubernetes resource.
const MAX_WORKLOAD_DEPTH: usize = 16;

pub(super) fn extract(doc: &Node, budget: &mut Budget, facts: &mut FileFacts) {
    compose(doc, budget, facts);
    strimzi(doc, budget, facts);
    if doc.get("services").is_none() {
        workloads(doc, budget, 0, facts);
    }
}

/// An environment variable as written: name, value text, value position.
struct Var {
    name: String,
    value: String,
    span: Span,
}

/// The broker setting an image reads from an environment variable:
/// `KAFKA_MIN_INSYNC_REPLICAS` and `KAFKA_CFG_MIN_INSYNC_REPLICAS` give
/// `min.insync.replicas` (`_` → `.`, `__` → `_`, `___` → `-`).
pub(super) fn env_to_key(name: &str) -> Option<String> {
    let rest = name
        .strip_prefix("KAFKA_CFG_")
        .or_else(|| name.strip_prefix("KAFKA_"))?;
    if rest.is_empty() {
        return None;
    }
    let key = rest
        .replace("___", "\u{1}")
        .replace("__", "\u{2}")
        .replace('_', ".")
        .replace('\u{1}', "-")
        .replace('\u{2}', "_");
    Some(key.to_ascii_lowercase())
}

/// The variables of a Compose `environment:` (a mapping, or a list of
/// `NAME=value` strings).
fn compose_env(env: &Node, budget: &mut Budget) -> Vec<Var> {
    match env {
        Node::Map(_) => map_pairs(env, budget)
            .into_iter()
            .filter_map(|(k, v)| {
                let v = v.scalar()?;
                Some(Var {
                    name: k.text()?.trim().to_string(),
                    value: v.text.clone(),
                    span: v.span,
                })
            })
            .collect(),
        Node::Seq(items) => items
            .iter()
            .filter_map(|item| {
                let s = item.scalar()?;
                let (name, value) = s.text.split_once('=')?;
                let exact = s.span.start_line == s.span.end_line
                    && s.span.end_col - s.span.start_col == s.text.chars().count() as u32;
                let span = if exact {
                    let col = s.span.start_col + name.chars().count() as u32 + 1;
                    Span::line(s.span.start_line, col, value.chars().count() as u32)
                } else {
                    s.span
                };
                Some(Var {
                    name: name.trim().to_string(),
                    value: value.to_string(),
                    span,
                })
            })
            .collect(),
        Node::Scalar(_) => Vec::new(),
    }
}

/// True for a container that runs a Kafka broker: a Kafka image, or broker
/// identity settings among its variables.
fn is_broker(image: &str, vars: &[Var]) -> bool {
    image.to_ascii_lowercase().contains("kafka")
        || vars.iter().any(|v| {
            env_to_key(&v.name).is_some_and(|k| shared::BROKER_IDENTITY_KEYS.contains(&k.as_str()))
        })
}

/// True for a service that is itself a broker (not a UI, registry or
/// connect worker that mentions Kafka): broker identity variables, or a
/// broker image (`apache/kafka`, `confluentinc/cp-kafka`, `bitnami/kafka`).
fn is_broker_service(image: &str, vars: &[Var]) -> bool {
    let base = image
        .rsplit('/')
        .next()
        .unwrap_or(image)
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        base.as_str(),
        "kafka" | "cp-kafka" | "cp-server" | "kafka-native" | "cp-enterprise-kafka"
    ) || vars.iter().any(|v| {
        env_to_key(&v.name).is_some_and(|k| shared::BROKER_IDENTITY_KEYS.contains(&k.as_str()))
    })
}

fn push_env_settings(vars: &[Var], style: Placeholders, local_only: bool, facts: &mut FileFacts) {
    for v in vars {
        let Some(key) = env_to_key(&v.name) else {
            continue;
        };
        if !shared::is_durability_key(&key) || v.span == Span::default() {
            continue;
        }
        facts.broker_settings.push(BrokerSetting {
            key,
            value: shared::config_value(&v.value, style, &|_| None),
            span: v.span,
            scope: "broker".into(),
            local_only,
        });
    }
}

fn compose(doc: &Node, budget: &mut Budget, facts: &mut FileFacts) {
    let Some(services) = doc.get("services") else {
        return;
    };
    let mut brokers = Vec::new();
    let mut count = 0;
    for (_, service) in map_pairs(services, budget) {
        let image = service.get("image").and_then(|i| i.text()).unwrap_or("");
        let vars = service
            .get("environment")
            .map(|env| compose_env(env, budget))
            .unwrap_or_default();
        if is_broker_service(image, &vars) {
            count += 1;
        }
        if is_broker(image, &vars) {
            brokers.push(vars);
        }
    }
    // A compose file with one broker is a single-broker stack: nothing can
    // be replicated there, and its settings are a development setup's.
    let single = count == 1;
    for vars in brokers {
        push_env_settings(&vars, Placeholders::Compose, single, facts);
    }
}

/// Kubernetes workloads: any `containers:` list whose Kafka containers set
/// `env: [{name, value}]`.
fn workloads(node: &Node, budget: &mut Budget, depth: usize, facts: &mut FileFacts) {
    if depth > MAX_WORKLOAD_DEPTH || !budget.take() {
        return;
    }
    match node {
        Node::Map(_) => {
            for (k, v) in map_pairs(node, budget) {
                if matches!(k.text(), Some("containers" | "initContainers")) {
                    if let Node::Seq(items) = v {
                        for c in items {
                            container(c, budget, facts);
                        }
                    }
                } else {
                    workloads(v, budget, depth + 1, facts);
                }
            }
        }
        Node::Seq(items) => {
            for item in items {
                workloads(item, budget, depth + 1, facts);
            }
        }
        Node::Scalar(_) => {}
    }
}

fn container(c: &Node, budget: &mut Budget, facts: &mut FileFacts) {
    let image = c.get("image").and_then(|i| i.text()).unwrap_or("");
    let Some(Node::Seq(env)) = c.get("env").map(|e| &**e) else {
        return;
    };
    let vars: Vec<Var> = env
        .iter()
        .filter(|_| budget.take())
        .filter_map(|e| {
            let name = e.get("name")?.text()?.trim().to_string();
            let v = e.get("value")?.scalar()?;
            Some(Var {
                name,
                value: v.text.clone(),
                span: v.span,
            })
        })
        .collect();
    if is_broker(image, &vars) {
        push_env_settings(&vars, Placeholders::None, false, facts);
    }
}

fn int_of(node: &Node) -> Option<(i64, Span)> {
    let s = node.scalar()?;
    match shared::typed(&s.text) {
        Value::Int(i) => Some((i, s.span)),
        _ => None,
    }
}

fn strimzi(doc: &Node, budget: &mut Budget, facts: &mut FileFacts) {
    let api = doc.get("apiVersion").and_then(|a| a.text()).unwrap_or("");
    let strimzi = api.contains("strimzi.io");
    // Confluent for Kubernetes: `KafkaTopic` with `spec.replicas` and `spec.configs`.
    let confluent = api.contains("platform.confluent.io");
    if !strimzi && !confluent {
        return;
    }
    let Some(kind) = doc.get("kind").and_then(|k| k.scalar()) else {
        return;
    };
    let Some(spec) = doc.get("spec") else { return };
    match kind.text.as_str() {
        "Kafka" if strimzi => {
            let Some(config) = spec.get("kafka").and_then(|k| k.get("config")) else {
                return;
            };
            for (k, v) in map_pairs(config, budget) {
                let (Some(key), Some(v)) = (k.text(), v.scalar()) else {
                    continue;
                };
                if shared::is_durability_key(key) {
                    facts.broker_settings.push(BrokerSetting {
                        key: key.to_string(),
                        value: shared::typed(&v.text),
                        span: v.span,
                        scope: "broker".into(),
                        local_only: false,
                    });
                }
            }
        }
        "KafkaTopic" => {
            let name = spec
                .get("topicName")
                .or_else(|| spec.get("name").filter(|_| confluent))
                .or_else(|| doc.get("metadata").and_then(|m| m.get("name")))
                .and_then(|n| n.text())
                .map(|n| TopicName::Literal(n.to_string()));
            let replicas = spec.get("replicas").and_then(|r| int_of(r));
            let config = spec.get(if strimzi { "config" } else { "configs" });
            let min_isr = config
                .and_then(|c| c.get("min.insync.replicas"))
                .and_then(|m| int_of(m));
            if let Some(unclean) = config
                .and_then(|c| c.get("unclean.leader.election.enable"))
                .and_then(|u| u.scalar())
            {
                facts.broker_settings.push(BrokerSetting {
                    key: "unclean.leader.election.enable".into(),
                    value: shared::typed(&unclean.text),
                    span: unclean.span,
                    scope: "topic".into(),
                    local_only: false,
                });
            }
            facts.topics.push(TopicSpec {
                name,
                replication_factor: replicas.map(|r| r.0),
                replication_factor_span: replicas.map(|r| r.1),
                min_insync_replicas: min_isr.map(|m| m.0),
                min_insync_replicas_span: min_isr.map(|m| m.1),
                span: kind.span,
                local_only: false,
            });
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::frontend::yaml::extract;
    use crate::model::{FileFacts, Value};
    use std::path::Path;

    fn facts(name: &str, text: &str) -> FileFacts {
        extract(Path::new(name), text)
    }

    #[test]
    fn env_names() {
        use super::env_to_key;
        assert_eq!(
            env_to_key("KAFKA_MIN_INSYNC_REPLICAS").as_deref(),
            Some("min.insync.replicas")
        );
        assert_eq!(
            env_to_key("KAFKA_CFG_UNCLEAN_LEADER_ELECTION_ENABLE").as_deref(),
            Some("unclean.leader.election.enable")
        );
        assert_eq!(
            env_to_key("KAFKA_LISTENER_SECURITY__PROTOCOL___MAP").as_deref(),
            Some("listener.security_protocol-map")
        );
        assert_eq!(env_to_key("SPRING_KAFKA_X"), None);
        assert_eq!(env_to_key("KAFKA_"), None);
    }

    #[test]
    fn compose_map_and_list_environments() {
        let text = "\
services:
  kafka:
    image: confluentinc/cp-kafka:7.6.0
    environment:
      KAFKA_NODE_ID: 1
      KAFKA_MIN_INSYNC_REPLICAS: 1
      KAFKA_DEFAULT_REPLICATION_FACTOR: \"${RF:-1}\"
  broker2:
    image: bitnami/kafka:3.7
    environment:
      - KAFKA_CFG_UNCLEAN_LEADER_ELECTION_ENABLE=true
      - \"KAFKA_CFG_MIN_INSYNC_REPLICAS=${MIN_ISR}\"
  app:
    image: shop/app
    environment:
      KAFKA_MIN_INSYNC_REPLICAS: 1
";
        let f = facts("docker-compose.yml", text);
        assert!(f.producers.is_empty());
        let got: Vec<_> = f
            .broker_settings
            .iter()
            .map(|b| {
                (
                    b.key.as_str(),
                    b.value.clone(),
                    b.span.start_line,
                    b.span.start_col,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("min.insync.replicas", Value::Int(1), 6, 34),
                ("default.replication.factor", Value::Int(1), 7, 42),
                ("unclean.leader.election.enable", Value::Bool(true), 11, 50),
                (
                    "min.insync.replicas",
                    Value::Unknown("${MIN_ISR}".into()),
                    12,
                    40
                ),
            ]
        );
    }

    #[test]
    fn compose_anchors_and_merges() {
        let text = "\
x-kafka-env: &kafka-env
  KAFKA_PROCESS_ROLES: broker,controller
  KAFKA_MIN_INSYNC_REPLICAS: 1
services:
  kafka-1:
    image: apache/kafka:3.9.0
    environment:
      <<: *kafka-env
      KAFKA_NODE_ID: 1
";
        let f = facts("compose.yaml", text);
        assert_eq!(f.broker_settings.len(), 1);
        assert_eq!(f.broker_settings[0].span.start_line, 3);
    }

    #[test]
    fn strimzi_resources() {
        let text = "\
apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: prod
spec:
  kafka:
    config:
      offsets.topic.replication.factor: 3
      min.insync.replicas: 2
      unclean.leader.election.enable: false
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: orders
spec:
  partitions: 12
  replicas: 1
  config:
    min.insync.replicas: \"1\"
    unclean.leader.election.enable: true
";
        let f = facts("kafka.yaml", text);
        assert_eq!(f.broker_settings.len(), 4);
        assert_eq!(f.broker_settings[1].value, Value::Int(2));
        assert_eq!(f.broker_settings[1].span.start_line, 9);
        assert_eq!(f.broker_settings[3].scope, "topic");
        assert_eq!(f.broker_settings[3].span.start_line, 21);
        let t = &f.topics[0];
        assert_eq!(t.name.as_ref().and_then(|n| n.literal()), Some("orders"));
        assert_eq!(t.replication_factor, Some(1));
        assert_eq!(t.replication_factor_span.map(|s| s.start_line), Some(18));
        assert_eq!(t.min_insync_replicas, Some(1));
        assert_eq!(
            t.min_insync_replicas_span
                .map(|s| (s.start_line, s.start_col)),
            Some((20, 27))
        );
        assert_eq!(t.span.start_line, 13);
    }

    #[test]
    fn confluent_for_kubernetes_topic() {
        let text = "\
apiVersion: platform.confluent.io/v1beta1
kind: KafkaTopic
metadata:
  name: invoices
spec:
  replicas: 2
  partitionCount: 6
  configs:
    min.insync.replicas: \"2\"
";
        let f = facts("topic.yaml", text);
        let t = &f.topics[0];
        assert_eq!(t.name.as_ref().and_then(|n| n.literal()), Some("invoices"));
        assert_eq!(t.replication_factor, Some(2));
        assert_eq!(t.replication_factor_span.map(|s| s.start_line), Some(6));
        assert_eq!(t.min_insync_replicas, Some(2));
        // A `kind: Kafka` of another operator is not read as Strimzi's.
        let other = "apiVersion: platform.confluent.io/v1beta1\nkind: Kafka\nspec:\n  kafka:\n    config:\n      min.insync.replicas: 1\n";
        assert!(facts("kafka.yaml", other).broker_settings.is_empty());
    }

    #[test]
    fn kubernetes_statefulset_env() {
        let text = "\
apiVersion: apps/v1
kind: StatefulSet
spec:
  template:
    spec:
      containers:
        - name: kafka
          image: apache/kafka:3.8.0
          env:
            - name: KAFKA_MIN_INSYNC_REPLICAS
              value: \"1\"
            - name: KAFKA_NODE_ID
              valueFrom:
                fieldRef: {fieldPath: metadata.name}
";
        let f = facts("statefulset.yaml", text);
        assert_eq!(f.broker_settings.len(), 1);
        assert_eq!(f.broker_settings[0].span.start_line, 11);
        // Other images are not brokers.
        let f = facts(
            "deploy.yaml",
            &text.replace("apache/kafka:3.8.0", "shop/app:1"),
        );
        assert!(f.broker_settings.is_empty());
    }
}
