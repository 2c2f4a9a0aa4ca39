package io.acme.telemetry;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the topics on a developer's single local broker. */
public class LocalTopics {

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(
                    new NewTopic(KafkaSettings.METRICS_TOPIC, 6, (short) 1) // expect: min-insync-replicas-low
                            .configs(Map.of("retention.ms", "86400000"))
            )).all().get();
        }
    }
}
