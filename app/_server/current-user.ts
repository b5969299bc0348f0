import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { userForSession, type SessionUser } from "@/db/queries/auth";
import { SESSION_COOKIE } from "./auth";

/** The signed-in user of a page render, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  return userForSession(getDb(), (await cookies()).get(SESSION_COOKIE)?.value);
}

/** Pages need a signed-in user; admin pages an admin. */
export async function requirePageUser(role: "labeler" | "admin" = "labeler"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (role === "admin" && user.role !== "admin") redirect("/");
  return user;
}
