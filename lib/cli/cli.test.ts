import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.ATTUNE_DB = ":memory:";
const { getDb } = await import("@/db/client");
const { main } = await import("./main");
const { seedSupportReplies } = await import("@/lib/demo/support-replies");
const { getDatasetByName } = await import("@/db/queries/datasets");
const { promoteRun } = await import("@/lib/optimizer/promote");
const { chooseDatasetModels } = await import("@/lib/llm/model-list");
const { envSchema } = await import("@/lib/env");
const { until } = await import("@/lib/testing");
type Adaptation = import("@/db/schema").Adaptation;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-cli-test-"));
const good = path.join(dir, "good.csv");
const bad = path.join(dir, "bad.csv");
beforeAll(() => {
  fs.writeFileSync(good, "id,text,score\na,first,3\nb,second,4\n");
  fs.writeFileSync(bad, "id,text,score\na,first,7\n");
  seedSupportReplies(getDb());
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const rowCounts = () => {
  const client = getDb().$client;
  return ["datasets", "examples", "labels", "eval_runs", "optimizer_runs"].map((table) => (client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
};

describe("CLI arguments", () => {
  it.each([
    [["nonsense"], 2, /unknown command "nonsense"/],
    [["import"], 2, /usage: attune import FILE --dataset NAME/],
    [["import", "/no/such/file.csv", "--dataset", "x"], 1, /No file at \/no\/such\/file.csv/],
    [["import", bad, "--dataset", "x"], 2, /line 2, field "score": score 7 is outside the 1–5 scale/],
    [["import", good, "--dataset", "x", "--input-fields", "missing"], 2, /no column named "missing"/],
    [["import", good, "--dataset", "x", "--bogus"], 2, /Unknown option '--bogus'/],
    [["eval", "--dataset", "nope"], 1, /No dataset named "nope"\. Datasets: "Support replies"/],
    [["eval", "--dataset", "Support replies", "--split", "dev"], 2, /--split must be one of train, val, test, all/],
    [["eval", "--dataset", "Support replies", "--concurrency", "zero"], 2, /--concurrency must be a positive whole number/],
    [["eval", "--dataset", "Support replies", "--prompt", "v9"], 2, /--prompt must be a version id or "current"/],
    [["optimize", "--dataset", "Support replies", "--budget", "-5"], 2, /argument is ambiguous/],
    [["optimize", "--dataset", "Support replies", "--budget=-5"], 2, /--budget must be a positive whole number/],
    [["optimize", "--dataset", "Support replies", "--budget", "12"], 2, /cannot cover the seed's val evaluation/],
    [["optimize", "--dataset", "Support replies", "--seed", "1.5"], 2, /--seed must be a whole number/],
    [["optimize", "--dataset", "Support replies", "--evidence", "abc"], 2, /^attune: --evidence: evidence is a whole number of train examples from 0 to 200\.$/],
    [["optimize", "--dataset", "Support replies", "--budget", "2000000"], 2, /^attune: --budget: the budget is at most 1,000,000 metric calls\.$/],
    [["export", "--dataset", "Support replies", "--format", "json", "--out", "/nonexistent/dir/x.json"], 2, /--out \/nonexistent\/dir\/x\.json: the folder \/nonexistent\/dir does not exist/],
    [["export-labels", "--dataset", "Support replies", "--out", os.tmpdir()], 2, /is a folder; name a file/],
    [["resume", "abc"], 2, /usage: attune resume RUN/],
    [["cancel", "7"], 1, /Optimizer run 7 does not exist/],
    [["export", "--dataset", "Support replies", "--format", "pdf"], 2, /--format must be one of text, json, messages/],
    [["export", "--dataset", "Support replies"], 2, /usage: attune export/],
  ])("%j exits %i with a clear message and changes nothing", async (argv, code, message) => {
    const before = rowCounts();
    const result = await run(...(argv as string[]));
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message as RegExp);
    expect(rowCounts()).toEqual(before);
  });

  it("a good import then says nothing changed the second time", async () => {
    expect((await run("import", good, "--dataset", "cli ok", "--input-fields", "text", "--label-fields", "score=ann")).out).toMatch(/2 new examples/);
    expect((await run("import", good, "--dataset", "cli ok", "--input-fields", "text", "--label-fields", "score=ann")).out).toMatch(/^Nothing changed/);
  });
});

describe("attune eval", () => {
  it("--json carries the NMSE with its interval, the best constant's NMSE and the pooled human floor", async () => {
    const result = await run("eval", "--dataset", "Support replies", "--split", "val", "--json");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as {
      nmse: number;
      nmseInterval: { low: number; high: number };
      baselineNmse: number;
      baselineScore: number;
      noiseFloor: { nmse: number; interval: { low: number; high: number }; labels: number };
    };
    expect(summary.nmseInterval.low).toBeLessThanOrEqual(summary.nmse);
    expect(summary.nmseInterval.high).toBeGreaterThanOrEqual(summary.nmse);
    expect(summary.baselineScore).toBeGreaterThanOrEqual(1);
    expect(summary.baselineScore).toBeLessThanOrEqual(5);
    expect(summary.baselineNmse).toBeGreaterThan(0);
    expect(summary.noiseFloor.interval.low).toBeLessThanOrEqual(summary.noiseFloor.nmse);
    expect(summary.noiseFloor.labels).toBeGreaterThan(0);
    const text = await run("eval", "--dataset", "Support replies", "--split", "val");
    expect(text.out).toMatch(/always answering [1-5] scores NMSE \d+\.\d\d/);
  });

  it("says what the client learned about the provider: a reasoning model given more room", async () => {
    const { runEval } = await import("./eval-command");
    const out: string[] = [];
    const io = { out: (text: string) => out.push(text), err: () => {} };
    const code = await runEval(getDb(), envSchema.parse({ ATTUNE_JUDGE_MODEL: "attune-sim-long-thinking" }), ["--dataset", "Support replies", "--split", "val", "--json"], io);
    expect(code).toBe(0);
    const summary = JSON.parse(out.join("")) as { notices: string[]; malformed: number; reasked: number; errors: number };
    expect(summary.notices).toEqual(['answers were cut off at 1024 tokens (finish_reason "length"); allowing 4096']);
    // More room answered it: no answer needed asking again.
    expect(summary).toMatchObject({ malformed: 0, reasked: 0, errors: 0 });
  });
});

describe("attune export-labels", () => {
  it("writes every label to a file that attune import reads back into the same labels", async () => {
    const out = path.join(dir, "labels.csv");
    const result = await run("export-labels", "--dataset", "cli ok", "--out", out);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/Wrote 2 examples of "cli ok" with their labels/);
    expect(fs.readFileSync(out, "utf8")).toMatch(/^id,split,text,label:ann,rationale:ann,gold:mean,gold:adjudicated\na,(train|val|test),first,3,,3,\nb,(train|val|test),second,4,,4,\n$/);
    const again = await run("import", out, "--dataset", "cli copy");
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/2 new examples, 2 new labels/);
    expect((await run("export-labels", "--dataset", "cli ok", "--format", "xml")).err).toMatch(/--format must be csv or jsonl/);
  });
});

describe("attune queue", () => {
  it("creates a queue from a rule and lists it with its progress as JSON", async () => {
    const created = await run("queue", "create", "--dataset", "Support replies", "--name", "humans differ", "--rule", "human_disagreement", "--k", "2", "--json");
    expect(created.code).toBe(0);
    const queue = JSON.parse(created.out) as { id: number; items: number; done: number; labelsPerExample: number; status: string };
    expect(queue).toMatchObject({ labelsPerExample: 2, status: "open" });
    expect(queue.items).toBeGreaterThan(0);
    const listed = JSON.parse((await run("queue", "list", "--dataset", "Support replies", "--json")).out) as { queues: { id: number; name: string }[] };
    expect(listed.queues.map((entry) => entry.name)).toContain("humans differ");
    expect((await run("queue", "create", "--dataset", "Support replies", "--name", "x", "--rule", "vibes")).err).toMatch(/rule must be one of judge_disagreement/);
    expect((await run("queue", "create", "--dataset", "Support replies", "--name", "x", "--rule", "split")).err).toMatch(/Choose the split/);
    expect((await run("queue", "create", "--dataset", "Support replies", "--name", "x", "--rule", "sample", "--size", "5", "--assign", "nobody")).err).toMatch(/No user named "nobody"/);
  });
});

describe("attune optimize --judge-model", () => {
  it("adapts the judge to a configured model: it judges with that model, and the result is a version for it", async () => {
    const result = await run("optimize", "--dataset", "Support replies", "--budget", "120", "--seed", "3", "--judge-model", "sim-large", "--json");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as { runId?: number; id?: number; status: string };
    expect(summary.status).toBe("done");
    const db = getDb().$client;
    const latest = db.prepare("select config, best_prompt_id from optimizer_runs order by id desc limit 1").get() as { config: string; best_prompt_id: number | null };
    expect(JSON.parse(latest.config)).toMatchObject({ judgeModel: "attune-sim-large", judgeModelLabel: "sim-large", reflectionModel: "attune-sim-reflect" });
    // Every judgment of its final evaluations came from the large model.
    const models = db.prepare("select distinct model from eval_runs where id in (select id from eval_runs order by id desc limit 2)").all() as { model: string }[];
    if (latest.best_prompt_id !== null) expect(models.map((row) => row.model)).toEqual(["attune-sim-large"]);
    expect((await run("optimize", "--dataset", "Support replies", "--judge-model", "nope")).err).toMatch(/No model labelled "nope"/);
  });

  it("adapts the small model against a reference: its broken answers fall and its NMSE approaches the large model's; promoting makes it the judge", async () => {
    const result = await run("optimize", "--dataset", "Support replies", "--budget", "300", "--seed", "1", "--judge-model", "sim-small", "--reference", "sim-large", "--json");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as { runId: number; status: string; bestPromptId: number; adaptation: Adaptation };
    expect(summary.status).toBe("done");
    const { before, after, reference } = summary.adaptation;
    expect(before).toMatchObject({ label: "sim-small", model: "attune-sim-small" });
    expect(reference).toMatchObject({ label: "sim-large", model: "attune-sim-large", jsonValidRate: 1 });
    // It breaks the JSON contract about one time in three; asked again, most of those answers come whole.
    expect(before.reaskRate).toBeGreaterThan(0.2);
    expect(before.jsonValidRate).toBeLessThan(0.95);
    expect(after.reaskRate).toBeLessThan(before.reaskRate! / 3);
    expect(after.jsonValidRate).toBeGreaterThan(0.95);
    expect(after.nmse).toBeLessThan(before.nmse / 3);
    expect(after.nmse).toBeLessThan(reference!.nmse + 5);
    const db = getDb();
    const { judgeModelLabel } = promoteRun(db, envSchema.parse({}), summary.runId);
    try {
      expect(judgeModelLabel).toBe("sim-small");
      const dataset = getDatasetByName(db, "Support replies");
      expect(dataset).toMatchObject({ currentPromptId: summary.bestPromptId, judgeModelLabel: "sim-small" });
      const bundle = JSON.parse((await run("export", "--dataset", "Support replies", "--format", "json")).out) as { model: string; optimizer: { adaptation: unknown } };
      expect(bundle.model).toBe("attune-sim-small");
      expect(bundle.optimizer.adaptation).toMatchObject({ adaptedFor: { label: "sim-small" }, reference: { label: "sim-large" }, measured: { after: { nmse: after.nmse } } });
      // Evaluations now judge with the adapted model.
      const evaluation = JSON.parse((await run("eval", "--dataset", "Support replies", "--split", "val", "--json")).out) as { model: string; modelLabel: string; malformedRate: number };
      expect(evaluation).toMatchObject({ model: "attune-sim-small", modelLabel: "sim-small" });
      expect(evaluation.malformedRate).toBeLessThan(0.1);
    } finally {
      // Later tests judge the shared dataset with the default model again.
      chooseDatasetModels(db, envSchema.parse({}), getDatasetByName(db, "Support replies").id, { judgeModelLabel: null, reflectionModelLabel: null });
    }
  });
});

describe("attune models", () => {
  it("lists the simulated family and tests each model with one judge call", async () => {
    const result = await run("models", "--test", "--json");
    expect(result.code).toBe(0);
    const { models } = JSON.parse(result.out) as { models: { label: string; server: string; check: { ok: boolean; message: string } }[] };
    expect(models.map((model) => model.label)).toEqual(["sim-large", "sim-mid", "sim-small"]);
    for (const model of models.slice(0, 2)) expect(model.check).toMatchObject({ ok: true, message: expect.stringMatching(/^Connected: attune-sim-/) });
    expect(models[0]!.server).toBe("built-in simulated model");
  });
});

describe("attune optimize", () => {
  it("prints one JSON object that says why the run ended and what each iteration did", async () => {
    const result = await run("optimize", "--dataset", "Support replies", "--budget", "120", "--seed", "2", "--json");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as {
      status: string;
      stopReason: string;
      stopDetail: string;
      metricCallsUsed: number;
      outcomes: Record<string, number>;
      log: { outcome: string; reason: string }[];
      notices: string[];
    };
    // The demo's 64 val examples are more than a budget of 120 leaves room for.
    expect(summary).toMatchObject({ status: "done", stopReason: "budget", notices: [expect.stringMatching(/^the run uses a seeded sample of 48 of the dataset's 64 val examples/)] });
    expect(summary.metricCallsUsed).toBeLessThanOrEqual(120);
    expect(summary.stopDetail).toMatch(/budget of 120 metric calls/);
    expect(Object.values(summary.outcomes).reduce((a, b) => a + b, 0)).toBe(summary.log.length);
    for (const entry of summary.log) expect(entry.reason.length).toBeGreaterThan(10);
  });

  it("exits non-zero and quotes the provider when the reflection model never gives an instruction", async () => {
    const { runOptimize } = await import("./optimize-command");
    const { envSchema } = await import("@/lib/env");
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text) };
    const failure = await runOptimize(getDb(), envSchema.parse({ ATTUNE_REFLECTION_MODEL: "attune-sim-overthinking" }), ["--dataset", "Support replies", "--budget", "150", "--json"], io).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: "provider_unavailable" });
    expect(String((failure as Error).message)).toMatch(/failed: The reflection model gave no usable instruction 3 times in a row; the last time: the answer was cut off at the token limit/);
    expect(JSON.parse(out[0]!)).toMatchObject({ status: "failed", stopReason: "reflection_failed" });
  });
});

describe("attune eval on a judge model whose answers cannot be read", () => {
  it("exits non-zero, saying the NMSE is no measurement, unless --allow-errors", async () => {
    const { runEval } = await import("./eval-command");
    const env = envSchema.parse({ ATTUNE_JUDGE_MODEL: "attune-sim-overthinking" });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text) };
    expect(await runEval(getDb(), env, ["--dataset", "Support replies", "--split", "val"], io)).toBe(1);
    // The text says why in place of an NMSE; no figure of 100 is printed as if it were one.
    expect(out.join("\n")).toMatch(/^ {2}no NMSE: The judge model gave no readable answer on any of the \d+ examples, even when asked again /m);
    expect(out.join("\n")).not.toMatch(/NMSE 100/);
    expect(err).toEqual(["Pass --allow-errors to accept the result anyway."]);
    out.length = 0;
    err.length = 0;
    expect(await runEval(getDb(), env, ["--dataset", "Support replies", "--split", "val", "--json"], io)).toBe(1);
    expect(err.join("\n")).toMatch(/^The judge model gave no readable answer .* Pass --allow-errors to accept the result anyway\.$/);
    out.length = 0;
    expect(await runEval(getDb(), env, ["--dataset", "Support replies", "--split", "val", "--allow-errors", "--json"], io)).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ status: "done", measured: false, nmse: null, malformedRate: 1, problem: expect.stringMatching(/^The judge model gave no readable answer/) });
  });

  it("gives an interrupted evaluation back: a new one is refused with how to go on, and it resumes to the end or is cancelled", async () => {
    const { runEval } = await import("./eval-command");
    const { EventEmitter } = await import("node:events");
    const signals = new EventEmitter();
    const env = envSchema.parse({ ATTUNE_SIM_LATENCY_MS: "30", ATTUNE_CONCURRENCY: "2" });
    const err: string[] = [];
    const io = { out: () => {}, err: (text: string) => err.push(text), signals };
    const running = runEval(getDb(), env, ["--dataset", "Support replies", "--split", "all"], io);
    await until(() => err.some((line) => /judged [1-9]/.test(line)), "a judgment");
    signals.emit("SIGINT");
    expect(await running).toBe(130);
    const runId = Number(err.find((line) => line.startsWith("Interrupted."))!.match(/Evaluation #(\d+) stays unfinished/)![1]);
    expect(err.at(-1)).toBe(`Interrupted. Evaluation #${runId} stays unfinished: continue it with \`attune eval --resume ${runId}\`, or cancel it with \`attune cancel ${runId} --eval\`.`);
    expect(signals.listenerCount("SIGINT")).toBe(0);

    const refused = await run("eval", "--dataset", "Support replies");
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining(`continue it with \`attune eval --resume ${runId}\``) });
    expect(await run("eval", "--resume", String(runId), "--split", "test")).toMatchObject({ code: 2, err: expect.stringContaining("leave out --dataset, --prompt and --split") });
    const resumed = await run("eval", "--resume", String(runId), "--json");
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.out)).toMatchObject({ runId, split: "all", status: "done", measured: true });
    expect(await run("eval", "--resume", String(runId))).toMatchObject({ code: 1, err: `attune: Evaluation #${runId} has ended (done); there is nothing to resume.` });
    expect(await run("cancel", String(runId), "--eval")).toMatchObject({ code: 1, err: expect.stringContaining("only a running one can be cancelled") });
  });

  it("compares models: a model that cannot be reached gets a row saying why, no figures, and a non-zero exit", async () => {
    const { runCompare } = await import("./compare-command");
    const models = [
      { label: "mid", baseURL: null, model: "attune-sim-judge", inputPricePerMTok: 0.5, outputPricePerMTok: 1.5 },
      { label: "gone", baseURL: "http://127.0.0.1:59999/v1", model: "m" },
    ];
    const env = envSchema.parse({ ATTUNE_MODELS: JSON.stringify(models), ATTUNE_MAX_RETRIES: "0" });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text) };
    expect(await runCompare(getDb(), env, ["--dataset", "Support replies", "--models", "mid,gone"], io)).toBe(1);
    expect(out.find((line) => line.trim().startsWith("mid"))).toMatch(/^ {2}mid +\d+\.\d\d /);
    expect(out.find((line) => line.trim().startsWith("gone"))).toMatch(/^ {2}gone +failed: Cannot reach the model provider at http:\/\/127\.0\.0\.1:59999\/v1/);
    expect(err.at(-1)).toBe("gone: not a measurement; see its row");
  });
});
