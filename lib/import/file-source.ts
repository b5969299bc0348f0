import fs from "node:fs";
import path from "node:path";
import type { ImportSource } from "./scan";

const CHUNK_BYTES = 1 << 20;

/** A file on disk read 1 MB at a time, as often as the import needs: its size never sits in memory. */
export function fileSource(file: string, name = path.basename(file)): ImportSource {
  const size = fs.statSync(file).size;
  return {
    name,
    size,
    read(onChunk) {
      const fd = fs.openSync(file, "r");
      try {
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        for (;;) {
          const read = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
          if (read === 0) return;
          // A copy: the parser may keep pieces of the text, and the buffer is reused.
          if (onChunk(new Uint8Array(buffer.subarray(0, read))) === false) return;
        }
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}
