package com.example.orders;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

@Service
public class OrderEventPublisher {

    private final KafkaTemplate<String, OrderEvent> kafkaTemplate;

    public OrderEventPublisher(KafkaTemplate<String, OrderEvent> kafkaTemplate) {
        this.kafkaTemplate = kafkaTemplate;
    }

    /** Publishes the nightly re-export of every open order. */
    public void republish(List<Order> orders) throws Exception {
        for (Order order : orders) {
            OrderEvent event = OrderEvent.from(order);
            // Keyed by status: four values for millions of orders.
            kafkaTemplate.send("order-events", order.getStatus(), event).get(10, TimeUnit.SECONDS);
        }
    }

    public void cancelled(Order order) {
        kafkaTemplate.send("order-events", order.getId(), OrderEvent.cancelled(order));
    }
}
