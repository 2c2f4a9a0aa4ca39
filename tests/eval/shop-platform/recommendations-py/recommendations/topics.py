"""Topics of the recommendations service."""
from confluent_kafka.admin import AdminClient, NewTopic


def create(bootstrap):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([
        # -1: the broker's default replication factor decides.
        NewTopic("feedback", num_partitions=12, replication_factor=-1),
        NewTopic("scores", num_partitions=12, replication_factor=3, config={"min.insync.replicas": "2"}),
        NewTopic("scores.debug", num_partitions=1, replication_factor=1),  # expect: min-insync-replicas-low
    ])
