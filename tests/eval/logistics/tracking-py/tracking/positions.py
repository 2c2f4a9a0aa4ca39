import json
import logging

from confluent_kafka import Producer

from tracking import kafka_config

log = logging.getLogger(__name__)
producer = Producer(kafka_config.POSITION_PRODUCER)


def _report(err, msg):
    if err is not None:
        log.error("position for %s lost: %s", msg.key(), err)


def publish_positions(fixes):
    for fix in fixes:
        producer.produce(
            "tracking.positions",
            key=fix["vehicle_id"],
            value=json.dumps(fix),
            on_delivery=_report,
        )
        producer.poll(0)
    producer.flush()
