//! Config builders looked up by project resolution (`builder()`), in the
//! file that declares them.

use crate::frontend::code::{builder, syntax, Target};
use crate::model::{Library, Value};

fn target(class: &str, member: &str, call: bool, arity: usize, fills: Option<usize>) -> Target {
    Target {
        class: class.into(),
        member: member.into(),
        call,
        arity,
        fills,
    }
}

fn value(b: &crate::frontend::code::Built, key: &str) -> Option<Value> {
    b.config.get(key).map(|s| s.value.clone())
}

const JAVA: &str = r#"
package com.acme.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

public final class KafkaConfig {
    static final String FAST = "1";
    public static final Properties DEFAULTS = new Properties();
    static {
        DEFAULTS.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    }

    public static Properties producerProps(String clientId, String acks) {
        Properties props = new Properties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        return props;
    }

    public static Properties fast() {
        Properties props = producerProps("fast", FAST);
        props.put("compression.type", "lz4");
        return props;
    }

    public static void secure(Properties props) {
        props.put("security.protocol", "SSL");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    }

    public static Properties fromEnv() {
        Properties props = new Properties();
        props.putAll(System.getenv());
        return props;
    }
}
"#;

#[test]
fn java_builders_return_or_fill_a_config() {
    let lang = &syntax::java::SPEC;
    let lib = Library::KafkaClients;
    let b = builder(
        lang,
        JAVA,
        &target("KafkaConfig", "producerProps", true, 2, None),
        lib,
    )
    .unwrap();
    assert_eq!(b.params, vec!["clientId", "acks"]);
    assert!(b.config.complete);
    // A parameter stays a hole for the call site to fill.
    assert_eq!(value(&b, "acks"), Some(Value::Unknown("acks".into())));
    assert_eq!(b.package.as_deref(), Some("com.acme.kafka"));

    // A helper of the same file with a constant argument is followed there.
    let f = builder(
        lang,
        JAVA,
        &target("KafkaConfig", "fast", true, 0, None),
        lib,
    )
    .unwrap();
    assert_eq!(value(&f, "acks"), Some(Value::Str("1".into())));
    assert_eq!(
        value(&f, "compression.type"),
        Some(Value::Str("lz4".into()))
    );

    let s = builder(
        lang,
        JAVA,
        &target("KafkaConfig", "secure", true, 1, Some(0)),
        lib,
    )
    .unwrap();
    assert_eq!(value(&s, "enable.idempotence"), Some(Value::Bool(false)));
    assert!(s.config.complete);

    // What the builder cannot see leaves it incomplete.
    let e = builder(
        lang,
        JAVA,
        &target("KafkaConfig", "fromEnv", true, 0, None),
        lib,
    );
    assert!(e.is_none_or(|e| !e.config.complete));
}

#[test]
fn java_lookups_that_do_not_match_find_nothing() {
    let lang = &syntax::java::SPEC;
    let lib = Library::KafkaClients;
    // Wrong arity, wrong class, a method that is not there.
    for t in [
        target("KafkaConfig", "producerProps", true, 1, None),
        target("Other", "producerProps", true, 2, None),
        target("KafkaConfig", "missing", true, 0, None),
    ] {
        assert!(builder(lang, JAVA, &t, lib).is_none(), "{t:?}");
    }
}

#[test]
fn python_module_dicts_and_functions() {
    let src = r#"
BASE = {"bootstrap.servers": "k:9092"}
PRODUCER = {**BASE, "acks": "1"}

def producer_conf(client_id, acks="all"):
    conf = dict(BASE)
    conf["client.id"] = client_id
    conf["acks"] = acks
    return conf
"#;
    let lang = &syntax::python::SPEC;
    let lib = Library::ConfluentKafkaPython;
    let v = builder(lang, src, &target("", "PRODUCER", false, 0, None), lib).unwrap();
    assert!(v.config.complete, "{:?}", v.config.unknowns);
    assert_eq!(value(&v, "acks"), Some(Value::Str("1".into())));
    assert_eq!(
        value(&v, "bootstrap.servers"),
        Some(Value::Str("k:9092".into()))
    );
    let f = builder(lang, src, &target("", "producer_conf", true, 2, None), lib).unwrap();
    assert!(f.config.complete, "{:?}", f.config.unknowns);
    assert_eq!(f.params, vec!["client_id", "acks"]);
}

#[test]
fn go_and_javascript_builders() {
    let go = r#"
package kafkacfg

import "github.com/IBM/sarama"

func ProducerConfig() *sarama.Config {
	cfg := sarama.NewConfig()
	cfg.Producer.RequiredAcks = sarama.NoResponse
	return cfg
}
"#;
    let b = builder(
        &syntax::go::SPEC,
        go,
        &target("", "ProducerConfig", true, 0, None),
        Library::Sarama,
    )
    .unwrap();
    assert_eq!(value(&b, "acks"), Some(Value::Str("0".into())));

    let js = r#"
export const producerOptions = { idempotent: false };
export function auditOptions() { return { idempotent: true, maxInFlightRequests: 1 }; }
"#;
    let lang = &syntax::javascript::JAVASCRIPT;
    let v = builder(
        lang,
        js,
        &target("", "producerOptions", false, 0, None),
        Library::KafkaJs,
    )
    .unwrap();
    assert_eq!(value(&v, "enable.idempotence"), Some(Value::Bool(false)));
    let f = builder(
        lang,
        js,
        &target("", "auditOptions", true, 0, None),
        Library::KafkaJs,
    )
    .unwrap();
    assert_eq!(value(&f, "enable.idempotence"), Some(Value::Bool(true)));
}
