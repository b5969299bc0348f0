import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { resolvePrompt } from "@/db/queries/prompts";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { envSchema } from "@/lib/env";
import { findModel, modelApiKey, modelsFromEnv, SIMULATED_MODELS } from "@/lib/llm/models";
import { compareModels } from "./compare-models";

describe("models side by side", () => {
  it("the simulated family tells the story: large is most aligned and dearest, small breaks JSON and is cheapest", async () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const prompt = resolvePrompt(db, datasetId, "current", "attune-sim-judge");
    const rows = await compareModels(db, envSchema.parse({}), { datasetId, promptId: prompt.id, split: "val", models: SIMULATED_MODELS });
    const [large, mid, small] = rows;
    expect(rows.map((row) => row.label)).toEqual(["sim-large", "sim-mid", "sim-small"]);
    for (const row of rows) expect(row).toMatchObject({ status: "done", n: 64, errorRate: 0 });
    expect(large!.nmse!).toBeLessThan(mid!.nmse!);
    expect(mid!.nmse!).toBeLessThan(small!.nmse!);
    expect(large!.deltaToBest).toBe(0);
    expect(small!.deltaToBest).toBeCloseTo(small!.nmse! - large!.nmse!, 10);
    // Small breaks the JSON contract about one time in three; asked again, most answers come whole.
    expect(small!.reaskRate!).toBeGreaterThan(0.2);
    expect(large!.reaskRate).toBe(0);
    expect(small!.jsonValidRate!).toBeLessThan(0.95);
    expect(small!.jsonValidRate!).toBeGreaterThan(1 - small!.reaskRate!);
    expect(large!.jsonValidRate).toBe(1);
    expect(large!.costPer1000).toBeGreaterThan(mid!.costPer1000);
    expect(mid!.costPer1000).toBeGreaterThan(small!.costPer1000);
    expect(large!.datasetCost).toBeCloseTo((large!.costPer1000 * 320) / 1000, 10);
    expect(large!.p95LatencyMs!).toBeGreaterThanOrEqual(40);
    // Judged again, every answer comes from the cache: what judging costs at each model's prices stays the same.
    const again = await compareModels(db, envSchema.parse({}), { datasetId, promptId: prompt.id, split: "val", models: SIMULATED_MODELS });
    expect(again.map((row) => row.costPer1000)).toEqual(rows.map((row) => row.costPer1000));
  });
});

describe("model settings", () => {
  it("reads a JSON list, checks it, and keeps keys in named environment variables only", () => {
    const models = modelsFromEnv(
      envSchema.parse({
        ATTUNE_MODELS: JSON.stringify([
          { label: "big", baseURL: "https://api.example.com/v1", apiKeyEnv: "BIG_KEY", model: "big-1", inputPricePerMTok: 3, outputPricePerMTok: 9 },
          { label: "local", baseURL: "http://127.0.0.1:8000/v1", model: "llama" },
        ]),
      }),
    );
    expect(models.map((model) => [model.label, model.concurrency])).toEqual([
      ["big", 8],
      ["local", 8],
    ]);
    expect(modelApiKey(findModel(models, "big"), { BIG_KEY: "sk-test" })).toBe("sk-test");
    expect(() => modelApiKey(findModel(models, "big"), {})).toThrow(/reads its key from BIG_KEY, which is not set/);
    expect(modelApiKey(findModel(models, "local"), {})).toBe("not-needed");
    expect(() => findModel(models, "nope")).toThrow(/No model labelled "nope". Configured: "big", "local"/);
    expect(() => modelsFromEnv(envSchema.parse({ ATTUNE_MODELS: '[{"label":"A B","baseURL":null,"model":"m"}]' }))).toThrow(/0.label: a label is 1–40 lowercase/);
    expect(() => modelsFromEnv(envSchema.parse({ ATTUNE_MODELS: '[{"label":"a","baseURL":null,"model":"m","apiKeyEnv":"sk-live-123"}]' }))).toThrow(/apiKeyEnv is the NAME of an environment variable/);
    expect(() => modelsFromEnv(envSchema.parse({ ATTUNE_MODELS: "[" }))).toThrow(/ATTUNE_MODELS is not valid JSON/);
  });

  it("without a list: the simulated family, or the single OPENAI_* provider as 'default'", () => {
    expect(modelsFromEnv(envSchema.parse({})).map((model) => model.label)).toEqual(["sim-large", "sim-mid", "sim-small"]);
    expect(modelsFromEnv(envSchema.parse({ OPENAI_API_KEY: "sk-x", ATTUNE_JUDGE_MODEL: "gpt-4o-mini" }))).toEqual([
      expect.objectContaining({ label: "default", baseURL: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", model: "gpt-4o-mini" }),
    ]);
  });
});
