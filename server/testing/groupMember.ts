/*
 * A plain kafkajs member of a consumer group, in a process of its own, so a test can
 * SIGKILL it: the group then keeps a dead member until its session expires, as it does
 * after an instance is killed. Prints "joined" once it holds partitions; exits by itself
 * after a minute at most.
 *
 *   tsx server/testing/groupMember.ts <brokers> <topic> <groupId> <sessionTimeoutMs>
 */
import { Kafka, logLevel } from 'kafkajs';

const [brokers, topic, groupId, sessionTimeout] = process.argv.slice(2);
const LIFETIME_MS = 60_000;

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: 'waybill-tests.member', brokers: brokers!.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: groupId!, sessionTimeout: Number(sessionTimeout), heartbeatInterval: 1_000, rebalanceTimeout: Number(sessionTimeout) });
  consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write('joined\n'));
  await consumer.connect();
  await consumer.subscribe({ topic: topic!, fromBeginning: false });
  await consumer.run({ eachBatch: async () => undefined });
  setTimeout(() => process.exit(0), LIFETIME_MS).unref();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
