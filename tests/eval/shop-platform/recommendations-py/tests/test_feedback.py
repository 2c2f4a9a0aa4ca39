from confluent_kafka import Producer


def test_produce():
    p = Producer({"bootstrap.servers": "localhost:9092", "acks": 0})
    p.produce("feedback", b"x")
