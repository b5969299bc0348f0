import { describe, expect, it } from "vitest";

// The routes run against a fresh in-memory database of this test process.
process.env.ATTUNE_DB = ":memory:";

const { getDb } = await import("@/db/client");
const { createSession, createUser } = await import("@/db/queries/auth");
const { createEvalRun } = await import("@/db/queries/evaluations");
const { generateBullets } = await import("@/db/queries/feedback");
const { saveLabel } = await import("@/db/queries/labeling");
const { currentPrompt } = await import("@/db/queries/prompts");
const { seedSupportReplies } = await import("@/lib/demo/support-replies");
const { envSchema } = await import("@/lib/env");
const { runEvaluation } = await import("@/lib/judge/evaluate");
const { createModelRuntime } = await import("@/lib/llm/runtime");
const disagreementsRoute = await import("./evaluations/[runId]/disagreements/route");
const feedbackRoute = await import("./datasets/[datasetId]/feedback/route");

type Row = { exampleId: number; gold: number | null; labels: unknown[]; hidden?: boolean };

describe("blind labeling", () => {
  it("hides other people's scores and rationales from a labeler until they label the example; admins see everything", async () => {
    const db = getDb();
    const { datasetId } = seedSupportReplies(db);
    const admin = await createUser(db, { username: "boss", password: "boss-password-1", role: "admin" });
    const labeler = await createUser(db, { username: "newbie", password: "newbie-password-1", role: "labeler" });
    const runtime = await createModelRuntime(db, envSchema.parse({}));
    const prompt = currentPrompt(db, datasetId, runtime.provider.judgeModel);
    const evaluation = createEvalRun(db, { datasetId, promptId: prompt.id, split: "val", model: runtime.provider.judgeModel, concurrency: 8 });
    await runEvaluation(db, evaluation.id, { client: runtime.client });
    await runtime.close();
    generateBullets(db, evaluation.id);

    const as = async (userId: number) => {
      const cookie = `attune_session=${createSession(db, userId).token}`;
      const rows = (
        (await (
          await disagreementsRoute.GET(new Request(`http://localhost/api/evaluations/${evaluation.id}/disagreements?limit=200`, { headers: { cookie } }), {
            params: Promise.resolve({ runId: String(evaluation.id) }),
          })
        ).json()) as { rows: Row[] }
      ).rows;
      const bullets = (
        (await (
          await feedbackRoute.GET(new Request(`http://localhost/api/datasets/${datasetId}/feedback`, { headers: { cookie } }), { params: Promise.resolve({ datasetId: String(datasetId) }) })
        ).json()) as { bullets: { exampleId: number; generatedText: string }[] }
      ).bullets;
      return { rows, bullets };
    };

    const before = await as(labeler.id);
    expect(before.rows.length).toBeGreaterThan(5);
    for (const row of before.rows) expect(row).toMatchObject({ hidden: true, gold: null, labels: [] });
    expect(before.bullets).toEqual([]);

    const labeled = before.rows[0]!.exampleId;
    saveLabel(db, { exampleId: labeled, labelerId: labeler.labelerId, score: 3, rationale: "my own view" });
    const after = await as(labeler.id);
    expect(after.rows.find((row) => row.exampleId === labeled)).toMatchObject({ hidden: false, gold: expect.any(Number) });
    expect(after.rows.find((row) => row.exampleId === labeled)!.labels.length).toBeGreaterThan(1);
    expect(after.rows.filter((row) => row.hidden)).toHaveLength(after.rows.length - 1);
    expect(after.bullets.map((bullet) => bullet.exampleId)).toEqual(after.bullets.length ? [labeled] : []);

    const boss = await as(admin.id);
    expect(boss.rows.every((row) => row.gold !== null && row.labels.length > 0)).toBe(true);
    expect(boss.bullets.length).toBeGreaterThan(5);
  });
});
