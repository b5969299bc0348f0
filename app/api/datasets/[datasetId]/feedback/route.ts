import { apiRoute } from "@/app/_server/auth";
import { z } from "zod";
import { getDb } from "@/db/client";
import { bulletCounts, generateBullets, listBullets } from "@/db/queries/feedback";
import { getEvalRun } from "@/db/queries/evaluations";
import { examplesLabeledBy } from "@/db/queries/labeling";
import { bulletStatuses } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { parseId, parseInput, readJsonBody } from "@/lib/http";

type Context = { params: Promise<{ datasetId: string }> };
const optionalId = z.preprocess((value) => (value === "" || value === null ? undefined : value), z.coerce.number().int().positive().optional());
const querySchema = z.object({ runId: optionalId, status: z.preprocess((value) => (value === "" || value === null ? undefined : value), z.enum(bulletStatuses).optional()) });

export const GET = apiRoute("labeler", async (request: Request, { params }: Context, user) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const query = parseInput(querySchema, Object.fromEntries(new URL(request.url).searchParams), "filter");
  const db = getDb();
  let bullets = listBullets(db, { datasetId, ...query });
  // Bullets quote the humans: a labeler sees them only for examples they have labeled (blind labeling).
  if (user.role !== "admin") {
    const labeled = examplesLabeledBy(
      db,
      user.labelerId,
      bullets.map((bullet) => bullet.exampleId),
    );
    bullets = bullets.filter((bullet) => labeled.has(bullet.exampleId));
  }
  return Response.json({ bullets, counts: bulletCounts(db, datasetId, query.runId) });
});

/** Turns an evaluation's disagreements into proposed bullets (again: adds nothing). */
export const POST = apiRoute("admin", async (request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const { runId } = parseInput(z.object({ runId: z.number().int().positive() }), await readJsonBody(request), "feedback request");
  const db = getDb();
  if (getEvalRun(db, runId).datasetId !== datasetId) throw new AppError("not_found", `Evaluation #${runId} belongs to another dataset.`);
  return Response.json(generateBullets(db, runId), { status: 201 });
});
