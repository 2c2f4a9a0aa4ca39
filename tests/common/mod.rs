//! Helpers shared by the end-to-end tests of the binary.
#![allow(dead_code)]

pub mod expect;

use std::path::Path;
use std::process::{Command, Output};

/// Runs the kafkalint binary under test in `dir`, without colours.
pub fn kafkalint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A Java producer with `acks=0` and a checked send: one `acks-unsafe`.
pub const BAD_PRODUCER: &str = r#"
import java.util.Properties;
import org.apache.kafka.clients.producer.*;

public class Sender {
    private final KafkaProducer<String, String> producer;

    public Sender() {
        Properties props = new Properties();
        props.put("bootstrap.servers", "localhost:9092");
        props.put(ProducerConfig.ACKS_CONFIG, "0");
        producer = new KafkaProducer<>(props);
    }

    public void send(String id, String payload) {
        producer.send(new ProducerRecord<>("events", id, payload), (md, e) -> {
            if (e != null) e.printStackTrace();
        });
    }
}
"#;
