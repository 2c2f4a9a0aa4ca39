package io.acme.telemetry;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Ships audit log lines; order does not matter, loss is counted (acks=1 "for speed"). */
public class AuditLog {

    // Written once here and never again: as good as a constant.
    private static String acks = "1";
    private static String linger = "15";

    private final KafkaProducer<String, String> producer;

    public AuditLog(Properties base) {
        Properties props = new Properties();
        props.putAll(base);
        props.put("acks", acks); // expect: acks-unsafe
        props.put("linger.ms", linger);
        props.put("compression.type", "gzip");
        this.producer = new KafkaProducer<>(props);
    }

    public void ship(List<String> lines) {
        for (String line : lines) {
            // Plain log lines without a key: nothing says they are entities.
            producer.send(new ProducerRecord<>("audit-log", line), (md, e) -> {
                if (e != null) {
                    Counters.auditLost.increment();
                } else {
                    Counters.audited.increment();
                }
            });
        }
    }
}
