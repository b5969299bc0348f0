import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { createModelRuntime, type ModelRuntime } from "@/lib/llm/runtime";

// One model runtime per server process (and across hot reloads): one sim server, one client, one limiter.
const holder = globalThis as typeof globalThis & { attuneRuntime?: Promise<ModelRuntime> };

export function getModelRuntime(): Promise<ModelRuntime> {
  holder.attuneRuntime ??= createModelRuntime(getDb(), getEnv());
  return holder.attuneRuntime;
}
