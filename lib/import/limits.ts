/** What one import may hold; each limit is named in the error that enforces it. */
export const IMPORT_LIMITS = {
  columns: 200,
  inputFields: 50,
  labelFields: 50,
  /** Characters in one field of one row. */
  fieldChars: 100_000,
  /** How deep a JSONL line may nest objects and arrays. */
  depth: 20,
  /** Characters in one JSONL line or one CSV field as read, before the field limit is checked. */
  lineChars: 32_000_000,
  /** Problems listed in one error; the rest are counted. */
  listedIssues: 200,
} as const;

/** How deep a JSON text nests, read without parsing it (a line nested 100,000 levels deep must not overflow the parser). */
export function jsonDepth(text: string, stopAt: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") {
      deepest = Math.max(deepest, ++depth);
      if (deepest > stopAt) return deepest;
    } else if (ch === "}" || ch === "]") depth--;
  }
  return deepest;
}
