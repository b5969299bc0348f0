import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { getDataset } from "@/db/queries/datasets";
import { getOptimizerRun } from "@/db/queries/optimizer";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { envSchema } from "@/lib/env";
import { chooseDatasetModels } from "@/lib/llm/model-list";
import { isAdaptation, versionAdaptation } from "./adaptation";
import { promoteRun } from "./promote";
import { optimizeInputSchema } from "./schemas";
import { optimizeDataset } from "./start-optimization";

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
    // Adapting to the model that already judges the dataset is an ordinary run.
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
});
