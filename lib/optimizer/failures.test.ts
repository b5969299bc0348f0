import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvalRun } from "@/db/queries/evaluations";
import { generateBullets, reviewBullets } from "@/db/queries/feedback";
import { findOrCreateLabeler } from "@/db/queries/labelers";
import { getOptimizerRun, reopenOptimizerRun, runCandidates, runIterations } from "@/db/queries/optimizer";
import { currentPrompt } from "@/db/queries/prompts";
import { feedbackBullets } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { envSchema } from "@/lib/env";
import { runEvaluation } from "@/lib/judge/evaluate";
import type { ChatRequest, ChatResult, LlmClient } from "@/lib/llm/client";
import { ProviderError } from "@/lib/llm/client";
import { createModelRuntime, type ModelRuntime } from "@/lib/llm/runtime";
import { supportWorld } from "@/lib/llm/sim/worlds/support";
import { iterationReason } from "./iteration-summary";
import { runOptimizer } from "./runner";
import { optimizerRunView } from "./run-view";
import { finalSelectionReserve, MIN_SCREENING, screeningSize, valSampleNotice } from "./strategies/eval-policy";
import { answer, reflectionStub, setupSupportRun } from "./test-support";

let runtime: ModelRuntime;
beforeAll(async () => {
  runtime = await createModelRuntime(createTestDb(), envSchema.parse({}));
});
afterAll(() => runtime.close());

const setup = setupSupportRun;

const withReflection = (reflect: (request: ChatRequest) => ChatResult | Promise<ChatResult>, seen: ChatRequest[] = []) => reflectionStub(runtime.client, reflect, seen);

describe("a run that achieves nothing says so", () => {
  it.each([
    ["an empty object, as a server answers a schema it cannot follow", answer("{}"), /answered "\{\}", with no "instruction" string/],
    ["an empty message", answer(""), /empty message/],
    ["an answer cut off at the token limit", answer('{"instruction": "You are an exp', "length"), /cut off at the token limit/],
    ["a refusal", { ...answer(""), refusal: "I can't help with that." }, /the model refused: I can't help with that/],
  ])("ends failed, quoting the provider, when the reflection gives %s three times in a row", async (_what, reply, quoted) => {
    const db = createTestDb();
    const { run } = setup(db);
    const done = await runOptimizer(db, run.id, { client: withReflection(() => reply) });
    expect(done.status).toBe("failed");
    expect(done.stopReason).toBe("reflection_failed");
    expect(done.stopDetail).toMatch(/no usable instruction 3 times in a row/);
    expect(done.stopDetail).toMatch(quoted);
    const iterations = runIterations(db, run.id);
    expect(iterations.map((iteration) => iteration.outcome)).toEqual(["reflection_failed", "reflection_failed", "reflection_failed"]);
    for (const iteration of iterations) expect(iteration.failure).toMatch(quoted);
    // Each iteration asked once more, with fewer examples, before it counted as a failure.
    for (const iteration of iterations) expect(iteration.failure).toMatch(/; asked again with fewer examples: /);
    expect(done.reflectionCalls).toBe(6);
    expect(done.bestPromptId).toBeNull();
  });

  it("does not ask again when the prompt showed fewer than two train examples: half of them is the same prompt", async () => {
    const db = createTestDb();
    const { run } = setup(db, { evidenceSize: 0 });
    const done = await runOptimizer(db, run.id, { client: withReflection(() => answer("{}")) });
    expect(done.status).toBe("failed");
    expect(done.reflectionCalls).toBe(3);
    for (const iteration of runIterations(db, run.id)) expect(iteration.failure).not.toMatch(/asked again/);
  });

  it("asks a reflection that was cut off once more, with half the examples, and goes on with its answer", async () => {
    const db = createTestDb();
    const { run } = setup(db, { budget: 150, evidenceSize: 40 });
    const seen: ChatRequest[] = [];
    const examplesIn = (request: ChatRequest) => request.messages[1]!.content.match(/<example index=/g)!.length;
    // Every first ask is cut off; the second, with fewer examples, answers.
    const client = withReflection(
      (request) =>
        seen.length % 2 === 1
          ? answer('{"instruction": "You are an exp', "length")
          : answer(
              JSON.stringify({
                instruction: `${request.messages[1]!.content.match(/<current_instruction>\n([\s\S]*?)\n<\/current_instruction>/)?.[1] ?? ""}\nAny reply that asks for a password scores 1.`,
              }),
            ),
      seen,
    );
    const done = await runOptimizer(db, run.id, { client });
    expect(done.status).toBe("done");
    const iterations = runIterations(db, run.id);
    expect(iterations.some((iteration) => iteration.outcome === "reflection_failed")).toBe(false);
    expect(iterations.filter((iteration) => iteration.proposal !== null).length).toBeGreaterThan(0);
    expect(examplesIn(seen[1]!)).toBeLessThan(examplesIn(seen[0]!));
    expect(done.reflectionCalls).toBe(seen.length);
  });

  it("ends failed, not done, when every proposal breaks a guardrail", async () => {
    const db = createTestDb();
    const { run } = setup(db, { budget: 120 });
    const done = await runOptimizer(db, run.id, { client: withReflection(() => answer(JSON.stringify({ instruction: "Rate the reply from 1 to 10." }))) });
    expect(done.status).toBe("failed");
    expect(done.stopReason).toBe("no_proposals");
    expect(done.stopDetail).toMatch(/No proposal could be tried on an example/);
    expect(done.rejectedByGuardrails.scale).toBeGreaterThan(0);
    // Each iteration asked again after its first refused proposal: the run page counts proposals, not iterations.
    const view = optimizerRunView(db, run.id);
    expect(view.outcomes.guardrail).toBeGreaterThan(0);
    expect(view.summary.refusedProposals).toBe(2 * view.outcomes.guardrail);
  });

  it("ends failed, not done with an NMSE of 100, when neither the seed nor anything the search tried got a readable answer, and stops searching", async () => {
    const db = createTestDb();
    const { run } = setup(db, { budget: 400, judgeModel: "attune-sim-overthinking" });
    const done = await runOptimizer(db, run.id, { client: runtime.client });
    expect(done).toMatchObject({ status: "failed", stopReason: "provider_failed", bestPromptId: null, testNmseAfter: null });
    const iterations = runIterations(db, run.id);
    expect(done.stopDetail).toMatch(
      new RegExp(
        `^The judge model gave no readable answer on any of the ${run.valIds.length} val examples with the seed instruction or any instruction the search tried, even when asked again \\(the first: the answer was cut off at the token limit.* The search stopped after ${iterations.length} iterations, as the last 3 proposals judged got none either\\.$`,
      ),
    );
    expect(done.error).toBe(done.stopDetail);
    // The search ran (an instruction could have fixed the answers' format), then stopped well short of the budget.
    expect(iterations.filter((iteration) => iteration.childScores !== null)).toHaveLength(3);
    expect(done.metricCallsUsed).toBeLessThan(200);
  });

  it("says what was wrong with the answers when a resumed run ends with none readable", async () => {
    const db = createTestDb();
    const { run } = setup(db, { budget: 400, judgeModel: "attune-sim-overthinking" });
    let judgeCalls = 0;
    const flaky: LlmClient = {
      modeFor: runtime.client.modeFor,
      noticesFor: runtime.client.noticesFor,
      async chat(request, options) {
        // The provider fails once the seed and the first iteration are committed.
        if (request.model === "attune-sim-overthinking" && ++judgeCalls === 2 * run.valIds.length + 100)
          throw new ProviderError("The provider answered 500 Internal Server Error after 5 retries.", "server", 5);
        return runtime.client.chat(request, options);
      },
    };
    expect(await runOptimizer(db, run.id, { client: flaky })).toMatchObject({ status: "failed", stopDetail: expect.stringMatching(/^Stopped on a provider error/) });
    expect(runIterations(db, run.id).length).toBeGreaterThan(0);
    reopenOptimizerRun(db, run.id, undefined, () => false);
    const resumed = await runOptimizer(db, run.id, { client: runtime.client });
    expect(resumed).toMatchObject({ status: "failed", stopReason: "provider_failed" });
    expect(resumed.stopDetail).toMatch(/no readable answer on any of the \d+ val examples .*, even when asked again \(the first: the answer was cut off at the token limit/);
  });

  it("leaves out of an adaptation's comparison a reference model that gave no readable answer on test, saying why", async () => {
    const db = createTestDb();
    const { run } = setup(db, { budget: 150, adapted: true, judgeModel: "attune-sim-small", reference: { label: null, model: "attune-sim-overthinking" } });
    const done = await runOptimizer(db, run.id, { client: runtime.client, referenceClient: runtime.client });
    expect(done.status).toBe("done");
    expect(done.adaptation).toMatchObject({ before: { model: "attune-sim-small" }, reference: null });
    expect(done.adaptation!.referenceProblem).toMatch(
      new RegExp(`^attune-sim-overthinking: The judge model gave no readable answer on any of the ${run.testIds.length} test examples, even when asked again \\(the first: the answer was cut off`),
    );
  });

  it("ends failed when the provider goes down mid-run, with its message", async () => {
    const db = createTestDb();
    const { run } = setup(db);
    let calls = 0;
    const client: LlmClient = {
      modeFor: runtime.client.modeFor,
      noticesFor: runtime.client.noticesFor,
      async chat(request, options) {
        if (++calls > 80) throw new ProviderError("Cannot reach the model provider at http://10.0.0.9/v1: connect ECONNREFUSED.", "unreachable", 2);
        return runtime.client.chat(request, options);
      },
    };
    const done = await runOptimizer(db, run.id, { client });
    expect(done).toMatchObject({ status: "failed", stopReason: "provider_failed" });
    expect(done.error).toMatch(/Cannot reach the model provider/);
  });

  it("pauses on one judge call that fails after its retries instead of scoring it, and resumes from there", async () => {
    const db = createTestDb();
    const { run } = setup(db, { budget: 300 });
    let judgeCalls = 0;
    const flaky: LlmClient = {
      modeFor: runtime.client.modeFor,
      noticesFor: runtime.client.noticesFor,
      async chat(request, options) {
        // One judge call in the middle of the run fails for good (a 500 after every retry).
        if (request.model === "attune-sim-judge" && ++judgeCalls === 150) throw new ProviderError("The provider answered 500 Internal Server Error after 5 retries.", "server", 5);
        return runtime.client.chat(request, options);
      },
    };
    const paused = await runOptimizer(db, run.id, { client: flaky });
    const committed = runIterations(db, run.id);
    expect(paused).toMatchObject({ status: "failed", stopReason: "provider_failed" });
    expect(paused.stopDetail).toMatch(
      new RegExp(`^Stopped on a provider error after ${committed.length} committed iterations: The judge model failed on 1 of \\d+ calls even after retries: .*500.* Resume the run`),
    );
    expect(committed.length).toBeGreaterThan(0);

    reopenOptimizerRun(db, run.id, undefined, () => false);
    const resumed = await runOptimizer(db, run.id, { client: runtime.client });
    expect(resumed.status).toBe("done");
    expect(runIterations(db, run.id).slice(0, committed.length)).toEqual(committed);
  });

  it("says once on the run what the provider refused and how the client adapted", async () => {
    const db = createTestDb();
    const { run } = setup(db, { judgeModel: "attune-sim-no-schema", reflectionModel: "attune-sim-no-schema", budget: 120 });
    const fresh = await createModelRuntime(createTestDb(), envSchema.parse({}));
    try {
      const done = await runOptimizer(db, run.id, { client: fresh.client });
      expect(done.notices).toEqual([valSampleNotice(run.valIds.length, 64, 120), expect.stringMatching(/^attune-sim-no-schema: this provider refused strict JSON schema; using JSON mode/)]);
    } finally {
      await fresh.close();
    }
  });
});

describe("what reaches the reflection model", () => {
  it("never includes a reviewer's rule written on a val or test bullet", async () => {
    const db = createTestDb();
    const { datasetId, run } = setup(db, { budget: 150 });
    const reviewer = findOrCreateLabeler(db, "reviewer");
    for (const split of ["train", "test"] as const) {
      const evaluation = createEvalRun(db, { datasetId, promptId: run.seedPromptId, split, model: "attune-sim-judge", concurrency: 8 });
      await runEvaluation(db, evaluation.id, { client: runtime.client });
      generateBullets(db, evaluation.id);
      const bullet = db.select().from(feedbackBullets).where(eq(feedbackBullets.runId, evaluation.id)).get()!;
      reviewBullets(db, { datasetId, ids: [bullet.id], status: "accepted", reviewerId: reviewer.id });
      db.update(feedbackBullets)
        .set({ rule: `Rule from a ${split} bullet.` })
        .where(eq(feedbackBullets.id, bullet.id))
        .run();
    }
    const seen: ChatRequest[] = [];
    await runOptimizer(db, run.id, { client: withReflection((request) => runtime.client.chat(request), seen) });
    const sent = seen.map((request) => request.messages.map((message) => message.content).join("\n")).join("\n");
    expect(sent).toContain("Rule from a train bullet.");
    expect(sent).not.toContain("Rule from a test bullet.");
  });
});

describe("screening", () => {
  it("judges the next part of val when a child ties its parent on both the minibatch and the screening part, and counts those calls", async () => {
    const db = createTestDb();
    const { datasetId, run } = setup(db, { budget: 400, merge: false });
    const seed = currentPrompt(db, datasetId, "attune-sim-judge").instruction;
    // A line the simulated judge does not act on: the child scores as its parent does wherever both answers are readable.
    const reflect = () => answer(JSON.stringify({ instruction: `${seed}\nRead the whole reply before you score it.` }));
    await runOptimizer(db, run.id, { client: withReflection(reflect) });
    const screenSize = screeningSize(run.valIds.length);
    const tried = runIterations(db, run.id).filter((iteration) => iteration.screen !== null);
    expect(tried.length).toBeGreaterThan(0);
    expect(tried.every((iteration) => iteration.outcome === "rejected")).toBe(true);
    // Every tie went on to the next part of val, but where that part would have passed the budget.
    const extended = tried.filter((iteration) => iteration.screen!.extended === screenSize);
    expect(extended.length).toBeGreaterThanOrEqual(tried.length - 1);
    for (const iteration of extended) expect(iteration.screen!.positions.length).toBeGreaterThan(screenSize);
    let calls = run.valIds.length;
    for (const iteration of runIterations(db, run.id)) {
      if (iteration.screen)
        expect(iteration.metricCallsUsed - calls).toBe(
          2 * iteration.minibatch.length + screenSize - (iteration.screen.cut ?? 0) + (iteration.screen.extended ?? 0) - (iteration.screen.reused ?? 0) + (iteration.screen.parentJudged ?? 0),
        );
      calls = iteration.metricCallsUsed;
    }
  });

  it("screens a child on as much of the screening part as the budget leaves beside the calls kept for the final choice", async () => {
    const db = createTestDb();
    const budget = 100;
    const { datasetId, run } = setup(db, { budget, merge: false });
    const seed = currentPrompt(db, datasetId, "attune-sim-judge").instruction;
    const ideal = [seed, ...supportWorld.criteria.map((criterion) => criterion.statement)].join("\n");
    let proposals = 0;
    // First every criterion the humans apply, then a line the judge does not act on.
    const reflect = () => answer(JSON.stringify({ instruction: ++proposals === 1 ? ideal : `${ideal}\nRead the whole reply before you score it (${proposals}).` }));
    await runOptimizer(db, run.id, { client: withReflection(reflect) });
    const screenSize = screeningSize(run.valIds.length);
    const reserve = finalSelectionReserve(budget, run.valIds.length, 3);
    const [accepted, cutShort, ...rest] = runIterations(db, run.id);
    expect(rest).toEqual([]);
    expect(accepted).toMatchObject({ outcome: "accepted", metricCallsUsed: run.valIds.length + 6 + screenSize });
    // After its minibatch, what is left beside the reserve is fewer than the part, and enough to tell.
    const left = budget - reserve - (accepted!.metricCallsUsed + 6);
    expect(left).toBeGreaterThanOrEqual(MIN_SCREENING);
    expect(left).toBeLessThan(screenSize);
    expect(cutShort).toMatchObject({ parentIndex: 1, outcome: "rejected", screen: { cut: screenSize - left }, metricCallsUsed: budget - reserve });
    expect(cutShort!.screen!.positions.length).toBeLessThanOrEqual(left);
    expect(iterationReason(cutShort!)).toContain(`the budget leaving ${screenSize - left} of the screening part out`);
    // The tie could not be settled without leaving the final choice less than a part: the calls kept for it stay kept.
    expect(cutShort!.screen!.extended).toBeUndefined();
    expect(getOptimizerRun(db, run.id)).toMatchObject({ status: "done", metricCallsUsed: budget, finalSelection: { metricCalls: reserve } });
  });

  it("settles a tie with a parent scored on the screening part alone by judging both on the next part, from the calls kept for the final choice if need be", async () => {
    const db = createTestDb();
    const budget = 150;
    const { datasetId, run } = setup(db, { budget, merge: false });
    const seed = currentPrompt(db, datasetId, "attune-sim-judge").instruction;
    const ideal = [seed, ...supportWorld.criteria.map((criterion) => criterion.statement)].join("\n");
    let proposals = 0;
    // First every criterion the humans apply, then a line the judge does not act on.
    const reflect = () => answer(JSON.stringify({ instruction: ++proposals === 1 ? ideal : `${ideal}\nRead the whole reply before you score it (${proposals}).` }));
    await runOptimizer(db, run.id, { client: withReflection(reflect) });
    const screenSize = screeningSize(run.valIds.length);
    const [accepted, tied, ...rest] = runIterations(db, run.id);
    expect(rest).toEqual([]);
    // The accepted child is scored on the screening part alone at this budget.
    expect(accepted).toMatchObject({ parentIndex: 0, outcome: "accepted", metricCallsUsed: run.valIds.length + 6 + screenSize });
    // Its child ties it on the minibatch and the screening part: both are judged on the next part.
    expect(tied).toMatchObject({ parentIndex: 1, outcome: "rejected", screen: { extended: screenSize, parentJudged: screenSize } });
    expect(tied!.metricCallsUsed - accepted!.metricCallsUsed).toBe(6 + 3 * screenSize);
    expect(iterationReason(tied!)).toContain(`after the next ${screenSize} were added as the first part was too close to call, the parent judged on ${screenSize} of them too`);
    // That took calls kept for the final choice, leaving it at least a part.
    const left = budget - tied!.metricCallsUsed;
    expect(left).toBeLessThan(finalSelectionReserve(budget, run.valIds.length, 3));
    expect(left).toBeGreaterThanOrEqual(screenSize);
    // The parent keeps what it earned: the screening part, the next part, and what the final choice had left.
    const parent = runCandidates(db, run.id).find((candidate) => candidate.index === 1)!;
    expect(parent.valScores.filter((score) => score !== null)).toHaveLength(2 * screenSize + left);
    expect(getOptimizerRun(db, run.id)).toMatchObject({ status: "done", metricCallsUsed: budget });
  });
});
