import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { usernameKey } from "@/lib/auth/username";
import { checkCredentials, countUsers, createUser } from "./auth";

describe("accounts", () => {
  it("creates exactly one first admin under concurrent setups", async () => {
    const db = createTestDb();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => createUser(db, { username: `admin${i}`, password: "first-admin-1", role: "admin" }, { onlyIfFirst: true })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(countUsers(db)).toBe(1);
  });

  it("keeps usernames unique after NFKC and case folding, and signs in by any of their forms", async () => {
    const db = createTestDb();
    await createUser(db, { username: "Straße", password: "long-enough-1", role: "labeler" });
    await expect(createUser(db, { username: "STRASSE", password: "long-enough-1", role: "labeler" })).rejects.toThrow(/is taken/);
    await expect(createUser(db, { username: "ｓｔｒａｓｓｅ", password: "long-enough-1", role: "labeler" })).rejects.toThrow(/is taken/);
    expect(usernameKey("ＡＤＭＩＮ")).toBe("admin");
    await expect(checkCredentials(db, "strasse", "long-enough-1")).resolves.toMatchObject({ username: "Straße" });
  });
});
