"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { fetchJson } from "@/lib/api-client";

const inputClass = "w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

/** Sign in, or (on first start) create the first admin. */
export function CredentialsForm({ mode }: { mode: "login" | "setup" }) {
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const {
    run: submit,
    busy,
    error,
  } = useAction(async () => {
    await fetchJson(mode === "login" ? "/api/auth/login" : "/api/auth/setup", { method: "POST", body: JSON.stringify({ username, password }) });
    router.push("/");
    router.refresh();
  }, "That did not work.");

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="block text-sm">
        <span className="mb-1 block font-medium text-slate-700">Username</span>
        <input className={inputClass} autoComplete="username" autoFocus value={username} onChange={(event) => setUsername(event.target.value)} data-testid="username" />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium text-slate-700">Password</span>
        <input
          className={inputClass}
          type="password"
          autoComplete={mode === "login" ? "current-password" : "new-password"}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          data-testid="password"
        />
        {mode === "setup" ? <span className="mt-1 block text-xs text-slate-500">At least 10 characters.</span> : null}
      </label>
      {error ? (
        <p role="alert" className="text-sm text-rose-700" data-testid="auth-error">
          {error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={busy} data-testid="submit-credentials">
        {mode === "login" ? "Sign in" : "Create the admin and sign in"}
      </Button>
    </form>
  );
}
