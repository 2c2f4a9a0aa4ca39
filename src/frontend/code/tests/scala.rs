//! The shared code front-end on Scala: the Java client through Scala
//! syntax, and the Scala wrappers' tables.

use crate::frontend::code::{extract, syntax};
use crate::model::{FileFacts, KeyKind, Library, Observation, Value, Wait};
use std::path::Path;

fn facts(src: &str) -> FileFacts {
    extract(&syntax::scala::SPEC, Path::new("T.scala"), src, false)
}

fn value(f: &FileFacts, p: usize, key: &str) -> Option<Value> {
    f.producers[p].config.get(key).map(|s| s.value.clone())
}

#[test]
fn properties_and_map_as_java_are_traced() {
    let f = facts(
        r#"
package com.acme

import java.util.Properties
import org.apache.kafka.clients.producer.{KafkaProducer, ProducerConfig, ProducerRecord}
import scala.jdk.CollectionConverters._

object Publisher {
  final val Acks = "1"

  def fromProps(): KafkaProducer[String, String] = {
    val props = new Properties()
    props.put(ProducerConfig.ACKS_CONFIG, Acks)
    props.setProperty("linger.ms", "0")
    new KafkaProducer[String, String](props)
  }

  def fromMap(): KafkaProducer[String, String] = {
    val conf = Map[String, Object](
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG -> "false",
      "batch.size" -> Integer.valueOf(65536)
    )
    new KafkaProducer[String, String](conf.asJava)
  }
}
"#,
    );
    assert_eq!(f.producers.len(), 2, "{:?}", f.warnings);
    assert_eq!(f.producers[0].library, Library::KafkaClients);
    assert!(
        f.producers[0].config.complete,
        "{:?}",
        f.producers[0].config.unknowns
    );
    assert_eq!(value(&f, 0, "acks"), Some(Value::Str("1".into())));
    assert_eq!(value(&f, 0, "linger.ms"), Some(Value::Str("0".into())));
    assert_eq!(
        f.producers[0].config.get("acks").unwrap().span.start_line,
        13
    );
    assert_eq!(
        value(&f, 1, "enable.idempotence"),
        Some(Value::Str("false".into()))
    );
    assert!(
        f.producers[1].config.complete,
        "{:?}",
        f.producers[1].config.unknowns
    );
}

#[test]
fn sends_get_lambdas_and_anonymous_callbacks() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer._

class Relay(producer: KafkaProducer[String, String]) {
  def all(events: Seq[Event]): Unit =
    events.foreach { e =>
      producer.send(new ProducerRecord("orders", e.id, e.body)).get()
    }

  def fire(e: Event): Unit =
    producer.send(new ProducerRecord("orders", e.id, e.body), (md: RecordMetadata, ex: Exception) => println(md))

  def checked(e: Event): Unit =
    producer.send(new ProducerRecord("orders", e.id, e.body), new Callback {
      override def onCompletion(md: RecordMetadata, ex: Exception): Unit =
        if (ex != null) logger.error("send failed", ex)
    })

  def dropped(e: Event): Unit = producer.send(new ProducerRecord[String, String]("orders", e.body))
}
"#,
    );
    assert_eq!(f.sends.len(), 4, "{:?}", f.warnings);
    let s = &f.sends;
    assert_eq!(s[0].wait, Wait::BlockingGet);
    assert!(s[0].context.in_loop);
    assert_eq!(
        s[1].observation,
        Observation::CallbackIgnoresError { param: "ex".into() }
    );
    assert_eq!(s[2].observation, Observation::Callback);
    assert_eq!(s[3].observation, Observation::Dropped);
    assert_eq!(s[3].key, KeyKind::Null);
}

#[test]
fn interpolation_and_object_constants() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer._

object Names { val App = "billing" }

object Main extends App {
  val env = "prod"
  val props = new java.util.Properties()
  props.put("client.id", s"${Names.App}-$env")
  props.put(ProducerConfig.ACKS_CONFIG, "all")
  val producer = new KafkaProducer[String, String](props)
}
"#,
    );
    assert_eq!(f.producers.len(), 1, "{:?}", f.warnings);
    assert_eq!(
        value(&f, 0, "client.id"),
        Some(Value::Str("billing-prod".into()))
    );
}

#[test]
fn broken_scala_completes_with_a_warning() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer._
object Broken {
  def run( = {
    val p = new KafkaProducer[String, String](props
    p.send(new ProducerRecord("t", "v")
"#,
    );
    assert!(f.warnings.iter().any(|w| w.contains("syntax errors")));
}

#[test]
fn alpakka_settings_are_partial_but_explicit_values_count() {
    let f = facts(
        r#"
import akka.kafka.ProducerSettings
import akka.kafka.scaladsl.Producer
import org.apache.kafka.clients.producer.{ProducerConfig, ProducerRecord}
import org.apache.kafka.common.serialization.StringSerializer

object Pipeline {
  val settings = ProducerSettings(system, new StringSerializer, new StringSerializer)
    .withBootstrapServers("kafka:9092")
    .withProperty(ProducerConfig.ACKS_CONFIG, "1")
    .withProperties(Map(ProducerConfig.LINGER_MS_CONFIG -> "0"))

  def run() = Source(1 to 100).map(n => new ProducerRecord[String, String]("out", n.toString)).runWith(Producer.plainSink(settings))
}
"#,
    );
    assert_eq!(f.producers.len(), 1, "{:?}", f.warnings);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::AlpakkaKafka);
    assert!(!p.config.complete);
    assert_eq!(value(&f, 0, "acks"), Some(Value::Str("1".into())));
    assert_eq!(value(&f, 0, "linger.ms"), Some(Value::Str("0".into())));
    assert_eq!(
        value(&f, 0, "bootstrap.servers"),
        Some(Value::Str("kafka:9092".into()))
    );
}

#[test]
fn fs2_typed_setters_and_zio_properties() {
    let f = facts(
        r#"
import cats.effect.IO
import fs2.kafka._

object Fs2App {
  val settings = ProducerSettings[IO, String, String]
    .withBootstrapServers("kafka:9092")
    .withAcks(Acks.One)
    .withEnableIdempotence(false)
  val producer = KafkaProducer.resource(settings)
}
"#,
    );
    assert_eq!(f.producers.len(), 1, "{:?}", f.warnings);
    assert_eq!(f.producers[0].library, Library::Fs2Kafka);
    assert!(
        f.producers[0].config.complete,
        "{:?}",
        f.producers[0].config.unknowns
    );
    assert_eq!(value(&f, 0, "acks"), Some(Value::Str("1".into())));
    assert_eq!(value(&f, 0, "enable.idempotence"), Some(Value::Bool(false)));

    let z = facts(
        r#"
import zio._
import zio.kafka.producer.{Producer, ProducerSettings}
import org.apache.kafka.clients.producer.ProducerConfig

object ZioApp {
  val settings = ProducerSettings(List("kafka:9092")).withProperty(ProducerConfig.ACKS_CONFIG, "0")
  val layer = ZLayer.scoped(Producer.make(settings))
}
"#,
    );
    assert_eq!(z.producers.len(), 1, "{:?}", z.warnings);
    assert_eq!(z.producers[0].library, Library::ZioKafka);
    assert!(
        z.producers[0].config.complete,
        "{:?}",
        z.producers[0].config.unknowns
    );
    assert_eq!(value(&z, 0, "acks"), Some(Value::Str("0".into())));
}
