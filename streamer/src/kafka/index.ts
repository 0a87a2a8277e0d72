export * from './types.js';
export { createKafkaClient, type KafkaSettings } from './kafkajs.js';
export { provision, type ProvisionReport, type TopicDrift } from './provision.js';
export { kafkaSettingsSchema, parseBrokers } from './settings.js';
export {
  createDeadLetterPublisher,
  deadLetterFor,
  DLQ_HEADERS,
  type DeadLetter,
  type DeadLetterSink,
} from './dead-letters.js';
