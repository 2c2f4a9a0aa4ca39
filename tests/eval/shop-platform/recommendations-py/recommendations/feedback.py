"""Click feedback: written by the web tier, one event per request."""
import logging
import os

from confluent_kafka import Producer
from flask import Flask, request

log = logging.getLogger(__name__)
app = Flask(__name__)

producer = Producer({
    "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP", "kafka-1:9092"),
    "enable.idempotence": True,
    "linger.ms": 5,
    "compression.type": "lz4",
})


def delivered(err, msg):
    if err is not None:
        log.error("feedback event lost: %s", err)


def ignored(err, msg):
    log.info("feedback sent to %s", msg.topic())


@app.post("/feedback")
def feedback():
    event = request.get_json()
    producer.produce("feedback", request.data, key=str(event["user_id"]), on_delivery=delivered)
    producer.poll(0)
    return "", 202


@app.post("/feedback/bulk")
def feedback_bulk():
    for event in request.get_json():
        producer.produce("feedback", str(event).encode(), key=str(event["user_id"]), on_delivery=ignored)  # expect: send-unchecked
        producer.poll(0)
    producer.flush()
    return "", 202


def replay_partition(events, partition):
    # An explicit partition: the key does not place the record.
    for i, event in enumerate(events):
        producer.produce("feedback.replay", str(event).encode(), key="replay", partition=partition, on_delivery=delivered)
        producer.poll(0)
    producer.flush()
