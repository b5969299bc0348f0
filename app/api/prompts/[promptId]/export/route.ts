import { apiRoute } from "@/app/_server/auth";
import { z } from "zod";
import { getDb } from "@/db/client";
import { exportFormats, exportPrompt } from "@/lib/export/bundle";
import { parseId, parseInput } from "@/lib/http";

const querySchema = z.object({ format: z.enum(exportFormats, { message: "format must be text, json or messages" }).default("json") });

/** Downloads a prompt version as text, a JSON bundle, or an OpenAI chat-messages template. */
export const GET = apiRoute("admin", async (request: Request, { params }: { params: Promise<{ promptId: string }> }) => {
  const promptId = parseId((await params).promptId, "prompt version");
  const { format } = parseInput(querySchema, Object.fromEntries(new URL(request.url).searchParams), "export request");
  const file = exportPrompt(getDb(), promptId, format);
  return new Response(file.body, { headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.fileName}"` } });
});
