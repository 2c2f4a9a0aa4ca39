package com.shop.orders.outbox;

import java.util.List;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves outbox rows to Kafka. Runs in a Kafka transaction (Boot's
 * transaction-id-prefix), so a failed send fails the commit and the rows
 * stay in the outbox.
 */
@Component
public class OutboxRelay {

    private final KafkaTemplate<String, String> template;
    private final OutboxRepository outbox;

    public OutboxRelay(KafkaTemplate<String, String> template, OutboxRepository outbox) {
        this.template = template;
        this.outbox = outbox;
    }

    @Scheduled(fixedDelay = 500)
    @Transactional
    public void relay() {
        List<OutboxRow> rows = outbox.nextBatch(500);
        for (OutboxRow row : rows) {
            template.send(row.topic(), row.aggregateId(), row.payload());
        }
        outbox.markSent(rows);
    }
}
