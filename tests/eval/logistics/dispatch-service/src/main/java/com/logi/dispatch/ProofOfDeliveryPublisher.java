package com.logi.dispatch;

import com.logi.dispatch.kafka.KafkaClientConfig;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Proof of delivery must never be lost or doubled: it bills the customer. */
public class ProofOfDeliveryPublisher implements AutoCloseable {
    private final Producer<String, String> producer;

    public ProofOfDeliveryPublisher() {
        Properties props = KafkaClientConfig.producerProperties("dispatch-pod", "all");
        KafkaClientConfig.makeReliable(props);
        producer = new KafkaProducer<>(props);
    }

    public RecordMetadata delivered(String shipmentId, String podJson) throws Exception {
        return producer.send(new ProducerRecord<>("dispatch.pod", shipmentId, podJson)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
