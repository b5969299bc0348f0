import { createHash } from "node:crypto";

/** Hash of an example's inputs in the dataset's field order; equal inputs give equal hashes. */
export function contentHash(inputFields: string[], inputs: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const field of inputFields) {
    hash
      .update(field)
      .update("\u0000")
      .update(inputs[field] ?? "")
      .update("\u0001");
  }
  return hash.digest("hex").slice(0, 32);
}
