import Link from "next/link";
import type { ReactNode } from "react";
import { requirePageUser } from "@/app/_server/current-user";
import { UserProvider } from "@/components/auth/user-context";
import { UserMenu } from "@/components/auth/user-menu";
import { AppNav } from "@/components/nav/app-nav";
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
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 sm:gap-x-4 sm:px-6 md:min-h-14 md:gap-x-6">
          <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
            <span className="inline-block h-5 w-5 rounded-md bg-gradient-to-br from-indigo-500 to-violet-500" aria-hidden />
            Attune
          </Link>
          {/* Below md the nav takes its own row, so the user menu stays on screen. */}
          <div className="order-last w-full min-w-0 md:order-none md:w-auto">
            <AppNav isAdmin={user.role === "admin"} />
          </div>
          {simulated ? (
            <Link href="/settings" className="shrink-0 whitespace-nowrap" data-testid="simulated-badge">
              <Badge tone="amber" title="No model provider is configured: Attune's simulated model answers.">
                {/* One inline run: as a flex item of the badge, the hidden part would lose its leading space. */}
                <span>
                  simulated<span className="max-sm:hidden"> model</span>
                </span>
              </Badge>
            </Link>
          ) : null}
          <div className="ml-auto min-w-0">
            <UserMenu />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </UserProvider>
  );
}
