import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOptimizerRun, reopenOptimizerRun, runIterations } from "@/db/queries/optimizer";
import { optimizerRuns } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { envSchema } from "@/lib/env";
import type { ChatRequest, LlmClient } from "@/lib/llm/client";
import { createModelRuntime, type ModelRuntime } from "@/lib/llm/runtime";
import { runOptimizer } from "./runner";
import { evidenceFor } from "./strategies/batch-sampler";
import { recordingReflections, setupSupportRun } from "./test-support";

let runtime: ModelRuntime;
beforeAll(async () => {
  runtime = await createModelRuntime(createTestDb(), envSchema.parse({}));
});
afterAll(async () => {
  await runtime.close();
});

const examplesIn = (request: ChatRequest) => request.messages[1]!.content.match(/<example index=/g)!.length;
const tokensOf = (request: ChatRequest) => Math.ceil(request.messages.map((message) => message.content).join("\n").length / 4) + (request.maxTokens ?? 0);

describe("a reflection model with a small context window", () => {
  it("shows the reflection less evidence when its model's context window refuses the prompt, and says so once", async () => {
    const db = createTestDb();
    const reflections: ChatRequest[] = [];
    const { run } = setupSupportRun(db, { budget: 250, seed: 3, evidenceSize: 80, reflectionModel: "attune-sim-short-context" });
    const done = await runOptimizer(db, run.id, { client: recordingReflections(runtime.client, reflections) });
    expect(done.status).toBe("done");
    // Refused once at full evidence (an 8,192-token window, by the refusal's figures); from then on
    // every prompt fits beside a quarter of the window for the answer, showing as many examples as fit,
    // all but the minibatch without their inputs.
    expect(tokensOf(reflections[0]!)).toBeGreaterThan(8192);
    for (const request of reflections.slice(1)) {
      expect(tokensOf(request)).toBeLessThanOrEqual(8192);
      expect(request.messages[1]!.content.match(/<inputs>/g)?.length ?? 0).toBeLessThanOrEqual(3);
    }
    expect(examplesIn(reflections[1]!)).toBeGreaterThan(examplesIn(reflections[0]!));
    expect(done.reflectionCalls).toBe(reflections.length);
    expect(done.notices.filter((notice) => notice.startsWith("the reflection prompt did not fit"))).toEqual([
      expect.stringMatching(/now shows as many as fit, at first \d+ train examples beside the minibatch, all but the minibatch without their inputs, and leaves 2048 tokens for the answer$/),
    ]);
    const iterations = runIterations(db, run.id);
    expect(iterations.some((iteration) => iteration.outcome === "reflection_failed")).toBe(false);
    // Each prompt shows as many examples as fit, not a count learned on other examples: none falls far short of the window.
    expect(Math.min(...reflections.slice(1).map(tokensOf))).toBeGreaterThan(0.85 * 8192);
    // Iterations move on by as many train examples as the last prompt showed (not by 80, of which a
    // prompt shows the first few), so successive prompts show the next ones in turn.
    const later = iterations.filter((iteration) => iteration.kind === "reflection" && iteration.iteration > 0 && iteration.evidenceIds.length > 0);
    expect(later.length).toBeGreaterThan(2);
    // (The parent's earlier judgments are shown beside them; they come from minibatches.)
    const movedOnLess = later.filter((iteration) => {
      const earlier = new Set(iterations.filter((other) => other.iteration < iteration.iteration).flatMap((other) => other.minibatch));
      const byEighty = new Set(evidenceFor(run.trainIds, iteration.minibatch, run.config.seed, iteration.iteration, 80));
      return iteration.evidenceIds.some((id) => !earlier.has(id) && !byEighty.has(id));
    });
    expect(movedOnLess.length).toBeGreaterThan(later.length / 2);
  });

  it("keeps what fits with the run: a resumed run goes on with it as if it had never stopped", async () => {
    const config = { budget: 200, seed: 5, evidenceSize: 80, reflectionModel: "attune-sim-short-context" };
    const reference = createTestDb();
    const { run: referenceRun } = setupSupportRun(reference, config);
    await runOptimizer(reference, referenceRun.id, { client: runtime.client });

    const db = createTestDb();
    const { run } = setupSupportRun(db, config);
    // The "process" dies part-way through, after the window refused a prompt: in a judge call, as nothing is committed then.
    let judgeCalls = 0;
    const dying: LlmClient = {
      ...runtime.client,
      chat(request, options) {
        if (request.output.name !== "instruction_proposal" && ++judgeCalls > run.valIds.length + 40) throw new Error("the process died");
        return runtime.client.chat(request, options);
      },
    };
    await runOptimizer(db, run.id, { client: dying }).catch(() => undefined);
    const stopped = getOptimizerRun(db, run.id);
    expect(stopped.iterations).toBeGreaterThan(0);
    expect(stopped.iterations).toBeLessThan(getOptimizerRun(reference, referenceRun.id).iterations);
    expect(stopped.reflectionWindow).toMatchObject({ maxTokens: 2048, stride: expect.any(Number) });
    db.update(optimizerRuns).set({ status: "running", error: null, finishedAt: null }).where(eq(optimizerRuns.id, run.id)).run();
    reopenOptimizerRun(db, run.id, undefined, () => false);
    // A new process: a client that has seen nothing of this model.
    const fresh = await createModelRuntime(createTestDb(), envSchema.parse({}));
    const reflections: ChatRequest[] = [];
    try {
      const resumed = await runOptimizer(db, run.id, { client: recordingReflections(fresh.client, reflections) });
      for (const request of reflections) expect(tokensOf(request)).toBeLessThanOrEqual(8192);
      const final = getOptimizerRun(reference, referenceRun.id);
      const strip = (rows: ReturnType<typeof runIterations>) => rows.map(({ id: _id, runId: _runId, createdAt: _createdAt, ...rest }) => rest);
      expect(strip(runIterations(db, run.id))).toEqual(strip(runIterations(reference, referenceRun.id)));
      expect(resumed).toMatchObject({ status: "done", reflectionCalls: final.reflectionCalls, valNmseAfter: final.valNmseAfter, reflectionWindow: final.reflectionWindow });
    } finally {
      await fresh.close();
    }
  });
});
