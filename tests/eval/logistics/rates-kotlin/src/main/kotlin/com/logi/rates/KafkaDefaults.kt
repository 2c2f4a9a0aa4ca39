package com.logi.rates

import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.common.serialization.StringSerializer

object KafkaDefaults {
    const val BROKERS = "kafka-1:9092,kafka-2:9092,kafka-3:9092"

    fun producerProps(clientId: String): Map<String, Any> = mapOf(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG to BROKERS,
        ProducerConfig.CLIENT_ID_CONFIG to clientId,
        ProducerConfig.ACKS_CONFIG to "1",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG to StringSerializer::class.java,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG to StringSerializer::class.java,
    )
}
