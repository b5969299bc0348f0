import { firstJsonObject } from "@/lib/llm/response";

export type ParsedJudgment = { status: "ok"; score: number; reasoning: string } | { status: "malformed"; problem: string };

/** How much of a bad score a problem quotes: problems are stored, shown and sent back to the model. */
const QUOTED_SCORE_CHARS = 40;
const quoteStart = (text: string) => (text.length > QUOTED_SCORE_CHARS ? `${text.slice(0, QUOTED_SCORE_CHARS)}…` : text);

function fromObject(value: unknown): ParsedJudgment | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const given = value as Record<string, unknown>;
  // JSON mode leaves key case to the model: {"Score": 4, "Reasoning": "…"} says the same thing.
  const key = (name: string) => (name in given ? name : Object.keys(given).find((candidate) => candidate.trim().toLowerCase() === name));
  const record = { score: given[key("score") ?? "score"], reasoning: given[key("reasoning") ?? "reasoning"] };
  const raw = record.score;
  const score = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*[1-5]\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(score) || score < 1 || score > 5) {
    return { status: "malformed", problem: raw === undefined ? 'no "score" key' : `score ${quoteStart(JSON.stringify(raw) ?? String(raw))} is not an integer from 1 to 5` };
  }
  const reasoning = typeof record.reasoning === "string" ? record.reasoning : "";
  return { status: "ok", score, reasoning };
}

/**
 * Strict JSON first; then a JSON object found inside the text; then a `"score": N` pair.
 * Anything that does not yield an integer 1–5 is malformed (and the raw text is kept by the caller).
 */
export function parseJudgeOutput(raw: string): ParsedJudgment {
  const text = raw.trim();
  if (text === "") return { status: "malformed", problem: "empty answer" };
  try {
    const strict = fromObject(JSON.parse(text));
    if (strict) return strict;
  } catch {
    // not plain JSON: try the tolerant readings below
  }
  const block = firstJsonObject(text);
  if (block) {
    try {
      const embedded = fromObject(JSON.parse(block));
      if (embedded) return embedded;
    } catch {
      // a brace block that is not JSON
    }
  }
  const pair = text.match(/"score"\s*:\s*"?([1-5])"?(?![\d.])/i);
  if (pair) {
    const reasoning = text.match(/"reasoning"\s*:\s*"((?:[^"\\]|\\.)*)"/i)?.[1] ?? "";
    return { status: "ok", score: Number(pair[1]), reasoning: reasoning.replace(/\\"/g, '"') };
  }
  return { status: "malformed", problem: "no JSON object with an integer score from 1 to 5" };
}
