import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/db/client";
import { generateBullets, reviewBullets } from "@/db/queries/feedback";
import { createEvalRun } from "@/db/queries/evaluations";
import { findOrCreateLabeler } from "@/db/queries/labelers";
import { createOptimizerRun, getOptimizerRun, reopenOptimizerRun, runCandidates, runIterations } from "@/db/queries/optimizer";
import { evalRuns, examples, feedbackBullets, labels, optimizerRuns } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { envSchema } from "@/lib/env";
import { runEvaluation } from "@/lib/judge/evaluate";
import type { ChatRequest, LlmClient } from "@/lib/llm/client";
import { createModelRuntime, type ModelRuntime } from "@/lib/llm/runtime";
import { runOptimizer } from "./runner";
import { recordingReflections, setupSupportRun, testConfig } from "./test-support";
import { judgeMinibatch, passesScreening } from "./strategies/acceptance";
import { MERGE_PROBE_SIZE, minimumBudgetFor, screeningSize } from "./strategies/eval-policy";
import type { AppError } from "@/lib/errors";

let runtime: ModelRuntime;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-optimizer-test-"));
beforeAll(async () => {
  runtime = await createModelRuntime(createTestDb(), envSchema.parse({}));
});
afterAll(async () => {
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const config = (budget: number) => testConfig({ budget, seed: 3, evidenceSize: 24 });

const recordingClient = (reflections: ChatRequest[] = [], failAfterCalls = Infinity) => recordingReflections(runtime.client, reflections, failAfterCalls);

const setup = (db: Db, budget: number) => setupSupportRun(db, { budget, seed: 3, evidenceSize: 24 });

describe("runOptimizer", () => {
  it("lowers val and test NMSE within its budget, counting every judge call and keeping only children that win their minibatch and screening", async () => {
    const db = createTestDb();
    const reflections: ChatRequest[] = [];
    const { run } = setup(db, 300);
    const done = await runOptimizer(db, run.id, { client: recordingClient(reflections) });
    expect(done.status).toBe("done");
    expect(done.valNmseAfter!).toBeLessThan(done.valNmseBefore!);
    expect(done.testNmseAfter!).toBeLessThan(done.testNmseBefore!);
    expect(done.metricCallsUsed).toBeLessThanOrEqual(300);
    expect(done.reflectionCalls).toBe(reflections.length);
    expect(done.stopReason).toBe("budget");
    expect(done.stopDetail).toMatch(/budget of 300 metric calls/);

    const iterations = runIterations(db, run.id);
    const screenSize = screeningSize(run.valIds.length);
    let calls = run.valIds.length;
    for (const iteration of iterations) {
      const spent = iteration.metricCallsUsed - calls;
      if (iteration.kind === "reflection") {
        // Parent and child on the minibatch, then the screening part of val for a child that won it; cache hits count too.
        // A tie on both the minibatch and the screening goes on to the next part of val, with the parent when it was not scored there.
        expect(spent).toBe(
          iteration.minibatch.length * (iteration.childScores ? 2 : 1) +
            (iteration.screen ? screenSize - (iteration.screen.cut ?? 0) + (iteration.screen.extended ?? 0) - (iteration.screen.reused ?? 0) + (iteration.screen.parentJudged ?? 0) : 0),
        );
        if (iteration.screen?.extended) expect(iteration.screen.extended).toBeLessThanOrEqual(screenSize);
        const verdict = iteration.childScores
          ? judgeMinibatch({ scores: iteration.parentScores, judgments: iteration.parentJudgments }, { scores: iteration.childScores, judgments: iteration.childJudgments! })
          : null;
        // Won the minibatch, or tied it and then had to do strictly better on the screening part of val.
        if (iteration.outcome === "accepted") expect(verdict!.accepted || (verdict!.tied && passesScreening(iteration.screen!.child, iteration.screen!.parent, true))).toBe(true);
        if (iteration.outcome === "screened_out") expect(verdict!.accepted).toBe(true);
        if (iteration.outcome === "rejected") expect(verdict!.accepted).toBe(false);
        if (iteration.outcome === "all_perfect") expect(iteration.parentScores.every((score) => score === 1)).toBe(true);
      } else expect(spent).toBeLessThanOrEqual(MERGE_PROBE_SIZE + screenSize);
      if (iteration.outcome === "accepted") expect(passesScreening(iteration.screen!.child, iteration.screen!.parent)).toBe(true);
      if (iteration.outcome === "screened_out") expect(passesScreening(iteration.screen!.child, iteration.screen!.parent)).toBe(false);
      calls = iteration.metricCallsUsed;
    }
    expect(done.metricCallsUsed).toBe(calls + done.finalSelection!.metricCalls);
    expect(done.accepted).toBe(iterations.filter((iteration) => iteration.outcome === "accepted").length);
    expect(runCandidates(db, run.id).length).toBeGreaterThanOrEqual(done.accepted + 1);
    expect(done.bestPromptId).not.toBeNull();
  });

  it("shows the reflection train examples beyond the minibatch, and never a val or test one", async () => {
    const db = createTestDb();
    const reflections: ChatRequest[] = [];
    const { run } = setup(db, 300);
    await runOptimizer(db, run.id, { client: recordingClient(reflections) });
    const replies = (ids: number[]) =>
      db
        .select({ inputs: examples.inputs, id: examples.id })
        .from(examples)
        .all()
        .filter((example) => ids.includes(example.id))
        .map((example) => example.inputs.agent_reply!);
    const sent = reflections.map((request) => request.messages.map((message) => message.content).join("\n")).join("\n");
    expect(reflections.length).toBeGreaterThan(0);
    for (const reply of replies([...run.valIds, ...run.testIds])) expect(sent).not.toContain(`### agent_reply\n${reply}\n`);
    expect(sent).toContain("Rules for the new instruction");
    // The first reflection sees its 3 minibatch examples and 24 more with the humans' scores and rationales.
    const first = reflections[0]!.messages[1]!.content;
    expect(first.match(/<example index=/g)!.length).toBeGreaterThan(3);
    expect(first).toContain("<human_feedback>");
    const shown = replies(run.trainIds).filter((reply) => first.includes(`### agent_reply\n${reply}\n`));
    expect(shown.length).toBeGreaterThan(3);
  });

  it("shows the reflection train examples with the humans' scores alone when nobody wrote a rationale", async () => {
    const db = createTestDb();
    const reflections: ChatRequest[] = [];
    const { run } = setup(db, 120);
    db.update(labels).set({ rationale: "" }).run();
    await runOptimizer(db, run.id, { client: recordingClient(reflections) });
    const first = reflections[0]!.messages[1]!.content;
    expect(first).not.toContain("Human rationale");
    // The minibatch of 3, then the evidence examples with a score line each.
    expect(first.match(/<human_feedback>\nhumans \d\.\d\n<\/human_feedback>/g)?.length ?? 0).toBeGreaterThanOrEqual(20);
  });

  it("counts an example too long for the judge model's context window as unreadable instead of stopping the run", async () => {
    const db = createTestDb();
    const { run } = setupSupportRun(db, { budget: 150, seed: 3, judgeModel: "attune-sim-short-context" });
    const [long] = db.select().from(examples).where(eq(examples.id, run.valIds[0]!)).all();
    db.update(examples)
      .set({ inputs: { ...long!.inputs, agent_reply: "We are looking into it. ".repeat(2000) } })
      .where(eq(examples.id, long!.id))
      .run();
    const done = await runOptimizer(db, run.id, { client: recordingClient() });
    expect(done.status).toBe("done");
    expect(done.notices).toContain(
      "some examples do not fit the judge model's context window: the optimizer's comparisons leave them out, and reported NMSE counts each as the largest error, as evaluations do",
    );
    const seed = runCandidates(db, run.id).find((candidate) => candidate.index === 0)!;
    expect(seed.valScores[0]).toBe(0);
    expect(seed.valScores.filter((score) => score === 0)).toHaveLength(1);
  });

  it("fails, quoting the provider, when most of val does not fit the judge model's context window", async () => {
    const db = createTestDb();
    const { run } = setupSupportRun(db, { budget: 150, seed: 3, judgeModel: "attune-sim-short-context" });
    for (const id of run.valIds.slice(0, Math.ceil(run.valIds.length * 0.6))) {
      const [example] = db.select().from(examples).where(eq(examples.id, id)).all();
      db.update(examples)
        .set({ inputs: { ...example!.inputs, agent_reply: "We are looking into it. ".repeat(2000) } })
        .where(eq(examples.id, id))
        .run();
    }
    const done = await runOptimizer(db, run.id, { client: recordingClient() });
    expect(done.status).toBe("failed");
    expect(done.stopDetail).toMatch(/^\d+ of \d+ val examples do not fit the judge model's context window.*maximum context length is 8192 tokens/);
    expect(done.bestPromptId).toBeNull();
  });

  it("leaves examples whose feedback a reviewer rejected out of the reflection prompt", async () => {
    const db = createTestDb();
    const reflections: ChatRequest[] = [];
    const { datasetId, run } = setup(db, 300);
    const evaluation = createEvalRun(db, { datasetId, promptId: run.seedPromptId, split: "train", model: "attune-sim-judge", concurrency: 8 });
    await runEvaluation(db, evaluation.id, { client: runtime.client });
    generateBullets(db, evaluation.id);
    const reviewer = findOrCreateLabeler(db, "reviewer");
    const bullets = db.select().from(feedbackBullets).where(eq(feedbackBullets.runId, evaluation.id)).all();
    reviewBullets(db, { datasetId, ids: bullets.map((bullet) => bullet.id), status: "rejected", reviewerId: reviewer.id });
    await runOptimizer(db, run.id, { client: recordingClient(reflections) });
    const rejectedReplies = db
      .select()
      .from(examples)
      .all()
      .filter((example) => bullets.some((bullet) => bullet.exampleId === example.id))
      .map((example) => example.inputs.agent_reply!);
    const sent = reflections.map((request) => request.messages[1]!.content).join("\n");
    for (const reply of rejectedReplies) expect(sent).not.toContain(reply);
  });

  it("resumes after a crash from its last committed iteration with the same sampling", async () => {
    const reference = createTestDb();
    const { run: referenceRun } = setup(reference, 300);
    await runOptimizer(reference, referenceRun.id, { client: recordingClient() });

    const file = path.join(dir, "crash.db");
    const db = openDb(file);
    const { run } = setup(db, 300);
    // The "process" dies part-way through, in the middle of an iteration.
    await runOptimizer(db, run.id, { client: recordingClient([], 2 * run.valIds.length + 40) }).catch(() => undefined);
    const committed = runIterations(db, run.id).length;
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(runIterations(reference, referenceRun.id).length);
    // As after kill -9: the row still says running. A new process opens the file and resumes it.
    db.update(optimizerRuns).set({ status: "running", error: null, finishedAt: null }).where(eq(optimizerRuns.id, run.id)).run();
    db.$client.close();
    const reopened = openDb(file);
    reopenOptimizerRun(reopened, run.id, undefined, () => false);
    const resumed = await runOptimizer(reopened, run.id, { client: recordingClient() });

    const strip = (rows: ReturnType<typeof runIterations>) => rows.map(({ id: _id, runId: _runId, createdAt: _createdAt, ...rest }) => rest);
    expect(strip(runIterations(reopened, run.id))).toEqual(strip(runIterations(reference, referenceRun.id)));
    const final = getOptimizerRun(reference, referenceRun.id);
    expect(resumed).toMatchObject({ status: "done", metricCallsUsed: final.metricCallsUsed, valNmseAfter: final.valNmseAfter, testNmseAfter: final.testNmseAfter });
  });

  it("finishes through 429s, 500s and hangs with the same result as without them", async () => {
    const faulty = await createModelRuntime(
      createTestDb(),
      envSchema.parse({ ATTUNE_SIM_RATE_429: "0.10", ATTUNE_SIM_RATE_500: "0.05", ATTUNE_SIM_RATE_HANG: "0.02", ATTUNE_TIMEOUT_MS: "250", ATTUNE_MAX_RETRIES: "8" }),
    );
    try {
      const clean = createTestDb();
      const { run: cleanRun } = setup(clean, 300);
      const expected = await runOptimizer(clean, cleanRun.id, { client: recordingClient() });
      const db = createTestDb();
      const { run } = setup(db, 300);
      const done = await runOptimizer(db, run.id, { client: faulty.client });
      expect(done.status).toBe("done");
      const pick = (value: typeof done) => ({
        valNmseAfter: value.valNmseAfter,
        testNmseAfter: value.testNmseAfter,
        iterations: value.iterations,
        accepted: value.accepted,
        metricCallsUsed: value.metricCallsUsed,
        rejectedByGuardrails: value.rejectedByGuardrails,
      });
      expect(pick(done)).toEqual(pick(expected));
    } finally {
      await faulty.close();
    }
  });

  it("asks the judge again for an unreadable answer, within the same metric call, and counts the re-asks", async () => {
    const breaking = await createModelRuntime(createTestDb(), envSchema.parse({ ATTUNE_SIM_RATE_MALFORMED: "0.1" }));
    try {
      const db = createTestDb();
      const { run } = setup(db, 150);
      // Re-asks of the search and the final choice, told from those of test scoring by the example they are about.
      const testTexts = db
        .select({ id: examples.id, inputs: examples.inputs })
        .from(examples)
        .all()
        .filter((row) => run.testIds.includes(row.id))
        .map((row) => Object.values(row.inputs).join("\n"));
      let reasks = 0;
      const client: LlmClient = {
        modeFor: breaking.client.modeFor,
        noticesFor: breaking.client.noticesFor,
        chat(request, options) {
          const user = request.messages[1]!.content;
          const onTest = testTexts.some((text) => text.split("\n").every((value) => user.includes(value)));
          if (request.output.name === "judgment" && request.messages.at(-1)!.content.startsWith("Your answer could not be read") && !onTest) reasks++;
          return breaking.client.chat(request, options);
        },
      };
      const done = await runOptimizer(db, run.id, { client });
      expect(done.status).toBe("done");
      expect(done.metricCallsUsed).toBeLessThanOrEqual(150);
      expect(done.judgeReasks).toBeGreaterThan(0);
      // The rest on train and val were asked by the val evaluation of the final version, which counts its own.
      const [valEvaluation] = db
        .select({ reasked: evalRuns.reasked, split: evalRuns.split })
        .from(evalRuns)
        .all()
        .filter((row) => row.split === "val");
      expect(done.judgeReasks + (valEvaluation?.reasked ?? 0)).toBe(reasks);
    } finally {
      await breaking.close();
    }
  });

  it("refuses a second active run on the same dataset and a budget too small for one iteration", () => {
    const db = createTestDb();
    const { datasetId, run } = setup(db, 300);
    expect(() => createOptimizerRun(db, { datasetId, seedPromptId: run.seedPromptId, config: config(300) })).toThrow(/still running/);
    db.update(optimizerRuns).set({ status: "cancelled" }).run();
    expect(() => createOptimizerRun(db, { datasetId, seedPromptId: run.seedPromptId, config: config(10) })).toThrow(/cannot cover/);
    // With a large minibatch the sample the budget allows still does not fit; the hint is a budget that does.
    const refusal = (() => {
      try {
        createOptimizerRun(db, { datasetId, seedPromptId: run.seedPromptId, config: { ...config(40), minibatchSize: 20 } });
      } catch (error) {
        return error as AppError;
      }
    })();
    expect(refusal?.message).toMatch(/cannot cover the seed's val evaluation \(20, a seeded sample of the split's 64\) and one iteration with its screening \(45\)/);
    const hint = Number(/at least (\d+)/.exec(refusal!.issues![0]!.message)![1]);
    expect(hint).toBe(minimumBudgetFor(64, 20));
    const accepted = createOptimizerRun(db, { datasetId, seedPromptId: run.seedPromptId, config: { ...config(hint), minibatchSize: 20 } });
    expect(accepted.config.budget).toBe(hint);
  });
});
