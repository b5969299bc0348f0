import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { deleteDataset, getDataset, getDatasetOverview } from "@/db/queries/datasets";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseId, parseInput, readJsonBody } from "@/lib/http";

export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ datasetId: string }> }) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  return Response.json(getDatasetOverview(getDb(), datasetId));
});

/** Deletes the dataset and everything in it; the body must name it, as the confirmation typed it. */
export const DELETE = apiRoute("admin", async (request: Request, { params }: { params: Promise<{ datasetId: string }> }) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const { confirmName } = parseInput(z.object({ confirmName: z.string().max(200) }), await readJsonBody(request), "deletion");
  const db = getDb();
  if (getDataset(db, datasetId).name !== confirmName) throw new AppError("invalid_input", "Type the dataset's name exactly to delete it.", [{ field: "confirmName", message: "does not match" }]);
  return Response.json(deleteDataset(db, datasetId));
});
