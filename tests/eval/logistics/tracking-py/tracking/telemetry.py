import json
import logging

from confluent_kafka import Producer

from tracking.kafka_config import telemetry_producer_config

log = logging.getLogger(__name__)
# Engine telemetry is sampled every second; losing a sample is acceptable.
producer = Producer(telemetry_producer_config("1"))  # expect: acks-unsafe, idempotence-missing, retries-reorder


def _report(err, msg):
    if err is not None:
        log.debug("telemetry sample dropped: %s", err)


def publish_sample(vehicle_id, sample):
    producer.produce(
        "tracking.telemetry",
        key=vehicle_id,
        value=json.dumps(sample),
        on_delivery=_report,
    )
    producer.poll(0)
