package com.shop.orders.web;

import com.shop.orders.Order;
import com.shop.orders.OrderService;
import com.shop.orders.config.KafkaTopics;
import java.util.concurrent.TimeUnit;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/orders")
public class OrderController {

    private final KafkaTemplate<String, Order> kafkaTemplate;
    private final OrderService orders;

    public OrderController(KafkaTemplate<String, Order> kafkaTemplate, OrderService orders) {
        this.kafkaTemplate = kafkaTemplate;
        this.orders = orders;
    }

    /** Answers only once the event is durable: one wait per request is intended. */
    @PostMapping
    public ResponseEntity<Order> create(@RequestBody OrderRequest request) throws Exception {
        Order order = orders.create(request);
        kafkaTemplate.send(KafkaTopics.ORDERS, order.getId(), order).get(5, TimeUnit.SECONDS);
        return ResponseEntity.ok(order);
    }

    @PostMapping("/{id}/cancel")
    public ResponseEntity<Void> cancel(@PathVariable String id) {
        Order order = orders.cancel(id);
        kafkaTemplate.send(KafkaTopics.ORDERS, order); // expect: key-null, send-unchecked
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{id}/notes")
    public ResponseEntity<Void> note(@PathVariable String id, @RequestBody String note) {
        kafkaTemplate.send(KafkaTopics.ORDER_AUDIT, id, orders.note(id, note)) // expect: send-unchecked
                .thenAccept(result -> orders.markNoted(id));
        return ResponseEntity.accepted().build();
    }
}
