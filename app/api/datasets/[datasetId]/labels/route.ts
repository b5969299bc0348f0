import { z } from "zod";
import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { labelsExport, labelsFileName } from "@/lib/export/labels";
import { parseId, parseInput } from "@/lib/http";

const querySchema = z.object({ format: z.enum(["csv", "jsonl"], { message: "format must be csv or jsonl" }).default("csv") });

/** Every example with every label, rationale, labeler and gold score, streamed. Admins only: it shows everyone's labels. */
export const GET = apiRoute("admin", async (request: Request, { params }: { params: Promise<{ datasetId: string }> }) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const { format } = parseInput(querySchema, Object.fromEntries(new URL(request.url).searchParams), "export");
  const db = getDb();
  const dataset = getDataset(db, datasetId);
  const lines = labelsExport(db, datasetId, format);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      // About 64 KB per chunk: the response streams while the database is read a page at a time.
      let chunk = "";
      for (let next = lines.next(); ; next = lines.next()) {
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
        if (chunk.length >= 65_536) break;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${labelsFileName(dataset.name, format)}"`,
    },
  });
});
