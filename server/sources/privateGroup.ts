import type { Consumer, Kafka } from 'kafkajs';

/**
 * Stops a consumer of a group of its own and deletes the group, so readers that each
 * process starts afresh do not leave groups behind on the broker. Best effort: a broker
 * that is gone keeps the group until it expires.
 */
export async function closePrivateGroup(kafka: Kafka, consumer: Consumer | null, groupId: string): Promise<void> {
  await consumer?.disconnect().catch(() => undefined);
  const admin = kafka.admin();
  await admin
    .connect()
    .then(() => admin.deleteGroups([groupId]))
    .catch(() => undefined)
    .finally(() => admin.disconnect().catch(() => undefined));
}
