/**
 * Every chat-completions body Attune sends is built here: the judge and reflection calls, the
 * judge page's request preview and the exported messages template. Strict structured output
 * follows OpenAI's documented rules, and `defineStructuredOutput` refuses a schema that breaks
 * them, so a malformed schema cannot reach a provider.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

type JsonSchema = Record<string, unknown>;

/** OpenAI's `json_schema` payload: a name and the JSON Schema itself (never a wrapper around it). */
export interface StructuredOutput {
  name: string;
  schema: JsonSchema;
}

export const STRUCTURED_OUTPUT_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Keywords strict structured output accepts; anything else is refused by the provider. */
const SUPPORTED_KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "anyOf",
  "$ref",
  "$defs",
  "definitions",
  "description",
  "title",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
]);

/** Problems that make a strict structured-output request fail; empty when the schema is valid. */
export function strictSchemaProblems(output: StructuredOutput): string[] {
  const problems: string[] = [];
  if (!STRUCTURED_OUTPUT_NAME.test(output.name)) problems.push(`name "${output.name}" must match ${STRUCTURED_OUTPUT_NAME.source}`);
  if (output.schema.type !== "object") problems.push(`the root schema must have type "object", not ${JSON.stringify(output.schema.type ?? null)}`);
  const visit = (node: unknown, where: string) => {
    if (!node || typeof node !== "object" || Array.isArray(node)) return;
    const schema = node as JsonSchema;
    for (const key of Object.keys(schema)) if (!SUPPORTED_KEYWORDS.has(key)) problems.push(`${where}: keyword "${key}" is not supported`);
    const properties = (schema.properties ?? null) as Record<string, unknown> | null;
    if (schema.type === "object" || properties) {
      if (schema.additionalProperties !== false) problems.push(`${where}: additionalProperties must be false`);
      const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
      for (const key of Object.keys(properties ?? {})) if (!required.includes(key)) problems.push(`${where}: property "${key}" must be listed in required`);
      for (const key of required) if (typeof key !== "string" || !(properties && key in properties)) problems.push(`${where}: required lists "${String(key)}", which is not a property`);
    }
    for (const [key, child] of Object.entries(properties ?? {})) visit(child, `${where}.properties.${key}`);
    if (schema.items) visit(schema.items, `${where}.items`);
    for (const [index, child] of ((schema.anyOf as unknown[]) ?? []).entries()) visit(child, `${where}.anyOf[${index}]`);
    for (const defs of ["$defs", "definitions"]) for (const [key, child] of Object.entries((schema[defs] as JsonSchema) ?? {})) visit(child, `${where}.${defs}.${key}`);
  };
  visit(output.schema, "schema");
  return problems;
}

/** A structured output that is checked against the strict rules once, where it is defined. */
export function defineStructuredOutput<T extends StructuredOutput>(output: T): T {
  const problems = strictSchemaProblems(output);
  if (problems.length > 0) throw new Error(`Structured output "${output.name}" breaks the strict schema rules: ${problems.join("; ")}`);
  return output;
}

/** How structured output is asked for; providers that refuse one mode fall back to the next. */
export const responseModes = ["json_schema", "json_object", "none"] as const;
export type ResponseMode = (typeof responseModes)[number];

/** Strict structured output as OpenAI documents it: the name, `strict: true`, and the JSON Schema itself. */
export function strictResponseFormat(output: StructuredOutput) {
  return { type: "json_schema" as const, json_schema: { name: output.name, strict: true, schema: output.schema } };
}

export function responseFormat(mode: ResponseMode, output: StructuredOutput) {
  if (mode === "json_schema") return strictResponseFormat(output);
  if (mode === "json_object") return { type: "json_object" as const };
  return undefined;
}

/**
 * What a provider and model accept, learned from their refusals: the response mode, which
 * parameter caps the answer's length, and whether a temperature may be set; and, learned from
 * answers cut off at the token limit, the least room an answer needs.
 */
export interface ProviderQuirks {
  mode: ResponseMode;
  tokenLimit: "max_tokens" | "max_completion_tokens";
  temperature: boolean;
  /** Sent instead of a smaller token limit: a reasoning model that spends the usual limit thinking needs this much. */
  minTokens?: number;
}

export const defaultQuirks: ProviderQuirks = { mode: "json_schema", tokenLimit: "max_tokens", temperature: true };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** The structure the answer must follow. */
  output: StructuredOutput;
  /** Upper bound on the answer's tokens; every call sets one. */
  maxTokens: number;
  temperature?: number;
}

export interface ChatCompletionBody {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: NonNullable<ReturnType<typeof responseFormat>>;
}

/** The exact JSON body of a chat-completions call. */
export function chatCompletionBody(request: ChatRequest, quirks: ProviderQuirks = defaultQuirks): ChatCompletionBody {
  const body: ChatCompletionBody = { model: request.model, messages: request.messages };
  if (quirks.temperature) body.temperature = request.temperature ?? 0;
  body[quirks.tokenLimit] = Math.max(request.maxTokens, quirks.minTokens ?? 0);
  const format = responseFormat(quirks.mode, request.output);
  if (format) body.response_format = format;
  return body;
}
