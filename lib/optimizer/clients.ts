import type { OptimizerConfig } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import type { ModelClients } from "@/lib/llm/model-clients";
import type { OptimizerDeps } from "./runner";

/**
 * The clients a run talks to, by the labels its config recorded (null: the default provider): the
 * reflection model's, the judge's, and for an adaptation the reference model's, which is left out
 * (and not measured) when it is no longer configured.
 */
export async function optimizerClients(models: ModelClients, config: OptimizerConfig): Promise<OptimizerDeps> {
  const client = await models.clientFor(config.reflectionModelLabel ?? null);
  const judgeClient = await models.clientFor(config.judgeModelLabel ?? null);
  let referenceClient: OptimizerDeps["referenceClient"];
  if (config.reference) {
    try {
      referenceClient = await models.clientFor(config.reference.label);
    } catch (error) {
      if (!isAppError(error) || error.code !== "not_found") throw error;
    }
  }
  return { client, judgeClient, referenceClient };
}
