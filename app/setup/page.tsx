import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { getDb } from "@/db/client";
import { countUsers } from "@/db/queries/auth";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

/** First start only: while no user exists, create the admin. */
export default function SetupPage() {
  if (countUsers(getDb()) > 0) redirect("/login");
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-2 text-lg font-semibold">Welcome to Attune</h1>
      <p className="mb-6 text-sm text-slate-600">Create the first admin. Admins import data, run evaluations and optimizations, and add labelers.</p>
      <CredentialsForm mode="setup" />
    </main>
  );
}
