import { describe, expect, it } from "vitest";
import { computeJudgeMetrics, exampleScore, humanNoiseFloor, krippendorffAlphaInterval, leaveOneOutNmse, quadraticKappa, roundGold } from "./index";

describe("computeJudgeMetrics on a hand-computed fixture", () => {
  // gold 1 2 3 4 5, judge 1 3 3 (malformed) 4
  const metrics = computeJudgeMetrics([
    { gold: 1, judge: 1 },
    { gold: 2, judge: 3 },
    { gold: 3, judge: 3 },
    { gold: 4, judge: null },
    { gold: 5, judge: 4 },
  ]);

  it("counts a malformed judgment as e² = 16 in NMSE and MSE", () => {
    expect(metrics.mse).toBeCloseTo(18 / 5, 10);
    expect(metrics.nmse).toBeCloseTo(22.5, 10);
    expect(metrics.mae).toBeCloseTo(6 / 5, 10);
    expect(metrics.malformedRate).toBeCloseTo(0.2, 10);
    expect(metrics.errorRate).toBe(0);
  });

  it("agreement, bias and Spearman", () => {
    expect(metrics.exactAgreement).toBeCloseTo(0.4, 10);
    expect(metrics.within1Agreement).toBeCloseTo(0.8, 10);
    expect(metrics.bias).toBeCloseTo(0, 10);
    expect(metrics.spearman).toBeCloseTo(4.5 / Math.sqrt(22.5), 10);
  });

  it("confusion matrix and quadratic-weighted kappa", () => {
    expect(metrics.confusion).toEqual([
      [1, 0, 0, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0],
    ]);
    expect(metrics.kappa).toBeCloseTo(1 - 0.125 / 0.84375, 10);
  });
});

describe("edge cases", () => {
  it("fractional gold: error against the mean, agreement against the rounded mean", () => {
    const metrics = computeJudgeMetrics([
      { gold: 2.5, judge: 3 },
      { gold: 10 / 3, judge: 3 },
    ]);
    expect(metrics.mse).toBeCloseTo((0.25 + 1 / 9) / 2, 10);
    expect(metrics.exactAgreement).toBe(1);
    expect(roundGold(2.5)).toBe(3);
    expect(roundGold(1.4)).toBe(1);
  });

  it("a split with one score class: kappa and Spearman undefined when everyone agrees on it", () => {
    const metrics = computeJudgeMetrics([
      { gold: 4, judge: 4 },
      { gold: 4, judge: 4 },
    ]);
    expect(metrics.nmse).toBe(0);
    expect(metrics.kappa).toBeNull();
    expect(metrics.spearman).toBeNull();
  });

  it("one gold class with a judge that varies: kappa 0 (no better than chance)", () => {
    const metrics = computeJudgeMetrics([
      { gold: 4, judge: 4 },
      { gold: 4, judge: 4 },
      { gold: 4, judge: 5 },
    ]);
    expect(metrics.kappa).toBeCloseTo(0, 10);
  });

  it("kappa is 1 for perfect agreement and negative for systematic reversal", () => {
    expect(
      quadraticKappa([
        [2, 0, 0, 0, 0],
        [0, 1, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 3],
      ]),
    ).toBe(1);
    expect(
      quadraticKappa([
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0],
      ]),
    ).toBeLessThan(0);
    expect(quadraticKappa(Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]))).toBeNull();
  });

  it("errored judgments count in NMSE and the error rate, not the malformed rate", () => {
    const metrics = computeJudgeMetrics([
      { gold: 3, judge: null, errored: true },
      { gold: 3, judge: 3 },
    ]);
    expect(metrics.nmse).toBe(50);
    expect(metrics.errorRate).toBe(0.5);
    expect(metrics.malformedRate).toBe(0);
  });

  it("an empty split has zero examples and no undefined numbers", () => {
    const metrics = computeJudgeMetrics([]);
    expect(metrics.n).toBe(0);
    expect(Number.isNaN(metrics.nmse)).toBe(false);
  });

  it("per-example score is 1 − e²/16 and 0 when malformed", () => {
    expect(exampleScore({ gold: 3, judge: 5 })).toBe(0.75);
    expect(exampleScore({ gold: 3, judge: null })).toBe(0);
  });
});

describe("human noise floor", () => {
  // ex 1: A=2 B=4 C=3; ex 2: A=5 B=5; ex 3: only A (not paired)
  const scores = [
    { exampleId: 1, labelerId: 1, score: 2 },
    { exampleId: 1, labelerId: 2, score: 4 },
    { exampleId: 1, labelerId: 3, score: 3 },
    { exampleId: 2, labelerId: 1, score: 5 },
    { exampleId: 2, labelerId: 2, score: 5 },
    { exampleId: 3, labelerId: 1, score: 1 },
  ];

  it("leave-one-out NMSE averages each labeler against the mean of the others", () => {
    expect(leaveOneOutNmse(scores)).toBeCloseTo((7.03125 + 7.03125 + 0) / 3, 10);
  });

  it("Krippendorff's alpha (interval) on pairable values", () => {
    expect(krippendorffAlphaInterval(scores)).toBeCloseTo(1 - 1.2 / 3.4, 10);
  });

  it("is undefined with a single labeler", () => {
    const floor = humanNoiseFloor([{ exampleId: 1, labelerId: 1, score: 3 }]);
    expect(floor).toEqual({ nmse: null, alpha: null, labelers: 1, pairedExamples: 0 });
  });

  it("alpha is 1 for perfect agreement", () => {
    expect(
      krippendorffAlphaInterval([
        { exampleId: 1, labelerId: 1, score: 2 },
        { exampleId: 1, labelerId: 2, score: 2 },
        { exampleId: 2, labelerId: 1, score: 5 },
        { exampleId: 2, labelerId: 2, score: 5 },
      ]),
    ).toBe(1);
  });
});
