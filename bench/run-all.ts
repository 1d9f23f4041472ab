import { runKafkaBenchmark } from './kafkaThroughput';
import { runPipelineBenchmark } from './pipelineThroughput';

// `npm run bench`: every benchmark, one JSON line of results each. The Kafka benchmark
// starts the local broker (npm run kafka:start) if it is not running.
async function main(): Promise<void> {
  process.stdout.write(`${JSON.stringify(await runPipelineBenchmark())}\n`);
  process.stdout.write(`${JSON.stringify(await runKafkaBenchmark())}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
