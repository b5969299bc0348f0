import { simCallerRefusal } from "@/app/_server/sim-caller";
import { simModelList } from "@/lib/llm/sim/handler";

/** The simulated models, for callers allowed to use them (as a provider's list needs its key). */
export function GET(request: Request): Response {
  return simCallerRefusal(request) ?? Response.json(simModelList());
}
