// One Attune run on a benchmark task, iteration by iteration: what was proposed and what became of it.
// Run: npx tsx bench/optimizer/trace.ts [--task NAME | --data FILE.jsonl --task-text "…"] [--budget 150] [--seed 1] [--patience N] [--seed-line TEXT]
//   [--sim-judge SIMULATED-MODEL] [--sim-reflection SIMULATED-MODEL] | [--base-url URL --judge-model M [--reflection-model M] [--api-key-env VAR]]
import { parseArgs } from "node:util";
import { runAttune } from "./attune";
import { benchOptions, exitWith, openBench } from "./cli";
import { benchClient, nmseOn, toExamples } from "./shared";

const { values } = parseArgs({ options: { ...benchOptions, budget: { type: "string", default: "150" }, seed: { type: "string", default: "1" }, patience: { type: "string" } } });
const { tasks, server } = await openBench(values);
if (tasks.length !== 1) exitWith("trace follows one task: name one with --task or --data");
const task = tasks[0]!;
try {
  const outcome = await runAttune(server, task, Number(values.budget), Number(values.seed), (line) => console.log(line), values.patience ? { patience: Number(values.patience) } : {});
  const test = await nmseOn(benchClient(server), server.judgeModel, task, outcome.instruction, toExamples(task).test);
  console.log(`final: test NMSE ${test.toFixed(2)}, ${outcome.metricCalls} metric calls`);
  console.log(outcome.instruction);
} finally {
  await server.close();
}
