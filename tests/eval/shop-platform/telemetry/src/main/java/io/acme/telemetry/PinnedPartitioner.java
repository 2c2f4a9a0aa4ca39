package io.acme.telemetry;

import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/** "Temporary" pin of all traffic to partition 0 during a migration. */
public class PinnedPartitioner implements Partitioner {

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        return 0; // expect: partitioner-unstable
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}
}
