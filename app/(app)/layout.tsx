import Link from "next/link";
import type { ReactNode } from "react";
import { requirePageUser } from "@/app/_server/current-user";
import { UserProvider } from "@/components/auth/user-context";
import { UserMenu } from "@/components/auth/user-menu";
import { Badge } from "@/components/ui/badge";
import { getEnv } from "@/lib/env";
import { providerFromEnv } from "@/lib/llm/config";

export const dynamic = "force-dynamic";

/** Every page of the app needs a signed-in user. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const simulated = providerFromEnv(getEnv()).simulated;
  return (
    <UserProvider user={{ username: user.username, role: user.role, adjudicator: user.adjudicator }}>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-6">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <span className="inline-block h-5 w-5 rounded-md bg-gradient-to-br from-indigo-500 to-violet-500" aria-hidden />
            Attune
          </Link>
          <nav className="flex gap-4 text-sm text-slate-600">
            <Link href="/" className="hover:text-slate-900">
              Datasets
            </Link>
            {user.role === "admin" ? (
              <>
                <Link href="/import" className="hover:text-slate-900">
                  Import
                </Link>
                <Link href="/users" className="hover:text-slate-900">
                  Users
                </Link>
              </>
            ) : null}
            <Link href="/settings" className="hover:text-slate-900">
              Settings
            </Link>
          </nav>
          {simulated ? (
            <Link href="/settings" data-testid="simulated-badge">
              <Badge tone="amber" title="No model provider is configured: Attune's simulated model answers.">
                simulated model
              </Badge>
            </Link>
          ) : null}
          <div className="ml-auto">
            <UserMenu />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </UserProvider>
  );
}
