;; compareRuns' identifier entries of one row group (../identifier-entries.ts), hashed and packed:
;; the loops over every row with an identifier. Memory belongs to the caller (../wasm-entries.ts),
;; which places the identifiers' bytes, their starts and lengths (i32s, -1 for null), a byte per
;; row saying whether its outcome fails, room for two hashes per row, and the output.
;;
;; hashRows(bytes, base, starts, lengths, rows, bits, hashes, sizes) -> count: for each row with an
;; identifier (at bytes + starts[row] - base, lengths[row] long), its 64-bit hash (../identifier-hash.ts's
;; two halves, high then low) at hashes + 8 * row, and its entry's words added to sizes[partition]
;; (an i32 per partition, partition = high >>> (32 - bits), 0 when bits is 0). Returns how many.
;;
;; pack(bytes, base, starts, lengths, failing, rows, bits, first, hashes, next, out) writes each
;; row's entry at word next[partition] of the i32s at `out` and moves it on: [hash high][hash low]
;; [first + row][length | failing << 31], then the bytes, the last word zero-padded.
(module
  (memory (export "memory") 1)

  (func $partition (param $high i32) (param $bits i32) (result i32)
    (if (result i32) (local.get $bits)
      (then (i32.shr_u (local.get $high) (i32.sub (i32.const 32) (local.get $bits))))
      (else (i32.const 0))))

  (func (export "hashRows")
    (param $bytes i32) (param $base i32) (param $starts i32) (param $lengths i32) (param $rows i32)
    (param $bits i32) (param $hashes i32) (param $sizes i32)
    (result i32)
    (local $row i32) (local $length i32) (local $at i32) (local $end i32) (local $byte i32)
    (local $high i32) (local $low i32) (local $count i32) (local $slot i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $length (i32.load (i32.add (local.get $lengths) (i32.shl (local.get $row) (i32.const 2)))))
      (if (i32.ge_s (local.get $length) (i32.const 0))
        (then
          (local.set $at (i32.add (local.get $bytes)
            (i32.sub (i32.load (i32.add (local.get $starts) (i32.shl (local.get $row) (i32.const 2)))) (local.get $base))))
          (local.set $end (i32.add (local.get $at) (local.get $length)))
          (local.set $high (i32.xor (i32.const 0x811c9dc5) (local.get $length)))
          (local.set $low (i32.xor (i32.const 0x9747b28c) (local.get $length)))
          (block $hashed (loop $bytes
            (br_if $hashed (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $byte (i32.load8_u (local.get $at)))
            (local.set $high (i32.mul (i32.xor (local.get $high) (local.get $byte)) (i32.const 0x01000193)))
            (local.set $low (i32.mul (i32.xor (local.get $low) (local.get $byte)) (i32.const 0x5bd1e995)))
            (local.set $low (i32.xor (local.get $low) (i32.shr_u (local.get $low) (i32.const 15))))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (br $bytes)))
          (local.set $high (i32.xor (local.get $high) (i32.shr_u (local.get $high) (i32.const 13))))
          (local.set $high (i32.mul (local.get $high) (i32.const 0x85ebca6b)))
          (local.set $high (i32.xor (local.get $high) (i32.shr_u (local.get $high) (i32.const 16))))
          (i32.store (i32.add (local.get $hashes) (i32.shl (local.get $row) (i32.const 3))) (local.get $high))
          (i32.store (i32.add (local.get $hashes) (i32.add (i32.shl (local.get $row) (i32.const 3)) (i32.const 4))) (local.get $low))
          (local.set $slot (i32.add (local.get $sizes) (i32.shl (call $partition (local.get $high) (local.get $bits)) (i32.const 2))))
          (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot))
            (i32.add (i32.const 4) (i32.shr_u (i32.add (local.get $length) (i32.const 3)) (i32.const 2)))))
          (local.set $count (i32.add (local.get $count) (i32.const 1)))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $each)))
    (local.get $count))

  (func (export "pack")
    (param $bytes i32) (param $base i32) (param $starts i32) (param $lengths i32) (param $failing i32)
    (param $rows i32) (param $bits i32) (param $first i32) (param $hashes i32) (param $next i32) (param $out i32)
    (local $row i32) (local $length i32) (local $high i32) (local $slot i32) (local $word i32) (local $to i32)
    (local $words i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $length (i32.load (i32.add (local.get $lengths) (i32.shl (local.get $row) (i32.const 2)))))
      (if (i32.ge_s (local.get $length) (i32.const 0))
        (then
          (local.set $high (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $row) (i32.const 3)))))
          (local.set $slot (i32.add (local.get $next) (i32.shl (call $partition (local.get $high) (local.get $bits)) (i32.const 2))))
          (local.set $word (i32.load (local.get $slot)))
          (local.set $to (i32.add (local.get $out) (i32.shl (local.get $word) (i32.const 2))))
          (local.set $words (i32.shr_u (i32.add (local.get $length) (i32.const 3)) (i32.const 2)))
          (i32.store (local.get $to) (local.get $high))
          (i32.store offset=4 (local.get $to)
            (i32.load (i32.add (local.get $hashes) (i32.add (i32.shl (local.get $row) (i32.const 3)) (i32.const 4)))))
          (i32.store offset=8 (local.get $to) (i32.add (local.get $first) (local.get $row)))
          (i32.store offset=12 (local.get $to)
            (i32.or (local.get $length)
              (i32.shl (i32.load8_u (i32.add (local.get $failing) (local.get $row))) (i32.const 31))))
          ;; The last word of the bytes zeroed first, then the bytes over it.
          (if (local.get $words)
            (then (i32.store (i32.add (local.get $to) (i32.shl (i32.add (local.get $words) (i32.const 3)) (i32.const 2))) (i32.const 0))))
          (memory.copy (i32.add (local.get $to) (i32.const 16))
            (i32.add (local.get $bytes)
              (i32.sub (i32.load (i32.add (local.get $starts) (i32.shl (local.get $row) (i32.const 2)))) (local.get $base)))
            (local.get $length))
          (i32.store (local.get $slot) (i32.add (local.get $word) (i32.add (i32.const 4) (local.get $words))))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $each)))))
