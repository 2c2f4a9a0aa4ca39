package com.shop.billing;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Seeds a developer's topic with a few hand-written customers. */
public class SampleData {

    public static void main(String[] args) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            // Different sample ids, each written once: not a hot key.
            producer.send(new ProducerRecord<>("customers", "bill", "{\"name\":\"Bill\"}"), SampleData::report);
            producer.send(new ProducerRecord<>("customers", "jo", "{\"name\":\"Jo\"}"), SampleData::report);
            producer.send(new ProducerRecord<>("customers", "sarah", "{\"name\":\"Sarah\"}"), SampleData::report);
            producer.flush();
        }
    }

    private static void report(org.apache.kafka.clients.producer.RecordMetadata md, Exception e) {
        if (e != null) {
            System.err.println("sample not written: " + e.getMessage());
        }
    }
}
