// Attune's side of the benchmark: import the task's rows as a team would, run `runOptimizer` exactly as the app does.
import { eq } from "drizzle-orm";
import { getOptimizerRun, runCandidates, runIterations } from "@/db/queries/optimizer";
import { currentPrompt, getPromptVersion, savePromptVersion } from "@/db/queries/prompts";
import { optimizeInputSchema, type OptimizeInput } from "@/lib/optimizer/schemas";
import { startOptimization } from "@/lib/optimizer/start-optimization";
import { sqliteResponseCache } from "@/db/queries/llm-cache";
import { datasets } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { importBytes } from "@/lib/import";
import { createLlmClient } from "@/lib/llm/client";
import { runOptimizer } from "@/lib/optimizer/runner";
import { importFile, type BenchTask } from "./bench-task";
import type { BenchServer } from "./server";

export interface OptimizerOutcome {
  instruction: string;
  metricCalls: number;
  reflectionCalls: number;
  /** Every instruction that was judged on some example (candidates and children tried on a minibatch). */
  evaluated: string[];
  status: string;
}

export async function runAttune(server: BenchServer, task: BenchTask, budget: number, seed: number, trace?: (line: string) => void, settings: Partial<OptimizeInput> = {}): Promise<OptimizerOutcome> {
  const db = createTestDb();
  const { jsonl, mapping } = importFile(task);
  const { datasetId } = importBytes(db, { bytes: new TextEncoder().encode(jsonl), fileName: "bench.jsonl", mapping, target: { datasetName: task.name, task: task.taskText } });
  if (!db.select().from(datasets).where(eq(datasets.id, datasetId)).get()) throw new Error("bench: import failed");
  if (task.scaleAnchors) db.update(datasets).set({ scaleAnchors: task.scaleAnchors }).where(eq(datasets.id, datasetId)).run();
  // A seed the task text and anchors do not produce is saved as the team's own first version.
  if (currentPrompt(db, datasetId, server.judgeModel).instruction !== task.seedInstruction)
    savePromptVersion(db, { datasetId, instruction: task.seedInstruction, model: server.judgeModel, origin: "manual", parentId: null });
  const models = { judgeModel: server.judgeModel, reflectionModel: server.reflectionModel, concurrency: 8 };
  const run = startOptimization(db, datasetId, { ...optimizeInputSchema.parse({ budget, seed }), ...settings }, models);
  const seedPrompt = getPromptVersion(db, run.seedPromptId);
  const providerId = server.simulated ? "bench-sim" : server.upstream;
  const client = createLlmClient({ baseURL: server.baseURL, providerId, apiKey: server.apiKey, timeoutMs: server.timeoutMs, maxRetries: 2, concurrency: 8, cache: sqliteResponseCache(db) });
  await runOptimizer(db, run.id, { client });
  const done = getOptimizerRun(db, run.id);
  trace?.(`${done.status}: ${done.stopDetail}`);
  if (done.finalSelection) trace?.(`final: ${JSON.stringify(done.finalSelection)}`);
  for (const notice of done.notices) trace?.(`notice: ${notice}`);
  const best = done.bestPromptId !== null ? getPromptVersion(db, done.bestPromptId).instruction : seedPrompt.instruction;
  if (trace) {
    for (const iteration of runIterations(db, run.id)) {
      const sum = (scores: number[] | null) => (scores ? scores.reduce((a, b) => a + b, 0).toFixed(2) : "—");
      trace(
        `#${iteration.iteration} ${iteration.kind} parent ${iteration.parentIndex}${iteration.mergeParentIndex !== null ? `+${iteration.mergeParentIndex}` : ""} ${iteration.outcome}${iteration.failure ? ` (${iteration.failure})` : ""} minibatch ${sum(iteration.parentScores)} → ${sum(iteration.childScores)}${iteration.screen ? ` screen ${sum(iteration.screen.parent)} → ${sum(iteration.screen.child)} on ${iteration.screen.positions.length}` : ""} val ${iteration.childValNmse?.toFixed(2) ?? "—"} calls ${iteration.metricCallsUsed} shown ${iteration.evidenceIds.length}`,
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
