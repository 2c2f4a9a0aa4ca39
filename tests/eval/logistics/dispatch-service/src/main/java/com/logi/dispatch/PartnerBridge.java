package com.logi.dispatch;

import com.logi.dispatch.kafka.KafkaClientConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Forwards partner events; partners may tune the producer in their own config. */
public class PartnerBridge {
    private final Producer<String, String> producer;

    public PartnerBridge(Map<String, Object> partnerOverrides) {
        Properties props = KafkaClientConfig.producerProperties("dispatch-partner", "all");
        props.putAll(partnerOverrides);
        producer = new KafkaProducer<>(props);
    }

    public void forward(String partnerId, String event) {
        producer.send(new ProducerRecord<>("dispatch.partner-events", partnerId, event), (m, e) -> {
            if (e != null) {
                throw new IllegalStateException("partner event lost", e);
            }
        });
    }
}
