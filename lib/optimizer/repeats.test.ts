import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOptimizerRun, runIterations } from "@/db/queries/optimizer";
import { currentPrompt } from "@/db/queries/prompts";
import { createTestDb } from "@/db/testing";
import { envSchema } from "@/lib/env";
import type { ChatRequest } from "@/lib/llm/client";
import { createModelRuntime, type ModelRuntime } from "@/lib/llm/runtime";
import { supportWorld } from "@/lib/llm/sim/worlds/support";
import { createRunContext } from "./context";
import { iterationReason } from "./iteration-summary";
import { runOptimizer } from "./runner";
import { screeningSize } from "./strategies/eval-policy";
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
    // Only the proposal asked for again was judged on the minibatch.
    expect(first!.childScores).toHaveLength(3);
    expect(iterationReason(first!)).toMatch(/ The reflection was asked again: its first proposal was the parent unchanged\.$/);
  });

  it("ends an iteration without a judge call for its child when the proposal asked for again is a repeat too", async () => {
    const db = createTestDb();
    const { run } = setupSupportRun(db, { budget: 150, merge: false });
    await runOptimizer(db, run.id, { client: reflectionStub(runtime.client, (request) => propose(currentInstruction(request))) });
    const iterations = runIterations(db, run.id);
    expect(iterations.length).toBeGreaterThan(0);
    for (const iteration of iterations) {
      expect(iteration).toMatchObject({ outcome: "no_change", childScores: null, repeats: [{ kind: "unchanged" }, { kind: "unchanged" }] });
      expect(iterationReason(iteration)).toBe("Nothing new to judge: the proposal was the parent unchanged; asked again, the next was the parent unchanged.");
    }
    // Each iteration judged its parent on the minibatch and nothing else, and a run that tried nothing does not end "done".
    expect(iterations.map((iteration) => iteration.metricCallsUsed)).toEqual(iterations.map((_, index) => run.valIds.length + 3 * (index + 1)));
    expect(getOptimizerRun(db, run.id)).toMatchObject({ status: "failed", stopDetail: expect.stringContaining(`${iterations.length} changed nothing`) });
  });

  it("does not judge again an instruction that did no better than the same parent on val, and reuses its val scores under another parent", async () => {
    const db = createTestDb();
    const { datasetId, run } = setupSupportRun(db, { budget: 400, merge: false, seed: 3 });
    const seed = currentPrompt(db, datasetId, "attune-sim-judge").instruction;
    const inert = `${seed}\n${INERT}`;
    const child = [seed, statements[2]!].join("\n");
    const seen: ChatRequest[] = [];
    // The seed's first child adds a line the judge does not act on; asked again, a criterion. Every
    // later reflection proposes the inert child first.
    const reflect = (request: ChatRequest) => {
      const current = currentInstruction(request);
      if (!userText(request).includes("rejected_proposal")) return propose(inert);
      return propose(current === seed ? child : `${current}\n${statements[seen.length % statements.length]!}`);
    };
    await runOptimizer(db, run.id, { client: reflectionStub(runtime.client, reflect, seen) });
    const iterations = runIterations(db, run.id);
    const screenSize = screeningSize(run.valIds.length);
    // The inert line ties the seed: judged on the screening part and the next one, then set aside.
    const [first, second] = iterations;
    expect(first).toMatchObject({ parentIndex: 0, proposal: inert, outcome: "rejected", repeats: [], screen: { extended: screenSize } });
    // Proposed again from the seed, it is set aside unjudged and the reflection asked again.
    expect(second).toMatchObject({ parentIndex: 0, proposal: child, repeats: [{ proposal: inert, kind: "tried" }] });
    expect(userText(seen[2]!)).toContain(
      `<rejected_proposal reason="it was tried before and did no better than the current instruction on held-out examples; propose a different change">\n${inert}\n</rejected_proposal>`,
    );
    // Under the child it is new: judged on the minibatch (a tie there), its screening takes the val scores it already has.
    const elsewhere = iterations.find((iteration) => iteration.proposal === inert && iteration.parentIndex !== 0)!;
    expect(elsewhere).toMatchObject({ parentIndex: 1, outcome: "rejected", screen: { reused: screenSize, positions: expect.any(Array) } });
    expect(elsewhere.screen!.extended).toBeUndefined();
    expect(elsewhere.metricCallsUsed - iterations[elsewhere.iteration - 1]!.metricCallsUsed).toBe(6);
    expect(iterationReason(elsewhere)).toContain(`; ${screenSize} of those scores from when the same instruction was tried before`);
    // A resumed run knows what was tried from the committed iterations.
    const context = createRunContext({ db, run } as Parameters<typeof createRunContext>[0], iterations);
    expect(context.tried.get(inert)?.failedFrom).toEqual(new Set(iterations.filter((iteration) => iteration.proposal === inert && iteration.screen).map((iteration) => iteration.parentIndex)));
  });
});
