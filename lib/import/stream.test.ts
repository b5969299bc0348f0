import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { fileSource } from "./file-source";
import { IssueSink } from "./issues";
import { CsvParser, parseCsv, type CsvRecord } from "./parse-csv";
import { readStructure } from "./parse-file";
import { JsonlParser } from "./parse-jsonl";
import type { ImportSource } from "./scan";
import type { SourceRow } from "./types";

/** Deterministic cut points, so a failure can be replayed. */
function* pieces(text: string, seed: number): Generator<string> {
  let state = seed;
  let at = 0;
  while (at < text.length) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (state % 7);
    yield text.slice(at, at + size);
    at += size;
  }
}

const csvCorpus = [
  'id,text,score\na,"one, two",3\r\nb,"she said ""hi""",4\n',
  'id,text\na,"line one\nline two\r\nline three"\nb,plain\n',
  'id,text\na,bad"quote\nb,fine\nc,"closed"x\nd,ok',
  'id,text\na,"never closed\nb,x\n',
  "id,text\r\na,b\r\n\r\nc,d\r",
  'id,text\na,"ends on a quote"',
  'id,text\na,""\nb,"""lead"\n',
];

function csvInPieces(text: string, seed: number) {
  const records: CsvRecord[] = [];
  const issues = new IssueSink();
  const parser = new CsvParser((record) => records.push(record), issues);
  for (const piece of pieces(text, seed)) parser.push(piece);
  parser.end();
  return { records, issues: issues.listed };
}

describe("reading a file in pieces", () => {
  it("gives the same CSV records and problems however the text is cut", () => {
    for (const text of csvCorpus) {
      const whole = parseCsv(text);
      for (let seed = 1; seed <= 40; seed++) expect(csvInPieces(text, seed)).toEqual(whole);
    }
    expect(parseCsv(csvCorpus[0]!).records).toEqual([
      { line: 1, cells: ["id", "text", "score"] },
      { line: 2, cells: ["a", "one, two", "3"] },
      { line: 3, cells: ["b", 'she said "hi"', "4"] },
    ]);
    expect(parseCsv(csvCorpus[2]!).issues.map((issue) => issue.line)).toEqual([2, 4]);
    expect(parseCsv(csvCorpus[3]!).issues).toEqual([{ line: 2, message: "a quoted field is opened here and never closed" }]);
  });

  it("gives the same JSONL rows and problems however the text is cut", () => {
    const text = '{"id":"a","x":{"y":1}}\r\n\n{"id":"b"\n[1]\n{"id":"c","t":"é ✓"}';
    const read = (chunks: Iterable<string>) => {
      const rows: SourceRow[] = [];
      const issues = new IssueSink();
      const parser = new JsonlParser((row) => rows.push(row), issues);
      for (const chunk of chunks) parser.push(chunk);
      parser.end();
      return { rows, issues: issues.listed, columns: [...parser.columns] };
    };
    const whole = read([text]);
    expect(whole.rows.map((row) => row.line)).toEqual([1, 5]);
    expect(whole.issues.map((issue) => issue.line)).toEqual([3, 4]);
    expect(whole.columns).toEqual(["id", "x.y", "t"]);
    for (let seed = 1; seed <= 40; seed++) expect(read(pieces(text, seed))).toEqual(whole);
  });

  it("names the line and offset of a byte that is not UTF-8, even when a character is cut between pieces", () => {
    const good = new TextEncoder().encode("id,text\na,é\nb,ü\n");
    const bytes = new Uint8Array([...good, 0x63, 0x2c, 0xff, 0x0a]);
    for (const size of [1, 2, 3, 5, 1024]) {
      const source: ImportSource = {
        name: "bad.csv",
        size: bytes.length,
        read(onChunk) {
          for (let at = 0; at < bytes.length; at += size) if (onChunk(bytes.subarray(at, at + size)) === false) return;
        },
      };
      let caught: unknown;
      try {
        readStructure(source);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).issues).toEqual([{ line: 4, message: `the file is not valid UTF-8 (byte 0xFF at offset ${good.length + 2}); save it as UTF-8 and upload it again` }]);
    }
  });

  it("reads a file from disk in 1 MB pieces, rows cut across pieces included", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-stream-"));
    const file = path.join(dir, "rows.csv");
    const lines = ["id,text,score", ...Array.from({ length: 40_000 }, (_, i) => `r${i},"row ${i}, with a comma and ""quotes""\nand a second line",${(i % 5) + 1}`)];
    fs.writeFileSync(file, lines.join("\r\n"));
    const seen: SourceRow[] = [];
    const scan = readStructure(fileSource(file), (row) => seen.push(row));
    expect(fs.statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
    expect(scan.rows).toBe(40_000);
    expect(seen[39_999]).toEqual({ line: 2 + 39_999 * 2, values: { id: "r39999", text: 'row 39999, with a comma and "quotes"\nand a second line', score: "5" } });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
