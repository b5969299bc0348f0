import { SIM_JUDGE_MODEL, SIM_REFLECTION_MODEL } from "@/lib/llm/config";
import { simModelList } from "@/lib/llm/sim/handler";

export function GET(): Response {
  return Response.json(simModelList([SIM_JUDGE_MODEL, SIM_REFLECTION_MODEL]));
}
