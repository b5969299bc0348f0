// Adapting the judge to a cheaper model, on the demo's support replies: the small simulated model
// before and after an optimizer run that judges with it, next to the large model, on test.
// Run: npx tsx bench/adapt.ts [--budget 300] [--seeds 5]
import { parseArgs } from "node:util";
import { createTestDb } from "@/db/testing";
import { getOptimizerRun } from "@/db/queries/optimizer";
import { currentPrompt } from "@/db/queries/prompts";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { envSchema } from "@/lib/env";
import { compareModels, type ModelComparisonRow } from "@/lib/judge/compare-models";
import { modelClientsFor } from "@/lib/llm/model-clients";
import { findModel, SIMULATED_MODELS } from "@/lib/llm/models";
import { createModelRuntime } from "@/lib/llm/runtime";
import { optimizerClients } from "@/lib/optimizer/clients";
import { runOptimizer } from "@/lib/optimizer/runner";
import { optimizeInputSchema } from "@/lib/optimizer/schemas";
import { optimizeDataset } from "@/lib/optimizer/start-optimization";

const { values } = parseArgs({ options: { budget: { type: "string", default: "300" }, seeds: { type: "string", default: "5" } } });
const env = envSchema.parse({});
const large = findModel(SIMULATED_MODELS, "sim-large");
const small = findModel(SIMULATED_MODELS, "sim-small");

interface Measured {
  what: string;
  rows: ModelComparisonRow[];
}
const measured: Measured[] = [];
const started = performance.now();
for (let seed = 1; seed <= Number(values.seeds); seed++) {
  const db = createTestDb();
  const { datasetId } = seedSupportReplies(db);
  const runtime = await createModelRuntime(db, env);
  const seedPrompt = currentPrompt(db, datasetId, runtime.provider.judgeModel);
  const onTest = (promptId: number, models = [large, small]) => compareModels(db, env, { datasetId, promptId, split: "test", models });
  if (seed === 1) measured.push({ what: "seed instruction", rows: await onTest(seedPrompt.id) });
  const run = optimizeDataset(db, env, datasetId, optimizeInputSchema.parse({ budget: Number(values.budget), seed }), { judgeLabel: "sim-small", referenceLabel: "sim-large" });
  const clients = modelClientsFor(db, env, runtime);
  const done = await runOptimizer(db, run.id, await optimizerClients(clients, getOptimizerRun(db, run.id).config));
  if (done.status !== "done" || done.bestPromptId === null) throw new Error(`adaptation run ${seed} ended ${done.status}: ${done.stopDetail}`);
  measured.push({ what: `adapted to sim-small, seed ${seed} (${done.metricCallsUsed} calls, ${done.reflectionCalls} reflections)`, rows: await onTest(done.bestPromptId, [small]) });
  await clients.close();
  await runtime.close();
}

const fmt = (value: number | null, digits = 2) => (value === null ? "—" : value.toFixed(digits)).padStart(7);
console.log(`Support replies, test split (${measured[0]!.rows[0]!.n} examples), budget ${values.budget} metric calls per adaptation\n`);
console.log(`${"model".padEnd(10)} ${"instruction".padEnd(58)}   NMSE  JSON-valid  re-asked  $/1k judgments`);
for (const entry of measured)
  for (const row of entry.rows)
    console.log(`${row.label.padEnd(10)} ${entry.what.padEnd(58)} ${fmt(row.nmse)} ${fmt((row.jsonValidRate ?? 0) * 100, 1)}%  ${fmt((row.reaskRate ?? 0) * 100, 1)}%  ${fmt(row.costPer1000, 4)}`);
const adapted = measured.slice(1).map((entry) => entry.rows[0]!);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const before = measured[0]!.rows.find((row) => row.label === "sim-small")!;
const reference = measured[0]!.rows.find((row) => row.label === "sim-large")!;
console.log(
  `\nsim-small: NMSE ${before.nmse!.toFixed(2)} → mean ${mean(adapted.map((row) => row.nmse!)).toFixed(2)} (min ${Math.min(...adapted.map((row) => row.nmse!)).toFixed(2)}, max ${Math.max(...adapted.map((row) => row.nmse!)).toFixed(2)}); JSON-valid ${(before.jsonValidRate! * 100).toFixed(1)}% → mean ${(mean(adapted.map((row) => row.jsonValidRate!)) * 100).toFixed(1)}%; re-asked ${(before.reaskRate! * 100).toFixed(1)}% → mean ${(mean(adapted.map((row) => row.reaskRate!)) * 100).toFixed(1)}%; $/1k ${before.costPer1000.toFixed(4)} → ${mean(adapted.map((row) => row.costPer1000)).toFixed(4)}`,
);
console.log(`sim-large with the seed instruction: NMSE ${reference.nmse!.toFixed(2)}, JSON-valid ${(reference.jsonValidRate! * 100).toFixed(1)}%, $/1k ${reference.costPer1000.toFixed(4)}`);
console.log(`${((performance.now() - started) / 1000).toFixed(0)} s`);
