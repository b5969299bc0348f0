import { simCallerRefusal } from "@/app/_server/sim-caller";
import { getEnv } from "@/lib/env";
import { route, readBodyText } from "@/lib/http";
import { simFaultsFromEnv } from "@/lib/llm/runtime";
import { attemptCounter, handleSimChat } from "@/lib/llm/sim/handler";
import { SIM_MAX_BODY_BYTES } from "@/lib/llm/sim/server";

const nextAttempt = attemptCounter();

/**
 * The simulated model as a public OpenAI-compatible endpoint of this app: point any client
 * (or `npx attune eval` with OPENAI_BASE_URL=http://host:3000/api/sim/v1 and OPENAI_API_KEY set to
 * ATTUNE_SIM_KEY) at it. Callers need a session or that key; bodies are read up to a limit and
 * only their hash is remembered.
 */
export const POST = route(async (request: Request): Promise<Response> => {
  const env = getEnv();
  const refusal = simCallerRefusal(request);
  if (refusal) return refusal;
  const text = await readBodyText(request, SIM_MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error" } }, { status: 400 });
  }
  const faults = simFaultsFromEnv(env);
  const result = handleSimChat(body, { seed: env.ATTUNE_SIM_SEED, faults, attempt: nextAttempt(text) });
  if (result.kind === "hang") {
    await new Promise<void>((resolve) => request.signal.addEventListener("abort", () => resolve(), { once: true }));
    return new Response(null, { status: 499 });
  }
  if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
  return Response.json(result.body, { status: result.status, headers: result.headers });
});
