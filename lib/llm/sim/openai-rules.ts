/**
 * How an OpenAI-style server checks a chat-completions request before any model runs, with the
 * messages such a server answers. Written from the server's side on purpose: the simulator must
 * not share the client's request code, or it would agree with the client's mistakes.
 */

export interface RequestRefusal {
  status: 400;
  message: string;
  param: string | null;
  code: string | null;
}

const refuse = (message: string, param: string | null, code: string | null = null): RequestRefusal => ({ status: 400, message, param, code });

const ALLOWED_KEYWORDS = new Set([
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

const context = (path: string[]) => `(${path.map((part) => `'${part}'`).join(", ")}${path.length === 1 ? "," : ""})`;

/** The first problem a strict schema has, worded as the server words it; null when it is valid. */
function strictSchemaProblem(name: string, schema: unknown): string | null {
  const prefix = `Invalid schema for response_format '${name}'`;
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return `${prefix}: schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`;
  const root = schema as Record<string, unknown>;
  if (root.type !== "object") return `${prefix}: schema must be a JSON Schema of 'type: "object"', got 'type: "${String(root.type ?? "None")}"'.`;
  const walk = (node: Record<string, unknown>, path: string[]): string | null => {
    for (const key of Object.keys(node)) if (!ALLOWED_KEYWORDS.has(key)) return `${prefix}: In context=${context(path)}, '${key}' is not permitted.`;
    if (node.type === "object" || node.properties) {
      if (node.additionalProperties !== false) return `${prefix}: In context=${context(path)}, 'additionalProperties' is required to be supplied and to be false.`;
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(node.required) ? node.required : [];
      const missing = Object.keys(properties).find((key) => !required.includes(key));
      if (missing !== undefined) return `${prefix}: In context=${context(path)}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
      const extra = required.find((key) => typeof key !== "string" || !(key in properties));
      if (extra !== undefined) return `${prefix}: In context=${context(path)}, 'required' contains '${String(extra)}', which is not in properties.`;
      for (const [key, child] of Object.entries(properties)) {
        if (!child || typeof child !== "object") return `${prefix}: In context=${context([...path, "properties", key])}, schema must be an object.`;
        const problem = walk(child as Record<string, unknown>, [...path, "properties", key]);
        if (problem) return problem;
      }
    }
    if (node.items && typeof node.items === "object") return walk(node.items as Record<string, unknown>, [...path, "items"]);
    return null;
  };
  return walk(root, []);
}

const mentionsJson = (messages: { content?: unknown }[]) => messages.some((message) => typeof message.content === "string" && /json/i.test(message.content));

export interface ChatBody {
  model?: unknown;
  messages?: unknown;
  response_format?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  temperature?: unknown;
}

/**
 * Validates the request the way OpenAI's chat-completions endpoint does for the parts Attune
 * uses; `supportsJsonSchema` false answers like a server without structured outputs.
 */
export function requestRefusal(body: ChatBody, options: { supportsJsonSchema: boolean; tokenLimit: "max_tokens" | "max_completion_tokens"; fixedTemperature: boolean }): RequestRefusal | null {
  if (typeof body.model !== "string" || body.model === "") return refuse("you must provide a model parameter", "model");
  if (!Array.isArray(body.messages) || body.messages.length === 0) return refuse("[] is too short - 'messages'", "messages");
  for (const [index, message] of (body.messages as Record<string, unknown>[]).entries()) {
    if (!message || typeof message !== "object" || !["system", "user", "assistant", "developer", "tool"].includes(String(message.role))) {
      return refuse(`Invalid value for 'messages[${index}].role'.`, `messages[${index}].role`, "invalid_value");
    }
  }
  if (options.tokenLimit === "max_completion_tokens" && body.max_tokens !== undefined) {
    return refuse("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter");
  }
  if (options.fixedTemperature && body.temperature !== undefined && body.temperature !== 1) {
    return refuse(`Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`, "temperature", "unsupported_value");
  }
  for (const key of ["max_tokens", "max_completion_tokens"] as const) {
    const value = body[key];
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1))
      return refuse(`Invalid '${key}': integer below minimum value. Expected a value >= 1.`, key, "integer_below_min_value");
  }
  if (body.response_format === undefined) return null;
  const format = body.response_format as { type?: unknown; json_schema?: { name?: unknown; strict?: unknown; schema?: unknown } };
  if (!format || typeof format !== "object" || !["text", "json_object", "json_schema"].includes(String(format.type))) {
    return refuse("Invalid value: 'response_format.type'. Supported values are: 'json_object', 'json_schema', and 'text'.", "response_format.type", "invalid_value");
  }
  if (format.type === "json_object" && !mentionsJson(body.messages as { content?: unknown }[])) {
    return refuse("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", "messages");
  }
  if (format.type !== "json_schema") return null;
  if (!options.supportsJsonSchema)
    return refuse("Invalid value: 'response_format.type'. This model does not support 'json_schema'; use 'json_object' or 'text'.", "response_format", "unsupported_value");
  const spec = format.json_schema;
  if (!spec || typeof spec !== "object") return refuse("Missing required parameter: 'response_format.json_schema'.", "response_format.json_schema", "missing_required_parameter");
  if (typeof spec.name !== "string") return refuse("Missing required parameter: 'response_format.json_schema.name'.", "response_format.json_schema.name", "missing_required_parameter");
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) {
    return refuse(
      "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
      "response_format.json_schema.name",
      "invalid_value",
    );
  }
  if (spec.strict !== true) return null;
  const problem = strictSchemaProblem(spec.name, spec.schema);
  return problem ? refuse(problem, "response_format", "invalid_json_schema") : null;
}
