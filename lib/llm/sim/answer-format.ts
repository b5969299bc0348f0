import type { OutputSpec } from "./read-request";

/** Which of the model's values a requested key means: keys are matched by what they name. */
function valueFor(key: string, values: Record<string, unknown>): unknown {
  if (key in values) return values[key];
  const roles: [RegExp, string][] = [
    [/score|rating|grade/i, "score"],
    [/reason|rationale|explanation/i, "reasoning"],
    [/instruction|prompt|new_?value|value/i, "instruction"],
    [/summary|feedback/i, "summary"],
  ];
  for (const [pattern, role] of roles) if (pattern.test(key) && role in values) return values[role];
  return "";
}

/**
 * The answer text in the shape the request asked for: a JSON object with exactly the requested
 * keys (as constrained decoding gives), or `key: value` lines.
 */
export function renderAnswer(values: Record<string, unknown>, output: OutputSpec): string {
  if (output.style === "lines") return output.keys.map((key) => `${key}: ${String(valueFor(key, values))}`).join("\n");
  return JSON.stringify(Object.fromEntries(output.keys.map((key) => [key, valueFor(key, values)])));
}
