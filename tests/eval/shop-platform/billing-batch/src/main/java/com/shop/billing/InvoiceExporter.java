package com.shop.billing;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Monthly export of invoices to the ledger (durable) and to the
 * analytics mirror (best effort).
 */
public class InvoiceExporter {

    private final KafkaProducer<String, String> ledger;
    private final KafkaProducer<String, String> mirror;

    public InvoiceExporter(String bootstrap) {
        this.ledger = producerFor(bootstrap, "all", true);
        this.mirror = producerFor(bootstrap, "1", false);
    }

    /** One helper builds both producers; each call site decides acks. */
    private static KafkaProducer<String, String> producerFor(String bootstrap, String acks, boolean idempotent) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, acks); // expect: acks-unsafe
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent); // expect: idempotence-missing, retries-reorder
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(props);
    }

    public void export(List<Invoice> invoices) throws Exception {
        for (Invoice invoice : invoices) {
            write(invoice);
            mirror.send(new ProducerRecord<>("invoices-mirror", invoice.getId(), invoice.toJson()), (md, e) -> {
                if (e != null) {
                    Metrics.mirrorFailures.increment();
                }
            });
        }
    }

    /** Blocks until the ledger confirms: called once per invoice above. */
    private RecordMetadata write(Invoice invoice) throws ExecutionException, InterruptedException {
        return ledger.send(new ProducerRecord<>("ledger", invoice.getId(), invoice.toJson())).get(); // expect: sync-send
    }
}
