//! The shared code front-end on Go: sarama, kafka-go, franz-go and
//! confluent-kafka-go producers, their configs, sends, keys, contexts and
//! topics.

use crate::frontend::code::{extract, gate, syntax};
use crate::model::{FileFacts, KeyKind, Library, Observation, Provenance, Value, Wait};
use std::path::Path;

fn facts(src: &str) -> FileFacts {
    extract(&syntax::go::SPEC, Path::new("main.go"), src, false)
}

fn value<'f>(f: &'f FileFacts, p: usize, key: &str) -> Option<&'f Value> {
    f.producers[p].config.get(key).map(|s| &s.value)
}

const SARAMA: &str = "import (\n\t\"time\"\n\t\"github.com/IBM/sarama\"\n)\n";

#[test]
fn sarama_config_from_a_factory_and_field_assignments() {
    let f = facts(&format!(
        r#"package main
{SARAMA}
const retries = 7

func start(brokers []string) {{
	cfg := sarama.NewConfig()
	cfg.Producer.RequiredAcks = sarama.WaitForLocal
	cfg.Producer.Retry.Max = retries
	cfg.Producer.Flush.Frequency = 5 * time.Millisecond
	cfg.Producer.Compression = sarama.CompressionZSTD
	cfg.Version = sarama.V2_8_0_0
	cfg.Producer.Return.Successes = true
	p, err := sarama.NewSyncProducer(brokers, cfg)
	if err != nil {{
		panic(err)
	}}
	cfg.Producer.RequiredAcks = sarama.NoResponse
	_ = p
}}
"#
    ));
    assert_eq!(f.producers.len(), 1);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::Sarama);
    assert!(p.config.complete, "{:?}", p.config.unknowns);
    assert_eq!(
        p.names,
        vec!["p"],
        "the error result is not a name of the producer"
    );
    assert_eq!(p.config.variable.as_deref(), Some("cfg"));
    assert_eq!(value(&f, 0, "acks"), Some(&Value::Str("1".into())));
    let retries = p.config.get("retries").unwrap();
    assert_eq!(retries.value, Value::Int(7));
    assert_eq!(retries.provenance, Provenance::Constant("retries".into()));
    assert_eq!(value(&f, 0, "linger.ms"), Some(&Value::Str("5ms".into())));
    assert_eq!(
        value(&f, 0, "compression.type"),
        Some(&Value::Str("zstd".into()))
    );
    assert_eq!(
        value(&f, 0, "api.version"),
        Some(&Value::Str("sarama.V2_8_0_0".into()))
    );
    // The assignment after the construction does not count.
    assert_eq!(p.config.get("acks").unwrap().span.start_line, 11);
}

#[test]
fn sarama_config_built_by_a_helper_and_a_client() {
    let f = facts(&format!(
        r#"package main
{SARAMA}
func newSaramaConfig() (*sarama.Config, error) {{
	c := sarama.NewConfig()
	c.Producer.Idempotent = true
	if c.Producer.Retry.Max < 0 {{
		return nil, errBad
	}}
	return c, nil
}}

func a(addrs []string) {{
	cfg, _ := newSaramaConfig()
	cfg.Net.MaxOpenRequests = 1
	p, _ := sarama.NewAsyncProducer(addrs, cfg)
	_ = p
}}

func b(addrs []string) {{
	config := sarama.NewConfig()
	config.Producer.RequiredAcks = sarama.WaitForAll
	client, _ := sarama.NewClient(addrs, &config)
	sp, _ := sarama.NewSyncProducerFromClient(client)
	_ = sp
}}

func c(addrs []string) {{
	sp, _ := sarama.NewSyncProducer(addrs, nil)
	_ = sp
}}
"#
    ));
    assert_eq!(f.producers.len(), 3);
    let a = &f.producers[0];
    assert!(a.config.complete, "{:?}", a.config.unknowns);
    assert_eq!(value(&f, 0, "enable.idempotence"), Some(&Value::Bool(true)));
    assert_eq!(
        value(&f, 0, "max.in.flight.requests.per.connection"),
        Some(&Value::Int(1))
    );
    assert_eq!(a.config.variable.as_deref(), Some("cfg"));
    assert!(
        f.producers[1].config.complete,
        "{:?}",
        f.producers[1].config.unknowns
    );
    assert_eq!(value(&f, 1, "acks"), Some(&Value::Str("all".into())));
    assert!(
        f.producers[2].config.complete,
        "a nil config is the defaults"
    );
    assert!(f.producers[2].config.settings.is_empty());
}

#[test]
fn import_paths_and_aliases_decide_the_library() {
    let f = facts(
        r#"package main
import (
	"bufio"
	ibm "github.com/Shopify/sarama"
	ck "github.com/confluentinc/confluent-kafka-go/kafka"
	kafkago "github.com/segmentio/kafka-go"
)

func run() {
	cfg := ibm.NewConfig()
	cfg.Producer.RequiredAcks = ibm.WaitForAll
	sp, _ := ibm.NewSyncProducer(nil, cfg)
	p, _ := ck.NewProducer(&ck.ConfigMap{"bootstrap.servers": "b:9092", "acks": "1"})
	w := &kafkago.Writer{RequiredAcks: kafkago.RequireOne}
	b := bufio.Writer{}
	_, _, _, _ = sp, p, w, b
}
"#,
    );
    let libs: Vec<Library> = f.producers.iter().map(|p| p.library).collect();
    assert_eq!(
        libs,
        vec![Library::Sarama, Library::ConfluentKafkaGo, Library::KafkaGo]
    );
    assert_eq!(value(&f, 0, "acks"), Some(&Value::Str("all".into())));
    assert_eq!(value(&f, 1, "acks"), Some(&Value::Str("1".into())));
    assert_eq!(value(&f, 2, "acks"), Some(&Value::Str("1".into())));
}

#[test]
fn a_producer_from_the_library_s_mocks_package_is_not_the_library_s() {
    let f = facts(
        r#"package main
import (
	"testing"
	"github.com/IBM/sarama"
	"github.com/IBM/sarama/mocks"
)

func TestSend(t *testing.T) {
	fake := mocks.NewSyncProducer(t, nil)
	fake.SendMessage(&sarama.ProducerMessage{Topic: "t"})
	cfg := sarama.NewConfig()
	real, _ := sarama.NewSyncProducer([]string{"b:9092"}, cfg)
	_, _ = fake, real
}
"#,
    );
    assert_eq!(f.producers.len(), 1, "{:?}", f.producers);
    assert_eq!(f.producers[0].library, Library::Sarama);
    let fake_sends = f
        .sends
        .iter()
        .filter(|s| s.receiver.as_deref() == Some("fake"));
    assert!(fake_sends
        .into_iter()
        .all(|s| s.producer.is_none() && s.library.is_none()));
}

#[test]
fn kafka_go_writer_literal_assignments_and_writer_config() {
    let f = facts(
        r#"package main
import (
	"time"
	"github.com/segmentio/kafka-go"
)

func writers() {
	w := &kafka.Writer{
		Addr:         kafka.TCP("localhost:9092"),
		Topic:        "events",
		BatchTimeout: 2 * time.Millisecond,
	}
	w.Balancer = &kafka.Hash{}
	w.Compression = kafka.Snappy
	old := kafka.NewWriter(kafka.WriterConfig{Brokers: []string{"b:9092"}, RequiredAcks: 1})
	_, _ = w, old
}
"#,
    );
    assert_eq!(f.producers.len(), 2);
    let w = &f.producers[0];
    assert!(w.config.complete);
    assert!(w.local_only);
    assert_eq!(value(&f, 0, "linger.ms"), Some(&Value::Str("2ms".into())));
    assert_eq!(
        value(&f, 0, "partitioner.class"),
        Some(&Value::Str("Hash".into()))
    );
    assert_eq!(
        value(&f, 0, "compression.type"),
        Some(&Value::Str("snappy".into()))
    );
    assert_eq!(w.config.style.template, "{key}: {value},");
    let acks = f.producers[1].config.get("acks").unwrap();
    assert_eq!(
        acks.raw_key, "WriterConfig.RequiredAcks",
        "the mode's spelling"
    );
    assert_eq!(acks.value, Value::Int(1));
}

#[test]
fn franz_go_options_inline_in_a_slice_appended_and_conditional() {
    let f = facts(
        r#"package main
import (
	"time"
	"github.com/twmb/franz-go/pkg/kgo"
)

func baseOpts(seeds []string) []kgo.Opt {
	return []kgo.Opt{kgo.SeedBrokers(seeds...), kgo.ProducerLinger(0)}
}

func clients(seeds []string, noIdem bool) {
	a, _ := kgo.NewClient(kgo.SeedBrokers(seeds...), kgo.RequiredAcks(kgo.LeaderAck()), kgo.DisableIdempotentWrite())
	opts := baseOpts(seeds)
	opts = append(opts, kgo.ProducerBatchCompression(kgo.ZstdCompression()))
	b, _ := kgo.NewClient(opts...)
	more := []kgo.Opt{kgo.SeedBrokers(seeds...)}
	if noIdem {
		more = append(more, kgo.DisableIdempotentWrite())
	}
	c, _ := kgo.NewClient(more...)
	_, _, _ = a, b, c
}
"#,
    );
    assert_eq!(f.producers.len(), 3);
    assert!(f.producers[0].config.complete);
    assert_eq!(value(&f, 0, "acks"), Some(&Value::Str("1".into())));
    let idem = f.producers[0].config.get("enable.idempotence").unwrap();
    assert_eq!(idem.raw_key, "kgo.DisableIdempotentWrite");
    assert!(
        f.producers[1].config.complete,
        "{:?}",
        f.producers[1].config.unknowns
    );
    assert_eq!(value(&f, 1, "linger.ms"), Some(&Value::Int(0)));
    assert_eq!(
        value(&f, 1, "compression.type"),
        Some(&Value::Str("zstd".into()))
    );
    let c = &f.producers[2];
    assert!(
        !c.config.complete,
        "an option added under a condition is not known"
    );
    assert!(c.config.get("enable.idempotence").is_none());
}

#[test]
fn confluent_config_map_literal_and_set_key() {
    let f = facts(
        r#"package main
import "github.com/confluentinc/confluent-kafka-go/v2/kafka"

func p1() {
	p, _ := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": "b:9092", "linger.ms": 0})
	_ = p
}

func p2() {
	cm := kafka.ConfigMap{"bootstrap.servers": "b:9092"}
	cm.SetKey("enable.idempotence", true)
	cm["compression.type"] = "lz4"
	p, _ := kafka.NewProducer(&cm)
	_ = p
}
"#,
    );
    assert_eq!(f.producers.len(), 2);
    assert_eq!(f.producers[0].config.style.template, "{key}: {value},");
    assert_eq!(value(&f, 0, "linger.ms"), Some(&Value::Int(0)));
    assert_eq!(value(&f, 1, "enable.idempotence"), Some(&Value::Bool(true)));
    assert_eq!(
        value(&f, 1, "compression.type"),
        Some(&Value::Str("lz4".into()))
    );
    assert_eq!(f.producers[1].config.variable.as_deref(), Some("cm"));
    assert!(f.producers[1].config.style.template.is_empty());
}

#[test]
fn sarama_sends_error_results_and_channels() {
    let f = facts(&format!(
        r#"package main
{SARAMA}
type Publisher struct {{
	producer sarama.SyncProducer
	async    sarama.AsyncProducer
}}

func (p *Publisher) Publish(id string, body []byte) error {{
	msg := &sarama.ProducerMessage{{Topic: "orders", Value: sarama.ByteEncoder(body)}}
	msg.Key = sarama.StringEncoder(id)
	_, _, err := p.producer.SendMessage(msg)
	return err
}}

func (p *Publisher) Fire(body []byte) {{
	p.producer.SendMessage(&sarama.ProducerMessage{{Topic: "orders", Value: sarama.ByteEncoder(body)}})
	_, _, _ = p.producer.SendMessage(&sarama.ProducerMessage{{Topic: "orders"}})
	var err error
	_, _, err = p.producer.SendMessage(&sarama.ProducerMessage{{Topic: "a"}})
	_, _, err = p.producer.SendMessage(&sarama.ProducerMessage{{Topic: "b"}})
	if err != nil {{
		panic(err)
	}}
	p.async.Input() <- &sarama.ProducerMessage{{Topic: "audit"}}
}}
"#
    ));
    assert!(f.producers.is_empty());
    let obs: Vec<(u32, Observation)> = f
        .sends
        .iter()
        .map(|s| (s.span.start_line, s.observation.clone()))
        .collect();
    assert_eq!(
        obs,
        vec![
            (15, Observation::Awaited),
            (20, Observation::Dropped),
            (21, Observation::Dropped),
            (23, Observation::Dropped),
            (24, Observation::Awaited),
            (28, Observation::Unknown),
        ]
    );
    let first = &f.sends[0];
    assert_eq!(first.library, Some(Library::Sarama));
    assert_eq!(first.wait, Wait::BlockingGet);
    assert!(
        first.keyed,
        "the key is set on the message after it is built"
    );
    assert_eq!(
        first.topic.as_ref().and_then(|t| t.literal()),
        Some("orders")
    );
    assert_eq!(f.sends[1].key, KeyKind::Null);
    assert_eq!(f.sends[5].receiver.as_deref(), Some("async"));
}

#[test]
fn async_producer_errors_served_in_a_goroutine_or_never() {
    let served = facts(&format!(
        r#"package main
{SARAMA}
func run(addrs []string, cfg *sarama.Config) {{
	producer, err := sarama.NewAsyncProducer(addrs, cfg)
	if err != nil {{
		return
	}}
	go func() {{
		for e := range producer.Errors() {{
			log(e)
		}}
	}}()
	producer.Input() <- &sarama.ProducerMessage{{Topic: "t"}}
}}
"#
    ));
    assert_eq!(served.producers[0].reports_served, Some(true));
    assert_eq!(served.sends[0].observation, Observation::Callback);
    assert_eq!(served.sends[0].producer, Some(0));
    let unserved = facts(&format!(
        r#"package main
{SARAMA}
func run(addrs []string, cfg *sarama.Config) {{
	producer, _ := sarama.NewAsyncProducer(addrs, cfg)
	for {{
		select {{
		case producer.Input() <- &sarama.ProducerMessage{{Topic: "t"}}:
		case <-done:
			return
		}}
	}}
}}
"#
    ));
    assert_eq!(unserved.producers[0].reports_served, Some(false));
    assert_eq!(unserved.sends.len(), 1);
    assert!(unserved.sends[0].context.in_loop);
    // A SyncProducer needs nothing read.
    let sync = facts(&format!(
        "package main\n{SARAMA}\nfunc f(a []string) {{ p, _ := sarama.NewSyncProducer(a, nil); _ = p }}\n"
    ));
    assert_eq!(sync.producers[0].reports_served, None);
}

#[test]
fn confluent_delivery_channels_and_events() {
    let f = facts(
        r#"package main
import "github.com/confluentinc/confluent-kafka-go/v2/kafka"

func replay(lines []string, topic string) {
	p, _ := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": "b:9092"})
	delivery := make(chan kafka.Event)
	for _, l := range lines {
		p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny}, Value: []byte(l)}, delivery)
		e := <-delivery
		_ = e
	}
	reports := make(chan kafka.Event, 100)
	go func() {
		for e := range reports {
			_ = e
		}
	}()
	p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}}, reports)
	p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: 3}}, nil)
	lost := make(chan kafka.Event)
	p.Produce(&kafka.Message{}, lost)
	p.Flush(1000)
}
"#,
    );
    assert_eq!(
        f.producers[0].reports_served,
        Some(false),
        "Flush serves no report"
    );
    let s: Vec<(Wait, Observation, bool)> = f
        .sends
        .iter()
        .map(|s| (s.wait, s.observation.clone(), s.own_reports))
        .collect();
    assert_eq!(
        s,
        vec![
            (Wait::BlockingGet, Observation::Awaited, true),
            (Wait::None, Observation::Callback, true),
            (Wait::None, Observation::Unknown, false),
            (Wait::None, Observation::Dropped, true),
        ]
    );
    assert!(f.sends[0].context.bulk);
    assert!(
        !f.sends[0].explicit_partition,
        "PartitionAny lets the key decide"
    );
    assert!(f.sends[2].explicit_partition);
    assert_eq!(
        f.sends[0].topic.as_ref().map(|t| t.display()),
        Some("<topic>".into())
    );
}

#[test]
fn kafka_go_writes_batches_and_async_writers() {
    let f = facts(
        r#"package main
import (
	"context"
	"github.com/segmentio/kafka-go"
)

func write(ctx context.Context, batch []kafka.Message, ids []string) error {
	w := &kafka.Writer{Addr: kafka.TCP("b:9092"), Topic: "t"}
	for _, id := range ids {
		if err := w.WriteMessages(ctx, kafka.Message{Key: []byte(id), Value: []byte(id)}); err != nil {
			return err
		}
	}
	a := &kafka.Writer{Addr: kafka.TCP("b:9092"), Async: true}
	a.WriteMessages(ctx, kafka.Message{Value: []byte("x")})
	c := &kafka.Writer{Addr: kafka.TCP("b:9092"), Async: true, Completion: func(msgs []kafka.Message, err error) {
		if err != nil {
			panic(err)
		}
	}}
	c.WriteMessages(ctx, kafka.Message{Value: []byte("y")})
	return w.WriteMessages(ctx, batch...)
}
"#,
    );
    assert_eq!(f.producers.len(), 3);
    assert_eq!(f.producers[0].reports_served, None);
    assert_eq!(f.producers[1].reports_served, Some(false));
    assert_eq!(f.producers[2].reports_served, Some(true));
    let s: Vec<(u32, Wait, Observation, bool, bool)> = f
        .sends
        .iter()
        .map(|s| {
            (
                s.span.start_line,
                s.wait,
                s.observation.clone(),
                s.batch,
                s.keyed,
            )
        })
        .collect();
    assert_eq!(
        s,
        vec![
            (10, Wait::BlockingGet, Observation::Awaited, false, true),
            (15, Wait::None, Observation::Unknown, false, false),
            (21, Wait::None, Observation::Callback, false, false),
            (22, Wait::BlockingGet, Observation::Kept, true, false),
        ]
    );
    assert_eq!(
        f.sends[3].key,
        KeyKind::Other,
        "a spread's keys are not known"
    );
}

#[test]
fn franz_go_promises_and_produce_sync() {
    let f = facts(
        r#"package main
import (
	"context"
	"github.com/twmb/franz-go/pkg/kgo"
)

type Relay struct{ cl *kgo.Client }

func (r *Relay) Forward(ctx context.Context, recs []*kgo.Record) {
	r.cl.Produce(ctx, recs[0], func(rec *kgo.Record, err error) {
		log(rec.Topic)
	})
	r.cl.Produce(ctx, recs[0], nil)
	r.cl.Produce(ctx, kgo.KeyStringRecord("k", "v"), func(_ *kgo.Record, err error) {
		if err != nil {
			log(err)
		}
	})
	for _, rec := range recs {
		if err := r.cl.ProduceSync(ctx, rec).FirstErr(); err != nil {
			return
		}
	}
	r.cl.ProduceSync(ctx, recs...).FirstErr()
	results := r.cl.ProduceSync(ctx, recs...)
	_ = results
}
"#,
    );
    let s: Vec<(Wait, Observation, bool)> = f
        .sends
        .iter()
        .map(|s| (s.wait, s.observation.clone(), s.batch))
        .collect();
    assert_eq!(
        s,
        vec![
            (
                Wait::None,
                Observation::CallbackIgnoresError {
                    param: "err".into()
                },
                false
            ),
            (Wait::None, Observation::Dropped, false),
            (Wait::None, Observation::Callback, false),
            (Wait::BlockingGet, Observation::Awaited, false),
            (Wait::BlockingGet, Observation::Dropped, true),
            (Wait::BlockingGet, Observation::Kept, true),
        ]
    );
    assert!(f.sends[3].context.bulk);
    assert!(matches!(f.sends[2].key, KeyKind::Literal { .. }));
}

#[test]
fn request_handlers_consumer_loops_and_paced_loops() {
    let f = facts(
        r#"package main
import (
	"net/http"
	"time"
	"github.com/gin-gonic/gin"
	"github.com/segmentio/kafka-go"
)

var w = &kafka.Writer{Addr: kafka.TCP("b:9092"), RequiredAcks: kafka.RequireAll}

func routes(mux *http.ServeMux) {
	mux.HandleFunc("/orders", func(rw http.ResponseWriter, r *http.Request) {
		w.WriteMessages(r.Context(), kafka.Message{Value: []byte("o")})
	})
}

func create(c *gin.Context) {
	_ = w.WriteMessages(c, kafka.Message{Value: []byte("o")})
}

func relay(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return
		}
		_ = w.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value})
	}
}

func heartbeat(ctx context.Context) {
	t := time.NewTicker(time.Second)
	for range t.C {
		_ = w.WriteMessages(ctx, kafka.Message{Value: []byte("beat")})
	}
	for i := range 10 {
		_ = w.WriteMessages(ctx, kafka.Message{Value: []byte{byte(i)}})
	}
	for i := 0; ; i++ {
		go func() { _ = w.WriteMessages(ctx, kafka.Message{Value: []byte("x")}) }()
	}
}
"#,
    );
    assert_eq!(f.producers.len(), 1);
    let ctx: Vec<(bool, bool, bool, bool)> = f
        .sends
        .iter()
        .map(|s| {
            (
                s.context.in_request,
                s.context.in_handler,
                s.context.bulk,
                s.wait == Wait::BlockingGet,
            )
        })
        .collect();
    assert_eq!(
        ctx,
        vec![
            (true, false, false, true),
            (true, false, false, true),
            (false, true, true, true),
            (false, false, false, true),
            (false, false, false, true),
            (false, false, true, false),
        ]
    );
    assert!(f.sends.iter().all(|s| s.producer == Some(0)));
}

#[test]
fn keys_entities_and_topics() {
    let f = facts(
        r#"package main
import (
	"encoding/json"
	"time"
	"github.com/IBM/sarama"
	"github.com/google/uuid"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/twmb/franz-go/pkg/kadm"
)

type Order struct{ ID string }

func publish(p sarama.SyncProducer, orders []Order) {
	for _, o := range orders {
		body, _ := json.Marshal(o)
		_, _, _ = p.SendMessage(&sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(body)})
		_, _, _ = p.SendMessage(&sarama.ProducerMessage{Topic: "orders", Key: sarama.StringEncoder(uuid.New().String()), Value: sarama.ByteEncoder(body)})
		_, _, _ = p.SendMessage(&sarama.ProducerMessage{Topic: "orders", Key: sarama.StringEncoder(time.Now().String())})
	}
}

func topics(ctx context.Context, a *kafka.AdminClient, adm *kadm.Client) {
	a.CreateTopics(ctx, []kafka.TopicSpecification{{Topic: "orders", NumPartitions: 6, ReplicationFactor: 1}})
	adm.CreateTopic(ctx, 6, 2, map[string]*string{"min.insync.replicas": kadm.StringPtr("1")}, "payments")
	detail := &sarama.TopicDetail{NumPartitions: 3, ReplicationFactor: -1}
	_ = detail
}
"#,
    );
    assert_eq!(f.sends.len(), 3);
    assert_eq!(f.sends[0].key, KeyKind::Null);
    assert_eq!(
        f.sends[0].entity.as_deref(),
        Some("`Order` data from the loop over `orders`")
    );
    assert!(matches!(f.sends[1].key, KeyKind::Random(_)));
    assert!(matches!(f.sends[2].key, KeyKind::Clock(_)));
    let t: Vec<(Option<String>, Option<i64>)> = f
        .topics
        .iter()
        .map(|t| (t.name.as_ref().map(|n| n.display()), t.replication_factor))
        .collect();
    assert_eq!(
        t,
        vec![
            (Some("\"orders\"".into()), Some(1)),
            (Some("\"payments\"".into()), Some(2)),
            (None, None),
        ]
    );
}

#[test]
fn broken_and_deep_files_complete_with_warnings() {
    let broken = facts(
        "package main\nimport \"github.com/IBM/sarama\"\nfunc f() {\n\tp, _ := sarama.NewSyncProducer(nil, nil\n\tp.SendMessage(\n}\n",
    );
    assert!(broken.warnings.iter().any(|w| w.contains("syntax errors")));
    let mut deep = String::from("package main\nimport \"github.com/IBM/sarama\"\nvar x = ");
    deep.push_str(&"f(".repeat(2000));
    deep.push_str("sarama.NewSyncProducer(nil, nil)");
    deep.push_str(&")".repeat(2000));
    deep.push('\n');
    let f = facts(&deep);
    assert!(!f.warnings.is_empty());
}

#[test]
fn the_gate_reads_go_code_not_comments_or_strings() {
    let apis = crate::frontend::code::api::for_language("go");
    let go = |t: &str| gate::worth_parsing(&syntax::go::SPEC, &apis, t);
    let sarama = "import \"github.com/IBM/sarama\"\n";
    let kafka = "import \"github.com/segmentio/kafka-go\"\n";
    assert!(go(&format!(
        "{sarama}p, err := sarama.NewSyncProducer(addrs, cfg)"
    )));
    assert!(go(&format!(
        "{kafka}w := &kafka.Writer{{Addr: kafka.TCP(a)}}"
    )));
    assert!(go(&format!(
        "{kafka}func (s *S) f() {{ s.w.WriteMessages(ctx, kafka.Message{{}}) }}"
    )));
    assert!(!go(&format!(
        "{sarama}// sarama.NewSyncProducer(addrs, cfg)\npackage x"
    )));
    assert!(!go(&format!("{kafka}var doc = `kafka.Writer{{Addr: x}}`")));
    assert!(!go(&format!(
        "{sarama}var doc = \"sarama.NewAsyncProducer(\""
    )));
    assert!(!go(&format!(
        "{kafka}func f(w *bufio.Writer) {{ w.Flush() }}"
    )));
    // Names of the clients' APIs count only in files importing them.
    assert!(!go(
        "c, err := storage.NewClient(ctx, opts...)\nw := &csv.Writer{}"
    ));
    assert!(!go(
        "func f(in *Pipe) { in.Input() <- x; client.Produce(ctx, r, nil) }"
    ));
}

#[test]
fn a_sync_producer_chosen_by_a_flag_against_an_async_one_is_deliberate() {
    let f = facts(&format!(
        r#"{SARAMA}
func main() {{
	if *sync {{
		runSync(brokers, msgs)
	}} else {{
		runAsync(brokers, msgs)
	}}
}}

func runAsync(brokers []string, msgs []*sarama.ProducerMessage) {{
	producer, _ := sarama.NewAsyncProducer(brokers, nil)
	go func() {{
		for err := range producer.Errors() {{
			log.Println(err)
		}}
	}}()
	for _, m := range msgs {{
		producer.Input() <- m
	}}
}}

func runSync(brokers []string, msgs []*sarama.ProducerMessage) {{
	producer, _ := sarama.NewSyncProducer(brokers, nil)
	var wg sync.WaitGroup
	wg.Go(func() {{
		for _, m := range msgs {{
			producer.SendMessage(m)
		}}
	}})
	wg.Wait()
}}
"#
    ));
    let sync: Vec<_> = f.sends.iter().filter(|s| s.wait != Wait::None).collect();
    assert_eq!(sync.len(), 1, "{:?}", f.sends);
    assert!(sync[0].wait_chosen);
}
