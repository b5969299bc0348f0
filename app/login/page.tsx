import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/app/_server/current-user";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { getDb } from "@/db/client";
import { countUsers } from "@/db/queries/auth";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (countUsers(getDb()) === 0) redirect("/setup");
  if (await currentUser()) redirect("/");
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
        <span className="inline-block h-6 w-6 rounded-md bg-gradient-to-br from-indigo-500 to-violet-500" aria-hidden />
        Sign in to Attune
      </div>
      <CredentialsForm mode="login" />
    </main>
  );
}
