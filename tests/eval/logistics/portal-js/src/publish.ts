import express from 'express';
import { Kafka, CompressionTypes } from 'kafkajs';
import { BROKERS, bookingProducerOptions, auditProducerOptions } from './kafka/options';

const kafka = new Kafka({ clientId: 'portal', brokers: BROKERS });
const bookings = kafka.producer(bookingProducerOptions);
const audit = kafka.producer(auditProducerOptions()); // expect: idempotence-missing

export const router = express.Router();

router.post('/bookings', async (req, res) => {
  await bookings.send({
    topic: 'portal.bookings',
    compression: CompressionTypes.GZIP,
    messages: [{ key: req.body.customerId, value: JSON.stringify(req.body) }],
  });
  await audit.send({
    topic: 'portal.audit',
    messages: [{ key: req.body.customerId, value: `booking by ${req.body.customerId}` }],
  });
  res.status(202).end();
});

export async function start(): Promise<void> {
  await bookings.connect();
  await audit.connect();
}
