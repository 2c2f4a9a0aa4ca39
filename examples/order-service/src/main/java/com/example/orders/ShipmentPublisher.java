package com.example.orders;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

@Service
public class ShipmentPublisher {

    private static final Logger log = LoggerFactory.getLogger(ShipmentPublisher.class);

    private final KafkaTemplate<String, Shipment> kafkaTemplate;

    public ShipmentPublisher(KafkaTemplate<String, Shipment> kafkaTemplate) {
        this.kafkaTemplate = kafkaTemplate;
    }

    /** Sends every shipment asynchronously and waits once for the whole batch. */
    public void publishAll(List<Shipment> shipments) {
        List<CompletableFuture<?>> pending = shipments.stream()
            .map(s -> kafkaTemplate.send("shipments", s.getShipmentId(), s)
                .whenComplete((result, error) -> {
                    if (error != null) {
                        log.error("shipment {} not published", s.getShipmentId(), error);
                    }
                }))
            .map(f -> (CompletableFuture<?>) f)
            .toList();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }
}
