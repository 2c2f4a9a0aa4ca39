"""Seeds a single local broker for development."""
from confluent_kafka.admin import AdminClient, NewTopic

admin = AdminClient({"bootstrap.servers": "localhost:9092"})
admin.create_topics([NewTopic("feedback", num_partitions=1, replication_factor=1)])  # expect: min-insync-replicas-low
