import { createHash } from "node:crypto";
import type { Split } from "@/db/schema";

/**
 * A stable hash of the external id places an example: 40% train, 30% val, 30% test.
 * It depends on the id alone, so adding rows never moves the ones already there.
 */
export function assignSplit(externalId: string): Split {
  const digest = createHash("sha256").update(externalId, "utf8").digest();
  const bucket = digest.readUInt32BE(0) / 0x1_0000_0000;
  if (bucket < 0.4) return "train";
  if (bucket < 0.7) return "val";
  return "test";
}

export function parseSplit(value: string): Split | null {
  const normalised = value.trim().toLowerCase();
  if (normalised === "train" || normalised === "val" || normalised === "test") return normalised;
  return null;
}
