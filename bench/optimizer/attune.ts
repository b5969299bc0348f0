// Attune's side of the benchmark: import the task, run `runOptimizer` exactly as the app does.
import { eq } from "drizzle-orm";
import { getOptimizerRun, runCandidates, runIterations } from "@/db/queries/optimizer";
import { getPromptVersion } from "@/db/queries/prompts";
import { optimizeInputSchema, type OptimizeInput } from "@/lib/optimizer/schemas";
import { startOptimization } from "@/lib/optimizer/start-optimization";
import { sqliteResponseCache } from "@/db/queries/llm-cache";
import { datasets } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { importBytes } from "@/lib/import";
import { createLlmClient } from "@/lib/llm/client";
import { runOptimizer } from "@/lib/optimizer/runner";
import { BENCH_LABELERS, TASK, type BenchRow } from "./task";
import { INPUT_FIELDS, JUDGE_MODEL, REFLECTION_MODEL } from "./shared";

export interface OptimizerOutcome {
  instruction: string;
  metricCalls: number;
  reflectionCalls: number;
  /** Every instruction that was judged on some example (candidates and children tried on a minibatch). */
  evaluated: string[];
  status: string;
}

export async function runAttune(baseURL: string, rows: BenchRow[], budget: number, seed: number, trace?: (line: string) => void, settings: Partial<OptimizeInput> = {}): Promise<OptimizerOutcome> {
  const db = createTestDb();
  const { datasetId } = importBytes(db, {
    bytes: new TextEncoder().encode(rows.map((row) => JSON.stringify(row)).join("\n")),
    fileName: "bench.jsonl",
    mapping: { idField: "id", splitField: "split", inputFields: INPUT_FIELDS, labelFields: BENCH_LABELERS.map((name) => ({ field: name, labeler: name, rationaleField: `${name}_why` })) },
    target: { datasetName: "bench", task: TASK },
  });
  if (!db.select().from(datasets).where(eq(datasets.id, datasetId)).get()) throw new Error("bench: import failed");
  const run = startOptimization(db, datasetId, { ...optimizeInputSchema.parse({ budget, seed }), ...settings }, { judgeModel: JUDGE_MODEL, reflectionModel: REFLECTION_MODEL, concurrency: 8 });
  const seedPrompt = getPromptVersion(db, run.seedPromptId);
  const client = createLlmClient({ baseURL, providerId: "bench-sim", apiKey: "simulated", timeoutMs: 30_000, maxRetries: 2, concurrency: 8, cache: sqliteResponseCache(db) });
  await runOptimizer(db, run.id, { client });
  const done = getOptimizerRun(db, run.id);
  trace?.(`${done.status}: ${done.stopDetail}`);
  if (done.finalSelection) trace?.(`final: ${JSON.stringify(done.finalSelection)}`);
  const best = done.bestPromptId !== null ? getPromptVersion(db, done.bestPromptId).instruction : seedPrompt.instruction;
  if (trace) {
    for (const iteration of runIterations(db, run.id)) {
      const sum = (scores: number[] | null) => (scores ? scores.reduce((a, b) => a + b, 0).toFixed(2) : "—");
      trace(
        `#${iteration.iteration} ${iteration.kind} parent ${iteration.parentIndex}${iteration.mergeParentIndex !== null ? `+${iteration.mergeParentIndex}` : ""} ${iteration.outcome}${iteration.failure ? ` (${iteration.failure})` : ""} minibatch ${sum(iteration.parentScores)} → ${sum(iteration.childScores)}${iteration.screen ? ` screen ${sum(iteration.screen.parent)} → ${sum(iteration.screen.child)} on ${iteration.screen.positions.length}` : ""} val ${iteration.childValNmse?.toFixed(2) ?? "—"} calls ${iteration.metricCallsUsed}`,
      );
      if (process.env.BENCH_SCREEN && iteration.screen)
        trace(`    screen parent ${iteration.screen.parent.map((x) => x.toFixed(2)).join(" ")}\n    screen child  ${iteration.screen.child.map((x) => x.toFixed(2)).join(" ")}`);
      for (const attempt of iteration.guardrailAttempts) trace(`    refused: ${attempt.violations.map((violation) => violation.reason).join("; ")}`);
      if (iteration.proposal) trace(`    + ${iteration.proposal.split("\n").slice(5).join(" | ")}`);
    }
  }
  const evaluated = [
    ...runCandidates(db, run.id).map((candidate) => candidate.instruction),
    ...runIterations(db, run.id).flatMap((iteration) => ((iteration.childScores || iteration.screen) && iteration.proposal ? [iteration.proposal] : [])),
  ];
  return { instruction: best, metricCalls: done.metricCallsUsed, reflectionCalls: done.reflectionCalls, evaluated: [...new Set(evaluated)], status: done.status };
}
