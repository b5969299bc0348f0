import { apiRoute } from "@/app/_server/auth";
import { getModelRuntime } from "@/app/_server/runtime";

import { testConnection } from "@/lib/llm/test-connection";

export const POST = apiRoute("admin", async (_request: Request, _context: unknown) => {
  const runtime = await getModelRuntime();
  return Response.json(await testConnection(runtime.client, runtime.provider.judgeModel));
});
