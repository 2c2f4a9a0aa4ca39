import json
import logging

from tracking.producers import make_producer

log = logging.getLogger(__name__)
# Geofence crossings are recomputed every minute; a lost one is not worth a retry.
producer = make_producer("geofence", acks="0", linger_ms=100)


def _report(err, msg):
    if err is not None:
        log.info("geofence event dropped: %s", err)


def crossed(vehicle_id, fence_id):
    producer.produce(
        "tracking.geofence",
        key=vehicle_id,
        value=json.dumps({"fence": fence_id}),
        on_delivery=_report,
    )
    producer.poll(0)
