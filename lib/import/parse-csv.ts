import type { InputIssue } from "@/lib/errors";

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
}

export interface CsvParseResult {
  records: CsvRecord[];
  issues: InputIssue[];
}

/**
 * RFC 4180 CSV: comma-separated, double-quoted fields with "" escapes, LF or CRLF.
 * Written here rather than taken from a library so that every quoting error names the
 * line where the broken record starts (an unclosed quote names the line it opened on),
 * and parsing resumes on the next line so one upload reports every bad row.
 */
export function parseCsv(text: string): CsvParseResult {
  const records: CsvRecord[] = [];
  const issues: InputIssue[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;

  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    let quoteLine = line;
    let broken: string | null = null;
    let atCellStart = true;
    let afterClosingQuote = false;

    for (; i < n; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i++;
          } else {
            quoted = false;
            afterClosingQuote = true;
          }
        } else {
          if (ch === "\n") line++;
          cell += ch;
        }
        continue;
      }
      if (ch === ",") {
        cells.push(cell);
        cell = "";
        atCellStart = true;
        afterClosingQuote = false;
        continue;
      }
      if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
        i += ch === "\r" ? 2 : 1;
        line++;
        break;
      }
      if (afterClosingQuote) {
        broken = `unexpected character ${JSON.stringify(ch)} after a closing quote (write a quote inside a quoted field as "")`;
        break;
      }
      if (ch === '"') {
        if (!atCellStart) {
          broken = 'a quote inside an unquoted field (quote the whole field and write the quote as "")';
          break;
        }
        quoted = true;
        quoteLine = line;
        atCellStart = false;
        continue;
      }
      cell += ch;
      atCellStart = false;
    }

    if (quoted) {
      issues.push({ line: quoteLine, message: "a quoted field is opened here and never closed" });
      break;
    }
    if (broken) {
      issues.push({ line, message: `broken CSV quoting: ${broken}` });
      // Resume at the next physical line so later rows are still checked.
      while (i < n && text[i] !== "\n") i++;
      if (i < n) {
        i++;
        line++;
      }
      continue;
    }
    cells.push(cell);
    const blank = cells.length === 1 && cells[0] === "";
    if (!blank) records.push({ line: startLine, cells });
  }
  return { records, issues };
}
