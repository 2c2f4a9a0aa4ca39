package com.logi.rates

import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import org.slf4j.LoggerFactory

class RatePublisher : AutoCloseable {
    private val log = LoggerFactory.getLogger(RatePublisher::class.java)
    private val producer = KafkaProducer<String, String>(KafkaDefaults.producerProps("rates")) // expect: acks-unsafe, idempotence-missing, retries-reorder

    fun publish(lane: String, rateJson: String) {
        producer.send(ProducerRecord("rates.quotes", lane, rateJson)) { _, e ->
            if (e != null) log.error("rate for {} not published", lane, e)
        }
    }

    override fun close() = producer.close()
}
