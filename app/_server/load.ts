import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** Runs a page's query; a missing record becomes the 404 page rather than an error. */
export function loadOr404<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export function idParam(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}
