import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/random";
import {
  bestConstant,
  bootstrapInterval,
  computeJudgeMetrics,
  exampleScore,
  labelerAgreement,
  withinInterval,
  humanNoiseFloor,
  krippendorffAlphaInterval,
  leaveOneOutNmse,
  quadraticKappa,
  roundGold,
} from "./index";

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

describe("best constant baseline and intervals", () => {
  it("is the integer 1–5 with the lowest NMSE, the lower one on a tie", () => {
    // 2 and 3 both give mean e² = 2.5
    expect(bestConstant([1, 2, 2, 5])).toEqual({ score: 2, nmse: (100 * 2.5) / 16 });
    expect(bestConstant([4, 4, 5])!.score).toBe(4);
    expect(bestConstant([4, 4, 5])!.nmse).toBeCloseTo((100 * (1 / 3)) / 16, 10);
    expect(bestConstant([])).toBeNull();
  });

  it("every judge metric carries the baseline and an interval that holds the NMSE", () => {
    const metrics = computeJudgeMetrics([
      { gold: 1, judge: 2 },
      { gold: 2, judge: 2 },
      { gold: 2, judge: null },
      { gold: 5, judge: 5 },
    ]);
    expect(metrics.baselineScore).toBe(2);
    expect(metrics.baselineNmse).toBeCloseTo((100 * 2.5) / 16, 10);
    expect(metrics.nmseInterval!.low).toBeLessThanOrEqual(metrics.nmse);
    expect(metrics.nmseInterval!.high).toBeGreaterThanOrEqual(metrics.nmse);
    expect(metrics.nmseInterval!.high).toBeLessThanOrEqual(100);
  });

  it("has no width when every example has the same error, and no interval for one example", () => {
    expect(
      bootstrapInterval([
        { sum: 4, count: 1 },
        { sum: 4, count: 1 },
        { sum: 4, count: 1 },
      ]),
    ).toEqual({ low: 4, high: 4 });
    expect(bootstrapInterval([{ sum: 4, count: 1 }])).toBeNull();
    expect(withinInterval(3, { low: 2, high: 4 })).toBe(true);
    expect(withinInterval(5, { low: 2, high: 4 })).toBe(false);
    expect(withinInterval(3, null)).toBe(false);
  });

  it("on a split too large to resample, the normal interval agrees with the bootstrap's", () => {
    const random = seededRandom(3);
    const make = (n: number) => Array.from({ length: n }, () => ({ sum: random.chance(0.3) ? 16 : random.chance(0.5) ? 1 : 0, count: 1 }));
    const large = bootstrapInterval(make(40_000), 100 / 16)!;
    const medium = bootstrapInterval(make(10_000), 100 / 16)!;
    // Widths shrink with the square root of n: four times the examples, half the width.
    expect((large.high - large.low) / (medium.high - medium.low)).toBeGreaterThan(0.4);
    expect((large.high - large.low) / (medium.high - medium.low)).toBeLessThan(0.6);
    expect(large.low).toBeLessThan(100 * ((0.3 * 16 + 0.35) / 16));
    expect(large.high).toBeGreaterThan(100 * ((0.3 * 16 + 0.35) / 16));
  });

  it("covers a known mean about 95% of the time", () => {
    // 200 samples of squared errors 0 or 16 with p = 0.25: true NMSE 25
    const random = seededRandom(7);
    let covered = 0;
    for (let trial = 0; trial < 200; trial++) {
      const units = Array.from({ length: 200 }, () => ({ sum: random.chance(0.25) ? 16 : 0, count: 1 }));
      if (withinInterval(25, bootstrapInterval(units, 100 / 16))) covered++;
    }
    expect(covered / 200).toBeGreaterThan(0.9);
    expect(covered / 200).toBeLessThan(0.99);
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

  it("leave-one-out NMSE pools every label against the mean of the others on its example", () => {
    // ex 1: 2 vs 3.5, 4 vs 2.5, 3 vs 3 → 2.25 + 2.25 + 0; ex 2: 0 + 0; five labels
    expect(leaveOneOutNmse(scores)).toBeCloseTo((100 * (4.5 / 5)) / 16, 10);
  });

  it("a newcomer with one wild label moves the floor by one label's worth, not a labeler's", () => {
    // A and B give 3 on examples 1–4; C gives 5 on example 1 only.
    const steady = [1, 2, 3, 4].flatMap((exampleId) => [1, 2].map((labelerId) => ({ exampleId, labelerId, score: 3 })));
    const floor = humanNoiseFloor([...steady, { exampleId: 1, labelerId: 3, score: 5 }]);
    // ex 1: A 3 vs 4, B 3 vs 4, C 5 vs 3 → 1 + 1 + 4 over nine labels (averaging per labeler would give 9.375)
    expect(floor.nmse).toBeCloseTo((100 * (6 / 9)) / 16, 10);
    expect(floor.pairedLabels).toBe(9);
    expect(floor.pairedExamples).toBe(4);
  });

  it("a seeded 95% bootstrap interval around the floor, the same on every call", () => {
    const floor = humanNoiseFloor(scores);
    expect(floor.interval).not.toBeNull();
    expect(floor.interval!.low).toBeLessThanOrEqual(floor.nmse!);
    expect(floor.interval!.high).toBeGreaterThanOrEqual(floor.nmse!);
    // resampling two examples: all from ex 2 (0) up to all from ex 1 (4.5 / 3 per label)
    expect(floor.interval!.low).toBeGreaterThanOrEqual(0);
    expect(floor.interval!.high).toBeLessThanOrEqual((100 * 1.5) / 16 + 1e-9);
    expect(humanNoiseFloor(scores).interval).toEqual(floor.interval);
  });

  it("Krippendorff's alpha (interval) on pairable values", () => {
    expect(krippendorffAlphaInterval(scores)).toBeCloseTo(1 - 1.2 / 3.4, 10);
  });

  it("is undefined with a single labeler", () => {
    const floor = humanNoiseFloor([{ exampleId: 1, labelerId: 1, score: 3 }]);
    expect(floor).toEqual({ nmse: null, interval: null, alpha: null, labelers: 1, pairedExamples: 0, pairedLabels: 0 });
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

describe("per-labeler agreement", () => {
  // ex 1: A=2 B=4 C=3; ex 2: A=5 B=5; ex 3: only A; ex 1 adjudicated 4
  const scores = [
    { exampleId: 1, labelerId: 1, score: 2 },
    { exampleId: 1, labelerId: 2, score: 4 },
    { exampleId: 1, labelerId: 3, score: 3 },
    { exampleId: 2, labelerId: 1, score: 5 },
    { exampleId: 2, labelerId: 2, score: 5 },
    { exampleId: 3, labelerId: 1, score: 1 },
  ];

  it("gives each labeler's labels, leave-one-out NMSE, bias and NMSE against adjudicated gold", () => {
    const rows = labelerAgreement(scores, new Map([[1, 4]]));
    const byId = Object.fromEntries(rows.map((row) => [row.labelerId, row]));
    // A: ex 1 2 vs 3.5 (−1.5), ex 2 5 vs 5 (0); ex 3 alone does not count
    expect(byId[1]).toMatchObject({ labels: 3, shared: 2, adjudicated: 1 });
    expect(byId[1]!.leaveOneOutNmse).toBeCloseTo((100 * (2.25 / 2)) / 16, 10);
    expect(byId[1]!.bias).toBeCloseTo(-0.75, 10);
    expect(byId[1]!.adjudicatedNmse).toBeCloseTo((100 * 4) / 16, 10);
    // B: 4 vs 2.5 (+1.5), 5 vs 5; adjudicated 4 = B's score
    expect(byId[2]!.bias).toBeCloseTo(0.75, 10);
    expect(byId[2]!.adjudicatedNmse).toBe(0);
    // C: 3 vs 3
    expect(byId[3]).toMatchObject({ labels: 1, shared: 1, leaveOneOutNmse: 0, bias: 0 });
  });

  it("has no agreement numbers for a labeler nobody else overlaps", () => {
    const [only] = labelerAgreement([{ exampleId: 9, labelerId: 7, score: 3 }]);
    expect(only).toEqual({ labelerId: 7, labels: 1, shared: 0, leaveOneOutNmse: null, bias: null, adjudicatedNmse: null, adjudicated: 0 });
  });
});
