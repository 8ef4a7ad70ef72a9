;; Parquet's RLE / bit-packed hybrid runs, decoded: synctrack's one decoder of a whole stretch of
;; them (definition levels, dictionary indices), and the select of the rows whose dictionary entry
;; passes a test. Memory belongs to the caller (../wasm-rle.ts), which places the input, keeps 8 zero
;; bytes after it (a bit-packed value is read with one 8-byte load) and places the outputs.
;;
;; decode(pos, end, width, out, count) decodes `count` values of `width` bits (0 to 24) from
;; [pos, end) into the i32s at `out`, and returns the input address after the last run read (at
;; most `end`), or an error: -1 the runs end before `count` values, -2 a repeated value runs past
;; the data, -3 a bit-packed run runs past the data, -4 a run header runs past the data or is over
;; 6 bytes. A bit-packed run a writer ended early is read as far as the values asked for reach.
;;
;; select(defined, indices, pass, count, nulls, first, out) writes to the i32s at `out` the rows
;; first + k (k < count) whose dictionary entry passes (the byte at pass + index is 1), and returns
;; how many: with `defined` 0 every row holds a value and row k's index is indices[k]; otherwise
;; defined[k] (an i32, 1 or 0) says whether row k holds one, rows holding one take the indices in
;; order, and a row without one passes when `nulls` is 1.
;;
;; firstOutside(ptr, count, size) returns the place of the first of `count` i32s at `ptr` that is
;; not below `size`, or -1; ones(ptr, count) how many of `count` i32s at `ptr` are 1.
;;
;; ranks(defined, rows, n, out) gives each of the `n` ascending rows at `rows` its place among the
;; values (how many rows before it hold one, by the i32s at `defined`), or -1 when it holds none;
;; gather(values, ranks, n, out) gives each of the `n` i32s at `ranks` the value at that place of
;; the i32s at `values`, or 0 for a rank of -1.
(module
  (memory (export "memory") 1)

  (func (export "decode")
    (param $pos i32) (param $end i32) (param $width i32) (param $out i32) (param $count i32)
    (result i32)
    (local $stop i32) (local $header i64) (local $byte i32) (local $shift i64) (local $run i32)
    (local $valueBytes i32) (local $value i32) (local $take i32) (local $runEnd i32)
    (local $groups i64) (local $byteLength i64) (local $bit i32) (local $mask i32) (local $k i32)
    (local.set $stop (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $valueBytes (i32.shr_u (i32.add (local.get $width) (i32.const 7)) (i32.const 3)))
    (local.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $width)) (i32.const 1)))
    (block $done
      (loop $runs
        (br_if $done (i32.ge_u (local.get $out) (local.get $stop)))
        (if (i32.ge_u (local.get $pos) (local.get $end)) (then (return (i32.const -1))))
        ;; The run header: a ULEB128 varint of at most 6 bytes.
        (local.set $header (i64.const 0))
        (local.set $shift (i64.const 0))
        (loop $varint
          (if (i32.ge_u (local.get $pos) (local.get $end)) (then (return (i32.const -4))))
          (if (i64.gt_u (local.get $shift) (i64.const 35)) (then (return (i32.const -4))))
          (local.set $byte (i32.load8_u (local.get $pos)))
          (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
          (local.set $header (i64.or (local.get $header)
            (i64.shl (i64.extend_i32_u (i32.and (local.get $byte) (i32.const 0x7f))) (local.get $shift))))
          (local.set $shift (i64.add (local.get $shift) (i64.const 7)))
          (br_if $varint (i32.ge_u (local.get $byte) (i32.const 0x80))))
        (if (i64.eqz (i64.and (local.get $header) (i64.const 1)))
          (then
            ;; A repeated run: one value of `valueBytes` little-endian bytes, `header / 2` times.
            (if (i32.gt_u (i32.add (local.get $pos) (local.get $valueBytes)) (local.get $end)) (then (return (i32.const -2))))
            (local.set $value (i32.const 0))
            (local.set $k (i32.const 0))
            (block $read (loop $bytes
              (br_if $read (i32.ge_u (local.get $k) (local.get $valueBytes)))
              (local.set $value (i32.or (local.get $value)
                (i32.shl (i32.load8_u (i32.add (local.get $pos) (local.get $k))) (i32.shl (local.get $k) (i32.const 3)))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $bytes)))
            (local.set $pos (i32.add (local.get $pos) (local.get $valueBytes)))
            ;; The values it gives: up to the count asked for.
            (local.set $runEnd (local.get $stop))
            (if (i64.lt_u (i64.shr_u (local.get $header) (i64.const 1))
                  (i64.extend_i32_u (i32.shr_u (i32.sub (local.get $stop) (local.get $out)) (i32.const 2))))
              (then (local.set $runEnd (i32.add (local.get $out)
                (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $header) (i64.const 1))) (i32.const 2))))))
            (block $filled (loop $fill
              (br_if $filled (i32.ge_u (local.get $out) (local.get $runEnd)))
              (i32.store (local.get $out) (local.get $value))
              (local.set $out (i32.add (local.get $out) (i32.const 4)))
              (br $fill)))
            (br $runs)))
        ;; A bit-packed run: `header / 2` groups of 8 values, `width` bytes a group.
        (local.set $groups (i64.shr_u (local.get $header) (i64.const 1)))
        (local.set $byteLength (i64.mul (local.get $groups) (i64.extend_i32_u (local.get $width))))
        ;; The values it gives: up to the count asked for.
        (local.set $runEnd (local.get $stop))
        (if (i64.lt_u (i64.shl (local.get $groups) (i64.const 3))
              (i64.extend_i32_u (i32.shr_u (i32.sub (local.get $stop) (local.get $out)) (i32.const 2))))
          (then (local.set $runEnd (i32.add (local.get $out)
            (i32.shl (i32.wrap_i64 (i64.shl (local.get $groups) (i64.const 3))) (i32.const 2))))))
        (if (i64.gt_u (i64.add (i64.extend_i32_u (local.get $pos)) (local.get $byteLength)) (i64.extend_i32_u (local.get $end)))
          (then
            ;; Some writers end the last run early: the values wanted must still be in the data.
            (if (i64.lt_u
                  (i64.mul (i64.extend_i32_u (i32.sub (local.get $end) (local.get $pos))) (i64.const 8))
                  (i64.mul (i64.extend_i32_u (i32.shr_u (i32.sub (local.get $runEnd) (local.get $out)) (i32.const 2)))
                    (i64.extend_i32_u (local.get $width))))
              (then (return (i32.const -3))))))
        ;; Value k of the run lies at bit k * width: one 8-byte load, shifted and masked.
        (local.set $bit (i32.const 0))
        (block $unpacked (loop $unpack
          (br_if $unpacked (i32.ge_u (local.get $out) (local.get $runEnd)))
          (i32.store (local.get $out)
            (i32.and
              (i32.wrap_i64 (i64.shr_u
                (i64.load (i32.add (local.get $pos) (i32.shr_u (local.get $bit) (i32.const 3))))
                (i64.extend_i32_u (i32.and (local.get $bit) (i32.const 7)))))
              (local.get $mask)))
          (local.set $bit (i32.add (local.get $bit) (local.get $width)))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (br $unpack)))
        ;; Past the run (which may end past the data: the result is capped at `end`).
        (if (i64.ge_u (i64.add (i64.extend_i32_u (local.get $pos)) (local.get $byteLength)) (i64.extend_i32_u (local.get $end)))
          (then (local.set $pos (local.get $end)))
          (else (local.set $pos (i32.add (local.get $pos) (i32.wrap_i64 (local.get $byteLength))))))
        (br $runs)))
    (select (local.get $pos) (local.get $end) (i32.lt_u (local.get $pos) (local.get $end))))

  (func (export "select")
    (param $defined i32) (param $indices i32) (param $pass i32) (param $count i32) (param $nulls i32)
    (param $first i32) (param $out i32)
    (result i32)
    (local $k i32) (local $n i32)
    (if (i32.eqz (local.get $defined))
      (then
        (block $done (loop $rows
          (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
          (if (i32.load8_u (i32.add (local.get $pass) (i32.load (local.get $indices))))
            (then
              (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (i32.add (local.get $first) (local.get $k)))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))))
          (local.set $indices (i32.add (local.get $indices) (i32.const 4)))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $rows)))
        (return (local.get $n))))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
      (if (if (result i32) (i32.load (i32.add (local.get $defined) (i32.shl (local.get $k) (i32.const 2))))
            (then
              (i32.load8_u (i32.add (local.get $pass) (i32.load (local.get $indices))))
              (local.set $indices (i32.add (local.get $indices) (i32.const 4))))
            (else (local.get $nulls)))
        (then
          (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (i32.add (local.get $first) (local.get $k)))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $rows)))
    (local.get $n))

  (func (export "firstOutside") (param $ptr i32) (param $count i32) (param $size i32) (result i32)
    (local $k i32)
    (block $done (loop $values
      (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
      (if (i32.ge_u (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $k) (i32.const 2)))) (local.get $size))
        (then (return (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $values)))
    (i32.const -1))

  (func (export "ones") (param $ptr i32) (param $count i32) (result i32)
    (local $end i32) (local $n i32)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $count) (i32.const 2))))
    (block $done (loop $values
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (local.set $n (i32.add (local.get $n) (i32.eq (i32.load (local.get $ptr)) (i32.const 1))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
      (br $values)))
    (local.get $n))

  (func (export "ranks") (param $defined i32) (param $rows i32) (param $n i32) (param $out i32)
    (local $end i32) (local $row i32) (local $next i32) (local $seen i32)
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $wanted
      (br_if $done (i32.ge_u (local.get $rows) (local.get $end)))
      (local.set $row (i32.load (local.get $rows)))
      (block $counted (loop $count
        (br_if $counted (i32.ge_u (local.get $next) (local.get $row)))
        (local.set $seen (i32.add (local.get $seen) (i32.load (i32.add (local.get $defined) (i32.shl (local.get $next) (i32.const 2))))))
        (local.set $next (i32.add (local.get $next) (i32.const 1)))
        (br $count)))
      (i32.store (local.get $out)
        (select (local.get $seen) (i32.const -1)
          (i32.load (i32.add (local.get $defined) (i32.shl (local.get $row) (i32.const 2))))))
      (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $wanted))))

  (func (export "gather") (param $values i32) (param $ranks i32) (param $n i32) (param $out i32)
    (local $end i32) (local $rank i32)
    (local.set $end (i32.add (local.get $ranks) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $wanted
      (br_if $done (i32.ge_u (local.get $ranks) (local.get $end)))
      (local.set $rank (i32.load (local.get $ranks)))
      (i32.store (local.get $out)
        (if (result i32) (i32.lt_s (local.get $rank) (i32.const 0))
          (then (i32.const 0))
          (else (i32.load (i32.add (local.get $values) (i32.shl (local.get $rank) (i32.const 2)))))))
      (local.set $ranks (i32.add (local.get $ranks) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $wanted)))))
