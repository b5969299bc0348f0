import { describe, expect, it } from "vitest";
import { modelCost, type ModelConfig } from "@/lib/llm/models";
import { percentile95, withDeltas } from "./compare-models";

const model = { label: "m", model: "m-1", baseURL: null, apiKeyEnv: null, inputPricePerMTok: 0.5, outputPricePerMTok: 1.5, concurrency: 8 } as unknown as ModelConfig;

describe("a comparison's figures", () => {
  it("p95 latency is the nearest-rank percentile of the calls that reached the model", () => {
    expect(percentile95([])).toBeNull();
    expect(percentile95([120])).toBe(120);
    // 20 calls: the 19th smallest is the 95th percentile.
    expect(percentile95(Array.from({ length: 20 }, (_, index) => (20 - index) * 10))).toBe(190);
    expect(percentile95(Array.from({ length: 100 }, (_, index) => index + 1))).toBe(95);
  });

  it("cost is tokens at the model's prices per million", () => {
    expect(modelCost(model, 1_000_000, 0)).toBeCloseTo(0.5, 12);
    expect(modelCost(model, 2_000, 400)).toBeCloseTo((2_000 * 0.5 + 400 * 1.5) / 1_000_000, 15);
    expect(modelCost({ ...model, inputPricePerMTok: 0, outputPricePerMTok: 0 }, 5_000, 5_000)).toBe(0);
  });

  it("each row's delta is its distance to the best NMSE; a row without NMSE has none", () => {
    const row = (label: string, nmse: number | null) => ({ label, nmse }) as Parameters<typeof withDeltas>[0][number];
    const rows = withDeltas([row("a", 12.5), row("b", 6.25), row("c", null)]);
    expect(rows.map((entry) => [entry.label, entry.deltaToBest])).toEqual([
      ["a", 6.25],
      ["b", 0],
      ["c", null],
    ]);
    expect(withDeltas([row("x", null)])[0]!.deltaToBest).toBeNull();
  });
});
