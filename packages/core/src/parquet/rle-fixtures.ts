// Test fixtures: values written as Parquet's RLE / bit-packed hybrid, as writers lay the runs out.

/** Encodes values as alternating RLE runs and bit-packed runs (the hybrid as Parquet writes it). */
export function encodeRleHybrid(values: number[], bitWidth: number, packedGroups = 3): Uint8Array {
  const out: number[] = [];
  const varint = (value: number) => {
    while (value >= 0x80) {
      out.push((value & 0x7f) | 0x80);
      value = Math.floor(value / 0x80);
    }
    out.push(value);
  };
  let at = 0;
  let packNext = false;
  while (at < values.length) {
    if (packNext) {
      const groups = Math.min(packedGroups, Math.ceil((values.length - at) / 8));
      varint((groups << 1) | 1);
      let acc = 0n;
      let bits = 0n;
      for (let k = 0; k < groups * 8; k++) {
        acc |= BigInt(values[at + k] ?? 0) << bits;
        bits += BigInt(bitWidth);
      }
      for (let b = 0; b < groups * bitWidth; b++) out.push(Number((acc >> BigInt(8 * b)) & 0xffn));
      at += groups * 8;
    } else {
      let run = 1;
      while (at + run < values.length && values[at + run] === values[at] && run < 200) run++;
      varint(run << 1);
      for (let b = 0; b < Math.ceil(bitWidth / 8); b++) out.push((values[at]! >> (8 * b)) & 0xff);
      at += run;
    }
    packNext = !packNext;
  }
  return Uint8Array.from(out);
}
