import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { llmCache } from "@/db/schema";

export interface CachedAnswer {
  content: string;
  tokensIn: number;
  tokensOut: number;
}

/** The response cache in SQLite, shared by every run, page and CLI process on this database. */
export function sqliteResponseCache(db: Db) {
  return {
    get(key: string): CachedAnswer | undefined {
      return db.select({ content: llmCache.content, tokensIn: llmCache.tokensIn, tokensOut: llmCache.tokensOut }).from(llmCache).where(eq(llmCache.key, key)).get();
    },
    put(key: string, model: string, answer: CachedAnswer): void {
      db.insert(llmCache)
        .values({ key, model, ...answer })
        .onConflictDoNothing()
        .run();
    },
  };
}
