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

/** Ids are plain decimal numbers: "0x1", "1e2" or " 7" are not ids. */
export function idParam(value: string): number {
  const id = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) notFound();
  return id;
}
