package com.shop.orders.messaging;

import com.shop.orders.OrderService;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Consume-transform-produce: the listener container runs a Kafka transaction. */
@Component
public class PaymentEventsListener {

    private final KafkaTemplate<String, String> template;
    private final OrderService orders;

    public PaymentEventsListener(KafkaTemplate<String, String> template, OrderService orders) {
        this.template = template;
        this.orders = orders;
    }

    @KafkaListener(topics = "payments", groupId = "orders")
    public void onPayment(PaymentEvent event) {
        String status = orders.applyPayment(event);
        template.send("order-status", event.getOrderId(), status);
    }
}
