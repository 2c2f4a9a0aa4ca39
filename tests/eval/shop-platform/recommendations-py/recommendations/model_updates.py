"""Model refresh: pushes every scored item of a nightly run. kafka-python 2.2
has no idempotence by default and retries without limit."""
import logging

from kafka import KafkaProducer

log = logging.getLogger(__name__)


def scored_items():
    return []


def build(acks):
    return KafkaProducer(bootstrap_servers="kafka-1:9092", acks=acks, linger_ms=20, compression_type="zstd")  # expect: acks-unsafe, idempotence-missing, retries-reorder


fast = build(1)
durable = build("all")


def publish(item):
    durable.send("scores", value=item.payload, key=item.item_id.encode()).add_errback(
        lambda exc: log.error("score lost: %s", exc)
    )


def refresh():
    for item in scored_items():
        publish(item)
    durable.flush()


def refresh_blocking():
    # One round trip per item, through a helper called from the loop.
    for item in scored_items():
        send_now(item)


def send_now(item):
    durable.send("scores", value=item.payload, key=item.item_id.encode()).get(timeout=10)  # expect: sync-send


def counters(n):
    # The loop counter is a different key every turn: that is fine.
    for i in range(n):
        durable.send("counters", value=b"tick", key=str(i).encode()).add_errback(log.error)
    durable.flush()
