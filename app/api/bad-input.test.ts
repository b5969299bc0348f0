import { beforeAll, describe, expect, it } from "vitest";

// Every route here runs against a fresh in-memory database of this test process.
process.env.ATTUNE_DB = ":memory:";

const { getDb } = await import("@/db/client");
const { createSession, createUser } = await import("@/db/queries/auth");
const { seedSupportReplies } = await import("@/lib/demo/support-replies");
const { currentPrompt } = await import("@/db/queries/prompts");
const { reserveSignInTry, SIGN_IN_LIMIT } = await import("@/db/queries/sign-in");

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes = {
  datasets: await import("./datasets/route"),
  dataset: await import("./datasets/[datasetId]/route"),
  uploads: await import("./uploads/route"),
  imports: await import("./imports/route"),
  labels: await import("./labels/route"),
  restore: await import("./labels/restore/route"),
  evaluations: await import("./datasets/[datasetId]/evaluations/route"),
  disagreements: await import("./evaluations/[runId]/disagreements/route"),
  optimizations: await import("./datasets/[datasetId]/optimizations/route"),
  prompts: await import("./datasets/[datasetId]/prompts/route"),
  bullet: await import("./feedback/[bulletId]/route"),
  exportPrompt: await import("./prompts/[promptId]/export/route"),
  users: await import("./users/route"),
  login: await import("./auth/login/route"),
  setup: await import("./auth/setup/route"),
  datasetModels: await import("./datasets/[datasetId]/models/route"),
  settingsModels: await import("./settings/models/route"),
  settingsModel: await import("./settings/models/[label]/route"),
  testModel: await import("./settings/models/[label]/test/route"),
};

let adminCookie = "";
let labelerCookie = "";
let datasetId = 0;
let promptId = 0;

beforeAll(async () => {
  const db = getDb();
  const admin = await createUser(db, { username: "root", password: "root-password-1", role: "admin" });
  const labeler = await createUser(db, { username: "lee", password: "lee-password-1", role: "labeler" });
  adminCookie = `attune_session=${createSession(db, admin.id).token}`;
  labelerCookie = `attune_session=${createSession(db, labeler.id).token}`;
  datasetId = seedSupportReplies(db).datasetId;
  promptId = currentPrompt(db, datasetId, "attune-sim-judge").id;
});

/** Rows in every table, to show a refused request changed nothing. */
function snapshot(): Record<string, number> {
  const client = getDb().$client;
  // A refused sign-in is recorded on purpose (it counts against the username); nothing else may change.
  const tables = client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' and name != 'sign_in_attempts'").all() as {
    name: string;
  }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (client.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
}

interface Case {
  name: string;
  handler: () => Handler;
  method?: string;
  url?: string;
  params?: () => Record<string, string>;
  body?: () => BodyInit | object | undefined;
  cookie?: () => string;
  headers?: Record<string, string>;
  status: number;
  message: RegExp;
}

const json = (value: unknown) => JSON.stringify(value);
const mapping = { idField: "id", inputFields: ["text"], labelFields: [{ field: "score", labeler: "ann" }] };
const target = { datasetName: "bad input test" };

const cases: Case[] = [
  { name: "no session", handler: () => routes.datasets.GET as Handler, method: "GET", cookie: () => "", status: 401, message: /Sign in first/ },
  { name: "a forged session", handler: () => routes.datasets.GET as Handler, method: "GET", cookie: () => "attune_session=forged", status: 401, message: /Sign in first/ },
  {
    name: "a labeler creating a dataset",
    handler: () => routes.datasets.POST as Handler,
    cookie: () => labelerCookie,
    body: () => json({ name: "x", inputFields: ["a"] }),
    status: 403,
    message: /Only an admin/,
  },
  {
    name: "another site's page posting",
    handler: () => routes.datasets.POST as Handler,
    headers: { origin: "https://evil.example" },
    body: () => json({ name: "x", inputFields: ["a"] }),
    status: 403,
    message: /another site/,
  },
  {
    name: "another site's page posting with a forged X-Forwarded-Host (no proxy is trusted)",
    handler: () => routes.datasets.POST as Handler,
    headers: { origin: "https://evil.example", "x-forwarded-host": "evil.example" },
    body: () => json({ name: "x", inputFields: ["a"] }),
    status: 403,
    message: /another site/,
  },
  { name: "a body that is not JSON", handler: () => routes.datasets.POST as Handler, body: () => "{name:", status: 400, message: /must be JSON/ },
  { name: "a dataset without a name", handler: () => routes.datasets.POST as Handler, body: () => json({ inputFields: ["a"] }), status: 422, message: /name/ },
  { name: "duplicate input fields", handler: () => routes.datasets.POST as Handler, body: () => json({ name: "d", inputFields: ["a", "a"] }), status: 422, message: /must differ/ },
  { name: "a dataset id that is not a number", handler: () => routes.dataset.GET as Handler, method: "GET", params: () => ({ datasetId: "abc" }), status: 404, message: /no dataset "abc"/ },
  { name: "a negative dataset id", handler: () => routes.dataset.GET as Handler, method: "GET", params: () => ({ datasetId: "-4" }), status: 404, message: /no dataset/ },
  { name: "an upload by a labeler", handler: () => routes.uploads.POST as Handler, cookie: () => labelerCookie, body: () => "id,text,score\n1,a,3\n", status: 403, message: /Only an admin/ },
  { name: "an import whose body is not JSON", handler: () => routes.imports.POST as Handler, body: () => "{upload", status: 400, message: /must be JSON/ },
  { name: "an import without an upload", handler: () => routes.imports.POST as Handler, body: () => json({ fileName: "f.csv", mapping, target }), status: 422, message: /uploadId/ },
  {
    name: "an import of a path instead of an upload id",
    handler: () => routes.imports.POST as Handler,
    body: () => json({ uploadId: "../../../etc/passwd", fileName: "f.csv", mapping, target }),
    status: 422,
    message: /not an upload id/,
  },
  {
    name: "an import of an upload that is gone",
    handler: () => routes.imports.POST as Handler,
    body: () => json({ uploadId: "0".repeat(32), fileName: "f.csv", mapping, target }),
    status: 404,
    message: /upload is gone/,
  },
  {
    name: "an import with a broken mapping",
    handler: () => routes.imports.POST as Handler,
    body: () => json({ uploadId: "0".repeat(32), fileName: "f.csv", mapping: { idField: "id" }, target }),
    status: 422,
    message: /mapping/,
  },
  { name: "an import by a labeler", handler: () => routes.imports.POST as Handler, cookie: () => labelerCookie, body: () => json({}), status: 403, message: /Only an admin/ },
  { name: "a score of 6", handler: () => routes.labels.POST as Handler, cookie: () => labelerCookie, body: () => json({ exampleId: 1, score: 6 }), status: 422, message: /score/ },
  {
    name: "a fractional score from a person",
    handler: () => routes.labels.POST as Handler,
    cookie: () => labelerCookie,
    body: () => json({ exampleId: 1, score: 2.5 }),
    status: 422,
    message: /whole number/,
  },
  {
    name: "an example id that is a string",
    handler: () => routes.labels.POST as Handler,
    cookie: () => labelerCookie,
    body: () => json({ exampleId: "1", score: 3 }),
    status: 422,
    message: /exampleId/,
  },
  {
    name: "an example that does not exist",
    handler: () => routes.labels.POST as Handler,
    cookie: () => labelerCookie,
    body: () => json({ exampleId: 99_999, score: 3 }),
    status: 404,
    message: /does not exist/,
  },
  {
    name: "a rationale of 5,000 characters",
    handler: () => routes.labels.POST as Handler,
    cookie: () => labelerCookie,
    body: () => json({ exampleId: 1, score: 3, rationale: "x".repeat(5000) }),
    status: 422,
    message: /4,000 characters/,
  },
  {
    name: "an undo to a score of 9",
    handler: () => routes.restore.POST as Handler,
    cookie: () => labelerCookie,
    body: () => json({ exampleId: 1, previous: { score: 9, rationale: "" } }),
    status: 422,
    message: /previous/,
  },
  {
    name: "an evaluation of an unknown split",
    handler: () => routes.evaluations.POST as Handler,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ split: "dev" }),
    status: 422,
    message: /split must be train, val, test or all/,
  },
  {
    name: "an evaluation at concurrency 0",
    handler: () => routes.evaluations.POST as Handler,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ concurrency: 0 }),
    status: 422,
    message: /concurrency/,
  },
  {
    name: "a labeler choosing the dataset's judge model",
    handler: () => routes.datasetModels.PUT as Handler,
    cookie: () => labelerCookie,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ judgeModelLabel: "sim-small" }),
    status: 403,
    message: /Only an admin/,
  },
  {
    name: "a judge model nobody configured",
    handler: () => routes.datasetModels.PUT as Handler,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ judgeModelLabel: "gpt-9" }),
    status: 422,
    message: /No model labelled "gpt-9" is configured/,
  },
  {
    name: "a labeler adding a model",
    handler: () => routes.settingsModels.POST as Handler,
    cookie: () => labelerCookie,
    body: () => json({ label: "x", baseURL: "http://127.0.0.1:9/v1", model: "m" }),
    status: 403,
    message: /Only an admin/,
  },
  {
    name: "a model whose key variable the operator did not allow",
    handler: () => routes.settingsModels.POST as Handler,
    body: () => json({ label: "x", baseURL: "https://api.example.com/v1", model: "m", apiKeyEnv: "OPENAI_API_KEY" }),
    status: 422,
    message: /apiKeyEnv: no key variable may be used by models added here/,
  },
  {
    name: "a model at a cloud metadata address",
    handler: () => routes.settingsModels.POST as Handler,
    body: () => json({ label: "x", baseURL: "http://169.254.169.254/v1", model: "m" }),
    status: 422,
    message: /metadata/,
  },
  {
    name: "a labeler removing a model",
    handler: () => routes.settingsModel.DELETE as Handler,
    cookie: () => labelerCookie,
    method: "DELETE",
    params: () => ({ label: "sim-small" }),
    status: 403,
    message: /Only an admin/,
  },
  { name: "a model label that cannot be one", handler: () => routes.testModel.POST as Handler, params: () => ({ label: "%E0%A4%A" }), status: 404, message: /There is no model/ },
  {
    name: "removing a model of the environment",
    handler: () => routes.settingsModel.DELETE as Handler,
    method: "DELETE",
    params: () => ({ label: "sim-small" }),
    status: 404,
    message: /was added on the settings page/,
  },
  {
    name: "a reference model without a model to adapt to",
    handler: () => routes.optimizations.POST as Handler,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ referenceModel: "sim-large" }),
    status: 422,
    message: /name the model to adapt the judge to as well/,
  },
  {
    name: "an evaluation by a labeler",
    handler: () => routes.evaluations.POST as Handler,
    cookie: () => labelerCookie,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({}),
    status: 403,
    message: /Only an admin/,
  },
  {
    name: "a disagreement filter that is not a number",
    handler: () => routes.disagreements.GET as Handler,
    method: "GET",
    url: "http://localhost/x?minGap=abc",
    params: () => ({ runId: "1" }),
    status: 422,
    message: /minGap/,
  },
  {
    name: "a negative optimizer budget",
    handler: () => routes.optimizations.POST as Handler,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ budget: -1 }),
    status: 422,
    message: /budget/,
  },
  {
    name: "a budget too small for one iteration",
    handler: () => routes.optimizations.POST as Handler,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ budget: 20 }),
    status: 422,
    message: /cannot cover/,
  },
  {
    name: "a minibatch of 0",
    handler: () => routes.optimizations.POST as Handler,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ minibatchSize: 0 }),
    status: 422,
    message: /minibatchSize/,
  },
  {
    name: "an empty instruction",
    handler: () => routes.prompts.POST as Handler,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ instruction: "   " }),
    status: 422,
    message: /empty/,
  },
  {
    name: "an instruction of 9,000 characters",
    handler: () => routes.prompts.POST as Handler,
    params: () => ({ datasetId: String(datasetId) }),
    body: () => json({ instruction: "x".repeat(9000) }),
    status: 422,
    message: /8,000/,
  },
  {
    name: "an edit of a bullet that does not exist",
    handler: () => routes.bullet.PATCH as Handler,
    method: "PATCH",
    params: () => ({ bulletId: "424242" }),
    body: () => json({ rule: "x" }),
    status: 404,
    message: /does not exist/,
  },
  {
    name: "an export in an unknown format",
    handler: () => routes.exportPrompt.GET as Handler,
    method: "GET",
    url: "http://localhost/x?format=xml",
    params: () => ({ promptId: String(promptId) }),
    status: 422,
    message: /format must be text, json or messages/,
  },
  {
    name: "an export by a labeler",
    handler: () => routes.exportPrompt.GET as Handler,
    method: "GET",
    cookie: () => labelerCookie,
    params: () => ({ promptId: String(promptId) }),
    status: 403,
    message: /Only an admin/,
  },
  { name: "a user with a short password", handler: () => routes.users.POST as Handler, body: () => json({ username: "newbie", password: "short" }), status: 422, message: /at least 10 characters/ },
  { name: "a username with markup", handler: () => routes.users.POST as Handler, body: () => json({ username: "<b>x</b>", password: "long-enough-1" }), status: 422, message: /letters, digits/ },
  {
    name: "a wrong password",
    handler: () => routes.login.POST as Handler,
    cookie: () => "",
    body: () => json({ username: "root", password: "nope-nope-nope" }),
    status: 401,
    message: /Wrong username or password/,
  },
  { name: "a malformed session cookie", handler: () => routes.datasets.GET as Handler, method: "GET", cookie: () => "attune_session=%E0%A4%A", status: 401, message: /Sign in first/ },
  {
    name: "a hexadecimal id",
    handler: () => routes.dataset.GET as Handler,
    method: "GET",
    params: () => ({ datasetId: `0x${datasetId.toString(16)}` }),
    status: 404,
    message: /There is no dataset "0x/,
  },
  { name: "an id in exponent form", handler: () => routes.dataset.GET as Handler, method: "GET", params: () => ({ datasetId: "1e0" }), status: 404, message: /There is no dataset "1e0"/ },
  {
    name: "a username that only differs in case",
    handler: () => routes.users.POST as Handler,
    body: () => json({ username: "ROOT", password: "long-enough-1" }),
    status: 409,
    message: /is taken \(as "root"\)/,
  },
  { name: "a full-width look-alike username", handler: () => routes.users.POST as Handler, body: () => json({ username: "ｒｏｏｔ", password: "long-enough-1" }), status: 409, message: /is taken/ },
  {
    name: "a username mixing alphabets",
    handler: () => routes.users.POST as Handler,
    body: () => json({ username: "rооt", password: "long-enough-1" }),
    status: 422,
    message: /letters from one alphabet/,
  },
  {
    name: "a sign-in body of a megabyte",
    handler: () => routes.login.POST as Handler,
    cookie: () => "",
    body: () => json({ username: "root", password: "x".repeat(1024 * 1024) }),
    status: 413,
    message: /over the limit/,
  },
  {
    name: "a second setup",
    handler: () => routes.setup.POST as Handler,
    cookie: () => "",
    body: () => json({ username: "mallory", password: "mallory-password" }),
    status: 403,
    message: /already set up/,
  },
];

describe("bad input is refused with a clear 4xx and changes nothing", () => {
  it.each(cases)("$name → $status", async (entry) => {
    const before = snapshot();
    const body = entry.body?.();
    const request = new Request(entry.url ?? "http://localhost/api/x", {
      method: entry.method ?? "POST",
      headers: { cookie: entry.cookie ? entry.cookie() : adminCookie, host: "localhost", ...entry.headers, ...(typeof body === "string" ? { "content-type": "application/json" } : {}) },
      body: body as BodyInit | undefined,
    });
    const response = await entry.handler()(request, { params: Promise.resolve(entry.params?.() ?? {}) });
    const payload = (await response.json()) as { error: { message: string } };
    expect(response.status).toBe(entry.status);
    expect(payload.error.message).toMatch(entry.message);
    expect(snapshot()).toEqual(before);
  });

  it("bounds sign-in tries per username, whatever the headers and however many run at once", async () => {
    const attempt = (address: string) =>
      routes.login.POST(
        new Request("http://localhost/api/auth/login", { method: "POST", headers: { host: "localhost", "x-forwarded-for": address }, body: json({ username: "lee", password: "wrong-password" }) }),
      );
    // Thirty guesses in parallel, each claiming another address: at most ten are checked.
    const statuses = (await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(`10.0.0.${i}`)))).map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(SIGN_IN_LIMIT.tries);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(30 - SIGN_IN_LIMIT.tries);
    const blocked = await attempt("10.9.9.9");
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toMatch(/try again in \d+ s/);
    // A stranger locks the real user out for a minute at most.
    expect(() => reserveSignInTry(getDb(), "LEE", Date.now() + SIGN_IN_LIMIT.windowMs + 1)).not.toThrow();
  });
});
