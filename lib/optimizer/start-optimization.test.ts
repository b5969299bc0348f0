import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { getDataset } from "@/db/queries/datasets";
import { getOptimizerRun } from "@/db/queries/optimizer";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { envSchema } from "@/lib/env";
import { deleteConfiguredModel } from "@/db/queries/configured-models";
import { parseInput } from "@/lib/http";
import { addModel, chooseDatasetModels, settingsModelSchema } from "@/lib/llm/model-list";
import { isAdaptation, versionAdaptation } from "./adaptation";
import { promoteRun } from "./promote";
import { optimizeInputSchema } from "./schemas";
import { optimizeDataset } from "./start-optimization";
import { optimizerRunView } from "./run-view";
import { humanScores } from "@/db/queries/evaluations";
import { humanNoiseFloor } from "@/lib/metrics/human-agreement";
import { minimumBudgetFor, minimumOptimizerBudget, screeningSize, valLimit, valSampleNotice } from "./strategies/eval-policy";
import { valOrder } from "./strategies/batch-sampler";

const env = envSchema.parse({});
const settings = optimizeInputSchema.parse({ budget: 300 });

describe("starting a run for a dataset", () => {
  it("judges with the dataset's models; adapting to another model records that, with its reference or none", () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const plain = optimizeDataset(db, env, datasetId, settings);
    expect(plain.config).toMatchObject({ judgeModel: "attune-sim-judge", judgeModelLabel: null, reflectionModel: "attune-sim-reflect", adapted: false, reference: null });
    expect(isAdaptation(plain.config)).toBe(false);
    db.$client.prepare("update optimizer_runs set status = 'cancelled'").run();

    const withoutReference = optimizeDataset(db, env, datasetId, settings, { judgeLabel: "sim-small", referenceLabel: null });
    expect(withoutReference.config).toMatchObject({ judgeModel: "attune-sim-small", judgeModelLabel: "sim-small", adapted: true, reference: null });
    expect(versionAdaptation(getOptimizerRun(db, withoutReference.id))).toMatchObject({ adaptedFor: { label: "sim-small" }, reference: null });
    db.$client.prepare("update optimizer_runs set status = 'cancelled'").run();

    // By default the reference is the dataset's own judge.
    expect(optimizeDataset(db, env, datasetId, settings, { judgeLabel: "sim-small" }).config.reference).toEqual({ label: null, model: "attune-sim-judge" });
    db.$client.prepare("update optimizer_runs set status = 'cancelled'").run();
    // Adapting to the model that already judges the dataset is an ordinary run: by its label, or the
    // listed model that is the server's default provider's judge (here the built-in "sim-mid").
    expect(optimizeDataset(db, env, datasetId, settings, { judgeLabel: "sim-mid" }).config).toMatchObject({ judgeModel: "attune-sim-judge", judgeModelLabel: null, adapted: false, reference: null });
    db.$client.prepare("update optimizer_runs set status = 'cancelled'").run();
    chooseDatasetModels(db, env, datasetId, { judgeModelLabel: "sim-small" });
    expect(optimizeDataset(db, env, datasetId, settings, { judgeLabel: "sim-small" }).config).toMatchObject({ adapted: false, reference: null });
  });

  it("refuses a reference without a model to adapt to, a model as its own reference, and a dataset whose chosen model is gone", () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    expect(() => optimizeDataset(db, env, datasetId, settings, { referenceLabel: "sim-large" })).toThrow(/name the model to adapt the judge to as well/);
    expect(() => optimizeDataset(db, env, datasetId, settings, { judgeLabel: "sim-large", referenceLabel: "sim-large" })).toThrow(/cannot be the reference of its own adaptation/);
    db.$client.prepare("update datasets set judge_model_label = 'gone'").run();
    expect(() => optimizeDataset(db, env, datasetId, settings)).toThrow(/judge model "gone" is no longer configured/);
    db.$client.prepare("update datasets set judge_model_label = null").run();
    // A reference model whose key is not set is said at the start, not after the whole budget.
    const keyed = envSchema.parse({ ATTUNE_MODEL_KEY_VARS: "REF_KEY" });
    addModel(db, keyed, parseInput(settingsModelSchema, { label: "ref", baseURL: "http://127.0.0.1:9/v1", apiKeyEnv: "REF_KEY", model: "ref-70b" }), "admin");
    expect(() => optimizeDataset(db, keyed, datasetId, settings, { judgeLabel: "sim-small", referenceLabel: "ref" })).toThrow(/REF_KEY, which is not set/);
  });

  it("reads runs from before datasets chose models: a judge label then meant an adaptation", () => {
    expect(isAdaptation({ judgeModelLabel: "sim-small" })).toBe(true);
    expect(isAdaptation({ judgeModelLabel: null })).toBe(false);
    expect(isAdaptation({ judgeModelLabel: "sim-small", reflectionModelLabel: null, adapted: false })).toBe(false);
    // Runs that adapted before the flag always named a reference model.
    expect(isAdaptation({ judgeModelLabel: "sim-small", reflectionModelLabel: null, reference: { label: "sim-large", model: "attune-sim-large" } })).toBe(true);
  });

  it("promoting an adaptation whose final choice is the seed still makes the adapted model the judge", () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const run = optimizeDataset(db, env, datasetId, settings, { judgeLabel: "sim-small", referenceLabel: null });
    db.$client.prepare("update optimizer_runs set status = 'done', best_prompt_id = seed_prompt_id where id = ?").run(run.id);
    expect(promoteRun(db, env, run.id).judgeModelLabel).toBe("sim-small");
    expect(getDataset(db, datasetId).judgeModelLabel).toBe("sim-small");

    // An ordinary run leaves the judge as it is, whatever version it ends on.
    chooseDatasetModels(db, env, datasetId, { judgeModelLabel: "sim-large" });
    const plain = optimizeDataset(db, env, datasetId, settings);
    db.$client.prepare("update optimizer_runs set status = 'done', best_prompt_id = seed_prompt_id where id = ?").run(plain.id);
    expect(promoteRun(db, env, plain.id).judgeModelLabel).toBeUndefined();
    expect(getDataset(db, datasetId).judgeModelLabel).toBe("sim-large");
  });

  it("refuses to promote an adaptation when its model is gone, is another model under the same label, or is no longer allowed", () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const keyed = envSchema.parse({ ATTUNE_MODEL_KEY_VARS: "LOCAL_KEY" });
    process.env.LOCAL_KEY = "sk-local";
    try {
      addModel(db, keyed, parseInput(settingsModelSchema, { label: "local", baseURL: "http://127.0.0.1:9/v1", apiKeyEnv: "LOCAL_KEY", model: "small-7b" }), "admin");
      const run = optimizeDataset(db, keyed, datasetId, settings, { judgeLabel: "local", referenceLabel: null });
      db.$client.prepare("update optimizer_runs set status = 'done', best_prompt_id = seed_prompt_id where id = ?").run(run.id);
      const judgeBefore = getDataset(db, datasetId).judgeModelLabel;

      db.$client.prepare("update configured_models set model = 'other-70b' where label = 'local'").run();
      expect(() => promoteRun(db, keyed, run.id)).toThrow(/adapted for the model small-7b, but "local" is now other-70b/);
      db.$client.prepare("update configured_models set model = 'small-7b' where label = 'local'").run();
      expect(() => promoteRun(db, envSchema.parse({ ATTUNE_MODEL_KEY_VARS: "OTHER_KEY" }), run.id)).toThrow(/key variable the server's operator does not allow/);
      deleteConfiguredModel(db, "local");
      expect(() => promoteRun(db, keyed, run.id)).toThrow(/adapted for "local", which is no longer configured/);
      // None of the refusals moved the judge.
      expect(getDataset(db, datasetId).judgeModelLabel).toBe(judgeBefore);
    } finally {
      delete process.env.LOCAL_KEY;
    }
  });
});

describe("a val split large for the budget", () => {
  it("is sampled down, seeded by the run, and the run says so; a budget with room uses all of it", () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const allVal = (db.$client.prepare("select e.id from examples e where e.dataset_id = ? and e.split = 'val' order by e.id").all(datasetId) as { id: number }[]).map((row) => row.id);
    const start = (budget: number, seed: number) => {
      const run = optimizeDataset(db, env, datasetId, optimizeInputSchema.parse({ budget, seed }));
      db.$client.prepare("update optimizer_runs set status = 'cancelled'").run();
      return run;
    };
    const small = start(120, 1);
    expect(small.valIds).toHaveLength(valLimit(120));
    expect(small.valIds.every((id) => allVal.includes(id))).toBe(true);
    expect(small.valIds).toEqual([...small.valIds].sort((a, b) => a - b));
    expect(small.notices).toEqual([valSampleNotice(48, allVal.length, 120)]);
    // The run page's human floor is measured on the run's val examples.
    const sampled = new Set(small.valIds);
    const floor = humanNoiseFloor(humanScores(db, datasetId, "val").filter((score) => sampled.has(score.exampleId))).nmse;
    expect(optimizerRunView(db, small.id).noiseFloor).toBe(floor);
    expect(floor).not.toBe(humanNoiseFloor(humanScores(db, datasetId, "val")).nmse);
    // The screening chart's humans line is their agreement on the screening examples alone.
    const screenIds = new Set(
      valOrder(small.valIds.length, small.config.seed)
        .slice(0, screeningSize(small.valIds.length))
        .map((position) => small.valIds[position]),
    );
    const screenFloor = humanNoiseFloor(humanScores(db, datasetId, "val").filter((score) => screenIds.has(score.exampleId))).nmse;
    expect(optimizerRunView(db, small.id)).toMatchObject({ screenCount: screenIds.size, screenNoiseFloor: screenFloor });
    expect(screenFloor).not.toBe(floor);
    expect(start(120, 1).valIds).toEqual(small.valIds);
    expect(start(120, 2).valIds).not.toEqual(small.valIds);
    const roomy = start(300, 1);
    expect(roomy.valIds).toEqual(allVal);
    expect(roomy.notices).toEqual([]);
  });

  it("is at most a quarter of the budget, but 60 examples (or 40% of a budget under 150) where that is more, and never under 20", () => {
    expect([20, 40, 80, 100, 150, 200, 240, 400, 1000].map(valLimit)).toEqual([20, 20, 32, 40, 60, 60, 60, 100, 250]);
    // The smallest budget that starts a run samples val down to what it can cover.
    for (const [valCount, minibatch] of [
      [10, 3],
      [64, 3],
      [100, 20],
      [400, 3],
    ] as const) {
      const budget = minimumBudgetFor(valCount, minibatch);
      expect(minimumOptimizerBudget(Math.min(valCount, valLimit(budget)), minibatch)).toBeLessThanOrEqual(budget);
      expect(minimumOptimizerBudget(Math.min(valCount, valLimit(budget - 1)), minibatch)).toBeGreaterThan(budget - 1);
    }
    expect(minimumBudgetFor(64, 3)).toBe(31);
  });
});
