import { runClusterBenchmark } from './clusterThroughput';
import { runEmbeddedBenchmark } from './embeddedThroughput';
import { runEventQueryBenchmark } from './eventQueries';
import { runFingerprintCollisionBenchmark } from './fingerprintCollisions';
import { runKafkaStreamsComparison } from './kafkaStreamsComparison';
import { runKafkaBacklogBenchmark } from './kafkaBacklog';
import { runKafkaBenchmark } from './kafkaThroughput';
import { runLiveLatencyBenchmark } from './liveLatency';
import { runOverloadBenchmark } from './overload';
import { measureFullHour, runPipelineAloneInItsOwnProcess, runPipelineGrowthBenchmark } from './pipelineGrowth';
import { runPipelineBenchmark } from './pipelineThroughput';
import { runServerKafkaBenchmark } from './serverKafkaThroughput';
import { runTelemetryCostBenchmark } from './telemetryCost';

// `npm run bench`: every benchmark, one JSON line of results each; `npm run bench -- --large`
// adds what takes minutes or gigabytes: five million retained events (beside the smaller
// sizes, and alone in a process of its own for its pauses), a full hour at
// 10,000 events a second, 100 million fingerprints, and Kafka Streams side by side. The Kafka benchmark
// starts the local broker (npm run kafka:start) if it is not running; the event-index
// live-latency and overload benchmarks start the real server (building it first if needed).
async function main(): Promise<void> {
  const large = process.argv.includes('--large');
  process.stdout.write(`${JSON.stringify(await runPipelineBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runPipelineGrowthBenchmark({ large }))}\n`);
  process.stdout.write(`${JSON.stringify(await runTelemetryCostBenchmark())}\n`);
  if (large) {
    process.stdout.write(`${JSON.stringify(runPipelineAloneInItsOwnProcess(5_000_000))}\n`);
    process.stdout.write(`${JSON.stringify(await measureFullHour())}\n`);
    process.stdout.write(`${JSON.stringify(runFingerprintCollisionBenchmark())}\n`);
    process.stdout.write(`${JSON.stringify(await runKafkaStreamsComparison())}\n`);
  }
  process.stdout.write(`${JSON.stringify(await runKafkaBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runServerKafkaBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runKafkaBacklogBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runClusterBenchmark({ large }))}\n`);
  process.stdout.write(`${JSON.stringify(await runEmbeddedBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runEventQueryBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runLiveLatencyBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runOverloadBenchmark())}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
