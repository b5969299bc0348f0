import { describe, expect, it } from "vitest";
import { groupBullets } from "./group";

describe("grouping bullets by direction and theme", () => {
  const bullets = [
    { id: 1, direction: "lenient" as const, magnitude: 2, rationales: ["The link is broken."] },
    { id: 2, direction: "lenient" as const, magnitude: 2, rationales: ["Links point nowhere", "no steps"] },
    { id: 3, direction: "lenient" as const, magnitude: 2, rationales: ["Rude tone toward the customer."] },
    { id: 4, direction: "harsh" as const, magnitude: 1.5, rationales: ["Polite and it solves the problem."] },
    { id: 5, direction: "lenient" as const, magnitude: 2, rationales: ["Tone is rude."] },
    { id: 6, direction: "malformed" as const, magnitude: 4, rationales: [] },
    { id: 7, direction: "lenient" as const, magnitude: 2, rationales: ["Asks for the password."] },
    { id: 8, direction: "harsh" as const, magnitude: 1.5, rationales: ["Solves it in two steps."] },
  ];

  it("puts bullets whose humans name the same thing together, most shared first, the rest last", () => {
    expect(groupBullets(bullets)).toEqual([
      { key: "malformed:", direction: "malformed", theme: null, band: null, also: [], ids: [6] },
      // "link" (1, 2), "rude" (3, 5) and "tone" (3, 5) tie at two: alphabetical order picks "link", then "rude"
      { key: "lenient:link", direction: "lenient", theme: "link", band: null, also: [], ids: [1, 2] },
      { key: "lenient:rude", direction: "lenient", theme: "rude", band: null, also: ["tone"], ids: [3, 5] },
      { key: "lenient:gap2", direction: "lenient", theme: null, band: "off by 2 to 3", also: [], ids: [7] },
      { key: "harsh:solv", direction: "harsh", theme: "solves", band: null, also: [], ids: [4, 8] },
    ]);
  });

  it("gives every bullet exactly one group", () => {
    const ids = groupBullets(bullets).flatMap((group) => group.ids);
    expect(ids.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("bullets without rationales come in bands of gap size, biggest first", () => {
    const bare = [3.5, 0.6, 2.2, 3, 1].map((magnitude, index) => ({ id: index + 1, direction: "lenient" as const, magnitude, rationales: [] }));
    expect(groupBullets(bare).map((group) => [group.band, group.ids])).toEqual([
      ["off by 3 or more", [1, 4]],
      ["off by 2 to 3", [3]],
      ["off by 1 to 2", [5]],
      ["off by less than 1", [2]],
    ]);
  });

  it("skips a word nearly every bullet shares: it says nothing", () => {
    const same = Array.from({ length: 10 }, (_, index) => ({ id: index + 1, direction: "harsh" as const, magnitude: 1.5, rationales: [`customer ${index < 5 ? "waited" : "refund"}`] }));
    expect(groupBullets(same).map((group) => group.theme)).toEqual(["refund", "waited"]);
  });
});
