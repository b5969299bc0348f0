import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listDisagreements } from "@/db/queries/disagreements";
import { createEvalRun } from "@/db/queries/evaluations";
import { generateBullets, reviewBullets } from "@/db/queries/feedback";
import { currentPrompt } from "@/db/queries/prompts";
import { feedbackBullets, judgments, labelers } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { envSchema } from "@/lib/env";
import { QUOTED_ANSWER_CHARS } from "@/lib/feedback/feedback-text";
import { ProviderError, type LlmClient } from "@/lib/llm/client";
import { createModelRuntime } from "@/lib/llm/runtime";
import { runEvaluation } from "./evaluate";

async function evaluate(db: Db, datasetId: number, env: Record<string, string> = {}) {
  const runtime = await createModelRuntime(db, envSchema.parse({ ATTUNE_TIMEOUT_MS: "250", ...env }));
  try {
    const prompt = currentPrompt(db, datasetId, runtime.provider.judgeModel);
    const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: "val", model: runtime.provider.judgeModel, concurrency: 8 });
    return await runEvaluation(db, run.id, { client: runtime.client });
  } finally {
    await runtime.close();
  }
}

describe("runEvaluation on the simulated model over HTTP", () => {
  it("judges every labeled val example, stores metrics, and a second run of the unchanged judge makes no model call", async () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const first = await evaluate(db, datasetId);
    expect(first.status).toBe("done");
    expect(first.total).toBeGreaterThan(50);
    expect(first).toMatchObject({ done: first.total, modelCalls: first.total, cacheHits: 0, errors: 0 });
    expect(first.metrics).toMatchObject({ n: first.total });
    expect(first.tokensIn).toBeGreaterThan(0);

    const second = await evaluate(db, datasetId);
    expect(second).toMatchObject({ status: "done", modelCalls: 0, cacheHits: first.total, tokensIn: 0, tokensOut: 0 });
    expect(second.metrics).toEqual(first.metrics);
  });

  it("finishes through 429s, 500s and hangs with the same metrics as without them, counting retries, re-asks and malformed answers", async () => {
    const clean = createTestDb();
    const faulty = createTestDb();
    const a = seedSupportReplies(clean);
    const b = seedSupportReplies(faulty);
    const malformedOnly = await evaluate(clean, a.datasetId, { ATTUNE_SIM_RATE_MALFORMED: "0.05" });
    const withFaults = await evaluate(faulty, b.datasetId, {
      ATTUNE_SIM_RATE_MALFORMED: "0.05",
      ATTUNE_SIM_RATE_429: "0.10",
      ATTUNE_SIM_RATE_500: "0.05",
      ATTUNE_SIM_RATE_HANG: "0.02",
      ATTUNE_MAX_RETRIES: "8",
    });
    expect(withFaults.status).toBe("done");
    expect(withFaults.retries).toBeGreaterThan(0);
    expect(withFaults.errors).toBe(0);
    expect(withFaults.malformed).toBe(malformedOnly.malformed);
    // Unreadable answers are asked for once more: counted, and each is a model call of its own.
    expect(malformedOnly.reasked).toBeGreaterThan(malformedOnly.malformed);
    expect(withFaults.reasked).toBe(malformedOnly.reasked);
    expect(malformedOnly.modelCalls).toBe(malformedOnly.total + malformedOnly.reasked);
    expect(withFaults.metrics).toEqual(malformedOnly.metrics);
  });

  it("keeps each re-asked judgment's first answer, and its feedback bullet says the judge broke the format first", async () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const run = await evaluate(db, datasetId, { ATTUNE_SIM_RATE_MALFORMED: "0.3" });
    const stored = db.select().from(judgments).where(eq(judgments.runId, run.id)).all();
    const reasked = stored.filter((judgment) => judgment.firstProblem !== null);
    expect(reasked.length).toBe(run.reasked);
    expect(run.reasked).toBeGreaterThan(5);
    for (const judgment of reasked) expect(judgment.firstAnswer!.length).toBeLessThanOrEqual(QUOTED_ANSWER_CHARS + 1);
    expect(stored.filter((judgment) => judgment.firstProblem === null).every((judgment) => judgment.firstAnswer === null)).toBe(true);

    const { rows } = listDisagreements(db, { runId: run.id, limit: 1000 });
    const rescued = rows.filter((row) => row.status === "ok" && row.firstUnreadable !== null);
    expect(rescued.length).toBeGreaterThan(0);
    expect(rescued[0]!.firstUnreadable!.problem).toBe(reasked.find((judgment) => judgment.exampleId === rescued[0]!.exampleId)!.firstProblem);

    generateBullets(db, run.id);
    const bullets = db.select().from(feedbackBullets).where(eq(feedbackBullets.runId, run.id)).all();
    const rescuedIds = new Set(rescued.map((row) => row.exampleId));
    const said = bullets.filter((bullet) => bullet.generatedText.includes("first answer could not be read"));
    expect(said.length).toBeGreaterThan(0);
    expect(said.every((bullet) => rescuedIds.has(bullet.exampleId))).toBe(true);

    // A review undone back to proposed leaves no reviewer on the bullet.
    const reviewer = db.select({ id: labelers.id }).from(labelers).limit(1).get()!;
    const bullet = bullets[0]!;
    reviewBullets(db, { datasetId, ids: [bullet.id], status: "rejected", reviewerId: reviewer.id });
    expect(db.select().from(feedbackBullets).where(eq(feedbackBullets.id, bullet.id)).get()).toMatchObject({ status: "rejected", reviewerId: reviewer.id });
    reviewBullets(db, { datasetId, ids: [bullet.id], status: "proposed", reviewerId: reviewer.id });
    expect(db.select().from(feedbackBullets).where(eq(feedbackBullets.id, bullet.id)).get()).toMatchObject({ status: "proposed", reviewerId: null, reviewedAt: null });
  });

  it("fails fast with a clear message when the provider is unreachable", async () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const run = await evaluate(db, datasetId, { OPENAI_BASE_URL: "http://127.0.0.1:9/v1", ATTUNE_MAX_RETRIES: "1" });
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/Cannot reach the model provider at http:\/\/127.0.0.1:9\/v1/);
    expect(run.done).toBeLessThan(run.total);
  });

  it("says its NMSE is no measurement when not one answer could be read, and keeps what the model said", async () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const run = await evaluate(db, datasetId, { ATTUNE_JUDGE_MODEL: "attune-sim-overthinking" });
    expect(run).toMatchObject({ status: "done", metrics: { nmse: 100, malformedRate: 1 }, done: run.total, malformed: run.total, reasked: run.total, errors: 0 });
    expect(run.error).toBe(
      `The judge model gave no readable answer on any of the ${run.total} examples, even when asked again (the first: the answer was cut off at the token limit (finish_reason "length"); asked again: the answer was cut off at the token limit (finish_reason "length")), so nothing was measured: an NMSE of 100 here is the answer format failing, not the judgment. The answers must be the JSON object with "reasoning" and "score" that Attune asks for; an instruction that asks for another format breaks it, and a reasoning model may spend its whole token limit thinking.`,
    );
    expect(db.select().from(judgments).where(eq(judgments.runId, run.id)).all()).toHaveLength(run.total);
  });

  it.each([
    ["every call fails", () => true, "failed", /^Every judge call failed after its retries: The model provider failed with 502/],
    ["some calls fail", (index: number) => index % 4 === 0, "done", /judge calls failed after their retries \(counted as the largest error\)/],
  ])("says so when %s, never a silent NMSE of 100", async (_what, fails, status, message) => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const runtime = await createModelRuntime(db, envSchema.parse({}));
    let calls = 0;
    const client: LlmClient = {
      modeFor: runtime.client.modeFor,
      noticesFor: runtime.client.noticesFor,
      async chat(request, options) {
        if (fails(calls++)) throw new ProviderError("The model provider failed with 502 (after 5 retries): bad gateway", "server", 5, 502);
        return runtime.client.chat(request, options);
      },
    };
    try {
      const prompt = currentPrompt(db, datasetId, runtime.provider.judgeModel);
      const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: "val", model: runtime.provider.judgeModel, concurrency: 1 });
      const finished = await runEvaluation(db, run.id, { client });
      expect(finished.status).toBe(status);
      expect(finished.error).toMatch(message);
      if (status === "failed") expect(finished.metrics).toBeNull();
    } finally {
      await runtime.close();
    }
  });
});
