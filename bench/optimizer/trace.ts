// One Attune run on the benchmark task, iteration by iteration: what was proposed and what became of it.
// Run: npx tsx bench/optimizer/trace.ts [--budget 150] [--seed 1]
import { parseArgs } from "node:util";
import { runAttune } from "./attune";
import { benchClient, nmseOn, startBenchServer, toExamples } from "./shared";
import { generateBenchTask } from "./task";

const { values } = parseArgs({
  options: { budget: { type: "string", default: "150" }, seed: { type: "string", default: "1" }, "data-seed": { type: "string", default: "2026" }, patience: { type: "string" } },
});
const rows = generateBenchTask(300, Number(values["data-seed"]));
const server = await startBenchServer();
const outcome = await runAttune(server.baseURL, rows, Number(values.budget), Number(values.seed), (line) => console.log(line), values.patience ? { patience: Number(values.patience) } : {});
console.log(`final: test NMSE ${(await nmseOn(benchClient(server.baseURL), outcome.instruction, toExamples(rows).test)).toFixed(2)}, ${outcome.metricCalls} metric calls`);
console.log(outcome.instruction);
await server.close();
