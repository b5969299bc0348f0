import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { deleteConfiguredModel } from "@/db/queries/configured-models";
import { getDataset } from "@/db/queries/datasets";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { envSchema } from "@/lib/env";
import { parseInput } from "@/lib/http";
import { defaultModelChoice } from "./model-choice";
import { addModel, chooseDatasetModels, datasetModels, describeModel, isMetadataHost, listModels, missingDatasetModels, settingsModelSchema, usableModelKey } from "./model-list";

const env = envSchema.parse({ ATTUNE_MODEL_KEY_VARS: "ROUTER_API_KEY, ATTUNE_ADMIN_PASSWORD" });
const openrouter = { label: "router", baseURL: "https://openrouter.example/api/v1", apiKeyEnv: "ROUTER_API_KEY", model: "qwen-2.5-7b", inputPricePerMTok: 0.05, outputPricePerMTok: 0.1 };

describe("models added on the settings page", () => {
  it("checks every field, and takes only a key variable meant for a model key", () => {
    expect(parseInput(settingsModelSchema, openrouter)).toMatchObject({ label: "router", apiKeyEnv: "ROUTER_API_KEY", concurrency: 8 });
    expect(() => parseInput(settingsModelSchema, { ...openrouter, apiKeyEnv: "ATTUNE_ADMIN_PASSWORD" })).toThrow(/Attune's own variables cannot hold a model key/);
    expect(() => parseInput(settingsModelSchema, { ...openrouter, apiKeyEnv: "sk-live-123" })).toThrow(/apiKeyEnv/);
    expect(() => parseInput(settingsModelSchema, { ...openrouter, baseURL: "file:///etc/passwd" })).toThrow(/baseURL: the base URL must start with http/);
    expect(() => parseInput(settingsModelSchema, { ...openrouter, baseURL: "http://169.254.169.254/latest/meta-data" })).toThrow(/link-local or cloud metadata/);
    expect(() => parseInput(settingsModelSchema, { ...openrouter, label: "Has Spaces" })).toThrow(/label: a label is 1–40 lowercase/);
    expect(() => parseInput(settingsModelSchema, { ...openrouter, concurrency: 1000 })).toThrow(/concurrency/);
  });

  it("takes only a key variable the operator listed in ATTUNE_MODEL_KEY_VARS, never one of Attune's own", () => {
    const db = createTestDb();
    expect(() => addModel(db, env, parseInput(settingsModelSchema, { ...openrouter, apiKeyEnv: "AWS_SECRET_ACCESS_KEY" }), "admin")).toThrow(
      /AWS_SECRET_ACCESS_KEY is not one of the key variables the server's operator allows here \(ROUTER_API_KEY\)/,
    );
    expect(() => addModel(db, envSchema.parse({}), parseInput(settingsModelSchema, openrouter), "admin")).toThrow(/until the server's operator lists it in ATTUNE_MODEL_KEY_VARS/);
    expect(addModel(db, envSchema.parse({}), parseInput(settingsModelSchema, { ...openrouter, label: "local", apiKeyEnv: null }), "admin").label).toBe("local");
  });

  it("refuses every spelling of a link-local or metadata address", () => {
    for (const url of [
      "http://[::ffff:169.254.169.254]/v1",
      "http://metadata.google.internal./v1",
      "http://[fe90::1]/v1",
      "http://[febf::1]/v1",
      "http://100.100.100.200/latest",
      "http://2852039166/latest",
      "http://0xa9.0xfe.0xa9.0xfe/latest",
      "http://[::ffff:100.100.100.200]/latest",
      "http://[::ffff:0:169.254.169.254]/latest",
      "http://[::169.254.169.254]/latest",
      "http://[64:ff9b::169.254.169.254]/latest",
      "http://metadata.google.internal../v1",
    ])
      expect(isMetadataHost(url), url).toBe(true);
    for (const url of ["https://api.openai.com/v1", "http://127.0.0.1:8000/v1", "http://[fd12::1]/v1", "http://[fec0::1]/v1", "http://[::ffff:10.0.0.5]/v1", "http://[64:ff9b::8.8.8.8]/v1"])
      expect(isMetadataHost(url), url).toBe(false);
  });

  it("checks the key variable on every use: a model added before the operator took its name out of ATTUNE_MODEL_KEY_VARS is refused", () => {
    process.env.ROUTER_API_KEY = "sk-router-secret";
    try {
      const db = createTestDb();
      addModel(db, env, parseInput(settingsModelSchema, openrouter), "admin");
      const router = listModels(db, env).find((model) => model.label === "router")!;
      expect(usableModelKey(router, env, true)).toBe("sk-router-secret");
      const revoked = envSchema.parse({ ATTUNE_MODEL_KEY_VARS: "OTHER_KEY" });
      expect(() => usableModelKey(router, revoked, true)).toThrow(/key variable the server's operator does not allow/);
      expect(() => usableModelKey(router, revoked, false)).toThrow(/key variable the server's operator does not allow/);
      // A model of the environment is the operator's own: no list applies.
      expect(usableModelKey({ ...router, source: "environment" }, revoked, true)).toBe("sk-router-secret");
      // A missing key names its variable to an admin, and not in a job's error, which labelers can read.
      expect(() => usableModelKey(router, env, true, {})).toThrow(/reads its key from ROUTER_API_KEY, which is not set/);
      expect(() => usableModelKey(router, env, false, {})).toThrow(/^Model "router" has no key in this process/);
      try {
        usableModelKey(router, env, false, {});
      } catch (error) {
        expect(String(error)).not.toContain("ROUTER_API_KEY");
      }
    } finally {
      delete process.env.ROUTER_API_KEY;
    }
  });

  it("lists them after the environment's models, never with a key, and refuses a label already taken", () => {
    process.env.ROUTER_API_KEY = "sk-router-secret";
    const db = createTestDb();
    addModel(db, env, parseInput(settingsModelSchema, openrouter), "admin");
    const models = listModels(db, env);
    expect(models.map((model) => [model.label, model.source])).toEqual([
      ["sim-large", "environment"],
      ["sim-mid", "environment"],
      ["sim-small", "environment"],
      ["router", "settings"],
    ]);
    const shown = describeModel(models[3]!, env);
    expect(shown).toMatchObject({ label: "router", apiKeyEnv: "ROUTER_API_KEY", apiKeySet: true, server: "https://openrouter.example/api/v1" });
    expect(JSON.stringify(shown)).not.toContain("sk-router-secret");
    // Which variable holds a key is for admins only.
    expect(describeModel(models[3]!, env, { admin: false })).toMatchObject({ apiKeyEnv: null, apiKeySet: null, refused: null });
    // A model whose key variable the operator no longer allows is marked, in words that name no variable.
    const refused = describeModel(models[3]!, envSchema.parse({ ATTUNE_MODEL_KEY_VARS: "OTHER_KEY" }), { admin: false }).refused;
    expect(refused).toMatch(/key variable the server's operator does not allow/);
    expect(refused).not.toContain("ROUTER_API_KEY");
    delete process.env.ROUTER_API_KEY;
    expect(() => addModel(db, env, parseInput(settingsModelSchema, { ...openrouter, label: "sim-small" }), "admin")).toThrow(/model of the server's environment/);
    expect(() => addModel(db, env, parseInput(settingsModelSchema, openrouter), "admin")).toThrow(/already exists/);
  });

  it("is not removed while a dataset judges with it", () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    addModel(db, env, parseInput(settingsModelSchema, openrouter), "admin");
    chooseDatasetModels(db, env, datasetId, { judgeModelLabel: "router", reflectionModelLabel: null });
    expect(() => deleteConfiguredModel(db, "router")).toThrow(/judge or reflection model of "Support replies"/);
    chooseDatasetModels(db, env, datasetId, { judgeModelLabel: null, reflectionModelLabel: null });
    deleteConfiguredModel(db, "router");
    expect(listModels(db, env).map((model) => model.label)).not.toContain("router");
    expect(() => deleteConfiguredModel(db, "sim-small")).toThrow(/No model labelled "sim-small" was added on the settings page/);
  });
});

describe("a dataset's judge and reflection models", () => {
  it("default to the server's provider, follow the dataset's choice, and refuse a label nobody configured", () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    expect(datasetModels(db, env, getDataset(db, datasetId))).toMatchObject({ judge: { label: null, model: "attune-sim-judge" }, reflection: { label: null, model: "attune-sim-reflect" } });
    chooseDatasetModels(db, env, datasetId, { judgeModelLabel: "sim-small", reflectionModelLabel: "sim-large" });
    expect(datasetModels(db, env, getDataset(db, datasetId))).toMatchObject({
      judge: { label: "sim-small", model: "attune-sim-small" },
      reflection: { label: "sim-large", model: "attune-sim-large" },
    });
    expect(() => chooseDatasetModels(db, env, datasetId, { judgeModelLabel: "gpt-9", reflectionModelLabel: null })).toThrow(/No model labelled "gpt-9" is configured/);
  });

  it("with a model list, the first model is the default; a chosen model taken out of the list falls back and says so", () => {
    const listed = envSchema.parse({
      ATTUNE_MODELS: JSON.stringify([
        { label: "first", baseURL: "http://127.0.0.1:9/v1", model: "m1" },
        { label: "second", baseURL: "http://127.0.0.1:9/v1", model: "m2" },
      ]),
    });
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    expect(defaultModelChoice(listModels(db, listed), listed, "reflection")).toEqual({ label: "first", model: "m1", concurrency: 8 });
    chooseDatasetModels(db, listed, datasetId, { judgeModelLabel: "second", reflectionModelLabel: null });
    expect(datasetModels(db, listed, getDataset(db, datasetId)).judge).toMatchObject({ label: "second", model: "m2" });
    expect(datasetModels(db, env, getDataset(db, datasetId)).judge).toMatchObject({ label: null, model: "attune-sim-judge", missing: "second" });
    expect(missingDatasetModels(db, env, getDataset(db, datasetId))).toEqual([{ role: "judge", label: "second", standIn: "attune-sim-judge" }]);
    expect(missingDatasetModels(db, listed, getDataset(db, datasetId))).toEqual([]);
  });
});
