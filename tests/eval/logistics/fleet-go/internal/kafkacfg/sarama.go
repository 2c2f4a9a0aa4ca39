// Package kafkacfg holds the Kafka client settings of the fleet services.
package kafkacfg

import (
	"time"

	"github.com/IBM/sarama"
)

// Brokers of the production cluster.
var Brokers = []string{"kafka-1:9092", "kafka-2:9092", "kafka-3:9092"}

// ProducerConfig is the configuration of the status producers.
func ProducerConfig() *sarama.Config {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_5_0_0
	cfg.Producer.RequiredAcks = sarama.WaitForLocal
	cfg.Producer.Return.Successes = true
	cfg.Producer.Compression = sarama.CompressionSnappy
	cfg.Producer.Flush.Frequency = 20 * time.Millisecond
	return cfg
}

// ReliableConfig is the configuration of producers whose records must not be lost or doubled.
func ReliableConfig() *sarama.Config {
	cfg := ProducerConfig()
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Idempotent = true
	cfg.Net.MaxOpenRequests = 1
	return cfg
}
