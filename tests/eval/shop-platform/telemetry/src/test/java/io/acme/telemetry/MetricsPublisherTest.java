package io.acme.telemetry;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

class MetricsPublisherTest {
    void floods() throws Exception {
        Properties props = new Properties();
        props.put("acks", "0");
        KafkaProducer<String, String> p = new KafkaProducer<>(props);
        for (int i = 0; i < 100; i++) {
            p.send(new ProducerRecord<>("device-metrics", "k", "v")).get();
        }
    }
}
