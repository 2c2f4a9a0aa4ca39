//! Reads the cluster: metadata, topic and broker configurations
//! (DescribeConfigs), watermarks, and a bounded sample of the newest record
//! keys per partition. Every network call is bounded by the audit's
//! deadline.
//!
//! Read-only by construction: the consumer has no `group.id` (so it cannot
//! join a group or commit), partitions are `assign()`ed explicitly,
//! `allow.auto.create.topics=false`, and no producer is created.

use super::connect::Connection;
use super::keys::KeyStats;
use super::model::{BrokerFacts, ClusterFacts, ConfigValue, PartitionFacts, TopicFacts};
use rdkafka::admin::{AdminClient, AdminOptions, ResourceSpecifier};
use rdkafka::client::ClientContext;
use rdkafka::config::{FromClientConfigAndContext, RDKafkaLogLevel};
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::metadata::Metadata;
use regex::Regex;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

/// An audit failure: one line for the user, exit code 2.
#[derive(Debug)]
pub struct AuditError(pub String);

impl std::fmt::Display for AuditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

type Result<T> = std::result::Result<T, AuditError>;

/// What to collect.
pub struct CollectOptions {
    /// Only topics whose name matches (all when `None`).
    pub topic_filter: Option<Regex>,
    /// Also audit internal topics (names starting with `__`).
    pub include_internal: bool,
    /// Records to sample per partition, newest first (0: no sample).
    pub sample: usize,
    pub deadline: Instant,
    /// The `--timeout` as given, for messages.
    pub timeout: Duration,
}

impl CollectOptions {
    fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    fn timed_out(&self, what: &str) -> AuditError {
        AuditError(format!(
            "timed out after {} while {what}; raise --timeout",
            human(self.timeout)
        ))
    }
}

fn human(d: Duration) -> String {
    let ms = d.as_millis();
    if ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// Client context: keeps librdkafka's log lines and errors away from the
/// terminal (they can name servers and mechanisms, never print them raw) and
/// remembers the latest error to explain a failure.
#[derive(Default, Clone)]
pub struct AuditContext(Arc<ContextState>);

#[derive(Default)]
pub struct ContextState {
    last_error: Mutex<Option<(RDKafkaErrorCode, String)>>,
    fatal: Mutex<Option<String>>,
}

impl std::ops::Deref for AuditContext {
    type Target = ContextState;
    fn deref(&self) -> &ContextState {
        &self.0
    }
}

impl AuditContext {
    fn last_error(&self) -> Option<String> {
        self.last_error
            .lock()
            .ok()
            .and_then(|g| g.as_ref().map(|(_, r)| r.clone()))
    }

    fn fatal(&self) -> Option<String> {
        self.fatal.lock().ok().and_then(|g| g.clone())
    }
}

impl ClientContext for AuditContext {
    fn log(&self, level: RDKafkaLogLevel, _fac: &str, log_message: &str) {
        let serious = matches!(
            level,
            RDKafkaLogLevel::Emerg
                | RDKafkaLogLevel::Alert
                | RDKafkaLogLevel::Critical
                | RDKafkaLogLevel::Error
                | RDKafkaLogLevel::Warning
        );
        if !serious {
            return;
        }
        // SASL and TLS failures will not heal by waiting.
        if log_message.contains("Authentication failed")
            || log_message.contains("SASL authentication error")
            || log_message.contains("SSL handshake failed")
        {
            if let Ok(mut f) = self.fatal.lock() {
                f.get_or_insert_with(|| log_message.to_string());
            }
        }
        if let Ok(mut l) = self.last_error.lock() {
            // "N/M brokers are down" says less than the connect failure
            // that caused it.
            if l.is_none() || !log_message.contains("brokers are down") {
                *l = Some((RDKafkaErrorCode::Unknown, log_message.to_string()));
            }
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        let code = error.rdkafka_error_code();
        if let Some(code) = code {
            if matches!(
                code,
                RDKafkaErrorCode::Authentication
                    | RDKafkaErrorCode::SaslAuthenticationFailed
                    | RDKafkaErrorCode::SSL
                    | RDKafkaErrorCode::UnsupportedSASLMechanism
            ) {
                if let Ok(mut f) = self.fatal.lock() {
                    f.get_or_insert_with(|| reason.to_string());
                }
            }
            if let Ok(mut l) = self.last_error.lock() {
                *l = Some((code, reason.to_string()));
            }
        }
    }
}

impl ConsumerContext for AuditContext {}

/// Reads everything the checks need.
pub fn collect(conn: &Connection, opts: &CollectOptions) -> Result<ClusterFacts> {
    let redact = |s: &str| conn.secrets.redact(s);
    let ctx = AuditContext::default();
    let consumer: BaseConsumer<AuditContext> =
        BaseConsumer::from_config_and_context(&conn.config, ctx.clone())
            .map_err(|e| AuditError(redact(&format!("invalid client configuration: {e}"))))?;
    let result = collect_with(&consumer, &ctx, conn, opts);
    if result.is_err() {
        // A failed audit ends the process: destroying the client could
        // wait for requests in flight past --timeout.
        std::mem::forget(consumer);
    }
    result
}

fn collect_with(
    consumer: &BaseConsumer<AuditContext>,
    ctx: &AuditContext,
    conn: &Connection,
    opts: &CollectOptions,
) -> Result<ClusterFacts> {
    let metadata = fetch_metadata(consumer, ctx, conn, opts)?;
    let mut facts = ClusterFacts {
        bootstrap: conn.first_server.clone(),
        sample_per_partition: opts.sample,
        ..ClusterFacts::default()
    };
    for b in metadata.brokers() {
        facts.brokers.push(BrokerFacts {
            id: b.id(),
            host: b.host().to_string(),
            port: b.port(),
            config: BTreeMap::new(),
        });
    }
    facts.brokers.sort_by_key(|b| b.id);

    for t in metadata.topics() {
        let name = t.name();
        if !opts.include_internal && name.starts_with("__") {
            continue;
        }
        if let Some(re) = &opts.topic_filter {
            if !re.is_match(name) {
                continue;
            }
        }
        if let Some(err) = t.error() {
            let code = RDKafkaErrorCode::from(err);
            if code == RDKafkaErrorCode::TopicAuthorizationFailed {
                return Err(AuditError(format!(
                    "not authorised to describe topic {name:?} (missing Describe ACL)"
                )));
            }
            return Err(AuditError(format!(
                "cannot read metadata of topic {name:?}: {code}"
            )));
        }
        let mut partitions: Vec<PartitionFacts> = t
            .partitions()
            .iter()
            .map(|p| PartitionFacts {
                id: p.id(),
                leader: p.leader(),
                replicas: p.replicas().to_vec(),
                isr: p.isr().to_vec(),
                error: p.error().map(|e| RDKafkaErrorCode::from(e).to_string()),
                low: None,
                high: None,
            })
            .collect();
        partitions.sort_by_key(|p| p.id);
        facts.topics.push(TopicFacts {
            name: name.to_string(),
            partitions,
            config: BTreeMap::new(),
            sample: None,
        });
    }
    facts.topics.sort_by(|a, b| a.name.cmp(&b.name));

    describe_configs(ctx, conn, opts, &mut facts)?;
    watermarks(consumer, opts, &mut facts)?;
    if opts.sample > 0 {
        sample_keys(consumer, ctx, opts, &mut facts)?;
    }
    Ok(facts)
}

/// Metadata of all topics, retried in short slices so an authentication
/// failure ends the wait at once instead of at the deadline.
fn fetch_metadata(
    consumer: &BaseConsumer<AuditContext>,
    ctx: &AuditContext,
    conn: &Connection,
    opts: &CollectOptions,
) -> Result<Metadata> {
    loop {
        let remaining = opts.remaining();
        if let Some(reason) = ctx.fatal() {
            return Err(AuditError(conn.secrets.redact(&format!(
                "cannot connect to {}: {}",
                conn.first_server,
                explain_fatal(&reason)
            ))));
        }
        if remaining.is_zero() {
            let why = ctx
                .last_error()
                .map(|r| format!(": {}", conn.secrets.redact(&r)))
                .unwrap_or_default();
            return Err(AuditError(format!(
                "cannot reach the cluster at {} within {}{why}",
                conn.first_server,
                human(opts.timeout)
            )));
        }
        let slice = remaining.min(Duration::from_millis(1500));
        match consumer.fetch_metadata(None, slice) {
            Ok(m) => return Ok(m),
            Err(e) => {
                // Serve queued error events so the context sees them.
                for _ in 0..64 {
                    match consumer.poll(Duration::ZERO) {
                        None => break,
                        Some(Err(e)) if is_auth_error(&e) => {
                            if let Ok(mut f) = ctx.fatal.lock() {
                                f.get_or_insert_with(|| e.to_string());
                            }
                        }
                        Some(_) => {}
                    }
                }
                if let Some(code) = e.rdkafka_error_code() {
                    if matches!(
                        code,
                        RDKafkaErrorCode::ClusterAuthorizationFailed
                            | RDKafkaErrorCode::TopicAuthorizationFailed
                    ) {
                        return Err(AuditError(format!(
                            "not authorised to read cluster metadata at {}: {code}",
                            conn.first_server
                        )));
                    }
                }
                if let Ok(mut l) = ctx.last_error.lock() {
                    if l.is_none() {
                        *l = e
                            .rdkafka_error_code()
                            .map(|c| (c, format!("metadata request failed: {e}")));
                    }
                }
            }
        }
    }
}

fn is_auth_error(e: &KafkaError) -> bool {
    matches!(
        e.rdkafka_error_code(),
        Some(
            RDKafkaErrorCode::Authentication
                | RDKafkaErrorCode::SaslAuthenticationFailed
                | RDKafkaErrorCode::SSL
        )
    )
}

fn explain_fatal(reason: &str) -> String {
    // librdkafka prefixes log lines with the thread name: "[thrd:…]: ".
    let reason = match reason.strip_prefix("[thrd:") {
        Some(rest) => rest.split_once("]: ").map_or(reason, |(_, r)| r),
        None => reason,
    };
    if reason.contains("Authentication failed") || reason.contains("SASL authentication") {
        format!("authentication failed (check the user name, password and SASL mechanism in --command-config): {reason}")
    } else {
        reason.to_string()
    }
}

/// DescribeConfigs for every audited topic and every broker.
fn describe_configs(
    ctx: &AuditContext,
    conn: &Connection,
    opts: &CollectOptions,
    facts: &mut ClusterFacts,
) -> Result<()> {
    let admin: AdminClient<AuditContext> =
        AdminClient::from_config_and_context(&conn.config, ctx.clone()).map_err(|e| {
            AuditError(
                conn.secrets
                    .redact(&format!("invalid client configuration: {e}")),
            )
        })?;
    let mut specs: Vec<ResourceSpecifier<'_>> = facts
        .topics
        .iter()
        .map(|t| ResourceSpecifier::Topic(t.name.as_str()))
        .collect();
    specs.extend(
        facts
            .brokers
            .iter()
            .map(|b| ResourceSpecifier::Broker(b.id)),
    );
    if specs.is_empty() {
        return Ok(());
    }
    let remaining = opts.remaining();
    if remaining.is_zero() {
        return Err(opts.timed_out("reading configurations"));
    }
    let admin_opts = AdminOptions::new().request_timeout(Some(remaining));
    let results = block_on_until(
        admin.describe_configs(specs.iter(), &admin_opts),
        opts.deadline,
    );
    let results = match results {
        Some(Ok(r)) => r,
        Some(Err(e)) => {
            std::mem::forget(admin);
            return Err(
                if e.rdkafka_error_code() == Some(RDKafkaErrorCode::OperationTimedOut) {
                    opts.timed_out("reading configurations")
                } else {
                    AuditError(format!("DescribeConfigs failed: {e}"))
                },
            );
        }
        None => {
            // Destroying the client would wait for the request in flight;
            // the process is about to exit with an error anyway.
            std::mem::forget(admin);
            return Err(opts.timed_out("reading configurations"));
        }
    };
    drop(specs);

    let mut topic_configs = BTreeMap::new();
    let mut broker_configs = BTreeMap::new();
    for (i, r) in results.into_iter().enumerate() {
        let resource = match r {
            Ok(res) => res,
            Err(code) => {
                let what = if i < facts.topics.len() {
                    format!("topic {:?}", facts.topics[i].name)
                } else {
                    let b = facts
                        .brokers
                        .get(i - facts.topics.len())
                        .map_or(-1, |b| b.id);
                    format!("broker {b}")
                };
                return Err(match code {
                    RDKafkaErrorCode::TopicAuthorizationFailed
                    | RDKafkaErrorCode::ClusterAuthorizationFailed => AuditError(format!(
                        "not authorised to read the configuration of {what} (missing DescribeConfigs ACL)"
                    )),
                    other => {
                        AuditError(format!("cannot read the configuration of {what}: {other}"))
                    }
                });
            }
        };
        let config: BTreeMap<String, ConfigValue> = resource
            .entries
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    ConfigValue {
                        // Sensitive values are never kept.
                        value: if e.is_sensitive {
                            None
                        } else {
                            e.value.clone()
                        },
                        is_default: e.is_default,
                        source: format!("{:?}", e.source),
                    },
                )
            })
            .collect();
        if config.is_empty() {
            // Brokers answer an unauthorised DescribeConfigs for a broker
            // with an empty list rather than an error; every real resource
            // has entries.
            let what = match &resource.specifier {
                rdkafka::admin::OwnedResourceSpecifier::Topic(n) => format!("topic {n:?}"),
                rdkafka::admin::OwnedResourceSpecifier::Broker(b) => format!("broker {b}"),
                rdkafka::admin::OwnedResourceSpecifier::Group(g) => format!("group {g:?}"),
            };
            return Err(AuditError(format!(
                "not authorised to read the configuration of {what} (missing DescribeConfigs ACL on the {})",
                if what.starts_with("broker") { "cluster" } else { "topic" }
            )));
        }
        match resource.specifier {
            rdkafka::admin::OwnedResourceSpecifier::Topic(name) => {
                topic_configs.insert(name, config);
            }
            rdkafka::admin::OwnedResourceSpecifier::Broker(id) => {
                broker_configs.insert(id, config);
            }
            rdkafka::admin::OwnedResourceSpecifier::Group(_) => {}
        }
    }
    for t in &mut facts.topics {
        if let Some(c) = topic_configs.remove(&t.name) {
            t.config = c;
        }
    }
    for b in &mut facts.brokers {
        if let Some(c) = broker_configs.remove(&b.id) {
            b.config = c;
        }
    }
    Ok(())
}

/// Low and high watermarks of every partition that has a leader.
fn watermarks(
    consumer: &BaseConsumer<AuditContext>,
    opts: &CollectOptions,
    facts: &mut ClusterFacts,
) -> Result<()> {
    for t in &mut facts.topics {
        for p in &mut t.partitions {
            if p.offline() {
                continue;
            }
            let remaining = opts.remaining();
            if remaining.is_zero() {
                return Err(opts.timed_out("reading watermarks"));
            }
            match consumer.fetch_watermarks(&t.name, p.id, remaining) {
                Ok((low, high)) => {
                    p.low = Some(low);
                    p.high = Some(high);
                }
                Err(e) => match e.rdkafka_error_code() {
                    Some(RDKafkaErrorCode::TopicAuthorizationFailed) => {
                        return Err(AuditError(format!(
                            "not authorised to read offsets of topic {:?} (missing Describe ACL)",
                            t.name
                        )))
                    }
                    Some(RDKafkaErrorCode::OperationTimedOut) if opts.remaining().is_zero() => {
                        return Err(opts.timed_out("reading watermarks"))
                    }
                    // A partition without a reachable leader right now: the
                    // under-replicated check reports it from the metadata.
                    _ => p.error = p.error.take().or_else(|| Some(e.to_string())),
                },
            }
        }
    }
    Ok(())
}

/// Reads up to `opts.sample` newest records of every partition, one topic
/// at a time. Stops at the deadline, marking the sample incomplete.
///
/// librdkafka's `assign()` needs a `group.id`, and a group id makes the
/// client look up a group coordinator (which on a fresh cluster creates
/// `__consumer_offsets`). The audit therefore reads with librdkafka's
/// group-less partition consumer (`rd_kafka_consume_start_queue`), which
/// has no group, no coordinator and no offset commits.
fn sample_keys(
    consumer: &BaseConsumer<AuditContext>,
    ctx: &AuditContext,
    opts: &CollectOptions,
    facts: &mut ClusterFacts,
) -> Result<()> {
    // Leave a little time for rendering the report.
    let stop = opts
        .deadline
        .checked_sub(Duration::from_millis(200))
        .unwrap_or(opts.deadline);
    let rk = consumer.client().native_ptr();
    for t in &mut facts.topics {
        // Partition → (start offset, offset of the last record of the snapshot).
        let mut pending: BTreeMap<i32, (i64, i64)> = BTreeMap::new();
        for p in &t.partitions {
            if let (Some(low), Some(high)) = (p.low, p.high) {
                if high > low {
                    let n = i64::try_from(opts.sample).unwrap_or(i64::MAX);
                    let start = low.max(high.saturating_sub(n));
                    pending.insert(p.id, (start, high - 1));
                }
            }
        }
        let mut stats = KeyStats::default();
        if !pending.is_empty() {
            let mut reader = legacy::PartitionReader::new(rk, &t.name)
                .ok_or_else(|| AuditError(format!("cannot read topic {:?}", t.name)))?;
            for (&part, &(start, _)) in &pending {
                reader.start(part, start).map_err(|e| {
                    AuditError(format!("cannot read partition {part} of {:?}: {e}", t.name))
                })?;
            }
            while !pending.is_empty() {
                let now = Instant::now();
                if now >= stop {
                    facts.sample_incomplete = true;
                    break;
                }
                let wait = (stop - now).min(Duration::from_millis(200));
                match reader.next(wait) {
                    legacy::Event::None => {}
                    legacy::Event::Record {
                        partition,
                        offset,
                        key,
                    } => {
                        if let Some(&(_, last)) = pending.get(&partition) {
                            if offset <= last {
                                stats.add(key);
                            }
                            if offset >= last {
                                pending.remove(&partition);
                            }
                        }
                    }
                    legacy::Event::End { partition } => {
                        pending.remove(&partition);
                    }
                    legacy::Event::Error { partition, code } => match code {
                        RDKafkaErrorCode::TopicAuthorizationFailed => {
                            return Err(AuditError(format!(
                                "not authorised to read records of topic {:?} (missing Read ACL; \
                                 pass --sample 0 to skip the key sample)",
                                t.name
                            )));
                        }
                        // Retention moved the start away, or the partition
                        // is gone: sample what was read.
                        RDKafkaErrorCode::AutoOffsetReset
                        | RDKafkaErrorCode::OffsetOutOfRange
                        | RDKafkaErrorCode::UnknownPartition
                        | RDKafkaErrorCode::UnknownTopic
                        | RDKafkaErrorCode::UnknownTopicOrPartition => {
                            pending.remove(&partition);
                        }
                        _ => {
                            if let Some(reason) = ctx.fatal() {
                                return Err(AuditError(explain_fatal(&reason)));
                            }
                        }
                    },
                }
            }
        }
        t.sample = Some(stats.finish());
        if facts.sample_incomplete {
            break;
        }
    }
    Ok(())
}

/// A minimal safe wrapper over librdkafka's legacy partition consumer.
mod legacy {
    use rdkafka::bindings as rd;
    use rdkafka::error::RDKafkaErrorCode;
    use std::ffi::CString;
    use std::time::Duration;

    pub enum Event<'a> {
        None,
        Record {
            partition: i32,
            offset: i64,
            key: Option<&'a [u8]>,
        },
        End {
            partition: i32,
        },
        Error {
            partition: i32,
            code: RDKafkaErrorCode,
        },
    }

    /// Reads chosen partitions of one topic into one queue. Dropping it
    /// stops every partition and frees the handles.
    pub struct PartitionReader {
        rkt: *mut rd::rd_kafka_topic_t,
        queue: *mut rd::rd_kafka_queue_t,
        started: Vec<i32>,
        /// The message returned by the last `next` (freed on the next call).
        current: *mut rd::rd_kafka_message_t,
    }

    impl PartitionReader {
        /// `rk` must be a live consumer handle that outlives the reader.
        pub fn new(rk: *mut rd::rd_kafka_t, topic: &str) -> Option<Self> {
            let name = CString::new(topic).ok()?;
            // SAFETY: rk is a valid handle (owned by the caller's consumer,
            // which outlives this reader); the topic conf is handed over to
            // rd_kafka_topic_new, which takes ownership on success.
            unsafe {
                let conf = rd::rd_kafka_topic_conf_new();
                if !conf.is_null() {
                    let k = CString::new("auto.commit.enable").ok()?;
                    let v = CString::new("false").ok()?;
                    let mut err = [0 as std::os::raw::c_char; 256];
                    rd::rd_kafka_topic_conf_set(
                        conf,
                        k.as_ptr(),
                        v.as_ptr(),
                        err.as_mut_ptr(),
                        err.len(),
                    );
                }
                let rkt = rd::rd_kafka_topic_new(rk, name.as_ptr(), conf);
                if rkt.is_null() {
                    if !conf.is_null() {
                        rd::rd_kafka_topic_conf_destroy(conf);
                    }
                    return None;
                }
                let queue = rd::rd_kafka_queue_new(rk);
                if queue.is_null() {
                    rd::rd_kafka_topic_destroy(rkt);
                    return None;
                }
                Some(PartitionReader {
                    rkt,
                    queue,
                    started: Vec::new(),
                    current: std::ptr::null_mut(),
                })
            }
        }

        pub fn start(&mut self, partition: i32, offset: i64) -> Result<(), RDKafkaErrorCode> {
            // SAFETY: rkt and queue are valid until drop.
            let rc = unsafe {
                rd::rd_kafka_consume_start_queue(self.rkt, partition, offset, self.queue)
            };
            if rc == -1 {
                // SAFETY: reads librdkafka's thread-local last error.
                let err = unsafe { rd::rd_kafka_last_error() };
                return Err(err.into());
            }
            self.started.push(partition);
            Ok(())
        }

        fn free_current(&mut self) {
            if !self.current.is_null() {
                // SAFETY: current came from rd_kafka_consume_queue and is
                // destroyed exactly once.
                unsafe { rd::rd_kafka_message_destroy(self.current) };
                self.current = std::ptr::null_mut();
            }
        }

        /// The next record or event, waiting at most `wait`.
        pub fn next(&mut self, wait: Duration) -> Event<'_> {
            self.free_current();
            let ms = wait.as_millis().min(i32::MAX as u128) as i32;
            // SAFETY: queue is valid until drop.
            let m = unsafe { rd::rd_kafka_consume_queue(self.queue, ms) };
            if m.is_null() {
                return Event::None;
            }
            self.current = m;
            // SAFETY: m is a valid message until the next call or drop,
            // which is what the returned borrow of self guarantees.
            let msg = unsafe { &*m };
            if msg.err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                let code: RDKafkaErrorCode = msg.err.into();
                if code == RDKafkaErrorCode::PartitionEOF {
                    return Event::End {
                        partition: msg.partition,
                    };
                }
                return Event::Error {
                    partition: msg.partition,
                    code,
                };
            }
            let key = if msg.key.is_null() {
                None
            } else {
                // SAFETY: key points to key_len bytes owned by the message.
                Some(unsafe { std::slice::from_raw_parts(msg.key as *const u8, msg.key_len) })
            };
            Event::Record {
                partition: msg.partition,
                offset: msg.offset,
                key,
            }
        }
    }

    impl Drop for PartitionReader {
        fn drop(&mut self) {
            self.free_current();
            // SAFETY: each started partition is stopped once, then the
            // queue and topic handles are destroyed once.
            unsafe {
                for &p in &self.started {
                    rd::rd_kafka_consume_stop(self.rkt, p);
                }
                rd::rd_kafka_queue_destroy(self.queue);
                rd::rd_kafka_topic_destroy(self.rkt);
            }
        }
    }
}

/// Drives `fut` on this thread until it completes or `deadline` passes.
/// rdkafka's admin futures are completed by its own background thread, so a
/// parking waker is all the executor they need.
fn block_on_until<F: Future>(fut: F, deadline: Instant) -> Option<F::Output> {
    struct ThreadWaker(std::thread::Thread);
    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut fut = std::pin::pin!(fut);
    loop {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return Some(v);
        }
        let now = Instant::now();
        if now >= deadline {
            return None;
        }
        std::thread::park_timeout((deadline - now).min(Duration::from_millis(100)));
    }
}
