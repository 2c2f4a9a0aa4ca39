import json

from tracking import producers

producer = producers.make_producer("invoicing")


def _report(err, msg):
    if err is not None:
        raise RuntimeError(f"invoice line lost: {err}")


def bill(vehicle_id, km):
    producer.produce("tracking.invoicing", key=vehicle_id, value=json.dumps({"km": km}), on_delivery=_report)
    producer.flush()
