import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { createDataset, listDatasets } from "@/db/queries/datasets";
import { datasetInputSchema } from "@/lib/datasets/schemas";
import { parseInput, readJsonBody } from "@/lib/http";

export const GET = apiRoute("labeler", (_request: Request, _context: unknown) => Response.json({ datasets: listDatasets(getDb()) }));

export const POST = apiRoute("admin", async (request: Request, _context: unknown) => {
  const input = parseInput(datasetInputSchema, await readJsonBody(request), "dataset");
  const dataset = createDataset(getDb(), input);
  return Response.json({ dataset }, { status: 201 });
});
