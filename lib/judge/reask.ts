import type { ChatMessage, ChatRequest } from "@/lib/llm/request-format";

/**
 * When the judge's answer cannot be read (not JSON, no score from 1 to 5, cut off), the judge is
 * asked once more in the same conversation: its answer, then what was wrong with it. Models that
 * break the format now and then mostly answer whole the second time, and a malformed answer would
 * otherwise count as the largest error. One re-ask, never more; a refusal is not re-asked.
 */
/** How much of the unreadable answer is sent back: enough to show how it broke, not a cut-off ramble. */
export const ECHOED_ANSWER_CHARS = 2000;

/** What the assistant turn says when the model answered nothing (cut off while thinking). */
export const NO_ANSWER = "(no answer)";

/** The user turn that asks again; `problem` is what could not be read, in the parser's words. */
export function reaskText(problem: string): string {
  return [`Your answer could not be read: ${problem}.`, 'Answer again with only the JSON object with the keys "reasoning" (one or two sentences) and "score" (an integer from 1 to 5).'].join("\n");
}

/**
 * The turns a re-ask adds: the judge's unreadable answer (its start, or a placeholder when it said
 * nothing, since some chat templates refuse two user turns in a row), then what was wrong with it.
 */
export function reaskTurns(answer: string, problem: string): ChatMessage[] {
  return [
    { role: "assistant", content: answer.trim() ? answer.slice(0, ECHOED_ANSWER_CHARS) : NO_ANSWER },
    { role: "user", content: reaskText(problem) },
  ];
}

/** The judge's request, continued with the re-ask. */
export function reaskRequest(request: ChatRequest, answer: string, problem: string): ChatRequest {
  return { ...request, messages: [...request.messages, ...reaskTurns(answer, problem)] };
}

/** Whether an unreadable answer is worth asking again: not when the model refused. */
export const shouldReask = (refusal: string | null): boolean => !refusal;

/**
 * Whether an evaluation read nothing: every answer came back, and not one could be read. (Failed
 * calls say more than that, and are reported as such.)
 */
export function readsNothing(counts: { done: number; malformed: number; errors: number }): boolean {
  return counts.done > 0 && counts.errors === 0 && counts.malformed === counts.done;
}

/**
 * What a run that got no readable answer at all says beside (or instead of) its NMSE of 100: that
 * figure measures the answer format, not the judgment. `where`: the examples, as the run names them.
 */
export function noReadableAnswer(count: number, problem: string | null, where = "examples"): string {
  const first = problem ? ` (the first: ${problem.slice(0, 300)})` : "";
  return `The judge model gave no readable answer on any of the ${count} ${where}, even when asked again${first}, so nothing was measured: an NMSE of 100 here is the answer format failing, not the judgment. The answers must be the JSON object with "reasoning" and "score" that Attune asks for; an instruction that asks for another format breaks it, and a reasoning model may spend its whole token limit thinking.`;
}
