package com.shop.orders.messaging;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes the nightly price list and per-partition markers. */
public class PriceFeed implements AutoCloseable {

    private static final String TOPIC = "price-updates";
    private static final String FEED_KEY = "prices";
    // Set once, never changed: a constant like a final one.
    private static int markerPartitions = 12;

    private final KafkaProducer<String, String> producer;

    public PriceFeed(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "25");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props);
    }

    public void publish(List<PriceLine> lines) {
        for (PriceLine line : lines) {
            producer.send(new ProducerRecord<>(TOPIC, FEED_KEY, line.toCsv()), (md, e) -> { // expect: key-low-cardinality
                if (e != null) {
                    System.err.println("price line lost: " + line.sku());
                }
            });
        }
        // One end-of-feed marker per partition: the partition is named, the key does not choose it.
        for (int p = 0; p < markerPartitions; p++) {
            producer.send(new ProducerRecord<>(TOPIC, p, "eof", "end"), (md, e) -> {
                if (e != null) {
                    throw new IllegalStateException("marker lost", e);
                }
            });
        }
        // Sequence numbers grow with every record: not a constant key.
        long sequence = 0;
        for (PriceLine line : lines) {
            sequence++;
            producer.send(new ProducerRecord<>("price-audit", Long.toString(sequence), line.sku()), (md, e) -> { // expect: send-unchecked
                if (e == null) {
                    System.out.println("audited " + md.offset());
                }
            });
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
