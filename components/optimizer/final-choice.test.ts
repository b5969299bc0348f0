import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FinalChoice } from "./final-choice";

describe("FinalChoice", () => {
  it("says which removed line was the seed's own and which the search added", () => {
    const html = renderToStaticMarkup(
      createElement(FinalChoice, {
        valCount: 10,
        selection: {
          finalists: [{ index: 1, valNmse: 2, length: 300, meanDiff: 0, standardError: 0, examples: 10 }],
          chosen: 1,
          rule: "lowest val NMSE",
          ablations: [
            { line: "Be generous with small flaws.", kept: false, sumDiff: -1, examples: 30, fromSeed: true },
            { line: "Reward concrete next steps.", kept: true, sumDiff: 1, examples: 30 },
          ],
          pruned: { valNmse: 1.8, sumDiff: 0.5, examples: 10, replaced: true },
          metricCalls: 70,
        },
      }),
    );
    expect(html).toContain("Removed the seed&#x27;s line “Be generous with small flaws.” (no worse without it on 30 train examples)");
    expect(html).toContain("Kept “Reward concrete next steps.” (it helps on 30 train examples)");
  });
});
