package com.logi.dispatch;

import com.logi.dispatch.kafka.KafkaClientConfig;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes route changes of a vehicle as they are planned. */
public class RouteEventPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RouteEventPublisher.class);
    private final Producer<String, String> producer;

    public RouteEventPublisher() {
        // Route updates are frequent and superseded quickly, so the team chose leader acks.
        Properties props = KafkaClientConfig.producerProperties("dispatch-routes", "1"); // expect: acks-unsafe
        producer = new KafkaProducer<>(props); // expect: idempotence-missing, retries-reorder
    }

    public void routeChanged(String vehicleId, String routeJson) {
        producer.send(new ProducerRecord<>("dispatch.routes", vehicleId, routeJson), (meta, error) -> {
            if (error != null) {
                log.warn("route update for {} not written", vehicleId, error);
            }
        });
    }

    @Override
    public void close() {
        producer.close();
    }
}
