"""Producer settings shared by the tracking workers."""

BROKERS = "kafka-1:9092,kafka-2:9092,kafka-3:9092"

BASE = {
    "bootstrap.servers": BROKERS,
    "client.id": "tracking",
}

POSITION_PRODUCER = {
    **BASE,
    "enable.idempotence": True,
    "linger.ms": 20,
    "compression.type": "zstd",
}


def telemetry_producer_config(acks):
    conf = dict(BASE)
    conf["acks"] = acks
    conf["linger.ms"] = 50
    return conf
