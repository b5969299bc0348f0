/** What Attune reads from a chat completion, whatever the server put around the answer. */
export interface CompletionReading {
  /** The answer, without a leading `<think>…</think>` block. */
  content: string;
  /** "stop" when the model finished; "length" when cut off; null when the server did not say. */
  finishReason: string | null;
  /** A refusal the model gave instead of an answer. */
  refusal: string | null;
}

interface CompletionLike {
  choices?: { message?: { content?: string | null; refusal?: string | null } | null; finish_reason?: string | null }[];
}

/**
 * Reasoning models served by vLLM, Ollama or llama.cpp may put their thinking in the content as
 * `<think>…</think>` (or in a separate `reasoning_content`, which is ignored here). A think
 * block that never closes means the answer never started.
 */
export function stripThinking(text: string): string {
  const trimmed = text.trimStart();
  if (!/^<think>/i.test(trimmed)) return text;
  const end = trimmed.search(/<\/think>/i);
  return end < 0 ? "" : trimmed.slice(end + "</think>".length).trimStart();
}

export function readCompletion(completion: CompletionLike): CompletionReading {
  const choice = completion.choices?.[0];
  return {
    content: stripThinking(choice?.message?.content ?? ""),
    finishReason: choice?.finish_reason ?? null,
    refusal: choice?.message?.refusal || null,
  };
}

/** Only a finished answer that is not a refusal may be cached or trusted as complete. */
export const isFinished = (reading: Pick<CompletionReading, "finishReason" | "refusal">) => reading.finishReason === "stop" && !reading.refusal;

/** Why an answer is incomplete, in words, or null when it finished. */
export function unfinishedReason(reading: Pick<CompletionReading, "finishReason" | "refusal">): string | null {
  if (reading.refusal) return `the model refused: ${reading.refusal.slice(0, 300)}`;
  if (reading.finishReason === "stop") return null;
  if (reading.finishReason === "length") return 'the answer was cut off at the token limit (finish_reason "length")';
  return `the answer did not finish (finish_reason ${JSON.stringify(reading.finishReason)})`;
}

/** The first balanced {...} block in a text, for answers wrapped in prose or code fences. */
export function firstJsonObject(text: string): string | null {
  const start = text.indexOf("{");
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}
