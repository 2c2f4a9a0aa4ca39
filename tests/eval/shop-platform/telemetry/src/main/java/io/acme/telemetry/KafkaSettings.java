package io.acme.telemetry;

/** Settings shared by the telemetry producers. */
public final class KafkaSettings {
    public static final String ACKS = "1";
    public static final String METRICS_TOPIC = "device-metrics";
    public static final int LINGER = 0;

    private KafkaSettings() {}
}
