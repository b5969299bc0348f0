import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { examples, labels } from "@/db/schema";
import { createEvalRun, getEvalRun } from "@/db/queries/evaluations";
import { currentPrompt } from "@/db/queries/prompts";
import { createTestDb } from "@/db/testing";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { envSchema } from "@/lib/env";
import { runEvaluation } from "@/lib/judge/evaluate";
import { createModelRuntime } from "@/lib/llm/runtime";
import { buildPromptBundle, exportPrompt } from "./bundle";

describe("prompt export", () => {
  it("bundles the instruction, template, schema and measured metrics with a data hash, and no secret", async () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const secret = "sk-test-should-never-leak-0123456789";
    const runtime = await createModelRuntime(db, envSchema.parse({}));
    const prompt = currentPrompt(db, datasetId, runtime.provider.judgeModel);
    const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: "val", model: runtime.provider.judgeModel, concurrency: 4 });
    const done = await runEvaluation(db, run.id, { client: runtime.client });
    await runtime.close();

    const bundle = buildPromptBundle(db, prompt.id);
    expect(bundle.instruction).toBe(prompt.instruction);
    expect(bundle.messageTemplate[1]!.content).toContain("### agent_reply\n{{agent_reply}}");
    expect(bundle.responseFormat.json_schema.strict).toBe(true);
    expect(bundle.outputSchema.required).toEqual(["reasoning", "score"]);
    // A server that refuses strict schema (as some do) gets what Attune sends it instead.
    expect(bundle.requestFallbacks.responseFormat[0]).toEqual({ type: "json_object" });
    // How the judge was measured when an answer could not be read, for an app to do the same.
    expect(bundle.reask).toMatchObject({ times: 1 });
    expect(bundle.reask.appendToMessages).toEqual([
      { role: "assistant", content: "{{answer}}" },
      { role: "user", content: expect.stringMatching(/^Your answer could not be read: \{\{problem\}\}\.\nAnswer again with only the JSON object/) },
    ]);
    expect(bundle.metrics.val).toMatchObject({ evaluationRunId: done.id, nmse: (done.metrics as { nmse: number }).nmse, dataHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(bundle.metrics.val).toMatchObject({ baselineNmse: expect.any(Number), baselineScore: expect.any(Number), nmseInterval: { low: expect.any(Number), high: expect.any(Number) } });
    expect(Object.keys(bundle.metricDefinitions)).toEqual(["nmse", "nmseInterval", "baselineNmse", "noiseFloor"]);

    for (const format of ["text", "json", "messages"] as const) {
      const file = exportPrompt(db, prompt.id, format);
      expect(file.body).not.toContain(secret);
      expect(file.body).not.toMatch(/sk-|api[_-]?key|OPENAI_API_KEY|127\.0\.0\.1/i);
    }
    expect(exportPrompt(db, prompt.id, "text").body.trim()).toBe(prompt.instruction);
    expect(JSON.parse(exportPrompt(db, prompt.id, "messages").body)).toMatchObject({ model: prompt.model, response_format: { type: "json_schema" } });
  });

  it("hashes the data a metric was measured on: same data, same hash; a changed label, another hash", async () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const runtime = await createModelRuntime(db, envSchema.parse({}));
    const prompt = currentPrompt(db, datasetId, runtime.provider.judgeModel);
    const evaluate = async () => {
      const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: "test", model: runtime.provider.judgeModel, concurrency: 4 });
      return (await runEvaluation(db, run.id, { client: runtime.client })).id;
    };
    const first = await evaluate();
    const second = await evaluate();
    const hash = (runId: number) => getEvalRun(db, runId).dataHash;
    expect(hash(second)).toBe(hash(first));
    const label = db.select({ id: labels.id, score: labels.score }).from(labels).innerJoin(examples, eq(examples.id, labels.exampleId)).where(eq(examples.split, "test")).get()!;
    db.update(labels)
      .set({ score: label.score === 5 ? 4 : 5 })
      .where(eq(labels.id, label.id))
      .run();
    const third = await evaluate();
    await runtime.close();
    expect(hash(third)).not.toBe(hash(first));
    // The first run keeps the hash of the data it was measured on.
    expect(hash(first)).toBe(hash(second));
  });
});
