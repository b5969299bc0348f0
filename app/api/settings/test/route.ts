import { getModelRuntime } from "@/app/_server/runtime";
import { route } from "@/lib/http";
import { testConnection } from "@/lib/llm/test-connection";

export const POST = route(async () => {
  const runtime = await getModelRuntime();
  return Response.json(await testConnection(runtime.client, runtime.provider.judgeModel));
});
