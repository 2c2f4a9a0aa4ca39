package com.example.billing;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes invoices to the billing topic. Built for kafka-clients 2.8. */
public class InvoiceProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public InvoiceProducer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, TenantPartitioner.class.getName());
        producer = new KafkaProducer<>(props);
    }

    public void publish(List<Invoice> invoices) {
        for (Invoice invoice : invoices) {
            producer.send(new ProducerRecord<>("invoices", invoice.toJson()));
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
