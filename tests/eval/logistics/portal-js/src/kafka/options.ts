import { ProducerConfig } from 'kafkajs';

export const BROKERS = ['kafka-1:9092', 'kafka-2:9092', 'kafka-3:9092'];

// Bookings must be written exactly once, in order.
export const bookingProducerOptions: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
};

export function auditProducerOptions(): ProducerConfig {
  return {
    allowAutoTopicCreation: false,
    idempotent: false,
  };
}
