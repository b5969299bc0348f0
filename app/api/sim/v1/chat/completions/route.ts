import { getEnv } from "@/lib/env";
import { attemptCounter, handleSimChat } from "@/lib/llm/sim/handler";
import { simFaultsFromEnv } from "@/lib/llm/runtime";

const nextAttempt = attemptCounter();

/**
 * The simulated model as a public OpenAI-compatible endpoint of this app: point any client
 * (or `npx attune eval` with OPENAI_BASE_URL=http://host:3000/api/sim/v1) at it.
 */
export async function POST(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: { message: "The body is not JSON.", type: "invalid_request_error" } }, { status: 400 });
  }
  const env = getEnv();
  const faults = simFaultsFromEnv(env);
  const result = handleSimChat(body, { seed: env.ATTUNE_SIM_SEED, faults, attempt: nextAttempt(body) });
  if (result.kind === "hang") {
    await new Promise<void>((resolve) => request.signal.addEventListener("abort", () => resolve(), { once: true }));
    return new Response(null, { status: 499 });
  }
  if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
  return Response.json(result.body, { status: result.status, headers: result.headers });
}
