import { describesContextOverflow } from "./provider-error";
import { responseModes, type ProviderQuirks } from "./request-format";

/** A 400/422 from a provider: what it said and, when it says, which parameter it refused. */
export interface ProviderRefusal {
  status: number | undefined;
  message: string;
  param?: string | null;
}

export interface Adaptation {
  quirks: ProviderQuirks;
  /** One line a person reads on the run page and in the CLI. */
  notice: string;
}

const names = (refusal: ProviderRefusal, pattern: RegExp) => pattern.test(refusal.param ?? "") || pattern.test(refusal.message);

/**
 * Learns from a refusal that names something the provider does not accept, and returns the
 * quirks to retry with; null when the refusal is about something else (then it is an error).
 * Only a refusal that names the response format moves down the response modes: its parameter, its
 * types, or the schema under it (gateways to Gemini name `response_schema` or a keyword it lacks).
 */
export function adaptToRefusal(refusal: ProviderRefusal, quirks: ProviderQuirks): Adaptation | null {
  if (refusal.status !== 400 && refusal.status !== 422) return null;
  // "'max_tokens' … is too large: … maximum context length" is about the context window, not the parameter.
  if (describesContextOverflow("rejected", refusal.message)) return null;
  if (quirks.tokenLimit === "max_tokens" && names(refusal, /\bmax_tokens\b/) && /max_completion_tokens|not supported|unsupported/i.test(refusal.message)) {
    return { quirks: { ...quirks, tokenLimit: "max_completion_tokens" }, notice: "this provider refused max_tokens; using max_completion_tokens" };
  }
  if (quirks.temperature && names(refusal, /\btemperature\b/) && /not support|unsupported|only the default/i.test(refusal.message)) {
    return { quirks: { ...quirks, temperature: false }, notice: "this provider refused a temperature of 0; using its default temperature" };
  }
  if (quirks.mode !== "none" && names(refusal, /response_format|response_schema|json_schema|json_object|structured output|additionalProperties|["']\$schema["']/i)) {
    const next = responseModes[responseModes.indexOf(quirks.mode) + 1]!;
    const notice = next === "json_object" ? "this provider refused strict JSON schema; using JSON mode" : "this provider refused JSON mode; reading the JSON from plain text";
    return { quirks: { ...quirks, mode: next }, notice: `${notice} (it said: ${refusal.message.slice(0, 200)})` };
  }
  return null;
}
