import { getDb } from "@/db/client";
import { createDataset, listDatasets } from "@/db/queries/datasets";
import { datasetInputSchema } from "@/lib/datasets/schemas";
import { parseInput, readJsonBody, route } from "@/lib/http";

export const GET = route(() => Response.json({ datasets: listDatasets(getDb()) }));

export const POST = route(async (request: Request) => {
  const input = parseInput(datasetInputSchema, await readJsonBody(request), "dataset");
  const dataset = createDataset(getDb(), input);
  return Response.json({ dataset }, { status: 201 });
});
