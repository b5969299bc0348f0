"use client";

import { useState } from "react";
import { ApiError } from "@/lib/api-client";

/** A form's submit: busy while it runs, and the server's message (or a fallback) when it fails. */
export function useAction<T>(action: () => Promise<T>, fallback: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : fallback);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { run, busy, error };
}
