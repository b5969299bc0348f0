import { apiRoute } from "@/app/_server/auth";
import { getModelRuntime } from "@/app/_server/runtime";

import { describeProvider } from "@/lib/llm/config";

export const GET = apiRoute("labeler", async (_request: Request, _context: unknown) => Response.json(describeProvider((await getModelRuntime()).provider)));
