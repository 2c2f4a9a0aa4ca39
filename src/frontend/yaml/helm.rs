//! Helm values files of the common Kafka charts: the broker and topic
//! settings they set, read into the same model as `server.properties`,
//! Compose and Strimzi, so the same rules report them.
//!
//! What each chart does with its values was read from the chart sources
//! (templates and `values.yaml`); the table below names them. Only values
//! written in the file are read: a chart default is never reported (as for
//! Compose and Strimzi), and a value rendered by Helm (`{{ … }}`) is unknown.
//!
//! | chart | values read | source |
//! |---|---|---|
//! | Bitnami `kafka` ≤ 23.x | `defaultReplicationFactor`, `offsetsTopicReplicationFactor`, `transactionStateLogReplicationFactor`, `transactionStateLogMinIsr` (become `KAFKA_CFG_*` variables); `config` (a whole `server.properties`, mounted; "overrides any `KAFKA_CFG_` environment variables", so the legacy values then do nothing); `replicaCount` (brokers, default 1) | bitnami/charts `bitnami/kafka` 23.0.7 `values.yaml`, `templates/statefulset.yaml` (same keys back to 10.x) |
//! | Bitnami `kafka` 24.x–31.x | `config` (a whole `server.properties`; when set, the `extra*` values are not rendered), `extraConfig` (lines appended), `extraConfigYaml` (map appended, 29.x+), each also under `controller:` / `broker:` (the role's own wins); `controller.replicaCount` (default 3), `controller.controllerOnly` (default false), `broker.replicaCount` (default 0), `kraft.enabled` (default true) | bitnami/charts `bitnami/kafka` 31.5.0 `values.yaml`, `templates/broker/configmap.yaml`, `templates/controller-eligible/configmap.yaml`, `templates/controller-eligible/statefulset.yaml` |
//! | Bitnami `kafka` 32.x | `config` (a YAML map rendered as `key=value`), `overrideConfiguration` (merged over it), both also per role | bitnami/charts `bitnami/kafka` 32.4.4 `values.yaml`, `templates/broker/configmap.yaml` |
//! | Bitnami `kafka` 13.x–32.x | `provisioning.topics[]` (`name`, `replicationFactor`, `config` map; `provisioning.replicationFactor` is the default, itself 1 by default), run when `provisioning.enabled` | bitnami/charts `bitnami/kafka` 32.4.4 `templates/provisioning/job.yaml`, 13.1.5 `templates/kafka-provisioning.yaml` |
//! | Confluent `cp-helm-charts` `cp-kafka` | `configurationOverrides` (map of broker keys, each becomes `KAFKA_<KEY>`), `customEnv` (variables), `brokers` (default 3); in the umbrella chart under `cp-kafka:` | confluentinc/cp-helm-charts (last release, 6.1.0 images) `charts/cp-kafka/values.yaml`, `charts/cp-kafka/templates/statefulset.yaml`, `values.yaml` |
//! | incubator `kafka` | `configurationOverrides`, `envOverrides` (variables), `replicas` (default 3), `topics[]` (created when both `partitions` and `replicationFactor` are given; `config` is `k=v,k=v`) | helm/charts `incubator/kafka` 0.21.5 `values.yaml`, `templates/statefulset.yaml`, `templates/configmap-config.yaml` |
//! | `strimzi-kafka-operator` | nothing: the chart installs the operator; brokers are `Kafka` resources (read by `cluster.rs`) | strimzi/strimzi-kafka-operator `packaging/helm-charts/helm3/strimzi-kafka-operator/values.yaml` |
//!
//! A file is read as values when its name is a values file's
//! (`values.yaml`, `values-prod.yaml`, `prod-values.yml`, `values.prod.yaml`)
//! or names Kafka (`kafka.yaml`, `kafka-prod.yaml`); in any other YAML file
//! only content no other format has: the legacy Bitnami keys, or a
//! `cp-kafka:` section. A Kubernetes manifest or a Compose file is never a
//! values file (but the values a Flux `HelmRelease` or an Argo CD
//! `Application` gives a chart are), and nothing below a `templates/`
//! folder is read.

use super::cluster::env_to_key;
use super::{map_pairs, Budget, Node, Scalar};
use crate::finding::Span;
use crate::frontend::properties;
use crate::frontend::properties::shared;
use crate::model::{BrokerSetting, FileFacts, TopicName, TopicSpec, Value};
use crate::source::LineIndex;
use std::path::Path;

/// Legacy Bitnami values (chart ≤ 23.x) and the broker setting each one
/// becomes. These names are the chart's own: their presence alone says the
/// file configures the Bitnami Kafka chart.
const BITNAMI_LEGACY: &[(&str, &str)] = &[
    ("defaultReplicationFactor", "default.replication.factor"),
    (
        "offsetsTopicReplicationFactor",
        "offsets.topic.replication.factor",
    ),
    (
        "transactionStateLogReplicationFactor",
        "transaction.state.log.replication.factor",
    ),
    ("transactionStateLogMinIsr", "transaction.state.log.min.isr"),
];

/// Words in a section name that mark a chart other than the broker's
/// (`kafka-ui`, `kafkaConnect`, `kafka-exporter`, …).
const OTHER_COMPONENTS: &[&str] = &[
    "connect",
    "ui",
    "rest",
    "exporter",
    "manager",
    "schema",
    "registry",
    "ksql",
    "operator",
    "mirror",
    "client",
    "consumer",
    "producer",
    "stream",
    "proxy",
    "bridge",
    "lag",
    "topic",
    "cruise",
    "monitor",
    "dashboard",
    "console",
];

/// True for the file names Helm values files go by.
pub(super) fn is_values_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
    else {
        return false;
    };
    stem == "values"
        || ["values-", "values_", "values."]
            .iter()
            .any(|p| stem.starts_with(p))
        || ["-values", "_values", ".values"]
            .iter()
            .any(|s| stem.ends_with(s))
}

/// True for a path below a chart's `templates/` folder (templated manifests).
fn in_templates(path: &Path) -> bool {
    let mut parts: Vec<&str> = path
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    parts.pop();
    parts.contains(&"templates")
}

/// A setting as written: broker key, value, where the value is.
#[derive(Clone)]
struct Written {
    key: String,
    value: Value,
    span: Span,
}

fn value_of(text: &str) -> Value {
    if text.contains("{{") {
        Value::Unknown(text.to_string())
    } else {
        shared::typed(text)
    }
}

fn int(node: Option<&Node>) -> Option<(i64, Span)> {
    let s = node?.scalar()?;
    match value_of(&s.text) {
        Value::Int(i) => Some((i, s.span)),
        _ => None,
    }
}

fn boolean(node: Option<&Node>) -> Option<bool> {
    value_of(&node?.scalar()?.text).as_bool()
}

/// The pairs of a `server.properties` text held in a string value, with
/// positions in the file: exact for a `|` block whose lines map back and
/// for a one-line scalar, the scalar's start otherwise.
fn text_settings(s: &Scalar, idx: &LineIndex<'_>) -> Vec<Written> {
    if s.text.contains("{{") && !s.text.contains('=') {
        return Vec::new();
    }
    let inner = LineIndex::new(&s.text);
    let source = idx.line_text(s.span.start_line);
    let indent = source.len() - source.trim_start().len();
    let first = s.text.lines().next().unwrap_or("");
    let block = s.literal && !first.is_empty() && source.get(indent..) == Some(first);
    let one_line = !s.text.contains('\n')
        && s.span.start_line == s.span.end_line
        && s.span.end_col - s.span.start_col == s.text.chars().count() as u32;
    let indent_chars = source[..indent].chars().count() as u32;
    let place = |start: usize, end: usize| -> Span {
        let sp = inner.span(start, end);
        if block {
            Span::new(
                sp.start_line + s.span.start_line - 1,
                sp.start_col + indent_chars,
                sp.end_line + s.span.start_line - 1,
                sp.end_col + indent_chars,
            )
        } else if one_line {
            Span::new(
                s.span.start_line,
                sp.start_col + s.span.start_col - 1,
                s.span.start_line,
                sp.end_col + s.span.start_col - 1,
            )
        } else {
            s.span
        }
    };
    properties::parse(&s.text)
        .into_iter()
        .flatten()
        .filter(|p| shared::is_durability_key(&p.key))
        .map(|p| Written {
            value: value_of(&p.value),
            span: place(p.value_start, p.value_end),
            key: p.key,
        })
        .collect()
}

/// The durability settings of a map of broker keys (`extraConfigYaml`,
/// `overrideConfiguration`, `configurationOverrides`, a topic's `config`).
fn map_settings(node: &Node, budget: &mut Budget) -> Vec<Written> {
    map_pairs(node, budget)
        .into_iter()
        .filter_map(|(k, v)| {
            let key = k.text()?.trim();
            let v = v.scalar()?;
            (shared::is_durability_key(key) && v.span != Span::default()).then(|| Written {
                key: key.to_string(),
                value: value_of(&v.text),
                span: v.span,
            })
        })
        .collect()
}

/// The durability settings of a map of environment variables
/// (`customEnv`, `envOverrides`), read as the broker images read them.
fn env_settings(node: &Node, budget: &mut Budget) -> Vec<Written> {
    map_pairs(node, budget)
        .into_iter()
        .filter_map(|(k, v)| {
            let key = env_to_key(k.text()?.trim())?;
            let v = v.scalar()?;
            (shared::is_durability_key(&key) && v.span != Span::default()).then(|| Written {
                key,
                value: value_of(&v.text),
                span: v.span,
            })
        })
        .collect()
}

/// A string or map value holding broker configuration.
fn config_settings(node: &Node, idx: &LineIndex<'_>, budget: &mut Budget) -> Vec<Written> {
    match node {
        Node::Scalar(s) => text_settings(s, idx),
        Node::Map(_) => map_settings(node, budget),
        Node::Seq(_) => Vec::new(),
    }
}

/// True when a value is set to something (not `""`, `{}`, `~`).
fn is_set(node: Option<&Node>) -> bool {
    match node {
        Some(Node::Scalar(s)) => {
            let t = s.text.trim();
            !(t.is_empty() || t == "~" || t == "null")
        }
        Some(Node::Map(pairs)) => !pairs.is_empty(),
        Some(Node::Seq(items)) => !items.is_empty(),
        None => false,
    }
}

/// Layers of settings, lowest precedence first, folded into the effective
/// setting of each key (the last layer that sets it).
fn effective(layers: Vec<Vec<Written>>) -> Vec<Written> {
    let mut out: Vec<Written> = Vec::new();
    for layer in layers {
        for w in layer {
            out.retain(|o| o.key != w.key);
            out.push(w);
        }
    }
    out
}

/// Two sources whose precedence the chart does not settle (two
/// environment variables of one name): a key set by both is dropped, the
/// others kept.
fn unordered(a: Vec<Written>, b: Vec<Written>) -> Vec<Written> {
    let clash = |w: &Written, other: &[Written]| other.iter().any(|o| o.key == w.key);
    let mut out: Vec<Written> = a.iter().filter(|w| !clash(w, &b)).cloned().collect();
    out.extend(b.iter().filter(|w| !clash(w, &a)).cloned());
    out
}

/// The number of broker processes a section deploys, when the file says.
fn bitnami_brokers(section: &Node) -> Option<i64> {
    let controller = section
        .get("controller")
        .filter(|c| matches!(***c, Node::Map(_)));
    let broker = section
        .get("broker")
        .filter(|b| matches!(***b, Node::Map(_)));
    let autoscaled = |role: Option<&std::rc::Rc<Node>>| {
        role.and_then(|r| r.get("autoscaling")).is_some_and(|a| {
            boolean(a.get("enabled").map(|e| &**e)) == Some(true)
                || a.get("hpa")
                    .is_some_and(|h| boolean(h.get("enabled").map(|e| &**e)) == Some(true))
        })
    };
    if controller.is_none() && broker.is_none() {
        // Chart ≤ 23.x: one StatefulSet of `replicaCount` brokers.
        return int(section.get("replicaCount").map(|r| &**r)).map(|c| c.0);
    }
    if section.get("replicaCount").is_some() || autoscaled(controller) || autoscaled(broker) {
        return None;
    }
    let c_count = int(controller.and_then(|c| c.get("replicaCount")).map(|r| &**r));
    let b_count = int(broker.and_then(|b| b.get("replicaCount")).map(|r| &**r));
    if c_count.is_none() && b_count.is_none() {
        return None;
    }
    let kraft = section
        .get("kraft")
        .and_then(|k| boolean(k.get("enabled").map(|e| &**e)))
        .unwrap_or(true);
    let controller_only = controller
        .and_then(|c| boolean(c.get("controllerOnly").map(|e| &**e)))
        .unwrap_or(false);
    let from_controllers = if !kraft || controller_only {
        0
    } else {
        c_count.map(|c| c.0).unwrap_or(3)
    };
    Some(from_controllers + b_count.map(|c| c.0).unwrap_or(0))
}

/// The broker settings of a Bitnami section: the effective ones of each
/// role that runs brokers.
fn bitnami_settings(section: &Node, idx: &LineIndex<'_>, budget: &mut Budget) -> Vec<Written> {
    let legacy: Vec<Written> = BITNAMI_LEGACY
        .iter()
        .filter_map(|(value, key)| {
            let s = section.get(value)?.scalar()?;
            Some(Written {
                key: key.to_string(),
                value: value_of(&s.text),
                span: s.span,
            })
        })
        .collect();
    let get = |node: &Node, key: &str| node.get(key).cloned();
    let controller = get(section, "controller").filter(|c| matches!(**c, Node::Map(_)));
    let broker = get(section, "broker").filter(|b| matches!(**b, Node::Map(_)));
    let kraft = section
        .get("kraft")
        .and_then(|k| boolean(k.get("enabled").map(|e| &**e)))
        .unwrap_or(true);
    let mut roles: Vec<Option<std::rc::Rc<Node>>> = Vec::new();
    if controller.is_none() && broker.is_none() {
        roles.push(None);
    } else {
        let off = |role: &Option<std::rc::Rc<Node>>| {
            role.as_ref()
                .and_then(|r| int(r.get("replicaCount").map(|n| &**n)))
                .is_some_and(|c| c.0 == 0)
        };
        let controller_only = controller
            .as_ref()
            .and_then(|c| boolean(c.get("controllerOnly").map(|e| &**e)))
            .unwrap_or(false);
        if kraft && !controller_only && !off(&controller) {
            roles.push(Some(
                controller
                    .clone()
                    .unwrap_or_else(|| std::rc::Rc::new(Node::Map(Vec::new()))),
            ));
        }
        if !off(&broker) {
            roles.push(Some(
                broker
                    .clone()
                    .unwrap_or_else(|| std::rc::Rc::new(Node::Map(Vec::new()))),
            ));
        }
    }
    let mut out: Vec<Written> = Vec::new();
    for role in roles {
        let role_get = |key: &str| role.as_ref().and_then(|r| r.get(key)).map(|n| &**n);
        let top_get = |key: &str| section.get(key).map(|n| &**n);
        // The role's own value replaces the common one (`coalesce`).
        let pick = |key: &str| {
            role_get(key)
                .filter(|n| is_set(Some(n)))
                .or_else(|| top_get(key).filter(|n| is_set(Some(n))))
        };
        let settings = |node: Option<&Node>, budget: &mut Budget| {
            node.map(|n| config_settings(n, idx, budget))
                .unwrap_or_default()
        };
        let overrides = vec![
            settings(top_get("overrideConfiguration"), budget),
            settings(role_get("overrideConfiguration"), budget),
        ];
        let layers = match pick("config") {
            // A whole `server.properties`: up to 23.x it also overrides the
            // `KAFKA_CFG_*` variables the legacy values become (the chart's
            // own note on `config` in 13.x-23.x `values.yaml`).
            Some(config) => {
                let mut layers = vec![config_settings(config, idx, budget)];
                layers.extend(overrides);
                layers
            }
            None => {
                let mut layers = vec![
                    legacy.clone(),
                    settings(top_get("extraConfig"), budget),
                    settings(role_get("extraConfig"), budget),
                    settings(top_get("extraConfigYaml"), budget),
                    settings(role_get("extraConfigYaml"), budget),
                ];
                layers.extend(overrides);
                layers
            }
        };
        for w in effective(layers) {
            if !out.iter().any(|o| o.key == w.key && o.span == w.span) {
                out.push(w);
            }
        }
    }
    out
}

/// Topics a section creates: Bitnami's `provisioning.topics`, or the
/// incubator chart's `topics` (`incubator`).
fn topics(
    section: &Node,
    incubator: bool,
    budget: &mut Budget,
    local_only: bool,
    facts: &mut FileFacts,
) {
    let (list, default_rf) = if incubator {
        (section.get("topics"), None)
    } else {
        let Some(p) = section.get("provisioning") else {
            return;
        };
        if boolean(p.get("enabled").map(|e| &**e)) == Some(false) {
            return;
        }
        (
            p.get("topics"),
            int(p.get("replicationFactor").map(|r| &**r)),
        )
    };
    let Some(Node::Seq(items)) = list.map(|l| &**l) else {
        return;
    };
    for t in items {
        if !budget.take() {
            return;
        }
        let Some(name) = t.get("name").and_then(|n| n.scalar()) else {
            continue;
        };
        // A value written but not a number (`{{ .Values.rf }}`) is unknown,
        // not the default.
        let written = t.get("replicationFactor");
        let rf = int(written.map(|r| &**r));
        // The incubator chart creates a topic only when both counts are
        // given; its `config` alone alters an existing topic.
        let rf = if incubator {
            rf.filter(|_| t.get("partitions").is_some())
        } else {
            rf.or(default_rf.filter(|_| written.is_none()))
        };
        let config = match t.get("config").map(|c| &**c) {
            Some(Node::Scalar(s)) if incubator => comma_settings(s),
            Some(c @ Node::Map(_)) if !incubator => map_settings(c, budget),
            _ => Vec::new(),
        };
        let min_isr = config
            .iter()
            .rev()
            .find(|w| w.key == "min.insync.replicas")
            .and_then(|w| w.value.as_int().map(|i| (i, w.span)));
        for w in config
            .iter()
            .filter(|w| w.key == "unclean.leader.election.enable")
        {
            facts.broker_settings.push(BrokerSetting {
                key: w.key.clone(),
                value: w.value.clone(),
                span: w.span,
                scope: "topic".into(),
                local_only,
            });
        }
        let literal = !name.text.contains("{{");
        facts.topics.push(TopicSpec {
            name: literal.then(|| TopicName::Literal(name.text.clone())),
            replication_factor: rf.map(|r| r.0),
            replication_factor_span: rf.map(|r| r.1),
            min_insync_replicas: min_isr.map(|m| m.0),
            min_insync_replicas_span: min_isr.map(|m| m.1),
            span: name.span,
            local_only,
        });
    }
}

/// `cleanup.policy=compact,min.insync.replicas=1` (the incubator chart's
/// topic `config`, passed to `kafka-configs --add-config`).
fn comma_settings(s: &Scalar) -> Vec<Written> {
    let one_line = !s.text.contains('\n')
        && s.span.start_line == s.span.end_line
        && s.span.end_col - s.span.start_col == s.text.chars().count() as u32;
    let mut out = Vec::new();
    let mut offset = 0u32;
    for part in s.text.split(',') {
        let len = part.chars().count() as u32;
        if let Some((k, v)) = part.split_once('=') {
            let key = k.trim();
            if shared::is_durability_key(key) {
                let v_start = offset + k.chars().count() as u32 + 1;
                let lead = (v.chars().count() - v.trim_start().chars().count()) as u32;
                let span = if one_line {
                    Span::line(
                        s.span.start_line,
                        s.span.start_col + v_start + lead,
                        v.trim().chars().count() as u32,
                    )
                } else {
                    s.span
                };
                out.push(Written {
                    key: key.to_string(),
                    value: value_of(v),
                    span,
                });
            }
        }
        offset += len + 1;
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Chart {
    Bitnami,
    /// cp-helm-charts' `cp-kafka` (`brokers`, `customEnv`).
    ConfluentCp,
    /// helm/charts' incubator `kafka` (`replicas`, `envOverrides`, `topics`).
    Incubator,
}

/// Values only the Bitnami chart has: with one of them, keys of the other
/// charts (`configurationOverrides`) are ignored, as the chart ignores them.
const BITNAMI_MARKERS: &[&str] = &[
    "controller",
    "broker",
    "kraft",
    "extraConfig",
    "extraConfigYaml",
    "overrideConfiguration",
    "provisioning",
    "defaultReplicationFactor",
    "offsetsTopicReplicationFactor",
    "transactionStateLogReplicationFactor",
    "transactionStateLogMinIsr",
];

fn chart_of(section: &Node, confluent_named: bool) -> Chart {
    if !confluent_named && BITNAMI_MARKERS.iter().any(|k| section.get(k).is_some()) {
        return Chart::Bitnami;
    }
    if confluent_named || section.get("brokers").is_some() || section.get("customEnv").is_some() {
        return Chart::ConfluentCp;
    }
    if section.get("configurationOverrides").is_some() || section.get("envOverrides").is_some() {
        return Chart::Incubator;
    }
    Chart::Bitnami
}

fn push(settings: Vec<Written>, local_only: bool, facts: &mut FileFacts) {
    for w in settings {
        facts.broker_settings.push(BrokerSetting {
            key: w.key,
            value: w.value,
            span: w.span,
            scope: "broker".into(),
            local_only,
        });
    }
}

fn section(
    node: &Node,
    confluent_named: bool,
    idx: &LineIndex<'_>,
    budget: &mut Budget,
    facts: &mut FileFacts,
) {
    match chart_of(node, confluent_named) {
        Chart::Bitnami => {
            let local = bitnami_brokers(node) == Some(1);
            let settings = bitnami_settings(node, idx, budget);
            push(settings, local, facts);
            topics(node, false, budget, local, facts);
        }
        chart @ (Chart::ConfluentCp | Chart::Incubator) => {
            let (count_key, env_key) = if chart == Chart::ConfluentCp {
                ("brokers", "customEnv")
            } else {
                ("replicas", "envOverrides")
            };
            let local = int(node.get(count_key).map(|n| &**n)).is_some_and(|c| c.0 == 1);
            let overrides = node
                .get("configurationOverrides")
                .map(|o| map_settings(o, budget))
                .unwrap_or_default();
            let env = node
                .get(env_key)
                .map(|e| env_settings(e, budget))
                .unwrap_or_default();
            push(unordered(overrides, env), local, facts);
            if chart == Chart::Incubator {
                topics(node, true, budget, local, facts);
            }
        }
    }
}

/// True for a root key naming the broker chart's section in an umbrella
/// chart's values (`kafka:`, `cp-kafka:`, `bitnami-kafka:`), not another
/// Kafka component's.
fn is_kafka_section(key: &str) -> bool {
    // Words of the key: split at separators and lower-to-upper changes.
    let mut words: Vec<String> = Vec::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            words.push(String::new());
            prev_lower = false;
            continue;
        }
        if words.is_empty() || (c.is_ascii_uppercase() && prev_lower) {
            words.push(String::new());
        }
        prev_lower = c.is_ascii_lowercase();
        if let Some(w) = words.last_mut() {
            w.push(c.to_ascii_lowercase());
        }
    }
    words.iter().any(|w| w == "kafka")
        && !words
            .iter()
            .any(|w| OTHER_COMPONENTS.iter().any(|o| w.starts_with(o)))
}

/// Other values of the Bitnami chart up to 23.x (`values.yaml` 23.0.7):
/// with one of them, a single legacy key is enough.
const BITNAMI_LEGACY_COMPANIONS: &[&str] = &[
    "replicaCount",
    "zookeeper",
    "externalZookeeper",
    "kraft",
    "autoCreateTopicsEnable",
    "deleteTopicEnable",
    "numPartitions",
    "logRetentionHours",
];

/// True when a mapping holds the legacy Bitnami values: two of them, or
/// one with another value of that chart (`defaultReplicationFactor` alone
/// is also a name other tools use).
fn has_legacy_keys(node: &Node) -> bool {
    let legacy = BITNAMI_LEGACY
        .iter()
        .filter(|(k, _)| node.get(k).is_some())
        .count();
    legacy >= 2
        || (legacy == 1
            && BITNAMI_LEGACY_COMPANIONS
                .iter()
                .any(|k| node.get(k).is_some()))
}

/// True for a document holding a mapping used as a key: what an unquoted
/// `{{ … }}` becomes in YAML, so the file is a template (helmfile,
/// gomplate), not values.
fn templated(node: &Node, budget: &mut Budget, depth: usize) -> bool {
    if depth > 32 || !budget.take() {
        return false;
    }
    match node {
        Node::Map(pairs) => pairs
            .iter()
            .any(|(k, v)| !matches!(**k, Node::Scalar(_)) || templated(v, budget, depth + 1)),
        Node::Seq(items) => items.iter().any(|i| templated(i, budget, depth + 1)),
        Node::Scalar(_) => false,
    }
}

pub(super) fn extract(
    path: &Path,
    doc: &Node,
    text: &str,
    budget: &mut Budget,
    facts: &mut FileFacts,
) {
    if !matches!(doc, Node::Map(_)) || in_templates(path) {
        return;
    }
    if doc.get("apiVersion").is_some() && doc.get("kind").is_some() {
        releases(doc, text, budget, facts);
        return;
    }
    if doc.get("services").is_some() {
        return;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if crate::frontend::properties::spring::is_base_file(name)
        || lower.starts_with("application")
        || lower.starts_with("bootstrap")
    {
        return;
    }
    let values_name = is_values_name(name) || lower.contains("kafka");
    let root = values_name || has_legacy_keys(doc);
    read_values(doc, text, root, values_name, budget, facts);
}

/// Reads one values document: its root when `root`, and its Kafka
/// sections (all of them when `any_section`, else only those whose keys
/// say which chart they configure).
fn read_values(
    doc: &Node,
    text: &str,
    root: bool,
    any_section: bool,
    budget: &mut Budget,
    facts: &mut FileFacts,
) {
    let sections: Vec<(&Node, bool)> = map_pairs(doc, budget)
        .into_iter()
        .filter_map(|(k, v)| {
            let key = k.text()?;
            if !matches!(v, Node::Map(_)) || !is_kafka_section(key) {
                return None;
            }
            // A subchart turned off (`kafka.enabled: false`) deploys nothing.
            if boolean(v.get("enabled").map(|e| &**e)) == Some(false) {
                return None;
            }
            let confluent = key == "cp-kafka";
            (any_section || confluent || has_legacy_keys(v)).then_some((v, confluent))
        })
        .collect();
    if (!root && sections.is_empty()) || templated(doc, budget, 0) {
        return;
    }
    let idx = LineIndex::new(text);
    if root {
        section(doc, false, &idx, budget, facts);
    }
    for (v, confluent) in sections {
        section(v, confluent, &idx, budget, facts);
    }
}

/// Values given to a chart by a GitOps resource: Flux's `HelmRelease`
/// (`spec.values`) and Argo CD's `Application` (`spec.source.helm`
/// `valuesObject`, or `values` as a `|` block). The chart's name says
/// whether the root of the values is a Kafka chart's.
fn releases(doc: &Node, text: &str, budget: &mut Budget, facts: &mut FileFacts) {
    let api = doc.get("apiVersion").and_then(|a| a.text()).unwrap_or("");
    let kind = doc.get("kind").and_then(|k| k.text()).unwrap_or("");
    let Some(spec) = doc.get("spec") else { return };
    let kafka_chart = |name: Option<&str>| {
        name.and_then(|n| n.rsplit('/').next())
            .is_some_and(is_kafka_section)
    };
    if kind == "HelmRelease"
        && (api.starts_with("helm.toolkit.fluxcd.io/") || api.starts_with("helm.fluxcd.io/"))
    {
        let chart = spec.get("chart");
        let name = chart
            .and_then(|c| {
                c.get("spec")
                    .and_then(|s| s.get("chart"))
                    .or_else(|| c.get("name"))
            })
            .and_then(|n| n.text());
        if let Some(values) = spec.get("values").filter(|v| matches!(***v, Node::Map(_))) {
            read_values(values, text, kafka_chart(name), true, budget, facts);
        }
        return;
    }
    if kind != "Application" || !api.starts_with("argoproj.io/") {
        return;
    }
    let mut sources: Vec<&Node> = spec.get("source").map(|s| &**s).into_iter().collect();
    if let Some(Node::Seq(items)) = spec.get("sources").map(|s| &**s) {
        sources.extend(items.iter().map(|i| &**i));
    }
    for source in sources {
        let is_kafka = kafka_chart(source.get("chart").and_then(|c| c.text()));
        let Some(helm) = source.get("helm") else {
            continue;
        };
        if let Some(values) = helm
            .get("valuesObject")
            .filter(|v| matches!(***v, Node::Map(_)))
        {
            read_values(values, text, is_kafka, true, budget, facts);
        }
        if let Some(block) = helm.get("values").and_then(|v| v.scalar()) {
            values_block(block, text, is_kafka, facts);
        }
    }
}

/// A values document written as a `|` block: read on its own, positions
/// moved to where the block sits (only when its lines map back exactly).
fn values_block(block: &Scalar, text: &str, kafka_chart: bool, facts: &mut FileFacts) {
    let idx = LineIndex::new(text);
    let first = block.text.lines().next().unwrap_or("");
    let source = idx.line_text(block.span.start_line);
    let indent = source.len() - source.trim_start().len();
    if !block.literal || first.is_empty() || source.get(indent..) != Some(first) {
        return;
    }
    let (docs, error) = super::load(&block.text);
    if error.is_some() {
        return;
    }
    let mut inner = FileFacts::default();
    let mut budget = Budget::new();
    for d in &docs {
        read_values(d, &block.text, kafka_chart, true, &mut budget, &mut inner);
    }
    let indent_chars = source[..indent].chars().count() as u32;
    super::shift(
        &mut inner,
        block.span.start_line.saturating_sub(1),
        indent_chars,
    );
    facts.broker_settings.append(&mut inner.broker_settings);
    facts.topics.append(&mut inner.topics);
}

#[cfg(test)]
mod tests {
    use super::is_values_name;
    use crate::finding::Span;
    use crate::frontend::yaml::extract;
    use crate::model::{FileFacts, Value};
    use std::path::Path;

    fn facts(name: &str, text: &str) -> FileFacts {
        extract(Path::new(name), text)
    }

    /// (key, value, line, column, local_only) of each broker setting.
    fn settings(f: &FileFacts) -> Vec<(&str, Value, u32, u32, bool)> {
        f.broker_settings
            .iter()
            .map(|b| {
                (
                    b.key.as_str(),
                    b.value.clone(),
                    b.span.start_line,
                    b.span.start_col,
                    b.local_only,
                )
            })
            .collect()
    }

    #[test]
    fn values_file_names() {
        for n in [
            "values.yaml",
            "values.yml",
            "values-prod.yaml",
            "values_dev.yml",
            "values.staging.yaml",
            "prod-values.yaml",
            "kafka.values.yml",
        ] {
            assert!(is_values_name(n), "{n}");
        }
        for n in [
            "application.yml",
            "valuesfile.yaml",
            "values.json",
            "myvalues.yaml",
        ] {
            assert!(!is_values_name(n), "{n}");
        }
    }

    #[test]
    fn bitnami_legacy_keys_config_text_and_broker_count() {
        let text = "\
replicaCount: 1
defaultReplicationFactor: 1
offsetsTopicReplicationFactor: 1
config: |-
  offsets.topic.replication.factor=3
  min.insync.replicas=1
";
        let f = facts("values.yaml", text);
        // The mounted file overrides the variables the legacy values become.
        assert_eq!(
            settings(&f),
            vec![
                (
                    "offsets.topic.replication.factor",
                    Value::Int(3),
                    5,
                    36,
                    true
                ),
                ("min.insync.replicas", Value::Int(1), 6, 23, true),
            ]
        );
        let f = facts("values.yaml", &text[..text.find("config").unwrap()]);
        assert_eq!(
            settings(&f),
            vec![
                ("default.replication.factor", Value::Int(1), 2, 27, true),
                (
                    "offsets.topic.replication.factor",
                    Value::Int(1),
                    3,
                    32,
                    true
                ),
            ]
        );
        // The legacy keys mark any YAML file as the chart's values; one
        // alone only with another value of the chart.
        let f = facts("deploy/kafka-cluster.yml", "defaultReplicationFactor: 2\n");
        assert_eq!(f.broker_settings.len(), 1);
        let f = facts(
            "deploy/cluster.yml",
            "defaultReplicationFactor: 2\nzookeeper:\n  enabled: true\n",
        );
        assert_eq!(f.broker_settings.len(), 1);
        assert!(!f.broker_settings[0].local_only);
        let f = facts(
            "topics/definitions.yaml",
            "defaultReplicationFactor: 1\ntopics:\n  - name: a\n",
        );
        assert!(f.broker_settings.is_empty());
    }

    #[test]
    fn bitnami_roles_and_precedence() {
        let text = "\
controller:
  replicaCount: 3
  controllerOnly: true
  extraConfig: |
    min.insync.replicas=1
broker:
  replicaCount: 3
  extraConfigYaml:
    unclean.leader.election.enable: false
extraConfig: |
  min.insync.replicas=2
  unclean.leader.election.enable=true
";
        let f = facts("values-prod.yaml", text);
        // Dedicated controllers host no partitions; the broker role's own
        // map comes last and wins.
        assert_eq!(
            settings(&f),
            vec![
                ("min.insync.replicas", Value::Int(2), 11, 23, false),
                (
                    "unclean.leader.election.enable",
                    Value::Bool(false),
                    9,
                    37,
                    false
                ),
            ]
        );
        // `config` replaces the generated file and the `extra*` values.
        let text = "\
controller:
  replicaCount: 1
config: |
  min.insync.replicas=1
extraConfig: |
  min.insync.replicas=2
";
        let f = facts("values.yaml", text);
        assert_eq!(
            settings(&f),
            vec![("min.insync.replicas", Value::Int(1), 4, 23, true)]
        );
        // Chart 32.x: a `config` map, `overrideConfiguration` over it.
        let text = "\
config:
  min.insync.replicas: 1
overrideConfiguration:
  min.insync.replicas: 2
";
        let f = facts("values.yaml", text);
        assert_eq!(
            settings(&f),
            vec![("min.insync.replicas", Value::Int(2), 4, 24, false)]
        );
    }

    #[test]
    fn bitnami_broker_count() {
        let count = |text: &str| {
            let text = format!("{text}\noverrideConfiguration:\n  min.insync.replicas: 1\n");
            facts("values.yaml", &text).broker_settings[0].local_only
        };
        assert!(count("controller:\n  replicaCount: 1"));
        assert!(!count(
            "controller:\n  replicaCount: 1\nbroker:\n  replicaCount: 2"
        ));
        assert!(count(
            "controller:\n  replicaCount: 3\n  controllerOnly: true\nbroker:\n  replicaCount: 1"
        ));
        assert!(!count(
            "controller:\n  replicaCount: 1\n  autoscaling:\n    hpa:\n      enabled: true"
        ));
        assert!(!count("broker:\n  replicaCount: 1"));
        assert!(count(
            "kraft:\n  enabled: false\nbroker:\n  replicaCount: 1"
        ));
    }

    #[test]
    fn bitnami_provisioned_topics() {
        let text = "\
provisioning:
  enabled: true
  replicationFactor: 2
  topics:
    - name: orders
      replicationFactor: 1
      config:
        min.insync.replicas: \"1\"
        unclean.leader.election.enable: true
    - name: clicks
    - name: \"{{ .Values.topic }}\"
      replicationFactor: \"{{ .Values.rf }}\"
";
        let f = facts("values.yaml", text);
        let t: Vec<_> = f
            .topics
            .iter()
            .map(|t| {
                (
                    t.name
                        .as_ref()
                        .and_then(|n| n.literal())
                        .map(str::to_string),
                    t.replication_factor,
                    t.replication_factor_span.map(|s| s.start_line),
                    t.min_insync_replicas,
                )
            })
            .collect();
        assert_eq!(
            t,
            vec![
                (Some("orders".into()), Some(1), Some(6), Some(1)),
                (Some("clicks".into()), Some(2), Some(3), None),
                (None, None, None, None),
            ]
        );
        assert_eq!(f.broker_settings[0].scope, "topic");
        assert_eq!(f.broker_settings[0].span, Span::line(9, 41, 4));
        // Turned off: nothing is created.
        let off = text.replace("enabled: true", "enabled: false");
        assert!(facts("values.yaml", &off).topics.is_empty());
        // Without a value for it, the chart's default is not reported.
        let f = facts("values.yaml", &text.replace("  replicationFactor: 2\n", ""));
        assert_eq!(f.topics[1].replication_factor, None);
    }

    #[test]
    fn confluent_and_incubator_charts() {
        let text = "\
cp-kafka:
  brokers: 1
  configurationOverrides:
    \"min.insync.replicas\": \"1\"
    \"offsets.topic.replication.factor\": 1
  customEnv:
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: \"3\"
    KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: \"true\"
cp-kafka-connect:
  configurationOverrides:
    \"min.insync.replicas\": \"1\"
";
        let f = facts("helm/confluent.yaml", text);
        // Two variables of one name: which one wins is not settled.
        assert_eq!(
            settings(&f),
            vec![
                ("min.insync.replicas", Value::Int(1), 4, 29, true),
                (
                    "unclean.leader.election.enable",
                    Value::Bool(true),
                    8,
                    44,
                    true
                ),
            ]
        );
        let text = "\
replicas: 3
configurationOverrides:
  min.insync.replicas: 1
topics:
  - name: orders
    partitions: 3
    replicationFactor: 1
    config: \"cleanup.policy=compact, min.insync.replicas=1\"
";
        let f = facts("values.yaml", text);
        assert_eq!(
            settings(&f),
            vec![("min.insync.replicas", Value::Int(1), 3, 24, false)]
        );
        let t = &f.topics[0];
        assert_eq!(t.replication_factor, Some(1));
        assert_eq!(t.min_insync_replicas, Some(1));
        assert_eq!(t.min_insync_replicas_span, Some(Span::line(8, 58, 1)));
    }

    #[test]
    fn gitops_releases() {
        // Flux v1, the chart named by `spec.chart.name`.
        let text = "\
apiVersion: helm.fluxcd.io/v1
kind: HelmRelease
spec:
  chart:
    repository: https://charts.bitnami.com/bitnami
    name: kafka
  values:
    replicaCount: 1
    config: |-
      min.insync.replicas=1
";
        let f = facts("releases/kafka.yaml", text);
        assert_eq!(
            settings(&f),
            vec![("min.insync.replicas", Value::Int(1), 10, 27, true)]
        );
        // An unknown chart: only its Kafka sections are read.
        let other = text.replace("name: kafka", "name: orders");
        assert!(facts("releases/orders.yaml", &other)
            .broker_settings
            .is_empty());
        let umbrella = other.replace(
            "    replicaCount: 1\n",
            "    kafka:\n      replicaCount: 1\n",
        );
        let umbrella =
            umbrella.replace("    config: |-\n      min", "      config: |-\n        min");
        let f = facts("releases/orders.yaml", &umbrella);
        assert_eq!(
            settings(&f),
            vec![("min.insync.replicas", Value::Int(1), 11, 29, true)]
        );
        // Argo CD: `values` as a block, positions in the file.
        let text = "\
apiVersion: argoproj.io/v1alpha1
kind: Application
spec:
  source:
    chart: cp-kafka
    helm:
      values: |
        configurationOverrides:
          min.insync.replicas: 1
";
        let f = facts("apps/kafka.yaml", text);
        assert_eq!(
            settings(&f),
            vec![("min.insync.replicas", Value::Int(1), 9, 32, false)]
        );
    }

    #[test]
    fn what_is_not_a_kafka_charts_values() {
        let silent = [
            // A chart's templated manifests.
            (
                "chart/templates/values.yaml",
                "config: |\n  min.insync.replicas=1\n",
            ),
            // A Kubernetes manifest or a Compose file.
            (
                "values.yaml",
                "apiVersion: v1\nkind: ConfigMap\nconfig: |\n  min.insync.replicas=1\n",
            ),
            // Other components' sections, a subchart turned off.
            (
                "values.yaml",
                "kafka-ui:\n  config: {min.insync.replicas: 1}\nkafkaConnect:\n  extraConfig: \"min.insync.replicas=1\"\n",
            ),
            (
                "values.yaml",
                "kafka:\n  enabled: false\n  extraConfig: \"min.insync.replicas=1\"\n",
            ),
            // Not a values file, no chart-only key.
            ("config/settings.yaml", "config:\n  min.insync.replicas: 1\n"),
            (
                "src/main/resources/application.yml",
                "kafka:\n  config:\n    min.insync.replicas: 1\n",
            ),
            // The Strimzi operator's chart.
            (
                "values.yaml",
                "replicas: 1\nkafka:\n  image:\n    name: kafka\nwatchAnyNamespace: false\n",
            ),
            // A helmfile template that does not parse.
            (
                "values.yaml",
                "kafka:\n  brokers: {{ .Values.brokers }}\n  configurationOverrides:\n    min.insync.replicas: 1\n",
            ),
        ];
        for (name, text) in silent {
            let f = facts(name, text);
            assert!(
                f.broker_settings.is_empty() && f.topics.is_empty(),
                "{name}: {text}\n{:?}",
                f.broker_settings
            );
        }
        // A subchart section of an umbrella chart, one-line text.
        let f = facts(
            "values.yaml",
            "kafka:\n  extraConfig: \"min.insync.replicas=1\"\n",
        );
        assert_eq!(
            settings(&f),
            vec![("min.insync.replicas", Value::Int(1), 2, 37, false)]
        );
    }
}
