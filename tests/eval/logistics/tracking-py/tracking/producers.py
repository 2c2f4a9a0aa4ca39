"""One function makes every tracking producer; callers choose durability."""

from confluent_kafka import Producer

from tracking.kafka_config import BASE


def make_producer(client_id, acks="all", linger_ms=20):
    conf = dict(BASE)
    conf.update(
        {
            "client.id": client_id,
            "acks": acks,  # expect: acks-unsafe
            "enable.idempotence": acks == "all",
            "linger.ms": linger_ms,
        }
    )
    return Producer(conf)
