import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { getDataset } from "./datasets";
import { currentPrompt, listPromptVersions, resolvePrompt, savePromptVersion, setCurrentPrompt } from "./prompts";

describe("prompt versions", () => {
  it("seeds a version from the task, saves edits as new immutable versions, and reuses identical ones", () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const seed = currentPrompt(db, datasetId, "m");
    expect(seed).toMatchObject({ origin: "seed", parentId: null });
    expect(seed.instruction).toContain("Rate the quality of the support agent's reply");

    const edited = savePromptVersion(db, { datasetId, instruction: `${seed.instruction}\nBe concise.`, model: "m", origin: "manual", parentId: seed.id });
    expect(edited.id).not.toBe(seed.id);
    expect(getDataset(db, datasetId).currentPromptId).toBe(edited.id);
    expect(savePromptVersion(db, { datasetId, instruction: edited.instruction, model: "m", origin: "manual", parentId: edited.id }).id).toBe(edited.id);

    const fromOptimizer = savePromptVersion(db, { datasetId, instruction: `${seed.instruction}\nOther.`, model: "m", origin: "optimizer", parentId: seed.id, makeCurrent: false });
    expect(getDataset(db, datasetId).currentPromptId).toBe(edited.id);
    setCurrentPrompt(db, datasetId, fromOptimizer.id);
    expect(resolvePrompt(db, datasetId, "current", "m").id).toBe(fromOptimizer.id);
    expect(listPromptVersions(db, datasetId).map((version) => version.origin)).toEqual(["optimizer", "manual", "seed"]);
    // The seed never changed.
    expect(resolvePrompt(db, datasetId, seed.id, "m").instruction).toBe(seed.instruction);
  });
});
