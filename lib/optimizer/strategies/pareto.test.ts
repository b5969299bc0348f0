import { describe, expect, it } from "vitest";
import { bestPerExample, dominates, paretoFront, selectParent } from "./pareto";
import { minibatchFor, parentDraw, shuffled } from "./batch-sampler";

// Four val examples; hand-made scores.
const candidates = [
  { index: 0, valScores: [1, 0.5, 0.5, 0] }, // best on ex0 (tied with 2) — dominated by 2
  { index: 1, valScores: [0, 1, 0, 0.25] }, // best on ex1
  { index: 2, valScores: [1, 0.5, 0.75, 0] }, // best on ex0, ex2
  { index: 3, valScores: [0, 0, 0, 1] }, // best on ex3
  { index: 4, valScores: [0.5, 0.5, 0.5, 0.5] }, // best on nothing
];

describe("Pareto front", () => {
  it("finds the best candidates per example", () => {
    expect(bestPerExample(candidates)).toEqual([[0, 2], [1], [2], [3]]);
  });

  it("prunes dominated candidates and weights survivors by the examples they win", () => {
    expect(dominates([1, 0.5, 0.75, 0], [1, 0.5, 0.5, 0])).toBe(true);
    expect(dominates([1, 0.5, 0.5, 0], [1, 0.5, 0.5, 0])).toBe(false);
    expect(paretoFront(candidates)).toEqual([
      { index: 1, wins: 1 },
      { index: 2, wins: 2 },
      { index: 3, wins: 1 },
    ]);
  });

  it("keeps one of identical candidates", () => {
    expect(
      paretoFront([
        { index: 0, valScores: [1, 0] },
        { index: 1, valScores: [1, 0] },
      ]),
    ).toEqual([{ index: 0, wins: 2 }]);
  });

  it("samples parents in proportion to wins", () => {
    // wins 1 : 2 : 1 over draws in [0, 1)
    expect(selectParent(candidates, 0.1)).toBe(1);
    expect(selectParent(candidates, 0.3)).toBe(2);
    expect(selectParent(candidates, 0.7)).toBe(2);
    expect(selectParent(candidates, 0.8)).toBe(3);
  });
});

describe("minibatch sampler", () => {
  const train = Array.from({ length: 10 }, (_, i) => 100 + i);

  it("is deterministic for a seed and differs across seeds", () => {
    expect(minibatchFor(train, 7, 4, 3)).toEqual(minibatchFor(train, 7, 4, 3));
    expect(shuffled(train, 7, 0)).not.toEqual(shuffled(train, 8, 0));
    expect(parentDraw(7, 3)).toBe(parentDraw(7, 3));
  });

  it("covers every train example once per epoch before repeating", () => {
    const firstEpoch = [0, 1, 2].flatMap((iteration) => minibatchFor(train, 7, iteration, 3)).concat(minibatchFor(train, 7, 3, 3).slice(0, 1));
    expect(new Set(firstEpoch).size).toBe(10);
    expect(firstEpoch).toEqual(shuffled(train, 7, 0));
  });

  it("reshuffles each epoch", () => {
    expect(shuffled(train, 7, 1)).not.toEqual(shuffled(train, 7, 0));
  });
});
