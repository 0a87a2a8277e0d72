export * from './types.js';
export { createKafkaClient, type KafkaSettings } from './kafkajs.js';
export { provision, type ProvisionReport, type TopicDrift } from './provision.js';
export { kafkaSettingsSchema, parseBrokers } from './settings.js';
