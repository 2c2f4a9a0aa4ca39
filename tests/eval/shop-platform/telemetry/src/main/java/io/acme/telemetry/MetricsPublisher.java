package io.acme.telemetry;

import static io.acme.telemetry.KafkaSettings.METRICS_TOPIC;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Device metrics: high volume, loss of a sample is tolerated. */
public class MetricsPublisher {

    private static final String ACKS = "1";
    private static final int LINGER = 0;

    private final KafkaProducer<String, String> producer;

    public MetricsPublisher(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, ACKS); // expect: acks-unsafe, idempotence-missing, retries-reorder
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER); // 0 is kafka-clients 3.6 default: nothing to report
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        this.producer = new KafkaProducer<>(config);
    }

    public void onSample(DeviceSample sample) {
        // Keyed by device so each device's samples stay in order.
        producer.send(new ProducerRecord<>(METRICS_TOPIC, sample.deviceId(), sample.toJson()), (md, e) -> {
            if (e != null) {
                Counters.dropped.increment();
            }
        });
    }

    public void onBatch(Iterable<DeviceSample> samples) {
        for (DeviceSample sample : samples) {
            producer.send(new ProducerRecord<>(METRICS_TOPIC, String.valueOf(Instant.now().toEpochMilli()), sample.toJson())); // expect: key-timestamp, send-unchecked
        }
    }
}
