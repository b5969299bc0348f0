import { simModelList } from "@/lib/llm/sim/handler";

export function GET(): Response {
  return Response.json(simModelList());
}
