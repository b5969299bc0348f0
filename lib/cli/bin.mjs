#!/usr/bin/env node
// Entry point of `npx attune`: loads the TypeScript CLI through tsx, from any working directory.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
process.env.ATTUNE_ROOT ??= root;
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
