// A recording HTTP proxy in front of an OpenAI-compatible server: every request and response
// passes untouched, and each chat request's body is handed to `record` before it is forwarded,
// so the bench sees what any server was sent.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export interface RecordingProxy {
  /** The upstream base URL with the proxy's origin: clients append their paths as usual. */
  baseURL: string;
  close: () => Promise<void>;
}

export function startRecordingProxy(upstreamBaseURL: string, record: (body: unknown) => void): Promise<RecordingProxy> {
  const upstream = new URL(upstreamBaseURL);
  const transport = upstream.protocol === "https:" ? https : http;
  const agent = new transport.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("error", () => response.destroy());
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      if (request.method === "POST" && request.url?.split("?")[0]!.endsWith("/chat/completions")) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString("utf8"));
        } catch {
          // Not JSON: the server answers it as it would any malformed request, and nothing is recorded.
        }
        if (parsed !== undefined) record(parsed);
      }
      const target = new URL(request.url ?? "/", upstream.origin);
      const forward = transport.request(target, { method: request.method, headers: { ...request.headers, host: upstream.host }, agent }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        // An upstream that breaks off mid-answer breaks off the client's answer too, which then retries.
        answer.on("error", () => response.destroy());
        answer.pipe(response);
      });
      forward.on("error", (error) => {
        if (response.headersSent) return void response.destroy();
        response.writeHead(502, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: `bench proxy: ${upstream.origin} could not be reached (${error.message})`, type: "proxy_error" } }));
      });
      // A client that gives up (its timeout) ends the upstream request too.
      response.on("close", () => {
        if (!response.writableFinished) forward.destroy();
      });
      forward.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        baseURL: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, "")}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            agent.destroy();
          }),
      });
    });
  });
}
