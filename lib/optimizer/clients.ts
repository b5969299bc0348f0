import type { OptimizerConfig } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import type { ModelClients } from "@/lib/llm/model-clients";
import type { OptimizerDeps } from "./runner";

/**
 * The clients a run talks to, by the labels its config recorded (null: the default provider): the
 * reflection model's, the judge's, and for an adaptation the reference model's. A reference that
 * cannot be reached (taken out of the list, its key not set) does not stop the run: it is left
 * out, and the run says why when it ends.
 */
export async function optimizerClients(models: ModelClients, config: OptimizerConfig): Promise<OptimizerDeps> {
  const client = await models.clientFor(config.reflectionModelLabel ?? null);
  const judgeClient = await models.clientFor(config.judgeModelLabel ?? null);
  if (!config.reference) return { client, judgeClient };
  try {
    return { client, judgeClient, referenceClient: await models.clientFor(config.reference.label) };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { client, judgeClient, referenceProblem: error.message };
  }
}
