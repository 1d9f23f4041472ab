import { runPipelineBenchmark } from './pipelineThroughput';

// `npm run bench`: every benchmark, one JSON line of results each.
const benchmarks = [runPipelineBenchmark];

for (const benchmark of benchmarks) process.stdout.write(`${JSON.stringify(benchmark())}\n`);
