import { describe, expect, it } from "vitest";
import { assignSplit, parseSplit } from "./split";

describe("assignSplit", () => {
  it("is stable for an id", () => {
    expect(assignSplit("example-42")).toBe(assignSplit("example-42"));
  });

  it("spreads ids about 40/30/30", () => {
    const counts = { train: 0, val: 0, test: 0 };
    for (let i = 0; i < 20_000; i++) counts[assignSplit(`row-${i}`)]++;
    expect(counts.train / 20_000).toBeCloseTo(0.4, 1);
    expect(counts.val / 20_000).toBeCloseTo(0.3, 1);
    expect(counts.test / 20_000).toBeCloseTo(0.3, 1);
  });

  it("does not move old ids when new ones arrive", () => {
    const before = Array.from({ length: 500 }, (_, i) => assignSplit(`id-${i}`));
    Array.from({ length: 500 }, (_, i) => assignSplit(`new-${i}`));
    expect(Array.from({ length: 500 }, (_, i) => assignSplit(`id-${i}`))).toEqual(before);
  });
});

describe("parseSplit", () => {
  it("accepts the three names in any case and refuses others", () => {
    expect(parseSplit(" Train ")).toBe("train");
    expect(parseSplit("VAL")).toBe("val");
    expect(parseSplit("dev")).toBeNull();
  });
});
