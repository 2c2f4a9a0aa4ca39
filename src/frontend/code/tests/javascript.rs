//! The shared code front-end on JavaScript and TypeScript (kafkajs,
//! @confluentinc/kafka-javascript, node-rdkafka): require/import forms,
//! object literals, per-send options, promises and delivery reports.

use crate::frontend::code::{extract, syntax};
use crate::model::{FileFacts, KeyKind, Library, Observation, Value, Wait};
use std::path::Path;

fn js(src: &str) -> FileFacts {
    extract(&syntax::javascript::JAVASCRIPT, Path::new("t.js"), src)
}

fn ts(src: &str) -> FileFacts {
    extract(&syntax::javascript::TYPESCRIPT, Path::new("t.ts"), src)
}

fn value(f: &FileFacts, p: usize, key: &str) -> Option<Value> {
    f.producers[p].config.get(key).map(|s| s.value.clone())
}

#[test]
fn debug_dump() {
    let src = std::fs::read_to_string("/tmp/jst/a/publisher.js").unwrap_or_default();
    if src.is_empty() {
        return;
    }
    let f = js(&src);
    eprintln!("{:#?}", f.producers);
    for s in &f.sends {
        eprintln!(
            "{}:{} key={:?} obs={:?} wait={:?} batch={} ctx={:?} settings={:?}",
            s.span.start_line,
            s.receiver.as_deref().unwrap_or(""),
            s.key,
            s.observation,
            s.wait,
            s.batch,
            s.context,
            s.settings
                .iter()
                .map(|x| (&x.key, &x.value))
                .collect::<Vec<_>>()
        );
    }
    let _ = (
        ts,
        value,
        KeyKind::Null,
        Library::KafkaJs,
        Observation::Kept,
        Wait::None,
    );
}
