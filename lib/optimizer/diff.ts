import { diffWords } from "diff";

export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/** Word-level diff of two instructions (the `diff` package), for run and version views. */
export function instructionDiff(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((part) => ({ value: part.value, ...(part.added ? { added: true } : {}), ...(part.removed ? { removed: true } : {}) }));
}
