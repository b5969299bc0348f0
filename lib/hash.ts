import { createHash } from "node:crypto";

/** A number in [0, 1) fixed by its inputs: seeded, stateless randomness for sampling and simulation. */
export function hashUnit(...parts: (string | number)[]): number {
  const digest = createHash("sha256").update(parts.join("\u0001")).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}
