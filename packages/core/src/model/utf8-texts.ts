// Texts as UTF-8 cells in one buffer, without a string per value: what the reader picks from pages
// and dictionaries for JSON Lines (reader/text-rows.ts, js-decode.ts), and what the line writers
// copy out as they are (client/record-lines.ts, wasm-text-lines.ts).

/** The `i`-th text is `bytes[starts[i], ends[i])`, null where `starts[i]` is negative. */
export interface Utf8Texts {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}
