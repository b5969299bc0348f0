import type { InputIssue } from "@/lib/errors";

/** Byte offset of the first byte that breaks UTF-8, or -1 when the bytes are valid. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let extra: number;
    if (b < 0x80) extra = 0;
    else if (b >= 0xc2 && b <= 0xdf) extra = 1;
    else if (b >= 0xe0 && b <= 0xef) extra = 2;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3;
    else return i;
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += extra + 1;
  }
  return -1;
}

/** Decodes UTF-8 (dropping a BOM) or reports the line of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { issue: InputIssue } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    const offset = Math.max(0, firstInvalidUtf8Offset(bytes));
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    const hex = (bytes[offset] ?? 0).toString(16).padStart(2, "0").toUpperCase();
    return {
      issue: {
        line,
        message: `the file is not valid UTF-8 (byte 0x${hex} at offset ${offset}); save it as UTF-8 and upload it again`,
      },
    };
  }
}
