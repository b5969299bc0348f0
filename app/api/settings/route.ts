import { getModelRuntime } from "@/app/_server/runtime";
import { route } from "@/lib/http";
import { describeProvider } from "@/lib/llm/config";

export const GET = route(async () => Response.json(describeProvider((await getModelRuntime()).provider)));
