package com.shop.orders.config;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import java.util.Optional;

@Configuration
public class KafkaTopics {

    public static final String ORDERS = "orders";
    public static final String ORDER_AUDIT = "order-audit";
    public static final String PRICE_UPDATES = "price-updates";

    @Bean
    public NewTopic orders() {
        return TopicBuilder.name(ORDERS)
                .partitions(24)
                .replicas(3)
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")
                .build();
    }

    /** The broker's default replication factor applies (-1). */
    @Bean
    public NewTopic orderAudit() {
        return new NewTopic(ORDER_AUDIT, 6, (short) -1);
    }

    @Bean
    public NewTopic priceUpdates() {
        return new NewTopic(PRICE_UPDATES, Optional.of(12), Optional.empty());
    }

    /** Explicit replica placement over two racks: two copies only. */
    @Bean
    public NewTopic returns() {
        return TopicBuilder.name("returns")
                .assignReplicas(0, java.util.List.of(1, 2))
                .assignReplicas(1, java.util.List.of(2, 3)) // expect: min-insync-replicas-low
                .build();
    }
}
