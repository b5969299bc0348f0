import { describe, expect, it } from "vitest";
import { niceTicks } from "./axis-ticks";

describe("niceTicks", () => {
  it("gives whole-number ticks up to a round top for an NMSE axis", () => {
    expect(niceTicks(4.6, { integer: true })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(niceTicks(11.2, { integer: true })).toEqual([0, 5, 10, 15]);
    expect(niceTicks(0.4, { integer: true })).toEqual([0, 1]);
  });

  it("gives round decimal ticks for a cost axis, the top above the largest value", () => {
    expect(niceTicks(2.05)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(0.33)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it("keeps a top that is already round", () => {
    expect(niceTicks(20, { integer: true })).toEqual([0, 5, 10, 15, 20]);
  });

  it("draws a unit axis when there is nothing to scale", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });
});
