/** Byte offset of the first byte that breaks UTF-8, or -1 when the bytes are valid. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
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
      // A character cut off at the end of the bytes is not an error: the next piece completes it.
      if (c === undefined) return -1;
      if ((c & 0xc0) !== 0x80) return i;
    }
    i += extra + 1;
  }
  return -1;
}
