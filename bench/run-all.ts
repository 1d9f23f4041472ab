import { runEventQueryBenchmark } from './eventQueries';
import { runKafkaBenchmark } from './kafkaThroughput';
import { runLiveLatencyBenchmark } from './liveLatency';
import { runPipelineGrowthBenchmark } from './pipelineGrowth';
import { runPipelineBenchmark } from './pipelineThroughput';

// `npm run bench`: every benchmark, one JSON line of results each; `npm run bench -- --large`
// adds the sizes that take minutes (five million retained events). The Kafka benchmark
// starts the local broker (npm run kafka:start) if it is not running; the event-index
// and live-latency benchmarks start the real server (building it first if needed).
async function main(): Promise<void> {
  const large = process.argv.includes('--large');
  process.stdout.write(`${JSON.stringify(await runPipelineBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runPipelineGrowthBenchmark({ large }))}\n`);
  process.stdout.write(`${JSON.stringify(await runKafkaBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runEventQueryBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runLiveLatencyBenchmark())}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
