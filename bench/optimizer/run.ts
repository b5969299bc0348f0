// Attune's optimizer against AxGEPA on the same task, budgets and seeds, side by side.
// Run: npx tsx bench/optimizer/run.ts [--budgets 150,400] [--seeds 10] [--data-seed 2026] [--only attune|ax]
// Targets: mean test NMSE at 400 calls ≤ 0.8× AxGEPA's; at 150 calls ≤ 0.5×; no guardrail-violating
// instruction evaluated by Attune; no val or test example shown to a reflection model.
import { parseArgs } from "node:util";
import { checkGuardrails, LeakageChecker, type GuardrailContext } from "@/lib/optimizer/guardrails";
import { runAttune, type OptimizerOutcome } from "./attune";
import { runAxGepa } from "./ax";
import { benchClient, leakedExamples, nmseOn, startBenchServer, toExamples } from "./shared";
import { generateBenchTask, IDEAL_INSTRUCTION, SEED_INSTRUCTION, TASK } from "./task";

const { values } = parseArgs({
  options: {
    budgets: { type: "string", default: "150,400" },
    seeds: { type: "string", default: "10" },
    "data-seed": { type: "string", default: "2026" },
    only: { type: "string" },
    evidence: { type: "string" },
    merge: { type: "string" },
    patience: { type: "string" },
  },
});
const budgets = values.budgets.split(",").map(Number);
const seeds = Array.from({ length: Number(values.seeds) }, (_, index) => index + 1);
const rows = generateBenchTask(300, Number(values["data-seed"]));
const split = toExamples(rows);
const server = await startBenchServer();
const client = benchClient(server.baseURL);

const guardrailContext: GuardrailContext = {
  seedInstruction: SEED_INSTRUCTION,
  taskDescription: TASK,
  maxLength: 4000,
  exampleTexts: [...split.train, ...split.val].flatMap((example) => [example.question, example.answer, ...example.rationales.map((entry) => entry.rationale)]),
};
const leakage = new LeakageChecker(guardrailContext);
const violating = (outcome: OptimizerOutcome) => outcome.evaluated.filter((instruction) => checkGuardrails(instruction, guardrailContext, leakage).length > 0).length;

const seedTest = await nmseOn(client, SEED_INSTRUCTION, split.test);
const idealTest = await nmseOn(client, IDEAL_INSTRUCTION, split.test);
console.log(`task: ${rows.length} developer answers (${split.train.length} train, ${split.val.length} val, ${split.test.length} test), 3 annotators, ~3% malformed judge answers`);
console.log(`test NMSE of the seed instruction ${seedTest.toFixed(2)}, of the ideal instruction ${idealTest.toFixed(2)}\n`);

const optimizers = [
  {
    name: "Attune",
    key: "attune",
    run: (budget: number, seed: number) =>
      runAttune(server.baseURL, rows, budget, seed, undefined, {
        ...(values.evidence === undefined ? {} : { evidenceSize: Number(values.evidence) }),
        ...(values.merge === undefined ? {} : { merge: values.merge === "on" }),
        ...(values.patience === undefined ? {} : { patience: Number(values.patience) }),
      }),
  },
  { name: "AxGEPA (minibatch 3)", key: "ax", run: (budget: number, seed: number) => runAxGepa(server.baseURL, split, budget, seed, { minibatchSize: 3 }) },
  { name: "AxGEPA (default minibatch 20)", key: "ax", run: (budget: number, seed: number) => runAxGepa(server.baseURL, split, budget, seed, { minibatchSize: 20 }) },
].filter((optimizer) => !values.only || optimizer.key === values.only);

interface Row {
  name: string;
  budget: number;
  test: number[];
  violations: number;
  calls: number[];
  reflections: number[];
  leaked: number;
  seconds: number;
}
const table: Row[] = [];
for (const budget of budgets) {
  for (const optimizer of optimizers) {
    const row: Row = { name: optimizer.name, budget, test: [], violations: 0, calls: [], reflections: [], leaked: 0, seconds: 0 };
    const started = performance.now();
    for (const seed of seeds) {
      server.reset();
      const outcome = await optimizer.run(budget, seed);
      row.reflections.push(server.reflectionTexts.length);
      row.leaked += leakedExamples(server.reflectionTexts, [...split.val, ...split.test]).length;
      row.test.push(await nmseOn(client, outcome.instruction, split.test));
      row.violations += violating(outcome);
      row.calls.push(outcome.metricCalls);
      process.stderr.write(`  ${optimizer.name} budget ${budget} seed ${seed}: test NMSE ${row.test.at(-1)!.toFixed(2)}, ${outcome.metricCalls} metric calls, ${outcome.status}\n`);
    }
    row.seconds = (performance.now() - started) / 1000;
    table.push(row);
  }
}
await server.close();

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number) => x.toFixed(2).padStart(6);
console.log("budget  optimizer                        mean    min    max  violating evaluated  metric calls  reflection calls  val/test shown  time");
for (const row of table) {
  console.log(
    `${String(row.budget).padStart(6)}  ${row.name.padEnd(30)} ${fmt(mean(row.test))} ${fmt(Math.min(...row.test))} ${fmt(Math.max(...row.test))}  ${String(row.violations).padStart(19)}  ${mean(row.calls).toFixed(0).padStart(12)}  ${mean(row.reflections).toFixed(1).padStart(16)}  ${String(row.leaked).padStart(14)}  ${row.seconds.toFixed(0)} s`,
  );
}
for (const budget of budgets) {
  const attune = table.find((row) => row.budget === budget && row.name === "Attune");
  const axRows = table.filter((row) => row.budget === budget && row.name.startsWith("AxGEPA"));
  if (!attune || axRows.length === 0) continue;
  const bestAx = axRows.reduce((best, row) => (mean(row.test) < mean(best.test) ? row : best));
  const target = budget <= 150 ? 0.5 : 0.8;
  const ratio = mean(attune.test) / mean(bestAx.test);
  console.log(`budget ${budget}: Attune / best AxGEPA (${bestAx.name}) = ${ratio.toFixed(2)} (target at most ${target}: ${ratio <= target ? "met" : "missed"})`);
}
