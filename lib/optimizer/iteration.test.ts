import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getOptimizerRun, reopenOptimizerRun, runIterations } from "@/db/queries/optimizer";
import { optimizerRuns } from "@/db/schema";
import { currentPrompt } from "@/db/queries/prompts";
import { createTestDb } from "@/db/testing";
import { envSchema } from "@/lib/env";
import type { ChatRequest, LlmClient } from "@/lib/llm/client";
import { createModelRuntime, type ModelRuntime } from "@/lib/llm/runtime";
import { supportWorld } from "@/lib/llm/sim/worlds/support";
import { iterationReason } from "./iteration-summary";
import { runOptimizer } from "./runner";
import { screeningTooClose } from "./strategies/acceptance";
import { valOrder } from "./strategies/batch-sampler";
import { finalSelectionReserve, screeningSize } from "./strategies/eval-policy";
import { CONVERGED_AFTER } from "./strategies/stopping";
import { answer, reflectionStub, setupSupportRun } from "./test-support";

let runtime: ModelRuntime;
beforeAll(async () => {
  runtime = await createModelRuntime(createTestDb(), envSchema.parse({}));
});
afterAll(() => runtime.close());

const userText = (request: ChatRequest) =>
  request.messages
    .filter((message) => message.role === "user")
    .map((message) => message.content)
    .join("\n");
const currentInstruction = (request: ChatRequest) => /<current_instruction>\n([\s\S]*?)\n<\/current_instruction>/.exec(userText(request))![1]!;
const propose = (instruction: string) => answer(JSON.stringify({ instruction }));
/** A line the simulated judge does not act on: a child that adds it ties its parent wherever both read the answer. */
const INERT = "Read the whole reply before you score it.";
const statements = supportWorld.criteria.map((criterion) => criterion.statement);

/**
 * The support demo at budget 400: every reflection first proposes the seed plus `line`; asked
 * again, it adds a criterion. `failAfter` ends the "process" after that many model calls.
 */
async function lineScenario(db: ReturnType<typeof createTestDb>, line: string, failAfter = Infinity) {
  const { datasetId, run } = setupSupportRun(db, { budget: 400, merge: false, seed: 3 });
  const seed = currentPrompt(db, datasetId, "attune-sim-judge").instruction;
  const withLine = `${seed}\n${line}`;
  const child = [seed, statements[2]!].join("\n");
  const seen: ChatRequest[] = [];
  const reflect = (request: ChatRequest) => {
    const current = currentInstruction(request);
    if (!userText(request).includes("rejected_proposal")) return propose(withLine);
    return propose(current === seed ? child : `${current}\n${statements[current.split("\n").length % statements.length]!}`);
  };
  let calls = 0;
  const dying: LlmClient = {
    ...runtime.client,
    chat: (request, options) => {
      if (++calls > failAfter) throw new Error("the process died");
      return runtime.client.chat(request, options);
    },
  };
  await runOptimizer(db, run.id, { client: reflectionStub(dying, reflect, seen) }).catch((error: unknown) => {
    if (failAfter === Infinity) throw error;
  });
  return { run, withLine, child, seen, reflect, iterations: runIterations(db, run.id), screenSize: screeningSize(run.valIds.length) };
}

/** A line that makes the simulated judge too lenient for these humans: worse on val once screened. */
const LENIENT = "Be generous with small flaws that do not affect the outcome.";
const callsOf = (iterations: ReturnType<typeof runIterations>, at: number) => iterations[at]!.metricCallsUsed - iterations[at - 1]!.metricCallsUsed;

describe("a proposal that would teach nothing is not judged", () => {
  it("asks the reflection again, saying why, when it proposes its parent unchanged", async () => {
    const db = createTestDb();
    const { datasetId, run } = setupSupportRun(db, { budget: 150, merge: false });
    const seed = currentPrompt(db, datasetId, "attune-sim-judge").instruction;
    const ideal = [seed, ...statements].join("\n");
    const seen: ChatRequest[] = [];
    await runOptimizer(db, run.id, { client: reflectionStub(runtime.client, () => propose(seen.length === 1 ? seed : ideal), seen) });
    const [first] = runIterations(db, run.id);
    expect(first).toMatchObject({ parentIndex: 0, proposal: ideal, repeats: [{ proposal: seed, kind: "unchanged" }], reflectionCalls: 2 });
    // The second request carries the first proposal and the reason it was set aside.
    expect(userText(seen[0]!)).not.toContain("rejected_proposal");
    expect(userText(seen[1]!)).toContain(
      `<rejected_proposal reason="it is the current instruction unchanged; propose a change that brings the judge closer to the humans">\n${seed}\n</rejected_proposal>`,
    );
    // Only the proposal asked for again was judged: the seed on val, then parent and child on the minibatch and the child on the screening part.
    expect(first!.metricCallsUsed).toBe(run.valIds.length + 6 + first!.screen!.positions.length);
    expect(iterationReason(first!)).toMatch(/ The reflection was asked again: its first proposal was the parent unchanged\.$/);
  });

  it("ends an iteration without a judge call for its child when the proposal asked for again is a repeat too", async () => {
    const db = createTestDb();
    const { run } = setupSupportRun(db, { budget: 150, merge: false });
    await runOptimizer(db, run.id, { client: reflectionStub(runtime.client, (request) => propose(currentInstruction(request))) });
    const iterations = runIterations(db, run.id);
    // The search stops once it has had nothing new to judge CONVERGED_AFTER times in a row.
    expect(iterations).toHaveLength(CONVERGED_AFTER);
    for (const iteration of iterations) {
      expect(iteration).toMatchObject({ outcome: "no_change", childScores: null, repeats: [{ kind: "unchanged" }, { kind: "unchanged" }] });
      expect(iterationReason(iteration)).toBe("Nothing new to judge: the proposal was the parent unchanged; asked again, the next was the parent unchanged.");
    }
    // Each iteration judged its parent on the minibatch and nothing else, and a run that tried nothing does not end "done".
    expect(iterations.map((iteration) => iteration.metricCallsUsed)).toEqual(iterations.map((_, index) => run.valIds.length + 3 * (index + 1)));
    expect(getOptimizerRun(db, run.id)).toMatchObject({ status: "failed", stopReason: "no_proposals", stopDetail: expect.stringContaining(`${iterations.length} changed nothing`) });
  });

  it("stops searching once the reflection has had nothing new to propose several times in a row, and gives the calls left to the final choice", async () => {
    const db = createTestDb();
    const { datasetId, run } = setupSupportRun(db, { budget: 500, merge: false });
    const seed = currentPrompt(db, datasetId, "attune-sim-judge").instruction;
    const ideal = [seed, ...statements].join("\n");
    // The first reflection states every criterion; after that, nothing new.
    const reflect = (request: ChatRequest) => propose(currentInstruction(request) === seed ? ideal : currentInstruction(request));
    const done = await runOptimizer(db, run.id, { client: reflectionStub(runtime.client, reflect) });
    const iterations = runIterations(db, run.id);
    const lastAccepted = iterations.map((iteration) => iteration.outcome).lastIndexOf("accepted");
    expect(lastAccepted).toBeGreaterThanOrEqual(0);
    const tail = iterations.slice(-CONVERGED_AFTER);
    expect(tail.every((iteration) => iteration.outcome === "no_change")).toBe(true);
    expect(done).toMatchObject({ status: "done", stopReason: "converged" });
    expect(done.stopDetail).toMatch(
      new RegExp(`^Stopped after ${iterations.length} iterations: in the last ${CONVERGED_AFTER} the reflection had nothing new to propose; the calls left went to the final choice\\.`),
    );
    // The final choice spent more than the calls kept for it: the search left it the rest.
    expect(done.finalSelection!.metricCalls).toBe(done.metricCallsUsed - iterations.at(-1)!.metricCallsUsed);
    expect(done.finalSelection!.metricCalls).toBeGreaterThan(finalSelectionReserve(500, run.valIds.length, 3));
  });

  it("does not judge again under the same parent an instruction that did worse than it on val, and reuses its val scores under another parent", async () => {
    const { withLine, child, seen, iterations, screenSize } = await lineScenario(createTestDb(), LENIENT);
    // It won a minibatch from the seed and did worse on the screening part.
    const screened = iterations.find((iteration) => iteration.proposal === withLine && iteration.screen)!;
    expect(screened).toMatchObject({ parentIndex: 0, outcome: "screened_out", repeats: [] });
    // Proposed again from the seed, it is set aside unjudged and the reflection asked again.
    const next = iterations[screened.iteration + 1]!;
    expect(next).toMatchObject({ parentIndex: 0, proposal: child, outcome: "accepted", repeats: [{ proposal: withLine, kind: "tried" }] });
    expect(iterationReason(next)).toMatch(/ The reflection was asked again: its first proposal was an instruction that did no better than this parent on val before\.$/);
    const asked = seen.filter((request) =>
      userText(request).includes(
        `<rejected_proposal reason="it was tried before and did no better than the current instruction on held-out examples; propose a different change">\n${withLine}\n</rejected_proposal>`,
      ),
    );
    expect(asked.length).toBeGreaterThan(0);
    // Under the child it is new: judged on the minibatch, its screening takes the val scores it already has.
    const elsewhere = iterations.find((iteration) => iteration.proposal === withLine && iteration.parentIndex === next.childIndex && iteration.screen)!;
    expect(elsewhere.screen).toMatchObject({ reused: screenSize });
    expect(elsewhere.screen!.positions).toHaveLength(screenSize);
    expect(callsOf(iterations, elsewhere.iteration)).toBe(6);
    expect(iterationReason(elsewhere)).toContain(`on ${screenSize} val examples; ${screenSize} of the child's scores were from when the same instruction was tried before`);
  });

  it("tries again under the same parent an instruction that only tied it, on its val scores from before", async () => {
    const { withLine, iterations, screenSize } = await lineScenario(createTestDb(), INERT);
    // The inert line ties the seed on the minibatch and the screening part: the next part is added, and it is set aside.
    const [first, second] = iterations;
    expect(first).toMatchObject({ parentIndex: 0, proposal: withLine, outcome: "rejected", repeats: [], screen: { extended: screenSize } });
    expect(first!.screen!.reused).toBeUndefined();
    // A tie says nothing against it: proposed again, it is judged on a new minibatch, and on val only where it has no score yet.
    expect(second).toMatchObject({ parentIndex: 0, proposal: withLine, outcome: "rejected", repeats: [], screen: { extended: screenSize, reused: 2 * screenSize } });
    expect(callsOf(iterations, 1)).toBe(6);
    expect(iterationReason(second!)).toContain(
      `after the next ${screenSize} were added as the first part was too close to call; ${2 * screenSize} of the child's scores were from when the same instruction was tried before`,
    );
  });

  it("says what happened when a guardrail refusal and a repeat end an iteration together", () => {
    const base = { kind: "reflection" as const, parentIndex: 2, mergeParentIndex: null, parentScores: [], parentJudgments: [], childScores: null, childJudgments: null, screen: null, failure: null };
    const refused = { proposal: "…", violations: [{ kind: "scale" as const, reason: 'scores "out of 100"; the scale is fixed at 1–5' }] };
    expect(iterationReason({ ...base, outcome: "no_change", guardrailAttempts: [refused], repeats: [{ proposal: "…", kind: "kept" }] })).toBe(
      'Nothing new to judge: the proposal broke a guardrail (scores "out of 100"; the scale is fixed at 1–5); asked again, the next was an instruction the pool already has.',
    );
    expect(iterationReason({ ...base, outcome: "guardrail", guardrailAttempts: [refused], repeats: [{ proposal: "…", kind: "unchanged" }] })).toBe(
      'Asked again, the proposal broke a guardrail: scores "out of 100"; the scale is fixed at 1–5. The reflection was asked again: its first proposal was the parent unchanged.',
    );
  });

  it("resumes with what earlier iterations tried, as a run that was never interrupted goes on", async () => {
    const reference = await lineScenario(createTestDb(), LENIENT);
    const db = createTestDb();
    const { run, reflect, iterations: committed } = await lineScenario(db, LENIENT, 160);
    // It died after the lenient child was screened out and before it came up again.
    const screenedAt = reference.iterations.findIndex((iteration) => iteration.proposal === reference.withLine && iteration.screen);
    expect(committed.length).toBeGreaterThan(screenedAt);
    expect(committed.length).toBeLessThanOrEqual(reference.iterations.findIndex((iteration, index) => index > screenedAt && iteration.repeats.length > 0));
    db.update(optimizerRuns).set({ status: "running", error: null, finishedAt: null }).where(eq(optimizerRuns.id, run.id)).run();
    reopenOptimizerRun(db, run.id, undefined, () => false);
    await runOptimizer(db, run.id, { client: reflectionStub(runtime.client, reflect) });
    const strip = (rows: ReturnType<typeof runIterations>) => rows.map(({ id: _id, runId: _runId, createdAt: _createdAt, ...rest }) => rest);
    expect(strip(runIterations(db, run.id))).toEqual(strip(reference.iterations));
  });
});

describe("a close screening", () => {
  it("judges a minibatch winner that lost the screening part within the noise on the next part too, and lets both parts decide", async () => {
    const db = createTestDb();
    const { run } = setupSupportRun(db, { budget: 300, merge: false, seed: 5 });
    await runOptimizer(db, run.id, { client: runtime.client });
    const [first] = runIterations(db, run.id);
    const screenSize = screeningSize(run.valIds.length);
    const sum = (scores: readonly number[]) => scores.reduce((total, score) => total + score, 0);
    expect(sum(first!.childScores!)).toBeGreaterThan(sum(first!.parentScores));
    expect(first).toMatchObject({ outcome: "accepted", screen: { extended: screenSize } });
    // On the screening part alone it lost, by less than one standard error of the paired differences.
    const part = new Set(valOrder(run.valIds.length, run.config.seed).slice(0, screenSize));
    const onPart = first!.screen!.positions.flatMap((position, index) => (part.has(position) ? [index] : []));
    const child = onPart.map((index) => first!.screen!.child[index]!);
    const parent = onPart.map((index) => first!.screen!.parent[index]!);
    expect(sum(child)).toBeLessThan(sum(parent));
    expect(screeningTooClose(child, parent)).toBe(true);
    // With the next part it holds up.
    expect(sum(first!.screen!.child)).toBeGreaterThanOrEqual(sum(first!.screen!.parent));
    expect(iterationReason(first!)).toContain(`held up on val (`);
    expect(iterationReason(first!)).toContain(`after the next ${screenSize} were added as the first part was too close to call`);
  });
});
