/**
 * How the simulated model understands a chat request: by reading its messages, as a language
 * model would, never by a schema name, a model name or a header. It knows no client's code; it
 * recognises the usual shapes of judge and reflection prompts (headed fields, `Label: value`
 * fields, tagged or fenced instructions) the way a model recognises them from training.
 */

/** The answer's shape: a JSON object, or one `key: value` line per key, with these keys in order. */
export interface OutputSpec {
  style: "json" | "lines";
  keys: string[];
}

export type SimTask =
  | { kind: "judge"; instruction: string; fields: Record<string, string>; output: OutputSpec }
  | { kind: "reflect"; instruction: string; evidence: string; rejection: string | null; output: OutputSpec }
  | { kind: "merge"; instruction: string; other: string; output: OutputSpec }
  | { kind: "summarize"; evidence: string; output: OutputSpec };

interface Message {
  role: string;
  content: string;
}

/** A message's text, whether its content is a string or an array of text parts. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content.map((part) => (part && typeof part === "object" && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : "")).join("\n");
  return "";
}

export function readMessages(raw: unknown): Message[] {
  return Array.isArray(raw) ? raw.map((message) => ({ role: String((message as { role?: unknown })?.role ?? ""), content: textOf((message as { content?: unknown })?.content) })) : [];
}

/** "Customer Message" → "customer_message"; "agentReply" → "agent_reply". */
export function fieldKey(label: string): string {
  return label
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

/** Fields as `### name` headings, cut at a `---` line that starts what follows the fields. */
function headedFields(text: string): Record<string, string> | null {
  const body = text.split(/\n\n---\n/)[0] ?? "";
  const parts = body.split(/^### (.+)$/m);
  if (parts.length < 3) return null;
  const fields: Record<string, string> = {};
  for (let i = 1; i + 1 < parts.length; i += 2) fields[fieldKey(parts[i]!)] = parts[i + 1]!.replace(/^\n/, "").replace(/\n+$/, "");
  return fields;
}

/** Fields as `Label: value` blocks, for the labels the system prompt announced. */
function labelledFields(text: string, labels: string[]): Record<string, string> | null {
  const found = labels.map((label) => ({ label, at: text.search(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:[ \\t]?`, "m")) })).filter((entry) => entry.at >= 0);
  if (found.length === 0) return null;
  found.sort((a, b) => a.at - b.at);
  const fields: Record<string, string> = {};
  found.forEach((entry, index) => {
    const end = found[index + 1]?.at ?? text.length;
    fields[fieldKey(entry.label)] = text.slice(entry.at + entry.label.length + 1, end).trim();
  });
  return fields;
}

/** The input labels a system prompt lists: "the following fields: `A`, `B`". */
function announcedLabels(system: string): string[] {
  const list = system.match(/following fields:\s*([^\n.]+)/i)?.[1] ?? "";
  return [...list.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

/** The keys the prompt asks the answer to have, and whether as JSON or as lines. */
function requestedOutput(system: string, user: string, responseFormat: unknown, fallback: string[]): OutputSpec {
  const format = responseFormat as { type?: unknown; json_schema?: { schema?: unknown } } | undefined;
  if (format?.type === "json_schema") {
    const schema = format.json_schema?.schema as { properties?: unknown } | undefined;
    const properties = schema && typeof schema.properties === "object" && schema.properties ? Object.keys(schema.properties) : [];
    return { style: "json", keys: properties };
  }
  const wireKeys = [...system.matchAll(/wire key: `([^`]+)`/g)].map((match) => match[1]!);
  if (wireKeys.length > 0) return { style: format?.type === "json_object" ? "json" : "lines", keys: wireKeys };
  const quoted = [...`${system}\n${user}`.matchAll(/^\s*[-*]\s*"([A-Za-z_][\w]*)"\s*:/gm)].map((match) => match[1]!);
  return { style: "json", keys: quoted.length > 0 ? [...new Set(quoted)] : fallback };
}

/** The instruction a reflection request asks to improve, and where it sits in the text. */
function currentInstruction(user: string): { instruction: string; start: number; end: number } | null {
  const patterns = [
    /<current_instruction>\n?([\s\S]*?)\n?<\/current_instruction>/,
    /^Current Value:[ \t]*([\s\S]*?)(?=\n\n(?:Feedback Summary|Previous Validation Error|Minibatch|Trace Dataset|Constraints):|$(?![\s\S]))/m,
    /following instructions[^\n]*:\n```\n([\s\S]*?)\n```/,
  ];
  for (const pattern of patterns) {
    const match = user.match(pattern);
    if (match && match.index !== undefined) return { instruction: match[1]!.trim(), start: match.index, end: match.index + match[0].length };
  }
  return null;
}

function rejectionOf(user: string): string | null {
  const tagged = user.match(/<rejected_proposal reason="([^"]*)"/)?.[1];
  if (tagged !== undefined) return tagged;
  return user.match(/^Previous Validation Error:[ \t]*(.+)$/m)?.[1] ?? null;
}

export function readRequest(body: { messages?: unknown; response_format?: unknown }): SimTask {
  const messages = readMessages(body.messages);
  const system = messages
    .filter((message) => message.role === "system" || message.role === "developer")
    .map((message) => message.content)
    .join("\n\n");
  const user = messages
    .filter((message) => message.role === "user")
    .map((message) => message.content)
    .join("\n\n");

  const current = currentInstruction(user);
  const other = user.match(/<other_instruction>\n?([\s\S]*?)\n?<\/other_instruction>/)?.[1];
  if (current && other !== undefined) return { kind: "merge", instruction: current.instruction, other: other.trim(), output: requestedOutput(system, user, body.response_format, ["instruction"]) };
  if (current) {
    const evidence = `${user.slice(0, current.start)}\n${user.slice(current.end)}`;
    return { kind: "reflect", instruction: current.instruction, evidence, rejection: rejectionOf(user), output: requestedOutput(system, user, body.response_format, ["instruction"]) };
  }
  const output = requestedOutput(system, user, body.response_format, ["reasoning", "score"]);
  if (output.keys.some((key) => /summary/i.test(key))) return { kind: "summarize", evidence: user, output };
  const fields = headedFields(user) ?? labelledFields(user, announcedLabels(system)) ?? { text: user };
  return { kind: "judge", instruction: system, fields, output };
}
