import type { Db } from "@/db/client";
import type { ImportSummary } from "@/lib/import";
import { seedSummEval } from "./summeval";
import { seedSupportReplies } from "./support-replies";

/** Loads the demo datasets; running it again changes nothing. */
export function seedDemo(db: Db): ImportSummary[] {
  return [seedSupportReplies(db), seedSummEval(db)];
}
