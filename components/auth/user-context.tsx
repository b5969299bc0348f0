"use client";

import { createContext, useContext, type ReactNode } from "react";

export interface CurrentUser {
  username: string;
  role: "admin" | "labeler";
  adjudicator: boolean;
}

const UserContext = createContext<CurrentUser | null>(null);

export function UserProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

/** The signed-in user; admin-only controls hide for labelers (the server refuses them anyway). */
export function useUser(): CurrentUser & { isAdmin: boolean; canAdjudicate: boolean } {
  const user = useContext(UserContext);
  if (!user) throw new Error("useUser outside a signed-in page");
  return { ...user, isAdmin: user.role === "admin", canAdjudicate: user.role === "admin" || user.adjudicator };
}
