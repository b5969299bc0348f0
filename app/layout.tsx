import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { LabelerBadge } from "@/components/labeling/labeler-badge";
import { Badge } from "@/components/ui/badge";
import { getEnv } from "@/lib/env";
import { providerFromEnv } from "@/lib/llm/config";
import { currentLabeler } from "./_server/current-labeler";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Attune", template: "%s · Attune" },
  description: "Align an LLM judge with human labelers.",
};

export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const labeler = await currentLabeler(getDb());
  const simulated = providerFromEnv(getEnv()).simulated;
  return (
    <html lang="en">
      <body>
        <Providers>
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
                <Link href="/import" className="hover:text-slate-900">
                  Import
                </Link>
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
                <LabelerBadge name={labeler?.name ?? null} />
              </div>
            </div>
          </header>
          <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
