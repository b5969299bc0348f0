import { describe, expect, it } from "vitest";
import type { JudgedBatch } from "./adapter";
import { seedInstruction } from "@/lib/judge/seed-instruction";
import type { PoolCandidate, RunContext } from "./context";
import { chooseFinalInstruction, scoreFinalists } from "./finalize";
import { seedCriterionLines } from "./strategies/final-selection";
import { LeakageChecker, type GuardrailContext } from "./guardrails";

const candidate = (index: number, valScores: (number | null)[]): PoolCandidate =>
  ({
    index,
    instruction: `instruction ${index}`,
    parentIndex: index ? 0 : null,
    mergeParentIndex: null,
    origin: index ? "reflection" : "seed",
    valScores,
    valNmse: 0,
    iteration: index ? 0 : null,
  }) as PoolCandidate;

/** A context with ten val examples, the given pool and budget, whose judge gives every example 0.9 and records what it was asked. */
function fakeContext(candidates: PoolCandidate[], budget: number, used: number, asked: number[][]): RunContext {
  const valIds = Array.from({ length: 10 }, (_, position) => 100 + position);
  return {
    run: { valIds, config: { budget } },
    valOrder: [3, 1, 4, 0, 5, 9, 2, 6, 8, 7],
    candidates,
    progress: { metricCallsUsed: used },
    adapter: {
      judge: async (_instruction: string, ids: readonly number[]): Promise<JudgedBatch> => {
        asked.push([...ids]);
        return { scores: ids.map(() => 0.9), judgments: ids.map(() => ({ score: 4, status: "ok", reasoning: "" })) };
      },
    },
  } as unknown as RunContext;
}

describe("scoreFinalists", () => {
  const seed = candidate(0, Array(10).fill(0.5));
  // Screened on the first three val positions in val order (3, 1, 4), better than the seed there.
  const child = candidate(1, [null, 0.8, null, 0.8, 0.8, null, null, null, null, null]);

  it("gives the best partly scored finalist the rest of val when it fits", async () => {
    const asked: number[][] = [];
    const context = fakeContext([seed, child], 100, 50, asked);
    const [, extended] = await scoreFinalists(context);
    expect(asked).toEqual([[100, 105, 109, 102, 106, 108, 107]]);
    expect(extended!.valScores.every((score) => score !== null)).toBe(true);
    expect(context.progress.metricCallsUsed).toBe(57);
  });

  it("spends what the budget has left on part of the rest, in val order, rather than leave it unspent", async () => {
    const asked: number[][] = [];
    const context = fakeContext([seed, child], 100, 96, asked);
    const [, extended] = await scoreFinalists(context);
    // Val order after the screening part: 0, 5, 9, 2, …; four calls are left.
    expect(asked).toEqual([[100, 105, 109, 102]]);
    expect(extended!.valScores.filter((score) => score !== null)).toHaveLength(7);
    expect(context.progress.metricCallsUsed).toBe(100);
  });

  it("gives the better-ranked of two partly scored finalists the calls left, and the other none", async () => {
    const asked: number[][] = [];
    // Worse than the first child on the screening part, so ranked after it.
    const weaker = candidate(2, [null, 0.6, null, 0.6, 0.6, null, null, null, null, null]);
    const context = fakeContext([seed, weaker, child], 100, 95, asked);
    const extended = await scoreFinalists(context);
    expect(asked).toEqual([[100, 105, 109, 102, 106]]);
    expect(extended.find((entry) => entry.index === 1)!.valScores.filter((score) => score !== null)).toHaveLength(8);
    expect(extended.find((entry) => entry.index === 2)!.valScores.filter((score) => score !== null)).toHaveLength(3);
  });

  it("gives a descendant tied with its parent on the shared examples the calls left before its parent: it also won its minibatch", async () => {
    const asked: number[][] = [];
    const descendant = { ...candidate(2, [null, 0.8, null, 0.8, 0.8, null, null, null, null, null]), parentIndex: 1, instruction: "instruction 1 and one more line" };
    const context = fakeContext([seed, child, descendant], 100, 95, asked);
    const extended = await scoreFinalists(context);
    expect(asked).toHaveLength(1);
    expect(extended.find((entry) => entry.index === 2)!.valScores.filter((score) => score !== null)).toHaveLength(8);
    expect(extended.find((entry) => entry.index === 1)!.valScores.filter((score) => score !== null)).toHaveLength(3);
  });

  it("spends nothing when the budget is used up", async () => {
    const asked: number[][] = [];
    const context = fakeContext([seed, child], 100, 100, asked);
    await scoreFinalists(context);
    expect(asked).toEqual([]);
  });
});

describe("chooseFinalInstruction", () => {
  const seedText = seedInstruction("Rate how helpful the reply is.", null);
  const withA = `${seedText}\nReward replies that give concrete next steps.`;
  const winnerText = `${withA}\nBe strict: keep the top scores for examples without real flaws.`;
  const trainIds = Array.from({ length: 40 }, (_, index) => index + 1);
  const valIds = Array.from({ length: 10 }, (_, position) => 100 + position);

  /**
   * The seed and a winner with two added lines; on train the winner does worse than without its
   * last line, and the seed worse still. `val` gives each instruction's score on every val example.
   */
  function lineTrialContext(val: Map<string, number>): RunContext {
    const train = new Map([
      [winnerText, { score: 3, value: 0.75 }],
      [withA, { score: 4, value: 1 }],
      [seedText, { score: 2, value: 0.5 }],
    ]);
    const guardrails: GuardrailContext = { seedInstruction: seedText, taskDescription: "Rate how helpful the reply is.", maxLength: 4000, exampleTexts: [] };
    const scored = (index: number, instruction: string): PoolCandidate => ({
      ...candidate(
        index,
        valIds.map(() => val.get(instruction)!),
      ),
      instruction,
    });
    return {
      run: { valIds, trainIds, config: { budget: 1000, seed: 1 } },
      valOrder: valIds.map((_, position) => position),
      candidates: [scored(0, seedText), scored(1, winnerText)],
      progress: { metricCallsUsed: 200 },
      guardrails,
      framing: seedText,
      leakage: new LeakageChecker(guardrails),
      adapter: {
        judge: async (instruction: string, ids: readonly number[]): Promise<JudgedBatch> => ({
          scores: ids.map((id) => (id >= 100 ? val.get(instruction)! : train.get(instruction)!.value)),
          judgments: ids.map(() => ({ score: train.get(instruction)!.score, status: "ok" as const, reasoning: "" })),
        }),
      },
    } as unknown as RunContext;
  }

  it("keeps the winner when the train examples would drop a line and val says the line helps", async () => {
    const context = lineTrialContext(
      new Map([
        [winnerText, 0.9],
        [withA, 0.6],
        [seedText, 0.5],
      ]),
    );
    const final = await chooseFinalInstruction(context, context.candidates[0]!, 3);
    expect(final.selection.ablations.map((trial) => trial.kept)).toEqual([false, true]);
    expect(final.selection.pruned).toEqual({ valNmse: expect.any(Number), sumDiff: expect.closeTo(-3, 6), examples: 10, replaced: false });
    expect(final).toMatchObject({ chosen: { index: 1, instruction: winnerText }, added: null });
    // Three trials on 30 train examples (the winner, then each variant) and the shorter one on all of val were paid for.
    expect(context.progress.metricCallsUsed).toBe(200 + 90 + 10);
  });

  it("takes the shorter instruction when it does no worse on val", async () => {
    const context = lineTrialContext(
      new Map([
        [winnerText, 0.9],
        [withA, 0.9],
        [seedText, 0.5],
      ]),
    );
    const final = await chooseFinalInstruction(context, context.candidates[0]!, 3);
    expect(final.selection.pruned).toMatchObject({ replaced: true, sumDiff: 0, examples: 10 });
    expect(final.chosen.instruction).toBe(withA);
    expect(final.added).toMatchObject({ instruction: withA, origin: "final", parentIndex: 1 });
  });

  it("tries a line the team wrote into its seed, before the lines the search added, and drops it when the judge does better without it", async () => {
    const teamLine = "Be generous with small flaws that do not affect the outcome.";
    const teamSeed = `${seedText}\n${teamLine}`;
    const winner = `${teamSeed}\nReward replies that give concrete next steps.`;
    const withoutTeamLine = `${seedText}\nReward replies that give concrete next steps.`;
    const train = new Map([
      [winner, 0.75],
      [withoutTeamLine, 1],
      [seedText, 0.5],
    ]);
    const val = new Map([
      [teamSeed, 0.5],
      [winner, 0.7],
      [withoutTeamLine, 0.9],
    ]);
    const context = lineTrialContext(new Map());
    context.guardrails = { ...context.guardrails, seedInstruction: teamSeed };
    context.leakage = new LeakageChecker(context.guardrails);
    context.candidates = [
      {
        ...candidate(
          0,
          valIds.map(() => val.get(teamSeed)!),
        ),
        instruction: teamSeed,
      },
      {
        ...candidate(
          1,
          valIds.map(() => val.get(winner)!),
        ),
        instruction: winner,
      },
    ];
    context.adapter = {
      judge: async (instruction: string, ids: readonly number[]): Promise<JudgedBatch> => ({
        scores: ids.map((id) => (id >= 100 ? val.get(instruction)! : train.get(instruction)!)),
        judgments: ids.map(() => ({ score: Math.round(1 + 4 * train.get(instruction)!), status: "ok" as const, reasoning: "" })),
      }),
    } as unknown as RunContext["adapter"];
    const final = await chooseFinalInstruction(context, context.candidates[0]!, 3);
    expect(final.selection.ablations.map((trial) => [trial.line, trial.kept, trial.fromSeed ?? false])).toEqual([
      [teamLine, false, true],
      ["Reward replies that give concrete next steps.", true, false],
    ]);
    expect(final.chosen.instruction).toBe(withoutTeamLine);
  });

  it("tries at most three of the seed's own lines, so that the lines the search added are tried too", async () => {
    const own = ["Penalise replies over 200 words.", "Reward replies that name the order.", "Replies must greet the customer by name.", "Refund promises lose a point."];
    const teamSeed = [seedText, ...own].join("\n");
    const winner = `${teamSeed}\nReward replies that give concrete next steps.`;
    const context = lineTrialContext(new Map());
    context.framing = seedText;
    context.candidates = [
      {
        ...candidate(
          0,
          valIds.map(() => 0.5),
        ),
        instruction: teamSeed,
      },
      {
        ...candidate(
          1,
          valIds.map(() => 0.7),
        ),
        instruction: winner,
      },
    ];
    // Every instruction judges alike: no line changes a judgment, so every line stays.
    context.adapter = {
      judge: async (_instruction: string, ids: readonly number[]): Promise<JudgedBatch> => ({
        scores: ids.map(() => 0.75),
        judgments: ids.map(() => ({ score: 3, status: "ok" as const, reasoning: "" })),
      }),
    } as unknown as RunContext["adapter"];
    const final = await chooseFinalInstruction(context, context.candidates[0]!, 3);
    expect(final.selection.ablations.map((trial) => trial.line)).toEqual([own[3], own[2], own[1], "Reward replies that give concrete next steps."]);
  });
});

describe("seedCriterionLines", () => {
  const task = "Rate how helpful the reply is.";
  const framing = seedInstruction(task, null);

  it("gives the seed's lines beyond the task's framing, last first, and only those the instruction still has", () => {
    const seed = [framing, "Penalise replies that promise a refund.", "Answer with a JSON object holding score and reasoning.", "Reward replies that name the order."].join("\n");
    expect(seedCriterionLines(seed, seed, framing)).toEqual(["Reward replies that name the order.", "Penalise replies that promise a refund."]);
    expect(seedCriterionLines(seed, seed.replace("\nReward replies that name the order.", ""), framing)).toEqual(["Penalise replies that promise a refund."]);
    expect(seedCriterionLines(framing, framing, framing)).toEqual([]);
  });

  it("never gives a line that frames the task as hand-written prompts put it", () => {
    const framingLines = [
      "You're an experienced support lead.",
      "Act as a strict grader of support replies.",
      "Your task: rate how helpful the reply is to the customer.",
      "Give a score from 1 to 5.",
      "1-Unhelpful",
      "- 1: Unhelpful",
      "**5** = Excellent",
      "5 (Excellent): solves the problem",
      "Score 5: solves the problem",
      "Scoring guide:",
      "Criteria:",
      "---",
      "Return only the number.",
      "Think step by step before you answer.",
      "Rate the quality of the example.",
    ];
    const seed = ["You are an expert evaluator.", ...framingLines].join("\n");
    // An empty task gives the default task line, which frames the task too.
    expect(seedCriterionLines(seed, seed, seedInstruction("", null))).toEqual([]);
  });
});
