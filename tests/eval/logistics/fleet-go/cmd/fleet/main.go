package main

import (
	"log"

	"github.com/IBM/sarama"
	"github.com/logi/fleet/internal/kafkacfg"
)

func main() {
	status, err := sarama.NewSyncProducer(kafkacfg.Brokers, kafkacfg.ProducerConfig()) // expect: acks-unsafe, idempotence-missing
	if err != nil {
		log.Fatal(err)
	}
	defer status.Close()
	billing, err := sarama.NewSyncProducer(kafkacfg.Brokers, kafkacfg.ReliableConfig())
	if err != nil {
		log.Fatal(err)
	}
	defer billing.Close()

	if _, _, err := status.SendMessage(&sarama.ProducerMessage{Topic: "fleet.status", Key: sarama.StringEncoder("truck-7"), Value: sarama.StringEncoder("idle")}); err != nil {
		log.Printf("status not sent: %v", err)
	}
	if _, _, err := billing.SendMessage(&sarama.ProducerMessage{Topic: "fleet.billing", Key: sarama.StringEncoder("truck-7"), Value: sarama.StringEncoder("km=412")}); err != nil {
		log.Fatalf("billing record not sent: %v", err)
	}
}
