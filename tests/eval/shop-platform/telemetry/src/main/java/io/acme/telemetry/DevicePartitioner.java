package io.acme.telemetry;

import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/** Keeps a device's samples on one partition. */
public class DevicePartitioner implements Partitioner {

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        return Math.abs(key.hashCode()) % partitions; // expect: partitioner-unstable
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}
}
