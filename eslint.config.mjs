// Lint rules, including the house's dependency direction: lib/ and db/ never reach into app/ or
// components/, stay free of React and Next, and the simulated model shares no code with the
// client it stands in for (it reads requests as a foreign server would).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const uiImports = { group: ["@/app", "@/app/*", "@/components", "@/components/*"], message: "lib/ and db/ must not import from app/ or components/." };
const frameworkImports = { group: ["react", "react-dom", "react/*", "next", "next/*"], message: "lib/ and db/ stay free of React and Next." };

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "drizzle/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  { files: ["**/*.mjs"], languageOptions: { globals: globals.node } },
  { files: ["**/*.tsx", "components/**/*.ts"], plugins: { "react-hooks": reactHooks }, rules: reactHooks.configs.recommended.rules },
  { files: ["lib/**/*.ts", "db/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: [uiImports, frameworkImports] }] } },
  {
    // One way to write: BEGIN IMMEDIATE with a retry on a busy database, so no write fails on a lock upgrade.
    files: ["lib/**/*.ts", "db/**/*.ts", "app/**/*.ts"],
    ignores: ["db/write.ts", "**/*.test.ts"],
    rules: { "no-restricted-syntax": ["error", { selector: "CallExpression[callee.property.name='transaction']", message: "Write through writeTransaction from @/db/write." }] },
  },
  {
    files: ["lib/llm/sim/**/*.ts"],
    ignores: ["lib/llm/sim/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            uiImports,
            frameworkImports,
            {
              group: [
                "@/lib/llm/client",
                "@/lib/llm/request-format",
                "@/lib/llm/response",
                "@/lib/llm/provider-*",
                "../client",
                "../request-format",
                "../response",
                "../provider-*",
                "@/lib/judge/*",
                "@/lib/optimizer/*",
              ],
              message: "The simulated model must not share the client's request or response code: it parses requests as a foreign server would.",
            },
          ],
        },
      ],
    },
  },
);
