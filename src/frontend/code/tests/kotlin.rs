//! The shared code front-end on Kotlin: the Java client's and Spring
//! Kafka's API tables through Kotlin syntax.

use crate::frontend::code::{extract, syntax};
use crate::model::{FileFacts, KeyKind, Library, Observation, Value, Wait};
use std::path::Path;

fn facts(src: &str) -> FileFacts {
    extract(&syntax::kotlin::SPEC, Path::new("T.kt"), src, false)
}

fn value(f: &FileFacts, p: usize, key: &str) -> Option<Value> {
    f.producers[p].config.get(key).map(|s| s.value.clone())
}

#[test]
fn properties_apply_index_set_and_put_are_traced() {
    let f = facts(
        r#"
package com.acme.orders

import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import java.util.Properties

const val LINGER = 0

class OrderPublisher {
    companion object {
        const val ACKS = "1"
    }

    fun build(): KafkaProducer<String, String> {
        val props = Properties().apply {
            put(ProducerConfig.ACKS_CONFIG, ACKS)
            this[ProducerConfig.LINGER_MS_CONFIG] = LINGER
        }
        props[ProducerConfig.RETRIES_CONFIG] = 3
        props.setProperty("compression.type", "lz4")
        return KafkaProducer<String, String>(props)
    }
}
"#,
    );
    assert_eq!(f.producers.len(), 1, "{:?}", f.warnings);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::KafkaClients);
    assert!(p.config.complete, "{:?}", p.config.unknowns);
    assert_eq!(value(&f, 0, "acks"), Some(Value::Str("1".into())));
    assert_eq!(value(&f, 0, "linger.ms"), Some(Value::Int(0)));
    assert_eq!(value(&f, 0, "retries"), Some(Value::Int(3)));
    assert_eq!(
        value(&f, 0, "compression.type"),
        Some(Value::Str("lz4".into()))
    );
    assert_eq!(p.config.get("acks").unwrap().span.start_line, 18);
}

#[test]
fn map_of_pairs_and_build_map() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer.*
import org.apache.kafka.common.serialization.StringSerializer

val base = mapOf<String, Any>(ProducerConfig.ACKS_CONFIG to "0", "linger.ms" to 5)

fun a() = KafkaProducer(base, StringSerializer(), StringSerializer())

fun b(): Producer<String, String> {
    val cfg = buildMap<String, Any> {
        put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
        put("batch.size", 64 * 1024)
    }
    return KafkaProducer(cfg)
}

fun c() = KafkaProducer<String, String>(mutableMapOf<String, Any>("acks" to "all").toMap())
"#,
    );
    assert_eq!(f.producers.len(), 3, "{:?}", f.warnings);
    assert_eq!(value(&f, 0, "acks"), Some(Value::Str("0".into())));
    assert_eq!(value(&f, 0, "linger.ms"), Some(Value::Int(5)));
    assert!(f.producers[0].config.complete);
    assert_eq!(value(&f, 1, "enable.idempotence"), Some(Value::Bool(false)));
    assert_eq!(value(&f, 1, "batch.size"), Some(Value::Int(65536)));
    assert!(
        f.producers[1].config.complete,
        "{:?}",
        f.producers[1].config.unknowns
    );
    assert_eq!(value(&f, 2, "acks"), Some(Value::Str("all".into())));
}

#[test]
fn sends_get_callbacks_and_loops() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord

class Relay(private val producer: KafkaProducer<String, String>) {
    fun relayAll(events: List<Event>) {
        for (e in events) {
            producer.send(ProducerRecord("orders", e.id, e.body)).get()
        }
    }
    fun fire(e: Event) {
        producer.send(ProducerRecord("orders", e.id, e.body)) { metadata, exception ->
            println("sent to ${metadata.partition()}")
        }
    }
    fun checked(e: Event) {
        producer.send(ProducerRecord("orders", e.id, e.body)) { _, ex ->
            if (ex != null) log.error("failed", ex)
        }
    }
    fun dropped(e: Event) {
        producer.send(ProducerRecord("orders", null, e.body))
    }
}
"#,
    );
    assert_eq!(f.sends.len(), 4, "{:?}", f.warnings);
    let s = &f.sends;
    assert_eq!(s[0].wait, Wait::BlockingGet);
    assert!(s[0].context.in_loop);
    assert_eq!(s[0].receiver.as_deref(), Some("producer"));
    assert_eq!(s[0].library, Some(Library::KafkaClients));
    assert_eq!(
        s[1].observation,
        Observation::CallbackIgnoresError {
            param: "exception".into()
        }
    );
    assert_eq!(s[2].observation, Observation::Callback);
    assert_eq!(s[3].observation, Observation::Dropped);
    assert_eq!(s[3].key, KeyKind::Null);
}

#[test]
fn templates_and_constants_evaluate() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer.*

object Topics {
    const val PREFIX = "acme"
}
private const val ENV = "prod"

fun p(): KafkaProducer<String, String> {
    val props = java.util.Properties()
    props["client.id"] = "${Topics.PREFIX}-$ENV-publisher"
    props[ProducerConfig.ACKS_CONFIG] = if (ENV == "prod") "all" else "1"
    return KafkaProducer(props)
}
"#,
    );
    assert_eq!(f.producers.len(), 1);
    assert_eq!(
        value(&f, 0, "client.id"),
        Some(Value::Str("acme-prod-publisher".into()))
    );
}

#[test]
fn spring_factory_and_template_in_kotlin() {
    let f = facts(
        r#"
import org.springframework.context.annotation.Bean
import org.springframework.kafka.core.DefaultKafkaProducerFactory
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.kafka.annotation.KafkaListener
import org.apache.kafka.clients.producer.ProducerConfig

@Configuration
class KafkaConfig {
    @Bean
    fun producerFactory(): DefaultKafkaProducerFactory<String, String> =
        DefaultKafkaProducerFactory(
            mapOf(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG to "kafka:9092",
                ProducerConfig.ACKS_CONFIG to "1",
            )
        )

    @Bean
    fun kafkaTemplate(pf: DefaultKafkaProducerFactory<String, String>) = KafkaTemplate(pf)
}

@Component
class Forwarder(private val template: KafkaTemplate<String, String>) {
    @KafkaListener(topics = ["in"])
    fun onEvent(event: String) {
        template.send("out", event).get()
    }

    suspend fun viaCoroutine(k: String, v: String) {
        template.send("out", k, v).await()
    }

    fun observed(k: String, v: String) {
        template.send("out", k, v).whenComplete { _, ex -> if (ex != null) throw ex }
    }
}
"#,
    );
    assert_eq!(f.producers.len(), 1, "{:?}", f.warnings);
    assert_eq!(f.producers[0].library, Library::SpringKafka);
    assert_eq!(value(&f, 0, "acks"), Some(Value::Str("1".into())));
    assert_eq!(f.sends.len(), 3);
    assert_eq!(f.sends[0].wait, Wait::BlockingGet);
    assert!(f.sends[0].context.in_handler);
    assert_eq!(f.sends[0].key, KeyKind::Null);
    assert_eq!(f.sends[1].wait, Wait::BlockingGet);
    assert_eq!(f.sends[2].observation, Observation::Callback);
}

#[test]
fn use_blocks_and_producers_per_message() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer.*

class Handler(private val props: java.util.Properties) {
    @KafkaListener(topics = ["in"])
    fun onMessage(v: String) {
        KafkaProducer<String, String>(props).use { p ->
            p.send(ProducerRecord("out", v, v))
        }
    }
}

fun main() {
    val props = java.util.Properties()
    KafkaProducer<String, String>(props).use { producer ->
        repeat(10) { producer.send(ProducerRecord("out", "k$it", "v")) }
        producer.flush()
    }
}
"#,
    );
    assert_eq!(f.producers.len(), 2, "{:?}", f.warnings);
    assert!(f.producers[0].closed_after_use);
    assert!(f.producers[0].context.in_handler);
    assert!(!f.producers[1].context.in_handler && !f.producers[1].context.in_loop);
    assert_eq!(f.sends.len(), 2);
    assert_eq!(f.sends[0].producer, Some(0));
    assert_eq!(f.sends[1].producer, Some(1));
}

#[test]
fn broken_kotlin_completes_with_a_warning() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer.*
fun broken( {
    val p = KafkaProducer<String, String>(mapOf("acks" to "0"
    p.send(ProducerRecord("t", "v")
"#,
    );
    assert!(f.warnings.iter().any(|w| w.contains("syntax errors")));
}

#[test]
fn reactor_kafka_sender_options() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer.ProducerConfig
import reactor.kafka.sender.KafkaSender
import reactor.kafka.sender.SenderOptions

class Publisher {
    private val props = mapOf<String, Any>(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG to "kafka:9092",
        ProducerConfig.LINGER_MS_CONFIG to 5,
    )
    private val options = SenderOptions.create<String, String>(props)
        .producerProperty(ProducerConfig.ACKS_CONFIG, "1")
        .maxInFlight(256)
    private val sender = KafkaSender.create(options)
}
"#,
    );
    assert_eq!(f.producers.len(), 1, "{:?}", f.warnings);
    assert_eq!(f.producers[0].library, Library::ReactorKafka);
    assert!(
        f.producers[0].config.complete,
        "{:?}",
        f.producers[0].config.unknowns
    );
    assert_eq!(value(&f, 0, "acks"), Some(Value::Str("1".into())));
    assert_eq!(value(&f, 0, "linger.ms"), Some(Value::Int(5)));
}

#[test]
fn sam_and_object_callbacks() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer.*

class P(private val producer: KafkaProducer<String, String>) {
    fun a(k: String) {
        producer.send(ProducerRecord("t", k, k), Callback { md, e -> println(md) })
    }
    fun b(k: String) {
        producer.send(ProducerRecord("t", k, k), object : Callback {
            override fun onCompletion(metadata: RecordMetadata?, exception: Exception?) {
                exception?.let { log.error("failed", it) }
            }
        })
    }
}
"#,
    );
    assert_eq!(f.sends.len(), 2);
    assert_eq!(
        f.sends[0].observation,
        Observation::CallbackIgnoresError { param: "e".into() }
    );
    assert_eq!(f.sends[1].observation, Observation::Callback);
}

#[test]
fn sends_inside_route_lambdas_reach_the_producer() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer.*

fun main() {
    val producer: Producer<String, String> = KafkaProducer(mapOf<String, Any>("acks" to "all"))
    embeddedServer(Netty, port = 8080) {
        routing {
            post("/clicks/{user}") {
                val user = call.parameters["user"]!!
                producer.send(ProducerRecord("clicks", user, "x")).get()
            }
        }
    }.start(wait = true)
}
"#,
    );
    assert_eq!(f.producers.len(), 1, "{:?}", f.warnings);
    assert_eq!(f.sends.len(), 1);
    assert_eq!(f.sends[0].producer, Some(0));
    assert!(f.sends[0].context.in_request);
    assert!(f.sends[0].keyed);
}
