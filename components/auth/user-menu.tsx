"use client";

import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { fetchJson } from "@/lib/api-client";
import { useUser } from "./user-context";

export function UserMenu() {
  const router = useRouter();
  const user = useUser();
  return (
    <div className="flex items-center gap-2 whitespace-nowrap text-sm">
      <span className="max-w-40 truncate font-medium text-slate-900" title={user.username} data-testid="current-user">
        {user.username}
      </span>
      <Badge tone={user.isAdmin ? "indigo" : "neutral"}>{user.role}</Badge>
      <button
        type="button"
        className="shrink-0 text-xs text-indigo-600 hover:underline"
        data-testid="sign-out"
        onClick={async () => {
          await fetchJson("/api/auth/logout", { method: "POST" }).catch(() => undefined);
          router.push("/login");
          router.refresh();
        }}
      >
        Sign out
      </button>
    </div>
  );
}
